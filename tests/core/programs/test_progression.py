"""Progression decisions, table-tested: pain-monitoring model (4.7) and 0.5 state machine with 0.6 ceilings."""

import dataclasses
import datetime as dt

import pytest

from stridecare.core.programs.progression import (
    ExerciseLog,
    adherence_by_week,
    decide_pain_monitoring,
    decide_state_machine,
    detect_flare_up,
    suggest_progression,
    weekly_morning_trend,
)
from stridecare.core.programs.settings import DEFAULT_SETTINGS

D = dt.date(2026, 3, 2)  # a Monday


def log(day, during, morning, baseline=1, reps=True, form=True):
    return ExerciseLog(D + dt.timedelta(days=day), reps, form, during, baseline, morning)


# pain-monitoring model (4.7): red >= 6, next morning above baseline or weekly rise -> regress;
# green 0-2 -> progress; amber 3-5 -> hold
@pytest.mark.parametrize(
    ("during", "morning", "baseline", "action"),
    [
        (0, 1, 1, "progress"),
        (2, 1, 1, "progress"),  # top of green
        (3, 1, 1, "hold"),  # bottom of amber
        (5, 0, 1, "hold"),  # top of amber, morning below baseline
        (6, 1, 1, "regress"),  # red
        (2, 2, 1, "regress"),  # green but next morning above baseline
        (5, 4, 3, "regress"),
        (2, None, 1, "hold"),  # morning not logged yet: hold, never progress
        (7, None, 1, "regress"),  # red even before morning is known
    ],
)
def test_pain_monitoring_table(during, morning, baseline, action):
    decision = decide_pain_monitoring([log(0, during, morning, baseline)])
    assert decision.action == action
    assert decision.rule == "4.7 pain-monitoring model" or "4.7" in decision.rule
    assert "R23" in decision.source


def test_pain_monitoring_regresses_when_morning_pain_rises_week_on_week():
    # week 1 mornings 1, 1 (mean 1); week 2 mornings 2, 2 (mean 2) with baseline 2 -> trend +1 -> regress
    logs = [log(0, 1, 1), log(2, 1, 1), log(7, 1, 2, baseline=2), log(9, 1, 2, baseline=2)]
    assert weekly_morning_trend(logs) == pytest.approx(1.0)
    decision = decide_pain_monitoring(logs)
    assert decision.action == "regress" and "week on week" in decision.reason


def test_pain_monitoring_zone_boundaries_are_clinic_settings():
    clinic = dataclasses.replace(DEFAULT_SETTINGS, green_max_during=3, amber_max_during=5)  # "3 or less safe" [V:W19]
    assert decide_pain_monitoring([log(0, 3, 1)], clinic).action == "progress"
    assert decide_pain_monitoring([log(0, 3, 1)]).action == "hold"


def test_pain_monitoring_green_without_all_reps_holds():
    assert decide_pain_monitoring([log(0, 1, 1, reps=False)]).action == "hold"


# state machine (0.5) with ceiling 3 for pfp (0.6)
@pytest.mark.parametrize(
    ("logs", "action"),
    [
        ([log(0, 2, 1), log(2, 3, 1)], "progress"),  # pain 3 <= 3, two settled mornings, reps + form ok
        ([log(0, 2, 1), log(2, 4, 1)], "regress"),  # 4 > ceiling 3
        ([log(0, 2, 1), log(2, 2, 3)], "regress"),  # next-morning delta +2 >= 2
        ([log(0, 2, 1), log(2, 2, 2)], "hold"),  # delta +1: not regress, not settled
        ([log(0, 2, 2), log(2, 2, 1)], "hold"),  # previous session's morning +1
        ([log(2, 2, 1)], "hold"),  # only one session
        ([log(0, 2, 1), log(2, 2, 1, form=False)], "hold"),
        ([log(0, 2, 1), log(2, 2, 1, reps=False)], "hold"),
        ([log(0, 2, 1), log(2, 1, None)], "hold"),  # morning not logged yet
    ],
)
def test_state_machine_table_for_pfp(logs, action):
    decision = decide_state_machine(logs, "pfp")
    assert decision.action == action
    assert "0.5" in decision.rule and "ceiling 3/10" in decision.source


@pytest.mark.parametrize(
    ("condition", "pain", "action"),
    [
        ("hamstring_strain", 2, "progress"),
        ("hamstring_strain", 3, "regress"),  # ceiling 2
        ("bsi", 1, "progress"),
        ("bsi", 2, "regress"),  # 0-1
        ("lbp_nonspecific", 3, "progress"),
        ("lbp_nonspecific", 4, "regress"),  # 3
    ],
)
def test_state_machine_uses_the_family_ceiling(condition, pain, action):
    assert decide_state_machine([log(0, 0, 1), log(2, pain, 1)], condition).action == action


def test_clinic_can_override_a_family_ceiling():
    clinic = dataclasses.replace(DEFAULT_SETTINGS, ceiling_overrides={"patellofemoral_group": 4})
    assert decide_state_machine([log(0, 0, 1), log(2, 4, 1)], "pfp", clinic).action == "progress"


def test_suggest_picks_the_rule_by_condition():
    logs = [log(0, 4, 1), log(2, 4, 1)]
    assert suggest_progression(logs, "achilles_midportion").action == "hold"  # amber in 4.7
    assert suggest_progression(logs, "plantar_heel_pain").rule.startswith("4.7")
    assert suggest_progression(logs, "pfp").action == "regress"  # 4 > 3 in 0.5
    with pytest.raises(KeyError, match="unknown condition"):
        suggest_progression(logs, "knee")


def test_pain_outside_0_to_10_is_rejected():
    with pytest.raises(ValueError, match="pain_during must be a whole number 0-10"):
        decide_state_machine([log(0, 11, 1)], "pfp")


# flare-up: pain above the ceiling, or not settled by the next morning
def test_flare_up_detection():
    assert detect_flare_up(log(0, 6, 1), "pfp").reason.startswith("pain during 6/10 above the ceiling 3/10")
    assert "not settled" in detect_flare_up(log(0, 2, 3), "pfp").reason
    assert detect_flare_up(log(0, 5, 1), "achilles_midportion") is None  # 5 = tendon ceiling
    assert detect_flare_up(log(0, 3, 1), "pfp") is None
    flare = detect_flare_up(log(0, 6, 1), "pfp")
    assert "Today" in flare.advice_today and "0.6" in flare.source


def test_adherence_per_week_with_kind_messages():
    planned = [
        D,
        D + dt.timedelta(days=2),
        D + dt.timedelta(days=4),
        D + dt.timedelta(days=7),
        D + dt.timedelta(days=9),
    ]
    done = [D, D + dt.timedelta(days=4), D + dt.timedelta(days=9)]
    week1, week2 = adherence_by_week(planned, done)
    assert (week1.week_start, week1.planned, week1.done) == (D, 3, 2)
    assert week1.adherence_pct == pytest.approx(200 / 3)  # 2 / 3 x 100
    assert (week2.planned, week2.done, week2.adherence_pct) == (2, 1, 50)
    for w in (week1, week2):
        assert "progress" in w.message or "fresh start" in w.message
        assert "missed" not in w.message.lower() and "fail" not in w.message.lower()
    assert adherence_by_week([D], [])[0].adherence_pct == 0
