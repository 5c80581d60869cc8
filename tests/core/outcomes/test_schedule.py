"""Schedule of 4.9: baseline, every 2 weeks, discharge, 3 months; NPRS every session."""

import datetime as dt

from stridecare.core.outcomes.schedule import (
    DEFAULT_SCHEDULE,
    ScheduleSettings,
    due_measures,
    measures_for,
    schedule_problems,
)

B = dt.date(2026, 1, 5)


def due(today_offset, last_done=None, discharge=None, condition="achilles_midportion"):
    return {
        (d.measure, d.reason)
        for d in due_measures(condition, B, B + dt.timedelta(days=today_offset), last_done or {}, discharge)
    }


def test_measure_sets():
    assert measures_for("achilles_midportion") == ("visa-a", "lefs", "nprs")
    assert measures_for("plantar_heel_pain") == ("faam-adl", "faam-sports", "lefs", "nprs")
    assert measures_for("mtss") == ("lefs", "nprs")


def test_baseline_then_every_two_weeks():
    assert due(0) == {("nprs", "every_session"), ("visa-a", "baseline"), ("lefs", "baseline")}
    done_at_baseline = {"visa-a": B, "lefs": B}
    assert due(5, done_at_baseline) == {("nprs", "every_session")}
    assert due(14, done_at_baseline) == {
        ("nprs", "every_session"),
        ("visa-a", "every_2_weeks"),
        ("lefs", "every_2_weeks"),
    }
    done_week_2 = {"visa-a": B + dt.timedelta(days=13), "lefs": B + dt.timedelta(days=14)}
    assert due(20, done_week_2) == {("nprs", "every_session")}  # 13 is within the 3-day window of day 14


def test_discharge_and_three_months():
    done = {"visa-a": B + dt.timedelta(days=28), "lefs": B + dt.timedelta(days=28)}
    assert ("visa-a", "discharge") in due(35, done, discharge=B + dt.timedelta(days=35))
    assert ("lefs", "3_months") in due(91, {"lefs": B + dt.timedelta(days=35)}, discharge=B + dt.timedelta(days=35))


def test_clinic_interval_overrides_the_two_weeks():
    weekly = ScheduleSettings(interval_days=7)
    done_at_baseline = {"visa-a": B, "lefs": B}
    # day 8: the default schedule is still in the baseline window (next point day 14), a weekly one is at day 7
    default_due = due_measures("achilles_midportion", B, B + dt.timedelta(days=8), done_at_baseline)
    weekly_due = due_measures("achilles_midportion", B, B + dt.timedelta(days=8), done_at_baseline, None, weekly)
    assert {d.measure for d in default_due} == {"nprs"}
    assert {(d.measure, d.reason, d.due_on) for d in weekly_due} == {
        ("nprs", "every_session", B + dt.timedelta(days=8)),
        ("visa-a", "every_2_weeks", B + dt.timedelta(days=7)),
        ("lefs", "every_2_weeks", B + dt.timedelta(days=7)),
    }


def test_discharge_is_due_only_once_a_discharge_date_is_given():
    done = {"visa-a": B + dt.timedelta(days=28), "lefs": B + dt.timedelta(days=28)}
    assert due(33, done) == {("nprs", "every_session")}  # day 28 point already done
    assert due(33, done, discharge=B + dt.timedelta(days=33)) == {
        ("nprs", "every_session"),
        ("visa-a", "discharge"),
        ("lefs", "discharge"),
    }


def test_schedule_problems():
    assert schedule_problems(DEFAULT_SCHEDULE) == {}
    assert schedule_problems(ScheduleSettings(interval_days=7, follow_up_days=60, window_days=3)) == {}
    assert set(schedule_problems(ScheduleSettings(interval_days=3))) == {"interval_days"}
    assert (
        "must come after" in schedule_problems(ScheduleSettings(interval_days=42, follow_up_days=42))["follow_up_days"]
    )
    # window 4 x 2 = 8 >= interval 7: one answer could count for two points
    assert (
        "under half the interval" in schedule_problems(ScheduleSettings(interval_days=7, window_days=4))["window_days"]
    )
    assert "outside 0-7" in schedule_problems(ScheduleSettings(window_days=8))["window_days"]
