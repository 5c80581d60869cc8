"""Clinical data for the therapist's notes: the key tests per body region (REFERENCE.md section 1),
the single-leg squat quality score (7.4), the treatment techniques and the runner's home-care texts.

Pure data and functions; the web app (stridecare.care) stores what the therapist records."""

from stridecare.core.care.evaluation import (
    BALANCE_MEASURES,
    CONDITIONS,
    REGIONS,
    SIDES,
    SQUAT_ITEMS,
    SQUAT_MAX_ITEMS_DEFAULT,
    SQUAT_MAX_PAIN_NPRS_DEFAULT,
    TEST_RESULTS,
    CareSettings,
    ClinicalTest,
    Condition,
    Region,
    SquatScore,
    condition_by_code,
    region_by_code,
    score_single_leg_squat,
)
from stridecare.core.care.treatment import (
    HOME_CARE,
    TECHNIQUES,
    TREATMENT_AREAS,
    HomeCareText,
    Technique,
    home_care_for,
    technique_by_code,
)

__all__ = [
    "BALANCE_MEASURES",
    "CONDITIONS",
    "REGIONS",
    "SIDES",
    "TEST_RESULTS",
    "SQUAT_ITEMS",
    "SQUAT_MAX_ITEMS_DEFAULT",
    "CareSettings",
    "SQUAT_MAX_PAIN_NPRS_DEFAULT",
    "ClinicalTest",
    "Condition",
    "Region",
    "SquatScore",
    "condition_by_code",
    "region_by_code",
    "score_single_leg_squat",
    "HOME_CARE",
    "TECHNIQUES",
    "TREATMENT_AREAS",
    "HomeCareText",
    "Technique",
    "home_care_for",
    "technique_by_code",
]
