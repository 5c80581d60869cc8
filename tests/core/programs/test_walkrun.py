"""Walk-run stage logic of 7.2 with sequences of runs and pain, and the 7.3/5.3 spike guard."""

import dataclasses
import datetime as dt

import pytest

from stridecare.core.programs.settings import DEFAULT_SETTINGS
from stridecare.core.programs.walkrun import (
    STAGES,
    WalkRunSession,
    WalkRunState,
    check_run_against_spike,
    decide_walk_run,
    intensity_sequence,
    longest_run_km,
    plan_continuous_runs,
    plan_walk_run_calendar,
    replay_walk_run,
    tick_off_planned,
    walk_run_ceiling,
)

D = dt.date(2026, 4, 1)


def run(day, stage, during=1, morning=1, baseline=1, done=True, **flags):
    return WalkRunSession(D + dt.timedelta(days=day), stage, done, during, baseline, morning, **flags)


def test_stage_table_totals():
    # S1 (1+4) x 5 = 25 min with 5 min running; S5 (9+1) x 3 = 30 with 27; S8 continuous 30
    assert [(s.total_running_min, s.total_time_min) for s in STAGES] == [
        (5, 25),
        (10, 25),
        (15, 25),
        (20, 25),
        (27, 30),
        (20, 20),
        (25, 25),
        (30, 30),
    ]


def test_two_successes_advance_a_stage():
    decisions = replay_walk_run([run(0, 1), run(2, 1), run(4, 2), run(6, 2)], "pfp")
    assert [d.action for d in decisions] == ["repeat", "advance", "repeat", "advance"]
    assert decisions[-1].state.stage == 3 and decisions[-1].state.successes_at_stage == 0
    assert decisions[-1].state.next_run_on == D + dt.timedelta(days=8)  # alternate days


def test_pain_above_ceiling_steps_back_with_an_extra_rest_day():
    # pfp ceiling 3: S1 x2 -> S2; at S2 pain 4 -> back to S1, next run 3 days later (1 + 1 extra rest day)
    decisions = replay_walk_run([run(0, 1), run(2, 1), run(4, 2, during=4)], "pfp")
    last = decisions[-1]
    assert last.action == "step_back" and last.state.stage == 1 and last.state.next_run_on == D + dt.timedelta(days=7)
    assert "above the ceiling 3/10" in last.reason


def test_morning_pain_above_baseline_steps_back_and_stage_1_is_the_floor():
    last = replay_walk_run([run(0, 1, morning=2)], "pfp")[-1]
    assert last.action == "step_back" and last.state.stage == 1


def test_tendon_ceiling_is_5_and_bsi_is_1():
    assert walk_run_ceiling("achilles_midportion") == 5 and walk_run_ceiling("bsi") == 1
    assert replay_walk_run([run(0, 1, during=5)], "achilles_midportion")[-1].action == "repeat"
    assert replay_walk_run([run(0, 1, during=2)], "bsi")[-1].action == "step_back"
    mtss_trial = dataclasses.replace(DEFAULT_SETTINGS, walk_run_ceiling_override=4)  # [V:R40 via W14]
    assert replay_walk_run([run(0, 1, during=4)], "mtss", mtss_trial)[-1].action == "repeat"


def test_unfinished_intervals_or_limp_repeat_without_counting():
    decisions = replay_walk_run(
        [run(0, 1), run(2, 1, done=False), run(4, 1, limp_or_gait_change=True), run(6, 1)], "pfp"
    )
    assert [d.action for d in decisions] == ["repeat", "repeat", "repeat", "advance"]


@pytest.mark.parametrize("flag", ["night_pain", "focal_bone_pain", "red_flag"])
def test_bone_pain_night_pain_or_red_flag_stops_the_program(flag):
    decisions = replay_walk_run([run(0, 1), run(2, 1, **{flag: True}), run(4, 1)], "mtss")
    assert decisions[1].action == "stop" and decisions[1].state.stopped
    assert decisions[2].action == "stop"  # stays stopped until a clinician restarts it


def test_a_full_program_completes_after_s8_twice():
    sessions = [run(2 * i, 1 + i // 2) for i in range(16)]
    decisions = replay_walk_run(sessions, "itbs")
    assert decisions[-1].action == "complete" and decisions[-1].state.completed


def test_missing_morning_pain_waits():
    decision = decide_walk_run(WalkRunState(), run(0, 1, morning=None), "pfp")
    assert decision.action == "repeat" and decision.state == WalkRunState()


def test_calendar_plans_alternate_days_two_per_stage_and_ticks_imports():
    plan = plan_walk_run_calendar(D, WalkRunState(stage=2, successes_at_stage=1), weeks=1)
    assert [(p.planned_on - D).days for p in plan] == [0, 2, 4, 6]
    assert [p.stage for p in plan] == [2, 3, 3, 4]
    ticked = tick_off_planned(plan, [D + dt.timedelta(days=2)])
    assert [done for _, done in ticked] == [False, True, False, False]


# 7.3 / 5.3: never prescribe a run > 110% of the longest run of the previous 30 days
T = dt.datetime(2026, 6, 1, 8, 0)
HISTORY = [(T - dt.timedelta(days=31), 12.0), (T - dt.timedelta(days=20), 5.0), (T - dt.timedelta(days=3), 6.0)]


def test_longest_run_uses_the_previous_30_days_only():
    assert longest_run_km(HISTORY, T) == 6.0  # the 12 km run is 31 days ago


@pytest.mark.parametrize(
    ("planned", "state", "spike"),
    [
        (6.6, "reference", False),  # +10%: reference, at the cap
        (6.7, "small_spike", True),  # +11.7%
        (7.8, "small_spike", True),  # +30%
        (9.0, "moderate_spike", True),  # +50%
        (12.5, "large_spike", True),  # +108%
        (4.0, "reference", False),  # regression
    ],
)
def test_spike_categories(planned, state, spike):
    check = check_run_against_spike(planned, HISTORY, T)
    assert (check.state, check.is_spike) == (state, spike)
    assert check.max_recommended_km == pytest.approx(6.6)  # 1.10 x 6.0


def test_cap_and_no_reference():
    assert min(8.0, check_run_against_spike(8.0, HISTORY, T).max_recommended_km) == pytest.approx(6.6)
    assert min(5.0, check_run_against_spike(5.0, HISTORY, T).max_recommended_km) == 5.0
    first = check_run_against_spike(5.0, [], T)
    assert first.state == "no_reference" and first.max_recommended_km == 3.0 and first.is_spike


def test_intensity_order_puts_downhill_or_uphill_last():
    assert intensity_sequence("pfp")[-1] == "downhill"
    assert intensity_sequence("achilles_insertional")[-1] == "uphill"
    assert intensity_sequence("calf_strain") == ("strides", "tempo", "hills")


def test_continuous_progression_never_plans_a_spike():
    # runs every 2 days of 5 km for 4 weeks, then plan 12 runs growing 25% each
    start = dt.datetime(2026, 5, 1, 7, 0)
    history = [(start + dt.timedelta(days=2 * i), 5.0) for i in range(14)]
    first = history[-1][0] + dt.timedelta(days=2)
    plan = plan_continuous_runs(history, first, 12, step_pct=25)
    runs = list(history)
    for p in plan:
        check = check_run_against_spike(p.distance_km, runs, p.planned_at)
        assert check.state == "reference", (p, check)  # <= +10%: never a spike
        runs.append((p.planned_at, p.distance_km))
    # the first wanted run is 5 x 1.25 = 6.25 km but the spike guard caps it at 5.5 km (1.10 x 5)
    assert plan[0].distance_km == 5.5 and "5.3" in plan[0].limited_by
    assert plan[-1].distance_km > 5.5  # it still progresses


def test_continuous_progression_keeps_the_weekly_increase_modest():
    start = dt.datetime(2026, 5, 1, 7, 0)
    history = [(start + dt.timedelta(days=2 * i), 5.0) for i in range(14)]
    plan = plan_continuous_runs(history, history[-1][0] + dt.timedelta(days=2), 10, step_pct=10)
    runs = history + [(p.planned_at, p.distance_km) for p in plan]
    for p in plan:
        before = sum(
            km for at, km in runs if p.planned_at - dt.timedelta(days=14) <= at < p.planned_at - dt.timedelta(days=7)
        )
        this = sum(km for at, km in runs if p.planned_at - dt.timedelta(days=6) <= at <= p.planned_at)
        assert this <= before * 1.20 + 0.01  # rolling 7 days <= +20% over the 7 days before [H]
