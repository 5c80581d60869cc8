"""Daily and weekly totals, Nielsen categories, time zones and DST (REFERENCE.md 5.2)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from stridecare.core.load import daily_totals, nielsen_category, weekly_progression_pct, weekly_summaries

from .helpers import run

D = dt.date.fromisoformat
CPH = ZoneInfo("Europe/Copenhagen")


def test_weeks_without_runs_are_present_with_zero():
    weeks = weekly_summaries([run("2025-03-03T07:00", 5), run("2025-03-19T07:00", 8)])
    assert [(w.week_start, w.distance_m, w.runs) for w in weeks] == [
        (D("2025-03-03"), 5000, 1),
        (D("2025-03-10"), 0, 0),
        (D("2025-03-17"), 8000, 1),
    ]
    # 0 km after 5 km is -100%; after an empty week the change is undefined
    assert [w.change_pct for w in weeks] == [None, -100.0, None]
    assert weeks[1].long_run_share is None


def test_weeks_run_until_today_when_given():
    weeks = weekly_summaries([run("2025-03-03T07:00", 5)], until=D("2025-03-20"))
    assert [w.week_start for w in weeks] == [D("2025-03-03"), D("2025-03-10"), D("2025-03-17")]


def test_several_runs_a_day_are_summed():
    sessions = [run("2025-03-04T06:00", 5), run("2025-03-04T18:00", 5), run("2025-03-06T07:00", 10)]
    day = daily_totals(sessions)[D("2025-03-04")]
    assert (day.distance_m, day.runs, day.longest_run_m, day.duration_s) == (10000, 2, 5000, 3600)
    (week,) = weekly_summaries(sessions)
    # longest 10 km of 20 km in the week
    assert (week.distance_m, week.runs, week.long_run_share) == (20000, 3, 0.5)


def test_only_running_counts():
    sessions = [
        run("2025-03-04T06:00", 5),
        run("2025-03-05T06:00", 40, sport="cycling"),
        run("2025-03-06T06:00", 3, sport="walking"),
    ]
    (week,) = weekly_summaries(sessions)
    assert (week.distance_m, week.runs) == (5000, 1)


@pytest.mark.parametrize(
    ("pct", "category"),
    [(-20.0, "<10"), (9.99, "<10"), (10.0, "10-30"), (30.0, "10-30"), (30.01, ">30"), (None, None)],
)
def test_nielsen_categories(pct, category):
    assert nielsen_category(pct) == category


def test_weekly_progression():
    assert weekly_progression_pct(13_000, 10_000) == pytest.approx(30.0)  # 13/10 - 1
    assert weekly_progression_pct(5_000, 0) is None


def test_the_runners_time_zone_places_a_late_run_on_the_next_day():
    # Sunday 23:30 UTC = Monday 00:30 in Copenhagen (UTC+1 in March before DST)
    late = run("2025-03-09T23:30", 5)
    assert weekly_summaries([late])[0].week_start == D("2025-03-03")
    assert weekly_summaries([late], CPH)[0].week_start == D("2025-03-10")


def test_the_watchs_own_offset_wins_over_the_runners_zone():
    # recorded in New York (UTC-4): Monday 02:00 UTC is still Sunday 22:00 where it was run
    travelling = run("2025-06-09T02:00", 5, offset_h=-4)
    assert weekly_summaries([travelling], CPH)[0].week_start == D("2025-06-02")


def test_daylight_saving_changes_use_the_zone_rules():
    # Copenhagen switches to UTC+2 on 30 Mar 2025 01:00 UTC: 22:30 UTC that Sunday is Monday 00:30
    spring = run("2025-03-30T22:30", 5)
    assert weekly_summaries([spring], CPH)[0].week_start == D("2025-03-31")
    # back to UTC+1 on 26 Oct 2025: 22:30 UTC that Sunday is 23:30 local, still Sunday
    autumn = run("2025-10-26T22:30", 5)
    assert weekly_summaries([autumn], CPH)[0].week_start == D("2025-10-20")
    assert daily_totals([spring, autumn], CPH).keys() == {D("2025-03-31"), D("2025-10-26")}


def test_foster_monotony_and_strain_for_a_complete_week_with_rpe():
    sessions = [
        run("2025-03-03T07:00", 10, minutes=60, rpe=5),  # 5 x 60 = 300 AU
        run("2025-03-05T07:00", 7, minutes=40, rpe=6),  # 6 x 40 = 240 AU
        run("2025-03-08T07:00", 15, minutes=90, rpe=4),  # 4 x 90 = 360 AU
    ]
    week = weekly_summaries(sessions, today=D("2025-03-10"))[0]  # today's week follows, empty
    # daily [300, 0, 240, 0, 0, 360, 0]: mean 128.571, population SD 151.886
    assert week.srpe_load_au == 900
    assert week.monotony == pytest.approx(0.846499, rel=1e-5)
    assert week.strain == pytest.approx(761.849, rel=1e-5)  # 900 x 0.846499


def test_foster_is_left_out_for_an_unfinished_week_or_a_run_without_rpe():
    sessions = [run("2025-03-03T07:00", 10, minutes=60, rpe=5), run("2025-03-05T07:00", 7, minutes=40)]
    week = weekly_summaries(sessions, today=D("2025-03-10"))[0]
    assert (week.srpe_load_au, week.monotony, week.strain) == (None, None, None)
    (unfinished,) = weekly_summaries(sessions[:1], today=D("2025-03-09"))
    assert unfinished.monotony is None
