"""The adaptive questionnaire (issue 5 item 2): only the questions that matter for the answers so far."""

import pytest

from stridecare.core.screening import load_rules, next_questions, screen


def _ids(answers: dict) -> list[str]:
    return [q.id for q in next_questions(answers)]


def test_it_starts_with_the_body_map_and_asks_no_pain_details_before_a_region() -> None:
    first = _ids({})
    assert first[0] == "body_map"
    assert "night_pain_any" not in first and "pain_walking" not in first


def test_night_pain_questions_only_after_pain_is_located_and_night_ache_reported() -> None:
    assert "night_pain_any" in _ids({"body_map": ["front_left_shin"]})
    assert "night_pain" not in _ids({"body_map": ["front_left_shin"]})
    assert "night_pain" in _ids({"body_map": ["front_left_shin"], "night_pain_any": True})
    assert "night_pain" not in _ids({"body_map": ["front_left_shin"], "night_pain_any": False})


def test_hip_questions_only_when_the_body_map_includes_hip_or_groin() -> None:
    assert "limp" in _ids({"body_map": ["front_right_groin"]})
    assert "limp" not in _ids({"body_map": ["front_right_shin"]})


def test_hop_test_only_when_walking_is_pain_free() -> None:
    base = {"body_map": ["front_left_shin"], "weight_bearing_ok": True}
    assert "hop_pain" in _ids({**base, "pain_walking": 0})
    assert "hop_pain" not in _ids({**base, "pain_walking": 2})


def test_calf_clot_questions_follow_the_calf() -> None:
    assert "dvt_risk" in _ids({"body_map": ["back_left_calf"]})
    assert "dvt_risk" not in _ids({"body_map": ["front_left_anterior_knee"]})
    assert "breathless_sudden" in _ids({"body_map": ["back_left_calf"], "calf_swelling_unilateral": True})


def test_answered_and_implied_questions_are_not_asked_again() -> None:
    ids = _ids({"body_map": ["front_left_shin"], "numbness_tingling": False, "pain_now": 3})
    assert "pain_now" not in ids and "numbness_tingling" not in ids
    assert "saddle_numbness" not in ids  # implied "no" by no numbness anywhere


def test_balance_test_offered_to_those_who_can_stand() -> None:
    assert "balance_open_left_s" in _ids({"body_map": ["front_left_shin"], "weight_bearing_ok": True})
    assert "balance_open_left_s" not in _ids({"body_map": ["front_left_shin"], "weight_bearing_ok": False})


NEUTRAL = {"bool": False, "pain": 0, "hop_pain": 0, "set": [], "number": 22.0}
ENUM_NEUTRAL = {
    "onset": "gradual",
    "sex": "male",
    "side": "left",
    "pain_stage": "after_run",
    "trend": "improving",
    "run_pain_course": "same_throughout",
    "pain_localised": "diffuse",
}
INT_NEUTRAL = {"age": 30, "duration_days": 10}
BOOL_NEUTRAL = {"weight_bearing_ok": True, "pain_activity_related": True}  # "no" would be the alarming answer


def _complete(region: str) -> dict:
    """Answer every question the questionnaire offers, in order, with a neutral answer."""
    rules = load_rules()
    view = "front" if any(r.id == f"front_left_{region}" for r in rules.body_map) else "back"
    answers: dict = {"body_map": [f"{view}_left_{region}"]}
    for _ in range(200):
        pending = next_questions(answers, rules)
        if not pending:
            return answers
        q = pending[0]
        answers[q.id] = (
            ENUM_NEUTRAL.get(q.id)
            if q.type == "enum"
            else INT_NEUTRAL.get(q.id, 0)
            if q.type == "int"
            else BOOL_NEUTRAL.get(q.id, False)
            if q.type == "bool"
            else 30
            if q.id.startswith("balance")
            else NEUTRAL[q.type]
        )
    raise AssertionError("questionnaire did not finish")


@pytest.mark.parametrize("region", sorted(load_rules().inputs["region"].values))
def test_finishing_the_questionnaire_leaves_no_red_flag_unassessed_for_lack_of_a_runner_answer(region: str) -> None:
    # The questions must cover every runner input a red-flag rule can need: a runner who answered
    # all of them gets a result that does not need review for missing answers.
    answers = _complete(region)
    result = screen(answers)
    missing = [r for r in result.review_reasons if "not assessed" in r]
    assert missing == [], missing
    assert len(answers) < 70  # adaptive: far fewer than the 95 possible answers
