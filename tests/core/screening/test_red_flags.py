"""Each red-flag rule of REFERENCE.md 2.2: one case that fires it and one that just misses it.

Every "fire" case changes the complete negative answers (conftest.NEGATIVE_BASE) so that exactly
the rule's condition becomes true; every "miss" case moves one value just across the threshold
written in the rule (e.g. hop_pain 3 fires RF-03, hop_pain 2 does not), so the expected outcome
is read straight off the rule text.
"""

import pytest

from stridecare.core.screening import screen
from tests.core.screening.conftest import NEGATIVE_BASE

# (rule, expected urgency of that rule when it fires, answers that fire it, answers that just miss it)
CASES = [
    ("RF-01", "same_day", {"region": "groin", "hop_pain": 1}, {"region": "groin", "hop_pain": 0}),
    ("RF-01", "same_day", {"region": "buttock", "limp": True}, {"region": "posterior_thigh", "limp": True}),
    (
        "RF-01",
        "emergency",
        {
            "region": "lateral_hip",
            "pain_walking": 3,
            "pain_stage": "walking",
            "hop_pain": None,
            "weight_bearing_ok": False,
        },
        {"region": "shin", "pain_walking": 3, "pain_stage": "walking", "hop_pain": None, "weight_bearing_ok": False},
    ),
    (
        "RF-02",
        "soon",
        {"region": "lateral_knee", "pain_rest": 4, "pain_activity_related": False, "pain_stage": "rest"},
        {"region": "lateral_knee", "pain_rest": 3, "pain_activity_related": False, "pain_stage": "rest"},
    ),
    (
        "RF-02",
        "soon",
        {"region": "shin", "age": 29, "duration_days": 21, "night_pain_any": True, "night_pain": False},
        {"region": "shin", "age": 30, "duration_days": 21, "night_pain_any": True, "night_pain": False},
    ),
    (
        "RF-02",
        "soon",
        {"region": "shin", "age": 29, "duration_days": 21, "night_pain_any": True, "night_pain": False},
        {"region": "shin", "age": 29, "duration_days": 20, "night_pain_any": True, "night_pain": False},
    ),
    (
        "RF-02",
        "same_day",
        {"region": "calf", "night_pain_any": True, "night_pain": True, "fever": True},
        {"region": "calf", "night_pain_any": True, "night_pain": False, "fever": True},
    ),
    ("RF-03", "soon", {"region": "shin", "hop_pain": 3}, {"region": "shin", "hop_pain": 2}),
    ("RF-03", "soon", {"region": "forefoot", "hop_pain": "cannot"}, {"region": "forefoot", "hop_pain": 0}),
    (
        "RF-04",
        "same_day",
        {"region": "midfoot", "focal_bone_tenderness": True, "bsi_site": "navicular"},
        {"region": "midfoot", "focal_bone_tenderness": True, "bsi_site": "mt2_4_shaft"},
    ),
    (
        "RF-05",
        "emergency",
        {"region": "low_back", "numbness_tingling": True, "saddle_numbness": True},
        {
            "region": "low_back",
            "numbness_tingling": True,
            "saddle_numbness": False,
            "dermatomal_numbness": False,
            "foot_numb_during_run": False,
        },
    ),
    (
        "RF-05",
        "same_day",
        {"region": "low_back", "leg_weakness": True, "foot_drop": True, "progressive_weakness": False},
        {"region": "low_back", "leg_weakness": True, "foot_drop": False, "progressive_weakness": False},
    ),
    (
        "RF-05",
        "soon",
        {"region": "low_back", "numbness_tingling": True, "dermatomal_numbness": True},
        {
            "region": "low_back",
            "numbness_tingling": True,
            "dermatomal_numbness": False,
            "saddle_numbness": False,
            "foot_numb_during_run": False,
        },
    ),
    (
        "RF-06",
        "emergency",
        {"region": "calf", "trauma": True, "pain_out_of_proportion": True},
        {"region": "anterior_knee", "trauma": True, "pain_out_of_proportion": True},
    ),
    ("RF-06", "soon", {"region": "shin", "exertional_leg_tightness": True}, {"region": "shin"}),
    (
        "RF-07",
        "soon",
        {"region": "calf", "pain_walking": 2, "pain_stage": "walking", "hop_pain": None, "claudication": True},
        {"region": "calf", "pain_walking": 2, "pain_stage": "walking", "hop_pain": None, "claudication": False},
    ),
    (
        "RF-07",
        "emergency",
        {"region": "forefoot", "foot_cold_pale": True, "symptoms_now": True},
        {"region": "forefoot", "foot_cold_pale": False, "symptoms_now": True},
    ),
    (
        "RF-07",
        "same_day",
        {
            "region": "calf",
            "onset": "sudden",
            "injury_moment": True,
            "claudication": True,
            "pain_walking": 2,
            "pain_stage": "walking",
            "hop_pain": None,
        },
        {
            "region": "calf",
            "onset": "sudden",
            "injury_moment": True,
            "claudication": False,
            "pain_walking": 2,
            "pain_stage": "walking",
            "hop_pain": None,
        },
    ),
    (
        "RF-08",
        "emergency",
        {"region": "anterior_knee", "swelling": True, "joint_hot_swollen": True, "fever": True},
        {"region": "anterior_knee", "swelling": True, "joint_hot_swollen": False, "fever": True},
    ),
    (
        "RF-08",
        "same_day",
        {"region": "ankle", "swelling": True, "joint_hot_swollen": True, "unwell": False},
        {"region": "ankle", "swelling": True, "joint_hot_swollen": False, "unwell": False},
    ),
    (
        "RF-09",
        "same_day",
        {"region": "medial_knee", "trauma": True, "giving_way": True},
        {"region": "medial_knee", "trauma": False, "giving_way": True},
    ),
    (
        "RF-10",
        "same_day",
        {"region": "achilles", "heard_pop": True, "weak_push_off": True},
        {"region": "achilles", "heard_pop": True, "weak_push_off": False},
    ),
    (
        "RF-11",
        "same_day",
        {"region": "posterior_thigh", "onset": "sudden", "injury_moment": True, "bruising": True},
        {"region": "posterior_thigh", "onset": "gradual", "injury_moment": True, "bruising": True},
    ),
    (
        "RF-12",
        "same_day",
        {"region": "anterior_knee", "age": 17, "limp": True},
        {"region": "anterior_knee", "age": 18, "limp": True},
    ),
    (
        "RF-13",
        "soon",
        {"region": "shin", "sex": "female", "male_low_libido": None, "amenorrhoea_days": 90, "menarche_by_15": True},
        {"region": "shin", "sex": "female", "male_low_libido": None, "amenorrhoea_days": 89, "menarche_by_15": True},
    ),
    ("RF-13", "soon", {"region": "shin", "bmi": 18.4}, {"region": "shin", "bmi": 18.5}),
    ("RF-13", "soon", {"region": "shin", "bsi_count_2y": 2}, {"region": "shin", "bsi_count_2y": 1}),
    (
        "RF-14",
        "same_day",
        {"region": "lateral_knee", "calf_swelling_unilateral": True},
        {"region": "lateral_knee", "calf_warm_red": True, "pitting_oedema": False},
    ),
    ("RF-14", "same_day", {"region": "calf", "dvt_risk": ["prior_vte"]}, {"region": "calf", "dvt_risk": []}),
    (
        "RF-14",
        "emergency",
        {"region": "calf", "calf_swelling_unilateral": True, "breathless_sudden": True},
        {"region": "calf", "calf_swelling_unilateral": False, "breathless_sudden": True},
    ),
    (
        "RF-14",
        "soon",
        {
            "region": "calf",
            "pain_walking": 1,
            "pain_stage": "walking",
            "hop_pain": None,
            "duration_days": 42,
            "claudication": False,
        },
        {
            "region": "calf",
            "pain_walking": 1,
            "pain_stage": "walking",
            "hop_pain": None,
            "duration_days": 43,
            "claudication": False,
        },
    ),
    (
        "RF-15",
        "soon",
        {"region": "achilles", "duration_days": 42, "oral_steroid": True},
        {"region": "achilles", "duration_days": 43, "oral_steroid": True},
    ),
    (
        "RF-15",
        "routine",
        {"region": "plantar_heel", "side": "both", "morning_stiffness_min": 31},
        {"region": "plantar_heel", "side": "both", "morning_stiffness_min": 30},
    ),
    (
        "RF-16",
        "soon",
        {"region": "low_back", "age": 51, "duration_days": 42},
        {"region": "low_back", "age": 50, "duration_days": 42},
    ),
    ("RF-16", "soon", {"region": "thoracic"}, {"region": "lateral_knee"}),
    (
        "RF-16",
        "same_day",
        {"region": "low_back", "fever": True, "immunosuppressed": True},
        {"region": "lateral_hip", "fever": True, "immunosuppressed": True},
    ),
    (
        "RF-17",
        "same_day",
        {"region": "shin", "exercise_cardiac_symptoms": True, "exercise_syncope": True, "symptoms_now": False},
        {"region": "shin", "exercise_cardiac_symptoms": False},
    ),
    (
        "RF-17",
        "emergency",
        {"region": "shin", "exercise_cardiac_symptoms": True, "exertional_chest_pain": True, "symptoms_now": True},
        {
            "region": "shin",
            "exercise_cardiac_symptoms": True,
            "exertional_chest_pain": False,
            "exercise_syncope": False,
            "palpitations_dizzy": False,
            "symptoms_now": True,
        },
    ),
    (
        "RF-18",
        "emergency",
        {"region": "shin", "heat_illness_signs": True},
        {"region": "shin", "heat_illness_signs": False},
    ),
    ("RF-19", "same_day", {"region": "ankle", "pain_rest": 7}, {"region": "ankle", "pain_rest": 6}),
    (
        "RF-19",
        "same_day",
        {"region": "ankle", "weight_bearing_ok": False, "pain_walking": 5, "hop_pain": None},
        {"region": "ankle", "weight_bearing_ok": True, "pain_walking": 5, "hop_pain": None},
    ),
    (
        "RF-20",
        "soon",
        {"region": "shin", "weeks_guided_rehab": 6, "trend": "static"},
        {"region": "shin", "weeks_guided_rehab": 5, "trend": "static"},
    ),
    (
        "RF-20",
        "soon",
        {"region": "shin", "weeks_guided_rehab": 6, "trend": "worse"},
        {"region": "shin", "weeks_guided_rehab": 6, "trend": "improving"},
    ),
    (
        "RF-21",
        "emergency",
        {"region": "shin", "self_harm_indicator": True},
        {"region": "shin", "self_harm_indicator": False},
    ),
]


def _fired(overrides: dict[str, object]) -> dict[str, str]:
    answers = {k: v for k, v in {**NEGATIVE_BASE, **overrides}.items() if v is not None}
    return {flag.id: flag.urgency for flag in screen(answers).red_flags}


@pytest.mark.parametrize(
    ("rule_id", "urgency", "fire", "miss"), CASES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_fires_at_its_urgency_and_just_misses(rule_id: str, urgency: str, fire: dict, miss: dict) -> None:
    assert _fired(fire).get(rule_id) == urgency
    assert rule_id not in _fired(miss) or _fired(miss)[rule_id] != urgency


def test_every_rule_of_section_2_2_has_a_case() -> None:
    assert {c[0] for c in CASES} == {f"RF-{n:02d}" for n in range(1, 22)}


def test_miss_cases_do_not_fire_the_rule_at_all_unless_a_lower_trigger_remains() -> None:
    # Escalation "misses" keep the base trigger (e.g. RF-02 fever without night pain does not fire,
    # RF-07 escalation miss fires nothing); for the plain thresholds the rule must be silent.
    plain = [c for c in CASES if c[1] in ("soon", "same_day", "routine") and c[0] not in ("RF-14", "RF-16")]
    for rule_id, _, _, miss in plain:
        assert rule_id not in _fired(miss), (rule_id, miss)
