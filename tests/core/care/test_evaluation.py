"""The evaluation data (REFERENCE.md section 1 key tests, 1.12 regions) and the 7.4 squat score."""

from __future__ import annotations

import pathlib
import re

import pytest

from stridecare.core.care import (
    CONDITIONS,
    REGIONS,
    SQUAT_ITEMS,
    condition_by_code,
    region_by_code,
    score_single_leg_squat,
)
from stridecare.core.errors import InputError

REPO = pathlib.Path(__file__).resolve().parents[3]
REFERENCE = REPO / "docs" / "clinical-reference.md"  # the copy of ../shared/clinical/REFERENCE.md
CONDITION_CODES = [
    "pfp",
    "itbs",
    "achilles_midportion",
    "achilles_insertional",
    "mtss",
    "bsi",
    "plantar_heel_pain",
    "patellar_tendinopathy",
    "hamstring_strain",
    "proximal_hamstring_tendinopathy",
    "calf_strain",
    "gluteal_tendinopathy",
    "lbp_nonspecific",
]


def _section_text(number: str) -> str:
    text = REFERENCE.read_text(encoding="utf-8")
    start = text.index(f"### {number} ")
    end = text.index("\n### ", start + 1)
    return text[start:end]


def test_the_condition_list_is_exactly_section_1():
    assert [c.code for c in CONDITIONS] == CONDITION_CODES


def test_every_condition_code_appears_in_its_section_heading():
    for condition in CONDITIONS:
        assert f"`{condition.code}`" in _section_text(condition.section).splitlines()[0], condition.code


def test_every_test_cites_a_source_that_its_section_uses():
    """A `[V:Rnn]` tag must name a reference cited in the same section; `[K]`/`[H]` need no number."""
    for region in REGIONS:
        for test in region.tests:
            assert re.fullmatch(r"\[(V:[RW]\d+(, [RW]\d+)*|K|H)\](, \[K\])?", test.evidence), test.code
            section = _section_text(test.section)
            for ref in re.findall(r"[RW]\d+", test.evidence):
                assert ref in section, f"{test.code}: {ref} not in section {test.section}"


def test_test_codes_are_unique_and_regions_list_known_conditions():
    codes = [t.code for r in REGIONS for t in r.tests]
    assert len(codes) == len(set(codes))
    for region in REGIONS:
        for code in region.conditions:
            condition_by_code(code)


def test_every_condition_belongs_to_a_region():
    covered = {code for r in REGIONS for code in r.conditions}
    assert covered == set(CONDITION_CODES)


def test_the_patellofemoral_cluster_tests_are_in_the_front_of_knee_region():
    codes = {t.code for t in region_by_code("anterior_knee").tests}
    assert {"pfp_squat_pain", "pfp_resisted_knee_extension", "pfp_patellar_palpation", "pt_decline_squat"} <= codes


def test_it_rejects_an_unknown_region_naming_it():
    with pytest.raises(InputError, match="'elbow'"):
        region_by_code("elbow")


def test_squat_with_one_fault_and_pain_2_passes():
    # 7.4: one item present -> total 1 <= 1, pain 2 <= 2 -> pass
    score = score_single_leg_squat({"knee_medial": True, "heel_lift": False}, 2)
    assert (score.total, score.is_pass, score.items) == (1, True, ("knee_medial",))


def test_squat_with_two_faults_fails():
    # total 2 > 1 -> fail even without pain
    score = score_single_leg_squat({"knee_medial": True, "pelvic_drop": True}, 0)
    assert (score.total, score.is_pass) == (2, False)


def test_squat_with_no_fault_but_pain_3_fails():
    assert score_single_leg_squat({}, 3).is_pass is False


def test_squat_thresholds_are_clinic_settings():
    # a clinic allowing 2 faults: total 2 <= 2 -> pass
    assert score_single_leg_squat({"knee_medial": True, "trunk_lean": True}, 1, max_items=2).is_pass is True


def test_squat_has_the_five_items_of_7_4():
    assert len(SQUAT_ITEMS) == 5


def test_squat_rejects_unknown_items_and_pain_out_of_range():
    with pytest.raises(InputError, match="wobble"):
        score_single_leg_squat({"wobble": True}, 0)
    with pytest.raises(InputError, match="0-10"):
        score_single_leg_squat({}, 11)


def test_forefoot_midfoot_region_has_the_metatarsal_bsi_tests_of_1_5():
    # 1.12 row forefoot/midfoot -> metatarsal BSI; 1.5 names focal bony tenderness and single-leg hopping [K].
    region = region_by_code("forefoot_midfoot")
    assert region.conditions == ("bsi",)
    assert [(t.code, t.section, t.evidence) for t in region.tests] == [
        ("mt_focal_tenderness", "1.5", "[K]"),
        ("mt_hop_pain", "1.5", "[K]"),
    ]
    assert "RF-03" in region.tests[0].positive_means and "RF-04" in region.tests[0].note


def test_groin_anterior_hip_region_has_the_femoral_neck_signs_of_rf_01():
    region = region_by_code("groin_anterior_hip")
    by_code = {t.code: t for t in region.tests}
    assert set(by_code) == {"fn_hop_pain", "fn_hip_internal_rotation", "groin_fadir"}
    assert (
        "RF-01" in by_code["fn_hop_pain"].positive_means
        and "RF-01" in by_code["fn_hip_internal_rotation"].positive_means
    )
    # the section each test cites really names it
    assert "hip_ir_limited_or_painful" in _section_text("2.2")
    assert "FADIR" in _section_text("1.10") and "hop" in _section_text("1.5")
    assert [r.code for r in REGIONS][-1] == "other"
