"""Foot-strike pattern (REFERENCE.md 6.4, Altman & Davis [K]) and the GR-STRIKE template (6.5)."""

from __future__ import annotations

import pytest

from stridecare.core.gait.analysis import analyse_keypoints
from stridecare.core.gait.findings import build_findings
from stridecare.core.gait.metrics import Metric, _summarise, classify_foot_strike, foot_strike_pattern

from .synthetic import running_series


@pytest.mark.parametrize(
    ("angle_deg", "pattern"),
    # 6.4: rearfoot > 8 deg; midfoot -1.6 to 8 deg; forefoot < -1.6 deg
    [(15.0, "RFS"), (8.1, "RFS"), (8.0, "MFS"), (0.0, "MFS"), (-1.6, "MFS"), (-1.7, "FFS"), (-10.0, "FFS")],
)
def test_foot_strike_angle_classifies_rfs_mfs_ffs(angle_deg: float, pattern: str) -> None:
    assert classify_foot_strike(angle_deg) == pattern


def test_pattern_per_side_from_a_confident_angle() -> None:
    # left medians 12 deg (RFS), right 3 deg (MFS); overall median of 12,12,12,3,3,3 = 7.5 (MFS)
    angle = _summarise("foot_strike_angle_deg", {"left": [12.0] * 3, "right": [3.0] * 3}, 30.0)
    pattern = foot_strike_pattern(angle)
    assert pattern is not None and pattern.confidence == "ok"
    assert pattern.labels == {"value": "MFS", "left": "RFS", "right": "MFS"}
    assert (pattern.value, pattern.left, pattern.right) == (0.0, 1.0, 0.0)
    assert pattern.to_dict()["labels"] == {"value": "MFS", "left": "RFS", "right": "MFS"}


def test_no_pattern_from_a_low_confidence_angle() -> None:
    angle = _summarise("foot_strike_angle_deg", {"left": [12.0], "right": [11.0]}, 30.0)
    assert angle.confidence == "low"
    assert foot_strike_pattern(angle) is None


def test_no_side_labels_when_a_side_has_too_few_stances() -> None:
    angle = _summarise("foot_strike_angle_deg", {"left": [12.0] * 3, "right": [-5.0]}, 30.0)
    pattern = foot_strike_pattern(angle)
    assert pattern is not None and pattern.labels == {"value": "RFS"}  # median of 12,12,12,-5 = 12
    assert pattern.left is None and pattern.right is None


def _pattern(label: str) -> Metric:
    codes = {"RFS": 1.0, "MFS": 0.0, "FFS": -1.0}
    return Metric(name="foot_strike_pattern", unit="code", value=codes[label], n_strides=10, labels={"value": label})


def test_rearfoot_strike_offers_gr_strike_to_the_therapist_only() -> None:
    findings = build_findings({"foot_strike_pattern": _pattern("RFS")}, cadence_spm=170.0)
    assert [f.id for f in findings] == ["rearfoot_strike"]
    finding = findings[0]
    assert finding.severity == "info"  # 6.4: info only
    assert finding.template is not None and finding.template.id == "GR-STRIKE"
    assert finding.template.is_therapist_decision
    assert finding.template.indication == "exertional lower-leg pain with heavy rearfoot strike"
    assert "not for active Achilles/calf" in finding.template.dose
    assert "the video cannot tell" in finding.message
    assert finding.to_dict()["template"]["is_therapist_decision"] is True


@pytest.mark.parametrize("label", ["MFS", "FFS"])
def test_midfoot_and_forefoot_strikes_give_no_strike_finding(label: str) -> None:
    assert build_findings({"foot_strike_pattern": _pattern(label)}, cadence_spm=170.0) == []


def test_synthetic_flat_landing_is_a_midfoot_strike() -> None:
    # the synthetic runner lands with its sole at the same angle as at mid-stance: angle 0 -> MFS
    report = analyse_keypoints(running_series())
    assert report.metrics["foot_strike_angle_deg"].value == pytest.approx(0.0, abs=0.5)
    assert report.metrics["foot_strike_pattern"].labels["value"] == "MFS"
    assert all(f.id != "rearfoot_strike" for f in report.findings)
