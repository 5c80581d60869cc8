"""Metric values on generated figures with known geometry (REFERENCE.md 6.4): knee frontal-plane
projection angle, step width / crossover, duty factor, flight time and vertical oscillation."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from stridecare.core.gait.analysis import analyse_keypoints
from stridecare.core.gait.events import MARKERS, leg_length
from stridecare.core.gait.keypoints import INDEX, KeypointSeries

from .synthetic import HIP_HEIGHT_M, STANCE_S, STRIDE_S, SWING_HEIGHT_M, frontal_series, running_series

# frontal_series: hips at x = -0.1 (left) and +0.1 (right), seen from behind; the stance ankle is
# 0.13 high (heel 0.05 + 0.08), the knee halfway up: 0.41 below the hip and 0.41 above the ankle.
HIP_TO_KNEE = (HIP_HEIGHT_M - 0.13) / 2


def _shift(series: KeypointSeries, joints: tuple[str, ...], dx: float) -> KeypointSeries:
    """Move the named joints of both legs ``dx`` towards the body's midline (x = 0)."""
    xy = series.xy.copy()
    for prefix, medial in (("L", 1.0), ("R", -1.0)):
        for joint in joints:
            xy[:, INDEX[prefix + joint], 0] += medial * dx
    return replace(series, xy=xy)


def test_a_knee_moving_inward_gives_its_frontal_plane_projection_angle() -> None:
    # knee 5 cm medial of the hip-ankle line: FPPA = 2 x atan(0.05 / 0.41) = 13.9 deg (valgus +)
    report = analyse_keypoints(_shift(frontal_series(0.0, 0.0), ("Knee",), 0.05))
    fppa = report.metrics["knee_fppa_deg"]
    expected = 2 * math.degrees(math.atan(0.05 / HIP_TO_KNEE))
    assert fppa.value == pytest.approx(expected, abs=0.2)
    assert fppa.left == pytest.approx(expected, abs=0.2) and fppa.right == pytest.approx(expected, abs=0.2)
    assert "knee_valgus" in [f.id for f in report.findings]  # amber > 10 deg [H]


def test_a_knee_moving_outward_is_negative_and_not_flagged() -> None:
    report = analyse_keypoints(_shift(frontal_series(0.0, 0.0), ("Knee",), -0.03))
    expected = -2 * math.degrees(math.atan(0.03 / HIP_TO_KNEE))  # -8.4 deg (varus)
    assert report.metrics["knee_fppa_deg"].value == pytest.approx(expected, abs=0.2)
    assert "knee_valgus" not in [f.id for f in report.findings]


def test_feet_under_the_hips_land_half_a_hip_width_from_the_midline() -> None:
    # feet at x = -0.1 / +0.1, midline 0, hip width 0.2 m: +0.5 hip widths, +10 cm (lateral)
    series = replace(frontal_series(0.0, 0.0), units="m")
    report = analyse_keypoints(series)
    assert report.metrics["crossover_norm"].value == pytest.approx(0.5, abs=0.01)
    assert report.metrics["crossover_cm"].value == pytest.approx(10.0, abs=0.1)
    assert "crossover" not in [f.id for f in report.findings]


def test_feet_landing_across_the_midline_are_flagged() -> None:
    # each foot (ankle, heel, toes; the knee follows) 12 cm inward: 2 cm across the midline
    feet = ("Ankle", "Heel", "BigToe", "SmallToe", "Knee")
    series = replace(_shift(frontal_series(0.0, 0.0), feet, 0.12), units="m")
    report = analyse_keypoints(series)
    assert report.metrics["crossover_norm"].value == pytest.approx(-0.1, abs=0.01)
    assert report.metrics["crossover_cm"].value == pytest.approx(-2.0, abs=0.1)
    crossover = [f for f in report.findings if f.id == "crossover"]
    assert crossover and crossover[0].template is not None and crossover[0].template.id == "GR-WIDTH"
    assert "2.0 cm across" in crossover[0].message


def test_step_width_in_pixels_needs_the_runners_height() -> None:
    report = analyse_keypoints(frontal_series(0.0, 0.0))  # units "px", no height: hip widths only
    assert "crossover_cm" not in report.metrics and "crossover_norm" in report.metrics
    with_height = analyse_keypoints(frontal_series(0.0, 0.0), height_cm=170.0)
    # 0.1 px lateral x (170 cm x 0.491 / leg length in px) [K]
    scale = 170.0 * 0.491 / leg_length(frontal_series(0.0, 0.0))
    assert with_height.metrics["crossover_cm"].value == pytest.approx(0.1 * scale, rel=0.03)


def test_duty_factor_and_flight_time_of_the_generated_runner() -> None:
    # stance 0.25 s of a 0.70 s stride, steps of 0.35 s: contact 250 ms, flight 100 ms, duty factor
    # 0.357. Toe-off is found at the contact height (2% of leg length), which the rising foot (a
    # 0.15 m sine arc over the 0.45 s swing) passes at most asin(h / 0.15) / pi x 0.45 s late
    # (17 ms); one frame (10 ms) either way for sampling.
    series = running_series()
    report = analyse_keypoints(series)
    h = MARKERS.contact_height_leg * leg_length(series)
    late = math.asin(h / SWING_HEIGHT_M) / math.pi * (STRIDE_S - STANCE_S)
    frame = 0.01
    gct = report.metrics["gct_ms"].value / 1000
    flight = report.metrics["flight_time_ms"].value / 1000
    duty = report.metrics["duty_factor"].value
    assert STANCE_S - frame <= gct <= STANCE_S + late + frame
    assert STRIDE_S / 2 - STANCE_S - late - frame <= flight <= STRIDE_S / 2 - STANCE_S + frame
    assert (STANCE_S - frame) / STRIDE_S <= duty <= (STANCE_S + late + frame) / STRIDE_S
    assert duty < 0.5  # running: each foot is on the ground for less than half the stride


def test_vertical_oscillation_is_the_pelvis_range_per_step() -> None:
    # the upper body rises and falls 4 cm either side once per step (0.35 s): 8 cm peak to trough
    series = running_series()
    xy = series.xy.copy()
    wave = 0.04 * np.cos(2 * np.pi * series.times_s / (STRIDE_S / 2))
    for name in ("LHip", "RHip", "LShoulder", "RShoulder", "Neck", "Nose"):
        xy[:, INDEX[name], 1] += wave
    report = analyse_keypoints(replace(series, xy=xy))
    assert report.metrics["vertical_oscillation_cm"].value == pytest.approx(8.0, abs=0.2)
    still = analyse_keypoints(series)
    assert still.metrics["vertical_oscillation_cm"].value == pytest.approx(0.0, abs=0.05)


def test_clinic_top_quartile_needs_eight_runners_and_a_value_above_the_upper_quartile() -> None:
    from stridecare.core.gait.findings import clinic_top_quartile

    clinic = [0.10, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.17]
    # upper quartile by linear interpolation: position 0.75 x 7 = 5.25 -> 0.15 + 0.25 x 0.01 = 0.1525
    flagged = clinic_top_quartile("heel_ahead_of_hip_norm", 0.16, clinic)
    assert flagged is not None and flagged.severity == "amber"
    assert "upper quartile 0.15" in flagged.message and "8 runners" in flagged.message
    assert flagged.source == "REFERENCE.md 6.4 heel_ahead_of_hip_norm"
    assert clinic_top_quartile("heel_ahead_of_hip_norm", 0.15, clinic) is None  # below 0.1525
    assert clinic_top_quartile("heel_ahead_of_hip_norm", 0.30, clinic[:7]) is None  # 7 runners: too few
