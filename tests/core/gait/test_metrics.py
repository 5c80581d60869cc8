"""Metric formulas and findings with hand-computed values (REFERENCE.md 6.4/6.5)."""

from __future__ import annotations

import numpy as np
import pytest

from stridecare.core.gait.events import GaitEvent, Stance
from stridecare.core.gait.findings import build_findings, cadence_template
from stridecare.core.gait.metrics import Metric, angle_deg, cadence_spm, classify_gait


def test_angle_of_a_right_angle_is_90_degrees() -> None:
    a, b, c = np.array([[0.0, 1.0]]), np.array([[0.0, 0.0]]), np.array([[1.0, 0.0]])
    assert angle_deg(a, b, c)[0] == pytest.approx(90.0)


def _stance(side: str, ic: float, to: float, frame: int) -> Stance:
    return Stance(
        side,
        GaitEvent(side, "initial_contact", ic, frame),
        GaitEvent(side, "toe_off", to, frame + 20),
        frame,
        frame + 20,
    )  # type: ignore[arg-type]


def test_cadence_is_60_over_the_step_time() -> None:
    # ICs at 0.0 (L), 0.4 (R), 0.8 (L): steps 0.4 s -> 150 steps/min
    stances = [_stance("left", 0.0, 0.25, 0), _stance("right", 0.4, 0.65, 40), _stance("left", 0.8, 1.05, 80)]
    cadence, steps = cadence_spm(stances)
    assert steps == pytest.approx([0.4, 0.4])
    assert cadence == pytest.approx(150.0)


def test_flight_phase_means_running_and_double_support_means_walking() -> None:
    running = [_stance("left", 0.0, 0.25, 0), _stance("right", 0.4, 0.65, 40), _stance("left", 0.8, 1.05, 80)]
    walking = [_stance("left", 0.0, 0.65, 0), _stance("right", 0.55, 1.2, 55), _stance("left", 1.1, 1.75, 110)]
    assert classify_gait(running)[0] == "running"  # flight 0.4 - 0.25 = 0.15 s
    assert classify_gait(walking)[0] == "walking"  # the right foot lands 0.10 s before the left leaves


def _metric(name: str, value: float, confidence: str = "ok") -> Metric:
    return Metric(name=name, unit="deg", value=value, n_strides=10, confidence=confidence)  # type: ignore[arg-type]


def test_overstriding_gives_the_cadence_template_with_the_metronome_value() -> None:
    metrics = {
        "shank_angle_ic_deg": _metric("shank_angle_ic_deg", 12.0),
        "knee_flex_ic_deg": _metric("knee_flex_ic_deg", 12.0),
    }
    findings = build_findings(metrics, cadence_spm=160.0)
    overstride = next(f for f in findings if f.id == "overstride")
    assert overstride.template is not None
    # 160 x 1.05 = 168; 160 x 1.10 = 176
    assert overstride.template.metronome_spm == 168
    assert overstride.template.metronome_max_spm == 176
    assert "6.5 GR-CADENCE" in overstride.source and "[V:R12" in overstride.evidence


def test_low_confidence_metrics_never_become_findings() -> None:
    metrics = {
        "shank_angle_ic_deg": _metric("shank_angle_ic_deg", 20.0, "low"),
        "knee_flex_ic_deg": _metric("knee_flex_ic_deg", 5.0, "low"),
        "trunk_lean_deg": _metric("trunk_lean_deg", 30.0, "low"),
    }
    assert build_findings(metrics, cadence_spm=160.0) == []


def test_pelvic_drop_side_difference_flags_hip_retraining() -> None:
    drop = Metric(name="pelvic_drop_deg", unit="deg", value=5.0, left=4.0, right=7.5, n_strides=10)
    findings = build_findings({"pelvic_drop_deg": drop}, cadence_spm=None)
    # right side 7.5 deg >= 7 (and 3.5 deg side difference >= 3) -> amber with GR-HIPADD
    assert [f.id for f in findings] == ["pelvic_drop"]
    assert findings[0].template is not None and findings[0].template.id == "GR-HIPADD"


def test_cadence_template_without_a_cadence_keeps_the_rule() -> None:
    template = cadence_template(None)
    assert template.metronome_spm is None and "x 1.05" in template.cue


def test_rear_view_measures_contralateral_pelvic_drop_per_side() -> None:
    from stridecare.core.gait.analysis import analyse_keypoints

    from .synthetic import frontal_series

    # swing-side hip 5 deg lower in left stances and 8 deg lower in right stances; the clip's
    # median pelvis angle is level (each tilt covers ~36% of frames), so drops read 5 and 8 deg
    report = analyse_keypoints(frontal_series(5.0, 8.0))
    assert report.view == "frontal_back"
    drop = report.metrics["pelvic_drop_deg"]
    assert drop.left == pytest.approx(5.0, abs=0.5)
    assert drop.right == pytest.approx(8.0, abs=0.5)
    assert drop.n_strides >= 3


def test_asymmetry_is_a_share_only_when_both_sides_have_the_same_sign():
    from stridecare.core.gait.metrics import _summarise

    # 6.4: abs(200 - 220) / 210 x 100 = 9.52 %
    assert _summarise("gct_ms", {"left": [200.0] * 3, "right": [220.0] * 3}, 240.0).asymmetry_pct == pytest.approx(
        9.5238, abs=1e-3
    )
    assert _summarise("shank_angle_ic_deg", {"left": [9.8] * 3, "right": [-10.1] * 3}, 60.0).asymmetry_pct is None
