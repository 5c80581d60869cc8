"""Failure explained per leg and frame (issue 17 item 3): the strip, the advice tied to what
failed and the retest comparability check. Expected values counted by hand from the inputs."""

from __future__ import annotations

import numpy as np

from stridecare.core.gait.analysis import analyse_keypoints
from stridecare.core.gait.frames import capture_advice, comparability, strip_from_series, swapped_frames
from stridecare.core.gait.keypoints import INDEX

from .synthetic import gait_figure


def _figure():
    return gait_figure(fps=30.0, duration_s=4.0, treadmill=True)  # 120 frames, in a 1920x1080 picture


def test_strip_marks_each_leg_and_frame() -> None:
    series = _figure()
    xy, vis = series.xy.copy(), series.visibility.copy()
    xy[0:10] = np.nan  # nobody in frames 0-9
    xy[20:25, INDEX["RAnkle"], 0] = 2000.0  # right ankle beyond the right edge (x > 1920) in 20-24
    vis[40:60, [INDEX[f"L{j}"] for j in ("Hip", "Knee", "Ankle", "Heel", "BigToe")]] = 0.2  # left leg unsure
    swapped = np.zeros(series.n_frames, dtype=bool)
    swapped[70:73] = True
    from dataclasses import replace

    strip = strip_from_series(replace(series, xy=xy, visibility=vis), (1920, 1080), swapped)
    assert strip.left == (
        ("none", 0, 9),
        ("ok", 10, 39),
        ("low", 40, 59),
        ("ok", 60, 69),
        ("swapped", 70, 72),
        ("ok", 73, 119),
    )
    assert strip.right == (
        ("none", 0, 9),
        ("ok", 10, 19),
        ("out", 20, 24),
        ("ok", 25, 69),
        ("swapped", 70, 72),
        ("ok", 73, 119),
    )
    assert strip.share("left", "low") == 20 / 120
    assert strip.to_dict()["shares"]["right"]["out"] == round(5 / 120, 3)


def test_swapped_frames_are_where_the_repair_exchanged_the_legs() -> None:
    before = np.zeros((4, 33, 2))
    before[:, 23] = [[1, 1], [2, 2], [3, 3], [4, 4]]
    before[:, 24] = [[9, 9], [8, 8], [7, 7], [6, 6]]
    after = before.copy()
    after[2, 23], after[2, 24] = before[2, 24], before[2, 23]
    assert swapped_frames(before, after, 23, 24).tolist() == [False, False, True, False]


def test_advice_follows_what_failed_and_nothing_else() -> None:
    report = analyse_keypoints(_figure(), picture=(1920, 1080))
    # a clean figure at 30 fps over 4 s: only the frame rate and the stride count need advice
    advice = report.capture_advice
    assert len(advice) == 2
    assert "30 frames per second" in advice[0] and "slow motion" in advice[0]
    assert "at least 10 steps of each foot" in advice[1]
    series = _figure()
    xy = series.xy.copy()
    xy[:30] = np.nan
    from dataclasses import replace

    strip = strip_from_series(replace(series, xy=xy), (1920, 1080))
    out = capture_advice(strip, 240.0, 12, ("the camera seems to move (the background shifts between frames)",))
    assert len(out) == 2
    assert "out of the picture in 25% of the frames" in out[0]  # 30 of 120 frames
    assert "tripod" in out[1]


def test_capture_measures_speed_and_distance_from_the_clip() -> None:
    report = analyse_keypoints(_figure(), picture=(1920, 1080))
    filmed = report.capture
    assert filmed["view"] == report.view and filmed["fps"] == 30.0
    # the figure runs at 3.0 m/s with a 0.9 m leg (hip 0.95 m, ankle 0.13 m above the ground,
    # knee bent: hip-knee-ankle 0.41 + 0.41 m): about 3.0 / 0.83 = 3.6 leg lengths per second
    assert 3.2 < filmed["speed_leg_s"] < 4.0
    assert 0.2 < filmed["runner_size"] < 0.5


def test_retest_filmed_differently_is_named_in_plain_words() -> None:
    base = {"view": "sagittal_left", "fps": 30.0, "runner_size": 0.30, "speed_leg_s": 3.0}
    assert comparability(base, dict(base)) == []
    assert comparability(base, {**base, "runner_size": 0.33, "speed_leg_s": 3.2, "fps": 29.97}) == []
    warnings = comparability(base, {"view": "sagittal_right", "fps": 120.0, "runner_size": 0.20, "speed_leg_s": 3.6})
    assert len(warnings) == 4
    assert "different sides" in warnings[0]
    assert "30 and 120 frames per second" in warnings[1]
    assert "smaller in the picture by 33%" in warnings[2]
    assert "speed differs by 20%" in warnings[3]
    assert comparability({}, base) == []  # a report from before these measurements
