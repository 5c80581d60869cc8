"""Adaptation: the plan is recomputed from what happened, never catching up with a spike."""

from __future__ import annotations

import datetime as dt

from stridecare.core.plan import Goal, Illness, PainReport, PlannedRun, adapt_plan, check_plan, generate_plan

from .histories import START, run, steady_history

GOAL = Goal(21100, dt.date(2027, 5, 2), 4)


def done_as_planned(plan, until: dt.date):
    return [run(r.on, r.distance_m) for r in plan.runs if r.on < until]


def test_a_missed_week_is_followed_by_a_steady_week_not_a_catch_up():
    history = steady_history()
    plan = generate_plan(GOAL, history, START)
    ran = history + done_as_planned(plan, dt.date(2027, 1, 18))  # weeks of 4 and 11 Jan done
    today = dt.date(2027, 1, 25)  # the week of 18 January was missed
    again = adapt_plan(GOAL, ran, today)
    assert again.status == "ok"
    first = again.weeks[0]
    assert first.kind == "hold"
    week_before_miss = sum(r.distance_m for r in plan.runs if dt.date(2027, 1, 11) <= r.on < dt.date(2027, 1, 18))
    assert first.total_m <= week_before_miss + 1e-6
    assert check_plan(again, ran) == []


def test_five_missed_weeks_need_a_new_start():
    history = steady_history()
    again = adapt_plan(GOAL, history, START + dt.timedelta(days=35))
    assert again.status == "needs_start"


def test_a_red_flag_pauses_the_plan():
    plan = adapt_plan(
        GOAL, steady_history(), START, pause_reason="Running is on hold until your therapist has seen you."
    )
    assert plan.status == "paused" and plan.weeks == ()
    assert "on hold" in plan.message


def test_a_worse_pain_report_makes_the_next_week_lighter_without_workouts():
    history = steady_history()
    plan = adapt_plan(GOAL, history, dt.date(2027, 1, 4), pain_reports=[PainReport(dt.date(2027, 1, 2), True)])
    first = plan.weeks[0]
    assert first.kind == "reduce"
    assert first.total_m <= 20000 * 0.8 + 1e-6  # the week before: 5 + 6 + 9 km
    assert {r.kind for r in first.runs} <= {"easy", "long"}
    not_worse = adapt_plan(GOAL, history, dt.date(2027, 1, 4), pain_reports=[PainReport(dt.date(2027, 1, 2), False)])
    assert not_worse.weeks[0].kind == "build"


def test_illness_days_get_no_runs_and_the_week_holds():
    history = steady_history()
    ill = Illness(dt.date(2027, 1, 4), dt.date(2027, 1, 7))
    plan = adapt_plan(GOAL, history, dt.date(2027, 1, 4), illnesses=[ill])
    first = plan.weeks[0]
    assert first.kind == "hold"
    assert all(r.on > dt.date(2027, 1, 7) for r in first.runs)
    assert first.total_m <= 20000 + 1e-6
    assert check_plan(plan, history) == []


def test_a_locked_week_is_kept_and_counted_as_done():
    history = steady_history()
    monday = dt.date(2027, 1, 11)
    locked = (
        PlannedRun(dt.date(2027, 1, 12), "easy", 5000, "set by the therapist", "therapist", locked=True),
        PlannedRun(dt.date(2027, 1, 17), "long", 10000, "set by the therapist", "therapist", locked=True),
    )
    plan = adapt_plan(GOAL, history, START, locked={monday: locked})
    week = next(w for w in plan.weeks if w.week_start == monday)
    assert week.locked and week.kind == "locked" and week.runs == locked
    after = next(w for w in plan.weeks if w.week_start == monday + dt.timedelta(days=7))
    assert after.change_pct is not None and after.change_pct <= 20 + 1e-6  # over the locked 15 km
    assert max(r.distance_m for r in after.runs) <= 11000  # 1.10 x the locked 10 km long run
    assert check_plan(plan, history) == []


def test_a_locked_spike_is_reported_to_the_therapist():
    history = steady_history()
    spike = tuple(
        PlannedRun(dt.date(2027, 1, d), kind, m, "set by the therapist", "therapist", locked=True)
        for d, kind, m in ((12, "easy", 5000), (14, "easy", 5000), (17, "long", 14000))
    )
    plan = adapt_plan(GOAL, history, START, locked={dt.date(2027, 1, 11): spike})
    assert plan.status == "ok"
    issues = check_plan(plan, history)
    assert [i.kind for i in issues][:1] == ["spike"] and issues[0].on == dt.date(2027, 1, 17)
