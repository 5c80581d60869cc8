"""The engine's evaluation rules (REFERENCE.md 2.3, 0.2, 0.3) and the shape of its result."""

import json

from stridecare.core.screening import screen
from tests.core.screening.conftest import NEGATIVE_BASE


def test_the_highest_urgency_wins_and_every_fired_rule_is_recorded(negative_answers: dict) -> None:
    # RF-13 (soon: BMI 18.0 < 18.5), RF-19 (same_day: rest pain 8 >= 7), RF-18 (emergency).
    answers = {
        **negative_answers,
        "region": "shin",
        "bmi": 18.0,
        "pain_rest": 8,
        "pain_stage": "rest",
        "heat_illness_signs": True,
    }
    result = screen(answers)
    assert result.urgency == "emergency"
    assert {f.id: f.urgency for f in result.red_flags} == {
        "RF-03": "soon",
        "RF-13": "soon",
        "RF-18": "emergency",
        "RF-19": "same_day",
    }


def test_a_complete_benign_answer_set_is_routine_without_review(negative_answers: dict) -> None:
    result = screen({**negative_answers, "region": "lateral_knee", "run_pain_course": "starts_at_set_point"})
    assert (result.urgency, result.needs_review, result.red_flags) == ("routine", False, ())
    assert [c.code for c in result.conditions] == ["itbs"]


def test_unknown_inputs_never_count_as_negative(negative_answers: dict) -> None:
    # Without weight_bearing_ok and pain_rest, RF-19 cannot be evaluated: not assessed, and review.
    answers = {k: v for k, v in negative_answers.items() if k not in ("weight_bearing_ok", "pain_rest")}
    result = screen({**answers, "region": "lateral_knee"})
    assert "RF-19" in {n.id for n in result.not_assessed}
    assert result.needs_review and result.urgency == "soon"  # review is never shown as routine
    assert any(r.startswith("RF-19") for r in result.review_reasons)


def test_clinician_findings_left_unknown_are_listed_but_do_not_force_review(negative_answers: dict) -> None:
    # A self-screening runner cannot give bsi_site (2.1); RF-04 stays "not assessed" only.
    result = screen({**negative_answers, "region": "shin", "hop_pain": 4})
    assert "RF-04" in {n.id for n in result.not_assessed}
    assert not result.needs_review and result.urgency == "soon"


def test_contradictory_answers_fail_safe_to_review(negative_answers: dict) -> None:
    result = screen(
        {**negative_answers, "region": "shin", "weight_bearing_ok": False, "pain_walking": 0, "hop_pain": None}
    )
    assert result.needs_review
    assert any(r.startswith("C-04") for r in result.review_reasons)
    assert result.urgency == "same_day"  # RF-19 still fires; review never lowers urgency


def test_missing_region_needs_review(negative_answers: dict) -> None:
    result = screen(negative_answers)
    assert result.needs_review and result.conditions == ()
    assert any("'region'" in r for r in result.review_reasons)


def test_urgent_advice_says_stop_running_and_where_to_go(negative_answers: dict) -> None:
    result = screen({**negative_answers, "region": "groin", "hop_pain": 2})
    assert result.urgency == "same_day"
    assert "Stop running" in result.advice.headline
    assert "doctor" in result.advice.where_to_go and "24 hours" in result.advice.where_to_go
    assert result.is_running_stopped and result.is_region_exercise_suspended
    emergency = screen({**negative_answers, "region": "shin", "heat_illness_signs": True})
    # the pages put the clinic's own number next to it (a hard-coded one could be another country's)
    assert "emergency number" in emergency.advice.where_to_go and not any(
        ch.isdigit() for ch in emergency.advice.where_to_go
    )


def test_self_harm_shows_crisis_resources(negative_answers: dict) -> None:
    result = screen({**negative_answers, "region": "shin", "self_harm_indicator": True})
    assert result.urgency == "emergency" and "show_crisis_resources" in result.actions
    assert result.advice.crisis and "emergency number" in result.advice.crisis and "crisis line" in result.advice.crisis


def test_conditions_are_decision_support_with_because_reasons(negative_answers: dict) -> None:
    result = screen({**negative_answers, "region": "plantar_heel", "aggravators": ["first_steps_morning"]})
    top = result.conditions[0]
    # 2 (first-line for plantar heel, 1.12) + 3 (first-step pain, 1.6) = 5
    assert (top.code, top.score) == ("plantar_heel_pain", 5)
    assert top.statement.startswith("Your answers are consistent with")
    assert all(r.startswith("because ") for r in top.reasons)
    assert "diagnosis" in result.advice.decision_support_note


def test_balance_self_test_uses_the_30_second_norm(negative_answers: dict) -> None:
    result = screen(
        {
            **negative_answers,
            "region": "shin",
            "balance_open_left_s": 30,
            "balance_open_right_s": 22,
            "balance_closed_left_s": 9,
        }
    )
    sides = {s.side: s for s in result.balance.sides}
    assert sides["left"].meets_eyes_open_target is True
    assert sides["right"].meets_eyes_open_target is False  # 22 s < 30 s (7.1 RTR-07)
    assert sides["left"].eyes_closed_s == 9
    assert "no reference norm for eyes closed" in result.balance.note
    assert screen({**negative_answers, "region": "shin"}).balance is None


def test_result_is_json_ready() -> None:
    result = screen({**NEGATIVE_BASE, "region": "calf", "calf_swelling_unilateral": True})
    data = json.loads(json.dumps(result.to_dict()))
    assert data["urgency"] == "same_day" and data["rules_version"] == "1.1.0"
    assert data["red_flags"][0]["id"] == "RF-14" and data["red_flags"][0]["citation"].startswith("R86.")
