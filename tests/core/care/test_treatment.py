"""Treatment techniques and home-care texts: only what REFERENCE.md supports, the rest neutral."""

from __future__ import annotations

import pytest

from stridecare.core.care import HOME_CARE, TECHNIQUES, home_care_for, technique_by_code
from stridecare.core.errors import InputError

ISSUE_TECHNIQUES = {
    "myofascial_release",
    "joint_mobilisation",
    "soft_tissue_massage",
    "trigger_point_therapy",
    "manual_stretching",
    "dry_needling",
    "kinesiology_taping",
    "heat_therapy",
    "cold_therapy",
    "gait_retraining",
    "education",
    "footwear_advice",
}


def test_the_technique_list_is_the_issue_list():
    assert {t.code for t in TECHNIQUES} == ISSUE_TECHNIQUES


def test_every_technique_has_home_care_rules():
    for technique in TECHNIQUES:
        texts = home_care_for([technique.code])
        assert texts and all(t.text.strip() for t in texts), technique.code


def test_heat_and_cold_get_the_neutral_clinic_editable_text():
    # REFERENCE.md says nothing on heat versus cold: neutral text, no evidence tag, clinic-editable.
    texts = home_care_for(["heat_therapy", "cold_therapy"])
    heat = [t for t in texts if t.key == "heat_cold"]
    assert len(heat) == 1 and heat[0].clinic_editable and heat[0].evidence == ""
    assert "as your therapist told you" in heat[0].text


def test_massage_brings_the_rf14_calf_warning_that_no_clinic_can_edit():
    texts = home_care_for(["soft_tissue_massage"], overrides={"calf_warning": "ignore this"})
    warning = next(t for t in texts if t.key == "calf_warning")
    assert warning.clinic_editable is False and "same day" in warning.text and warning.section == "2.2 RF-14"


def test_a_clinic_override_replaces_an_editable_text_and_drops_the_tag():
    texts = home_care_for(["kinesiology_taping"], overrides={"taping": "Keep the tape on for two days."})
    taping = next(t for t in texts if t.key == "taping")
    assert taping.text == "Keep the tape on for two days." and taping.evidence == ""


def test_each_text_appears_once_and_no_treatment_means_no_text():
    keys = [t.key for t in home_care_for(["myofascial_release", "joint_mobilisation"])]
    assert keys == ["manual", "pain_guide"]
    assert home_care_for([]) == []


def test_untagged_texts_are_always_clinic_editable():
    for entry in HOME_CARE:
        assert entry.evidence or entry.clinic_editable, entry.key


def test_it_rejects_an_unknown_technique():
    with pytest.raises(InputError, match="'cupping'"):
        technique_by_code("cupping")
