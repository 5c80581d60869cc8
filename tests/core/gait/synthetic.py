"""A generated running figure with known events, for the event detector and metrics alone."""

from __future__ import annotations

import numpy as np

from stridecare.core.gait.keypoints import INDEX, KEYPOINTS, KeypointSeries

FPS = 100.0
SPEED_M_S = 3.0
STANCE_S = 0.25
STRIDE_S = 0.70
FIRST_IC_S = {"left": 0.10, "right": 0.45}
DURATION_S = 2.2
HIP_HEIGHT_M = 0.95
LAND_AHEAD_M = 0.20


SWING_HEIGHT_M = 0.15


def contact_times(side: str) -> list[tuple[float, float]]:
    """(IC, TO) times of every stance of one foot, one before and one after the clip included."""
    out = []
    t = FIRST_IC_S[side] - STRIDE_S  # a stance before the clip starts, to place the first swing
    while t < DURATION_S + STRIDE_S:
        out.append((t, t + STANCE_S))
        t += STRIDE_S
    return out


def running_series(facing: float = 1.0) -> KeypointSeries:
    """Overground runner at 3 m/s; ``facing`` -1 mirrors the picture (running towards -x)."""
    times = np.arange(0.0, DURATION_S, 1.0 / FPS)
    xy = np.zeros((len(times), len(KEYPOINTS), 2))
    hip_x = SPEED_M_S * times
    for side, prefix in (("left", "L"), ("right", "R")):
        heel = np.zeros((len(times), 2))
        contacts = contact_times(side)
        for i, t in enumerate(times):
            heel[i] = _heel(t, contacts)
        toe = heel + np.array([0.22, -0.01])
        ankle = heel + np.array([0.03, 0.08])
        hip = np.stack([hip_x, np.full_like(times, HIP_HEIGHT_M)], axis=1)
        knee = 0.5 * (hip + ankle) + np.array([0.08, 0.0])  # knee bent forward
        for name, value in (
            ("Hip", hip),
            ("Knee", knee),
            ("Ankle", ankle),
            ("Heel", heel),
            ("BigToe", toe),
            ("SmallToe", toe),
        ):
            xy[:, INDEX[prefix + name]] = value
    shoulders = np.stack([hip_x + 0.08, np.full_like(times, HIP_HEIGHT_M + 0.5)], axis=1)
    for name in ("LShoulder", "RShoulder", "Neck"):
        xy[:, INDEX[name]] = shoulders
    xy[:, INDEX["Nose"]] = shoulders + np.array([0.1, 0.25])
    xy[..., 0] *= facing
    return KeypointSeries(times, xy, np.ones(xy.shape[:2]), "m", np.zeros(xy.shape[:2]), "synthetic")


def _heel(t: float, contacts: list[tuple[float, float]]) -> np.ndarray:
    for k, (ic, to) in enumerate(contacts):
        land_x = SPEED_M_S * ic + LAND_AHEAD_M
        if ic <= t <= to:
            return np.array([land_x, 0.05])
        if k + 1 < len(contacts) and to < t < contacts[k + 1][0]:
            nxt = contacts[k + 1][0]
            phase = (t - to) / (nxt - to)
            next_x = SPEED_M_S * nxt + LAND_AHEAD_M
            x = land_x + (next_x - land_x) * 0.5 * (1 - np.cos(np.pi * phase))
            return np.array([x, 0.05 + SWING_HEIGHT_M * np.sin(np.pi * phase)])
    return np.array([SPEED_M_S * t, 0.05])


def frontal_series(drop_left_stance_deg: float, drop_right_stance_deg: float) -> KeypointSeries:
    """Runner on a treadmill seen from behind (image x = runner's right), 2D pixels-like units.

    During each stance the swing-side hip is lower by the given angle (contralateral pelvic drop).
    """
    times = np.arange(0.0, DURATION_S, 1.0 / FPS)
    xy = np.zeros((len(times), len(KEYPOINTS), 2))
    half_width = 0.1
    hip_y = {"left": np.full(len(times), HIP_HEIGHT_M), "right": np.full(len(times), HIP_HEIGHT_M)}
    for side, prefix, x in (("left", "L", -half_width), ("right", "R", half_width)):
        other = "right" if side == "left" else "left"
        drop = drop_left_stance_deg if side == "left" else drop_right_stance_deg
        contacts = contact_times(side)
        heel = np.zeros((len(times), 2))
        for i, t in enumerate(times):
            lift = 0.0
            for k, (ic, to) in enumerate(contacts):
                if ic <= t <= to:
                    hip_y[other][i] = HIP_HEIGHT_M - 2 * half_width * np.tan(np.radians(drop))
                if k + 1 < len(contacts) and to < t < contacts[k + 1][0]:
                    lift = 0.25 * np.sin(np.pi * (t - to) / (contacts[k + 1][0] - to))
            heel[i] = (x, 0.05 + lift)
        xy[:, INDEX[prefix + "Heel"]] = heel
        xy[:, INDEX[prefix + "BigToe"]] = heel + np.array([0.0, -0.01])
        xy[:, INDEX[prefix + "SmallToe"]] = heel + np.array([0.0, -0.01])
        xy[:, INDEX[prefix + "Ankle"]] = heel + np.array([0.0, 0.08])
        xy[:, INDEX[prefix + "Shoulder"], 0] = 2 * x
        xy[:, INDEX[prefix + "Shoulder"], 1] = HIP_HEIGHT_M + 0.5
    for side, prefix, x in (("left", "L", -half_width), ("right", "R", half_width)):
        xy[:, INDEX[prefix + "Hip"], 0] = x
        xy[:, INDEX[prefix + "Hip"], 1] = hip_y[side]
        xy[:, INDEX[prefix + "Knee"]] = 0.5 * (xy[:, INDEX[prefix + "Hip"]] + xy[:, INDEX[prefix + "Ankle"]])
    xy[:, INDEX["Neck"]] = [0.0, HIP_HEIGHT_M + 0.5]
    xy[:, INDEX["Nose"]] = [0.0, HIP_HEIGHT_M + 0.7]
    return KeypointSeries(times, xy, np.ones(xy.shape[:2]), "px", None, "frontal")
