"""Leg identity for side views: pose models often swap the left and right leg from frame to frame
when the legs cross, and may name the near leg wrongly. Both are fixed from geometry.

1. Continuity: each frame keeps or swaps its two leg chains (hip, knee, ankle, heel, toe),
   whichever lands closer to the positions predicted (constant velocity) from the previous frames.
2. Naming: the leg nearer the camera (smaller model depth) is the runner's left when the runner
   moves towards image right (the left side faces the camera), else the right.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

LEFT_CHAIN = (23, 25, 27, 29, 31)  # BlazePose: hip, knee, ankle, heel, foot index
RIGHT_CHAIN = (24, 26, 28, 30, 32)
TRACKED = slice(2, 5)  # ankle, heel and toe decide; hips and knees cross at other moments
BACKWARD_WEIGHT = 2.0


def fix_leg_swaps(
    xy_px: NDArray[np.float64], z_px: NDArray[np.float64], visibility: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], int]:
    """Return corrected copies of (xy, z, visibility) and the number of frames swapped.

    A Viterbi search over "keep/swap" per frame minimises how far each leg lands from its
    constant-velocity prediction (states are pairs of consecutive frames); each point's miss is
    capped so one garbled frame cannot flip all that follow.
    """
    xy, z, vis = xy_px.copy(), z_px.copy(), visibility.copy()
    left, right = list(LEFT_CHAIN), list(RIGHT_CHAIN)
    valid = np.flatnonzero(np.isfinite(xy[:, left[0], 0]))
    travel = _travel_direction(xy[valid])
    swapped = 0
    for run in np.split(valid, np.flatnonzero(np.diff(valid) > 1) + 1):
        if len(run) < 3:
            continue
        flips = _viterbi(xy[run][:, left][:, TRACKED], xy[run][:, right][:, TRACKED], travel)
        for t, flip in zip(run, flips, strict=True):
            if flip:
                _swap(xy, z, vis, int(t), left, right)
                swapped += 1
    return xy, z, vis, swapped


def _travel_direction(xy: NDArray[np.float64]) -> float:
    """+1/-1 when the hips travel over a leg length across the image (overground), else 0 (treadmill)."""
    if len(xy) < 2:
        return 0.0
    hips = 0.5 * (xy[:, 23, 0] + xy[:, 24, 0])
    leg = float(np.nanmedian(np.linalg.norm(xy[:, 23] - xy[:, 27], axis=1)))
    shift = float(hips[-1] - hips[0])
    return float(np.sign(shift)) if abs(shift) > leg else 0.0


def _viterbi(a: NDArray[np.float64], b: NDArray[np.float64], travel: float) -> list[bool]:
    """a, b: (frames, points, 2) chains as the model named them; returns per-frame swap flags.

    Overground (``travel`` = +/-1) a foot never moves backward in the image, so backward steps
    are penalised too.
    """
    n = len(a)
    scale = float(np.nanmedian(np.linalg.norm(a[:, 0] - a[:, 1], axis=1))) or 1.0  # knee->ankle length
    cap = 1.5 * scale

    def legs(t: int, flip: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        return (b[t], a[t]) if flip else (a[t], b[t])

    def miss(points: NDArray[np.float64], predicted: NDArray[np.float64]) -> float:
        d = np.linalg.norm(points - predicted, axis=1)
        return float(np.nansum(np.minimum(d, cap)))

    def backward(now: NDArray[np.float64], before: NDArray[np.float64]) -> float:
        step = travel * (now[:, 0] - before[:, 0])
        return float(np.nansum(np.minimum(np.maximum(-step, 0.0), cap)))

    # cost[(f_prev, f_cur)] for frames (t-1, t); frame 0 is kept as named (naming is fixed later)
    cost: dict[tuple[int, int], float] = {}
    back: list[dict[tuple[int, int], tuple[int, int]]] = []
    for f1 in (0, 1):
        l0, r0 = legs(0, 0)
        l1, r1 = legs(1, f1)
        cost[(0, f1)] = miss(l1, l0) + miss(r1, r0)
    for t in range(2, n):
        new: dict[tuple[int, int], float] = {}
        pointers: dict[tuple[int, int], tuple[int, int]] = {}
        for f1 in (0, 1):
            for f2 in (0, 1):
                best, arg = np.inf, (0, 0)
                for f0 in (0, 1):
                    if (f0, f1) not in cost:
                        continue
                    l0, r0 = legs(t - 2, f0)
                    l1, r1 = legs(t - 1, f1)
                    l2, r2 = legs(t, f2)
                    c = cost[(f0, f1)] + miss(l2, 2 * l1 - l0) + miss(r2, 2 * r1 - r0)
                    c += BACKWARD_WEIGHT * (backward(l2, l1) + backward(r2, r1))
                    if c < best:
                        best, arg = c, (f0, f1)
                new[(f1, f2)] = best
                pointers[(f1, f2)] = arg
        cost = new
        back.append(pointers)
    state = min(cost, key=lambda k: cost[k])
    flips = [state[1], state[0]]
    for pointers in reversed(back):
        state = pointers[state]
        flips.append(state[0])
    return [bool(f) for f in reversed(flips)]


def name_near_leg(
    xy_px: NDArray[np.float64], z_px: NDArray[np.float64], visibility: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], bool]:
    """Name the near leg from the travel direction; returns copies and whether names were exchanged."""
    left, right = list(LEFT_CHAIN), list(RIGHT_CHAIN)
    near_is_model_left = float(np.nanmean(z_px[:, left[TRACKED]])) < float(np.nanmean(z_px[:, right[TRACKED]]))
    toe_minus_heel = np.nanmean(xy_px[:, [31, 32], 0] - xy_px[:, [29, 30], 0])
    faces_image_right = bool(toe_minus_heel > 0)
    # facing image right shows the left side: the near leg must be called left
    exchange = near_is_model_left != faces_image_right
    xy, z, vis = xy_px.copy(), z_px.copy(), visibility.copy()
    if exchange:
        # the whole body's naming was mirrored: exchange arms and shoulders too
        body_left, body_right = [11, 13, 15, *left], [12, 14, 16, *right]
        for t in range(len(xy)):
            _swap(xy, z, vis, t, body_left, body_right)
    return xy, z, vis, exchange


def _swap(
    xy: NDArray[np.float64], z: NDArray[np.float64], vis: NDArray[np.float64], t: int, a: list[int], b: list[int]
) -> None:
    xy[t, a], xy[t, b] = xy[t, b].copy(), xy[t, a].copy()
    z[t, a], z[t, b] = z[t, b].copy(), z[t, a].copy()
    vis[t, a], vis[t, b] = vis[t, b].copy(), vis[t, a].copy()
