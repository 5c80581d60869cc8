"""Schedule of 4.9: baseline, every 2 weeks, discharge, 3 months; NPRS every session."""

import datetime as dt

from stridecare.core.outcomes.schedule import due_measures, measures_for

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
