"""Shared answers for the screening tests."""

import pytest

# A complete questionnaire for an adult male runner with nothing alarming (every runner-answerable
# input a red-flag rule can need is answered "no" / 0), so each test changes only what it is about.
NEGATIVE_BASE: dict[str, object] = {
    "age": 35,
    "sex": "male",
    "male_low_libido": False,
    "bsi_count_2y": 0,
    "bmi": 22.5,
    "onset": "gradual",
    "duration_days": 21,
    "trend": "static",
    "trauma": False,
    "weight_bearing_ok": True,
    "pain_walking": 0,
    "hop_pain": 1,
    "pain_stage": "during_run",
    "pain_rest": 0,
    "pain_activity_related": True,
    "night_pain_any": False,
    "swelling": False,
    "fever": False,
    "calf_swelling_unilateral": False,
    "calf_warm_red": False,
    "numbness_tingling": False,
    "leg_weakness": False,
    "bladder_bowel_change": False,
    "foot_cold_pale": False,
    "exercise_cardiac_symptoms": False,
    "heat_illness_signs": False,
    "weight_loss_unexplained": False,
    "cancer_history": False,
    "fluoroquinolone_6m": False,
    "oral_steroid": False,
    "weeks_guided_rehab": 0,
    "training_changes": [],
    "exertional_leg_tightness": False,
    "injury_moment": False,
    "dvt_risk": [],
    "heard_pop": False,
    "kicked_sensation": False,
    "immunosuppressed": False,
    "iv_drug_use": False,
    "limp": False,
    "sitting_pain": False,
}


@pytest.fixture
def negative_answers() -> dict[str, object]:
    return dict(NEGATIVE_BASE)
