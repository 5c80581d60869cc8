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


def gait_figure(
    *,
    fps: float,
    step_s: float = 0.355,
    stance_s: float = 0.22,
    speed_m_s: float = 3.0,
    duration_s: float = 8.0,
    treadmill: bool = False,
    far_leg_bias_m: float = 0.0,
    portrait: bool = False,
    noise_leg: float = 0.0,
    seed: int = 0,
) -> KeypointSeries:
    """A walking or running figure as a pose model would give it from a phone video (pixels, y up).

    Feet: one ``step_s`` apart, each on the ground for ``stance_s`` (longer than a step: walking,
    with double support; shorter: running, with flight), landing 0.2 m ahead of the hips. On a
    treadmill the hips stay put and a standing foot moves backward at the belt speed (the same
    motion with the body's travel taken out). ``far_leg_bias_m`` shifts every landmark of the
    right (far) leg forward, as a half-hidden far leg reads in a pose model: the feet's separation
    then repeats only once per stride. ``portrait``: a 1080x1920 picture with the runner filling
    60% of its height; landscape 1920x1080 with 70%. ``noise_leg``: landmark jitter (share of leg).
    """
    stride = 2.0 * step_s
    times = np.arange(0.0, duration_s, 1.0 / fps)
    first = {"left": 0.1, "right": 0.1 + step_s}
    xy_m = np.zeros((len(times), len(KEYPOINTS), 2))
    hip_x = speed_m_s * times
    lift = 0.35 if stance_s < step_s else 0.08  # a running heel rises towards the buttocks
    for side, prefix in (("left", "L"), ("right", "R")):
        contacts = []
        t = first[side] - 2 * stride
        while t < duration_s + stride:
            contacts.append((t, t + stance_s))
            t += stride
        heel = np.zeros((len(times), 2))
        for i, now in enumerate(times):
            heel[i] = _heel_at(now, contacts, speed_m_s, lift)
        toe = heel + np.array([0.22, -0.01])
        ankle = heel + np.array([0.03, 0.08])
        hip = np.stack([hip_x, np.full_like(times, HIP_HEIGHT_M)], axis=1)
        knee = 0.5 * (hip + ankle) + np.array([0.08, 0.0])
        bias = np.array([far_leg_bias_m if side == "right" else 0.0, 0.0])
        for name, value in (("Hip", hip), ("Knee", knee), ("Ankle", ankle), ("Heel", heel), ("BigToe", toe)):
            xy_m[:, INDEX[prefix + name]] = value + (bias if name != "Hip" else 0.0)
        xy_m[:, INDEX[prefix + "SmallToe"]] = xy_m[:, INDEX[prefix + "BigToe"]]
    shoulders = np.stack([hip_x + 0.08, np.full_like(times, HIP_HEIGHT_M + 0.5)], axis=1)
    for name in ("LShoulder", "RShoulder", "Neck"):
        xy_m[:, INDEX[name]] = shoulders
    xy_m[:, INDEX["Nose"]] = shoulders + np.array([0.1, 0.25])
    if treadmill:
        xy_m[..., 0] -= hip_x[:, None]
    else:
        xy_m[..., 0] -= hip_x[len(hip_x) // 2]  # the middle of the run at the picture's centre
    width, height = (1080, 1920) if portrait else (1920, 1080)
    px_per_m = (0.6 if portrait else 0.7) * height / (HIP_HEIGHT_M + 0.75)
    xy = xy_m * px_per_m + np.array([width / 2.0, 0.1 * height])
    if noise_leg:
        xy = xy + np.random.default_rng(seed).normal(0.0, noise_leg * 0.9 * px_per_m, xy.shape)
    return KeypointSeries(times, xy, np.ones(xy.shape[:2]), "px", None, "figure", origin="video")


def _heel_at(t: float, contacts: list[tuple[float, float]], speed: float, lift: float) -> np.ndarray:
    # the heel rises quickly after toe-off and drops late before contact (square root of a sine)
    for k, (ic, to) in enumerate(contacts):
        land_x = speed * ic + LAND_AHEAD_M
        if ic <= t <= to:
            return np.array([land_x, 0.05])
        if k + 1 < len(contacts) and to < t < contacts[k + 1][0]:
            nxt = contacts[k + 1][0]
            phase = (t - to) / (nxt - to)
            next_x = speed * nxt + LAND_AHEAD_M
            x = land_x + (next_x - land_x) * 0.5 * (1 - np.cos(np.pi * phase))
            return np.array([x, 0.05 + lift * np.sqrt(np.sin(np.pi * phase))])
    return np.array([speed * t, 0.05])
