"""The hand-off report's content (stridecare.core.handoff), on a small history worked out by hand.

Today is Thu 3 Dec 2026; a 4-week span is Mon 9 Nov to Thu 3 Dec. Runs (UTC):
  Mon 26 Oct 2 km, Mon 2 Nov 5 km (both before the span, the load checks' reference),
  Tue 10 Nov 5 km 30:00, Thu 12 Nov 6 km 35:00  -> week of 9 Nov 11 km, 1 h 05 min, +120% on 5 km
  (none in the week of 16 Nov)                   -> 0 km, -100%
  Tue 24 Nov 8 km 48:00                          -> week of 23 Nov, no change (week before: none)
  Wed 2 Dec 4 km 25:00                           -> week of 30 Nov so far
  and a 30 km ride on Fri 13 Nov, which is not running.
"""

from __future__ import annotations

import datetime as dt

import pytest

from stridecare.core.handoff import (
    GaitNote,
    GaitReport,
    PainScore,
    ProgramDays,
    build_handoff_report,
    distance_text,
    duration_text,
    plain,
)
from stridecare.core.load import LoadSession

TODAY = dt.date(2026, 12, 3)


def run(day: str, km: float, minutes: float, sport: str = "running") -> LoadSession:
    start = dt.datetime.fromisoformat(f"{day}T07:00:00+00:00")
    return LoadSession(start_utc=start, distance_m=km * 1000, moving_time_s=minutes * 60, sport=sport)


SESSIONS = [
    run("2026-10-26", 2, 12),
    run("2026-11-02", 5, 30),
    run("2026-11-10", 5, 30),
    run("2026-11-12", 6, 35),
    run("2026-11-13", 30, 60, sport="cycling"),
    run("2026-11-24", 8, 48),
    run("2026-12-02", 4, 25),
]
PAIN = [
    PainScore(dt.date(2026, 11, 1), 7, "during", "exercise session"),  # before the span
    PainScore(dt.date(2026, 11, 11), 3, "during", "exercise session"),
    PainScore(dt.date(2026, 11, 12), 2, "next_morning", "exercise session"),
    PainScore(dt.date(2026, 11, 25), 5, "during", "walk-run"),
]


def mon_wed_fri(first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return tuple(d for d in days if d.weekday() in (0, 2, 4))


PROGRAM = ProgramDays(
    name="Runner's knee, phase 1",
    planned_on=mon_wed_fri(dt.date(2026, 11, 2), TODAY),
    done_on=tuple(dt.date(2026, 11, d) for d in (4, 9, 11, 13, 16, 30)),
)


def report(**kwargs):
    args = dict(runner_name="Sam Rivera", today=TODAY, span_weeks=4, sessions=SESSIONS, pain=PAIN, programs=[PROGRAM])
    return build_handoff_report(**(args | kwargs))


def test_the_span_is_the_chosen_number_of_weeks_ending_today():
    r = report()
    assert (r.first_day, r.last_day) == (dt.date(2026, 11, 9), TODAY)
    assert r.span_text == "4 weeks, Mon 9 Nov 2026 to Thu 3 Dec 2026"
    assert report(span_weeks=12).first_day == dt.date(2026, 9, 14)
    assert build_handoff_report(runner_name="Sam", today=TODAY).span_weeks == 8


def test_it_refuses_a_span_other_than_4_8_or_12_weeks():
    with pytest.raises(ValueError, match="span_weeks"):
        report(span_weeks=6)


def test_weekly_totals_come_from_the_load_engine():
    r = report()
    weeks = r.weeks
    assert [w.week_start for w in weeks] == [dt.date(2026, 11, d) for d in (9, 16, 23, 30)]
    assert [w.distance_m for w in weeks] == [11000, 0, 8000, 4000]
    assert [w.duration_s for w in weeks] == [3900, 0, 2880, 1500]
    assert [w.runs for w in weeks] == [2, 0, 1, 1]
    assert [w.longest_run_m for w in weeks] == [6000, 0, 8000, 4000]
    assert weeks[0].change_pct == pytest.approx(120.0) and weeks[1].change_pct == pytest.approx(-100.0)
    assert weeks[2].change_pct is None
    assert [r.is_partial(w) for w in weeks] == [False, False, False, True]


def test_the_weekly_table_reads_in_plain_units():
    section = {s.title: s for s in report().sections()}["Weekly running"]
    assert section.paragraphs[0] == "In total 23.0 km in 2 h 18 min over 4 runs."
    assert section.rows[0] == ("9 Nov 2026", "11.0 km", "1 h 05 min", "2", "6.0 km", "+120%")
    assert section.rows[1] == ("16 Nov 2026", "0.0 km", "0 min", "0", "-", "-100%")
    assert section.rows[3] == ("30 Nov 2026 (so far)", "4.0 km", "25 min", "1", "4.0 km", "-")


def test_runs_are_the_running_sessions_of_the_span_longest_first():
    r = report()
    assert len(r.runs) == 4
    assert [(x.day.day, x.distance_m) for x in r.longest_runs] == [(24, 8000), (12, 6000), (10, 5000), (2, 4000)]
    section = {s.title: s for s in r.sections()}["Longest runs"]
    assert section.rows[0] == ("Tue 24 Nov 2026", "8.0 km", "48 min", "6:00 per km")


def test_miles_when_the_runner_reads_miles():
    section = {s.title: s for s in report(units="mi").sections()}["Longest runs"]
    # 8 km = 4.97 mi in 48 min: 2880 s / 4.971 mi = 579.4 s = 9:39 per mile
    assert section.rows[0] == ("Tue 24 Nov 2026", "5.0 mi", "48 min", "9:39 per mile")


def test_load_findings_of_the_span_only_with_their_source_and_no_internal_codes():
    notes = report().load_notes
    jump = [n for n in notes if "more than the week before" in n.text]
    assert [(n.day, n.severity, n.text) for n in jump] == [
        (
            dt.date(2026, 11, 12),
            "amber",
            "In the week of 9 Nov Sam ran 11.0 km, 120% more than the week before (5.0 km).",
        )
    ]
    # The week of 2 Nov (+150% on 2 km) is before the span: not reported.
    assert all(n.day >= dt.date(2026, 11, 9) for n in notes)
    assert jump[0].source == "Nielsen et al., J Orthop Sports Phys Ther 2014;44(10):739-747"
    text = " ".join(" ".join(" ".join(row) for row in s.rows) + " ".join(s.paragraphs) for s in report().sections())
    assert "[" not in text and "LF-" not in text


def test_a_spike_inside_the_span_is_reported_with_the_engines_words():
    spiky = [*SESSIONS, run("2026-12-03", 18, 110)]  # 18 km against 8 km: +125%, over +100%: a large spike
    notes = report(sessions=spiky).load_notes
    assert notes[0].severity == "red"
    assert notes[0].text == (
        "Sam's 18.0 km run on Thu 3 Dec was 125% longer than the longest run of the 30 days before it (8.0 km)."
    )
    assert notes[0].source.startswith("Frandsen et al., Br J Sports Med 2025")


def test_pain_scores_of_the_span_by_week():
    r = report()
    assert [p.score for p in r.pain] == [3, 2, 5]
    assert [(w.week_start.day, w.scores, w.highest_during, w.highest_next_morning) for w in r.pain_weeks] == [
        (9, 2, 3, 2),
        (23, 1, 5, None),
    ]
    section = {s.title: s for s in r.sections()}["Pain scores"]
    assert section.paragraphs[0] == (
        "3 pain scores logged, on a 0-10 scale. During activity: average 4.0, highest 5. "
        "Next morning: average 2.0, highest 2. Latest: 5/10 on Wed 25 Nov 2026 (walk-run, during)."
    )
    assert section.rows[1] == ("23 Nov 2026", "1", "5/10", "-")


def test_adherence_counts_planned_and_logged_sessions_in_the_span():
    r = report()
    assert [(a.week_start.day, a.planned, a.done) for a in r.adherence] == [
        (9, 3, 3),
        (16, 3, 1),
        (23, 3, 0),
        (30, 2, 1),
    ]
    assert (r.sessions_done, r.sessions_planned) == (5, 11)
    section = {s.title: s for s in r.sections()}["Exercise program"]
    assert section.paragraphs == ("5 sessions logged of 11 planned (45%).",)


def test_gait_findings_of_the_latest_analysis_in_plain_words():
    gait = GaitReport(
        dt.date(2026, 11, 20),
        "side view",
        (GaitNote("amber", "Knee nearly straight at contact", "Knee flexion at contact is 4 deg [V:R14] direction."),),
    )
    section = {s.title: s for s in report(gait=gait).sections()}["Gait analysis"]
    assert section.paragraphs[0] == "Latest video gait analysis: Fri 20 Nov 2026, side view."
    assert section.rows == (
        ("Caution", "Knee nearly straight at contact", "Knee flexion at contact is 4 deg direction."),
    )


def test_an_empty_record_says_so_and_still_carries_the_disclaimer():
    r = build_handoff_report(runner_name="Lee Alone", today=TODAY, span_weeks=4)
    sections = {s.title: s for s in r.sections()}
    assert [w.distance_m for w in r.weeks] == [0, 0, 0, 0]
    assert sections["Longest runs"].paragraphs == ("No runs were recorded in these weeks.",)
    assert sections["Pain scores"].paragraphs == ("No pain scores were logged in these weeks.",)
    assert sections["Gait analysis"].paragraphs == ("No gait analysis on record.",)
    assert "not a diagnosis" in sections["About this report"].paragraphs[1]


def test_text_helpers():
    assert distance_text(1609.344, "mi") == "1.0 mi" and distance_text(12345, "km") == "12.3 km"
    assert duration_text(3900) == "1 h 05 min" and duration_text(2670) == "45 min" and duration_text(29) == "0 min"
    assert (
        plain("Stridecare clinic default [H]; cf. Nielsen 2014 [V:R111]")
        == "Stridecare clinic default; cf. Nielsen 2014"
    )
