"""Event detector on a generated running figure with known contacts (REFERENCE.md 6.3)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from stridecare.core.gait.analysis import analyse_keypoints
from stridecare.core.gait.events import MARKERS, detect_events, facing_sign, leg_length, lower_hull

from .synthetic import DURATION_S, FPS, STANCE_S, STRIDE_S, SWING_HEIGHT_M, contact_times, running_series


def _expected(side: str, kind: str) -> list[float]:
    index = 0 if kind == "initial_contact" else 1
    return [c[index] for c in contact_times(side) if 0.05 < c[index] < DURATION_S - 0.05]


@pytest.mark.parametrize("facing", [1.0, -1.0])
def test_it_finds_every_contact_within_a_frame_and_a_half(facing: float) -> None:
    series = running_series(facing)
    events = detect_events(series, MARKERS)
    # TO is where the rising foot (0.15 m sine arc over the 0.45 s swing) passes the contact
    # height (2% of leg length): asin(h / 0.15) / pi * 0.45 s after the true toe-off
    h = MARKERS.contact_height_leg * leg_length(series)
    to_delay_s = math.asin(h / SWING_HEIGHT_M) / math.pi * (STRIDE_S - STANCE_S)
    for side in ("left", "right"):
        for kind in ("initial_contact", "toe_off"):
            found = [e.time_s for e in events if e.side == side and e.type == kind]
            expected = _expected(side, kind)
            assert len(found) == len(expected), (side, kind, found, expected)
            shift = to_delay_s if kind == "toe_off" else 0.0
            for got, want in zip(found, expected, strict=True):
                # central differences make landing up to one frame late: 1.5 frames = 15 ms
                assert abs(got - want - shift) <= 1.5 / FPS


def test_facing_the_other_way_keeps_angles_and_events() -> None:
    right = analyse_keypoints(running_series(1.0))
    left = analyse_keypoints(running_series(-1.0))
    assert facing_sign(running_series(-1.0)) == -1.0
    assert right.view == "sagittal_left" and left.view == "sagittal_right"
    for name in ("knee_flex_ic_deg", "shank_angle_ic_deg", "trunk_lean_deg", "heel_ahead_of_hip_norm"):
        assert left.metrics[name].value == pytest.approx(right.metrics[name].value, abs=1e-6), name
    # the shank leans forward at contact in both directions: ankle 0.03 m ahead of the heel,
    # heel 0.20 m ahead of the hip, knee between hip and ankle shifted 0.08 m forward -> positive
    assert right.metrics["shank_angle_ic_deg"].value > 0


def test_synthetic_cadence_is_two_steps_per_stride() -> None:
    report = analyse_keypoints(running_series())
    # stride 0.70 s, feet offset by 0.35 s -> step 0.35 s -> 60 / 0.35 = 171.4 steps/min
    assert report.cadence_spm == pytest.approx(171.43, abs=0.5)
    assert report.gait == "running"  # 0.45 s swing vs 0.25 s stance leaves a 0.10 s flight


def test_lower_hull_follows_a_sloping_ground() -> None:
    points = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 1.5], [4.0, 3.0]])
    xs, ys = lower_hull(points)
    # lower hull of these points: (0,1) -> (1,0.5) -> (3,1.5) -> (4,3)
    assert xs.tolist() == [0.0, 1.0, 3.0, 4.0]
    assert ys.tolist() == [1.0, 0.5, 1.5, 3.0]
