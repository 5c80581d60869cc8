"""Plan generation: every planned run passes 5.3's rule, weeks stay in band, taper and recovery
weeks are there, and a goal within reach is reached (hypothesis over random histories and goals)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from stridecare.core.load.spike import planning_guard_m
from stridecare.core.plan import Goal, PlannedRun, PlanSettings, StartingPoint, check_plan, generate_plan, needed_long_m

from .histories import START, histories, race_distances, run, steady_histories, steady_history

FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
)


def longest_recent_m(history) -> float:
    at = dt.datetime.combine(START, dt.time(0), tzinfo=dt.UTC)
    return planning_guard_m(history, at) / 1.10


def test_a_half_marathon_from_a_steady_20_km_week():
    """Three runs a week, longest 9 km: the first long run is 9.9 km (1.10 x 9 km, 5.3 guard)."""
    history = steady_history()
    plan = generate_plan(Goal(21100, dt.date(2027, 4, 11), 4), history, START)
    assert plan.status == "ok", plan.message
    longs = [r for r in plan.runs if r.kind == "long"]
    assert longs[0].distance_m == 9900
    assert longs[0].on == dt.date(2027, 1, 10)  # the Sunday of the first week
    race = plan.runs[-1]
    assert (race.kind, race.on, race.distance_m) == ("race", dt.date(2027, 4, 11), 21100)
    assert max(r.distance_m for r in longs) >= needed_long_m(21100, PlanSettings()) == 19200
    assert [w.kind for w in plan.weeks][-2:] == ["taper", "race"]
    assert "recovery" in [w.kind for w in plan.weeks]
    assert check_plan(plan, history) == []
    assert all(r.reason and r.source for r in plan.runs)


def test_no_run_is_planned_before_the_start_date():
    plan = generate_plan(Goal(10000, dt.date(2027, 3, 7), 3), steady_history(), START)
    assert min(r.on for r in plan.runs) >= START


def test_an_unsafe_goal_says_so_and_offers_a_later_date_and_a_shorter_race():
    history = steady_history()
    plan = generate_plan(Goal(42195, dt.date(2027, 3, 14), 4), history, START)
    assert plan.status == "unsafe"
    assert "not safe" in plan.message
    kinds = {a.kind: a for a in plan.alternatives}
    assert set(kinds) == {"later_date", "shorter_race"}
    later = generate_plan(Goal(42195, kinds["later_date"].race_on, 4), history, START)
    shorter = generate_plan(Goal(kinds["shorter_race"].distance_m, dt.date(2027, 3, 14), 4), history, START)
    assert later.status == shorter.status == "ok"
    assert kinds["shorter_race"].distance_m < 42195


def test_no_runs_in_30_days_needs_a_starting_point_or_the_walk_run():
    old = [run(START - dt.timedelta(days=40), 8000)]
    plan = generate_plan(Goal(10000, dt.date(2027, 4, 4), 3), old, START)
    assert plan.status == "needs_start"
    assert "walk-run" in plan.message
    stated = generate_plan(Goal(10000, dt.date(2027, 4, 4), 3), old, START, stated=StartingPoint(15000, 6000))
    assert stated.status == "ok"
    assert stated.runs[0].distance_m <= 6600


def test_a_marathon_without_a_date_is_reached_to_the_metre():
    """42,195 m is not a multiple of the 100 m rounding: the goal run is the goal distance itself."""
    plan = generate_plan(Goal(42195, None, 5), steady_history(), START)
    assert plan.status == "ok", plan.message
    assert (plan.runs[-1].kind, plan.runs[-1].distance_m) == ("goal", 42195)
    assert check_plan(plan, steady_history()) == []


def test_a_distance_goal_without_a_date_ends_with_the_goal_run():
    plan = generate_plan(Goal(15000, None, 3), steady_history(), START)
    assert plan.status == "ok"
    assert plan.runs[-1].kind == "goal" and plan.runs[-1].distance_m == 15000
    assert check_plan(plan, steady_history()) == []


def test_a_week_already_over_the_cap_gets_nothing_more_and_is_not_the_plans_fault():
    """20 km a week, then 18.6 km and 21 km on the Monday and Tuesday before a Wednesday start:
    that week is already +98% (history). The plan adds no run to it, and check_plan does not count
    the runner's own runs against the plan; a planned run in such a week would be reported."""
    history = [*steady_history(), run(dt.date(2027, 1, 4), 18600), run(dt.date(2027, 1, 5), 21000)]
    plan = generate_plan(Goal(29500, None, 4, 2), history, START)
    assert plan.status == "ok", plan.message
    first = plan.weeks[0]
    assert first.week_start == dt.date(2027, 1, 4) and first.runs == ()
    assert first.change_pct is not None and first.change_pct > 90
    assert check_plan(plan, history) == []
    extra = PlannedRun(dt.date(2027, 1, 8), "easy", 3000, "added by hand", "therapist")
    forced = dataclasses.replace(plan, weeks=(dataclasses.replace(first, runs=(extra,)), *plan.weeks[1:]))
    assert [i.kind for i in check_plan(forced, history)] == ["weekly"]


def test_a_short_race_on_many_days_keeps_the_runners_week_instead_of_shrinking_it():
    """8 km a week (2, 2 and 4 km), six run days asked, a 3 km race in five weeks: the week's
    distance spread over six days would make runs under the shortest planned run; the plan runs
    fewer days instead, so no build week falls below what the runner does now (minus rounding)."""
    history = steady_history(3, (2000, 2000, 4000))
    plan = generate_plan(Goal(3000, START + dt.timedelta(days=39), 6, 2), history, START)
    assert plan.status == "ok", plan.message
    builds = [w for w in plan.weeks if w.kind == "build"]
    assert builds and all(w.total_m >= 7800 for w in builds)
    assert all(r.distance_m >= PlanSettings().min_run_m for r in plan.runs)
    taper = [w for w in plan.weeks if w.kind == "taper"]
    assert taper and taper[0].total_m <= builds[-1].total_m  # a taper never runs more than the week before
    assert check_plan(plan, history) == []


@FAST
@given(
    history=histories(),
    distance=race_distances,
    weeks_away=st.integers(1, 30),
    days=st.integers(2, 7),
    long_day=st.integers(0, 6),
    dated=st.booleans(),
)
def test_no_planned_run_is_a_spike_and_weeks_stay_in_band(history, distance, weeks_away, days, long_day, dated):
    race_on = START + dt.timedelta(days=7 * weeks_away + 3) if dated else None
    plan = generate_plan(Goal(distance, race_on, days, long_day), history, START)
    assert plan.status in ("ok", "unsafe")
    assert check_plan(plan, history) == []  # unsafe plans too: what they show is never a spike
    for week in plan.weeks:
        if week.runs:  # a week of history alone (already over the cap) gets no planned run at all
            assert week.change_pct is None or week.change_pct <= PlanSettings().weekly_increase_max_pct + 1e-6
        assert len(week.runs) <= days + 1
    if plan.status == "ok" and race_on is not None:
        kinds = [w.kind for w in plan.weeks]
        assert kinds[-1] == "race" and plan.runs[-1].on == race_on and plan.runs[-1].distance_m == distance
        if len(kinds) >= 3:
            assert "taper" in kinds
        if kinds.count("build") + kinds.count("recovery") > PlanSettings().recovery_every_weeks:
            assert "recovery" in kinds
    if plan.status == "unsafe" and race_on is not None:
        for alt in plan.alternatives:
            again = generate_plan(Goal(alt.distance_m, alt.race_on, days, long_day), history, START)
            assert again.status == "ok"


@FAST
@given(history=steady_histories(), days=st.integers(2, 7), long_day=st.integers(0, 6), share=st.floats(0.3, 1.05))
def test_a_race_already_within_the_guard_is_reached(history, days, long_day, share):
    """A race no longer than 1.05 x the longest run of the last 30 days, five weeks or more away."""
    distance = max(1000.0, round(longest_recent_m(history) * share, -2))
    plan = generate_plan(Goal(distance, START + dt.timedelta(days=39), days, long_day), history, START)
    assert plan.status == "ok", plan.message


# two 30-week plans for each of 40 histories: about half a second. The fast suite keeps the two
# properties above (no spike, weeks in band; a race within the guard is reached).
@pytest.mark.slow
@FAST
@given(history=steady_histories(), days=st.integers(3, 7), factor=st.floats(1.0, 2.0))
def test_a_goal_up_to_twice_the_longest_run_is_reached_in_thirty_weeks(history, days, factor):
    distance = min(round(longest_recent_m(history) * factor, 1), 100_000)
    plan = generate_plan(Goal(distance, START + dt.timedelta(weeks=30), days), history, START)
    assert plan.status == "ok", plan.message
    assert check_plan(plan, history) == []
    no_date = generate_plan(Goal(distance, None, days), history, START)
    assert no_date.status == "ok" and no_date.runs[-1].kind == "goal"
    assert check_plan(no_date, history) == []
