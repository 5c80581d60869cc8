"""Failure explained per leg and frame (issue 17 item 3): a per-frame, per-leg confidence strip,
capture advice tied to what failed, and whether a retest was filmed like its baseline.

Strip states, in order of precedence for one leg in one frame:
``none`` no person found; ``out`` the leg's landmarks lie outside the picture; ``swapped`` the pose
model named the legs the wrong way round and they were repaired from their motion; ``low`` the
leg was found with low confidence (mean landmark visibility < 0.5); ``ok`` found and confident.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from stridecare.core.gait.keypoints import SIDES, KeypointSeries, Side

State = Literal["ok", "low", "swapped", "out", "none"]
STATES: tuple[State, ...] = ("ok", "low", "swapped", "out", "none")
LEG_JOINTS = ("Hip", "Knee", "Ankle", "Heel", "BigToe")
MIN_VISIBILITY = 0.5
STATE_WORDS = {
    "ok": "seen clearly",
    "low": "hard to see",
    "swapped": "legs mixed up, repaired",
    "out": "out of the picture",
    "none": "runner not found",
}

# Advice thresholds: shares of frames ([H], practical filming limits, not clinical evidence)
OUT_SHARE = 0.1
LOW_SHARE = 0.3
SWAP_SHARE = 0.05
MIN_FPS_TIMING = 100.0
MIN_STRIDES = 10
# Retest comparability ([H]): a retest filmed differently changes the numbers by itself
FPS_TOLERANCE = 0.1
DISTANCE_TOLERANCE = 0.25
SPEED_TOLERANCE = 0.1


@dataclass(frozen=True, slots=True)
class FrameStrip:
    """Per leg, runs of frames in one state: (state, first frame, last frame), covering every frame."""

    frames: int
    fps: float
    left: tuple[tuple[State, int, int], ...]
    right: tuple[tuple[State, int, int], ...]

    def runs(self, side: Side) -> tuple[tuple[State, int, int], ...]:
        return self.left if side == "left" else self.right

    def share(self, side: Side, state: State) -> float:
        if self.frames == 0:
            return 0.0
        return sum(b - a + 1 for s, a, b in self.runs(side) if s == state) / self.frames

    def count(self, side: Side, state: State) -> int:
        return sum(b - a + 1 for s, a, b in self.runs(side) if s == state)

    def to_dict(self) -> dict[str, object]:
        return {
            "frames": self.frames,
            "fps": round(self.fps, 3),
            "left": [[s, a, b] for s, a, b in self.left],
            "right": [[s, a, b] for s, a, b in self.right],
            "shares": {side: {s: round(self.share(side, s), 3) for s in STATES} for side in SIDES},
        }


def _runs(states: list[State]) -> tuple[tuple[State, int, int], ...]:
    out: list[tuple[State, int, int]] = []
    for i, state in enumerate(states):
        if out and out[-1][0] == state:
            out[-1] = (state, out[-1][1], i)
        else:
            out.append((state, i, i))
    return tuple(out)


def strip_from_series(
    series: KeypointSeries,
    picture: tuple[int, int] | None = None,
    swapped: NDArray[np.bool_] | None = None,
) -> FrameStrip:
    """The strip of a keypoint series (y up). ``picture`` (width, height in the series' pixels,
    y up from 0) marks landmarks outside it; ``swapped`` marks frames whose legs were repaired."""
    n = series.n_frames
    per_side: dict[Side, list[State]] = {}
    for side in SIDES:
        xy = np.stack([series.side_point(side, j) for j in LEG_JOINTS], axis=1)  # (n, 5, 2)
        vis = np.stack([series.side_visibility(side, j) for j in LEG_JOINTS], axis=1)
        finite: NDArray[np.bool_] = np.isfinite(xy)
        found = np.asarray(np.any(np.all(finite, axis=2), axis=1), dtype=np.bool_)
        outside: NDArray[np.bool_] = np.zeros(n, dtype=bool)
        if picture is not None:
            width, height = picture
            with np.errstate(invalid="ignore"):
                off: NDArray[np.bool_] = (
                    (xy[..., 0] < 0) | (xy[..., 0] > width) | (xy[..., 1] < 0) | (xy[..., 1] > height)
                )
            outside = np.asarray(off.any(axis=1), dtype=np.bool_)
        low = np.mean(vis, axis=1) < MIN_VISIBILITY
        states: list[State] = []
        for f in range(n):
            if not found[f]:
                states.append("none")
            elif outside[f]:
                states.append("out")
            elif swapped is not None and swapped[f]:
                states.append("swapped")
            elif low[f]:
                states.append("low")
            else:
                states.append("ok")
        per_side[side] = states
    return FrameStrip(n, series.fps, _runs(per_side["left"]), _runs(per_side["right"]))


def swapped_frames(
    before: NDArray[np.float64], after: NDArray[np.float64], left_hip: int, right_hip: int
) -> NDArray[np.bool_]:
    """Frames whose leg chains were exchanged by the repair (the left hip now where the right was)."""
    with np.errstate(invalid="ignore"):
        moved = np.isfinite(before[:, left_hip, 0]) & ~np.isclose(before[:, left_hip], after[:, left_hip]).all(axis=1)
        return moved & np.isclose(before[:, right_hip], after[:, left_hip]).all(axis=1)


def capture(
    series: KeypointSeries, view: str, stances: tuple[Any, ...], picture: tuple[int, int] | None
) -> dict[str, object]:
    """How the clip was filmed, for comparing a retest with its baseline: view, frame rate, the
    runner's size in the picture (leg length over picture height: the camera distance) and the
    running speed in leg lengths per second (a standing foot moves backward relative to the hips at
    the running speed, overground and on a treadmill alike)."""
    from stridecare.core.gait.events import leg_length

    legs = leg_length(series)
    hip_x = series.hip_mid()[:, 0]
    speeds = []
    for stance in stances:
        a, b = stance.start_frame, stance.end_frame
        if b - a < 2:
            continue
        foot = (
            series.side_point(stance.chain, "Heel")[a : b + 1, 0]
            + series.side_point(stance.chain, "BigToe")[a : b + 1, 0]
        )
        rel = np.diff(0.5 * foot - hip_x[a : b + 1]) / np.diff(series.times_s[a : b + 1])
        rel = rel[np.isfinite(rel)]
        if len(rel):
            speeds.append(abs(float(np.median(rel))))
    out: dict[str, object] = {"view": view, "fps": round(series.fps, 2)}
    if picture is not None and series.units == "px":
        out["picture"] = [int(picture[0]), int(picture[1])]
        out["runner_size"] = round(legs / picture[1], 3)
    if speeds:
        out["speed_leg_s"] = round(float(np.median(speeds)) / legs, 3)
    return out


def capture_advice(strip: FrameStrip | None, fps: float, strides: int, warnings: tuple[str, ...]) -> list[str]:
    """Plain advice for the next video, one line for each thing that went wrong in this one."""
    out: list[str] = []
    if strip is not None:
        missing = max(strip.share(s, "out") + strip.share(s, "none") for s in SIDES)
        if missing > OUT_SHARE:
            out.append(
                f"The runner was partly or fully out of the picture in {missing:.0%} of the frames: step the phone "
                "back (at least 3 m) so the whole body, feet included, stays in view from start to end."
            )
        hard = {s: strip.share(s, "low") for s in SIDES}
        worst = max(hard, key=lambda s: hard[s])
        if hard[worst] > LOW_SHARE:
            out.append(
                f"The {worst} leg was hard to see in {hard[worst]:.0%} of the frames: film exactly from the side "
                "at hip height, in good light, with close-fitting shorts that stand out from the background."
            )
        swaps = max(strip.share(s, "swapped") for s in SIDES)
        if swaps > SWAP_SHARE:
            out.append(
                f"The left and right legs were mixed up in {swaps:.0%} of the frames (repaired from their movement): "
                "socks or shoes of different colours on each foot make them easier to tell apart."
            )
    if fps + 0.5 < MIN_FPS_TIMING:
        out.append(
            f"The video has {fps:.0f} frames per second, too few to time ground contact: film in "
            "slow motion (120 frames per second or more)."
        )
    if strides < MIN_STRIDES:
        out.append(
            f"Only {strides} full stride{'s' if strides != 1 else ''} could be measured: record at least 10 steps of "
            "each foot (about 10 seconds of steady running)."
        )
    if any("camera seems to move" in w for w in warnings):
        out.append("The camera moved: put the phone on a tripod or a shelf and leave it still while recording.")
    return out


def comparability(baseline: dict[str, object], retest: dict[str, object]) -> list[str]:
    """Warnings, in plain words, where a retest was not filmed like its baseline (view, distance,
    speed, frame rate): each of these changes the numbers by itself. Empty when comparable or when
    either analysis predates these measurements."""
    if not baseline or not retest:
        return []
    out: list[str] = []
    if baseline.get("view") != retest.get("view"):
        out.append("The two videos were filmed from different sides or angles, so their numbers are not comparable.")
    fa, fb = _num(baseline.get("fps")), _num(retest.get("fps"))
    if fa and fb and abs(fb - fa) / fa > FPS_TOLERANCE:
        out.append(
            f"The frame rates differ ({fa:.0f} and {fb:.0f} frames per second): timing numbers such as contact "
            "time change with the frame rate alone."
        )
    sa, sb = _num(baseline.get("runner_size")), _num(retest.get("runner_size"))
    if sa and sb and abs(sb - sa) / sa > DISTANCE_TOLERANCE:
        out.append(
            "The camera was at a different distance (the runner is "
            f"{'larger' if sb > sa else 'smaller'} in the picture by {abs(sb - sa) / sa:.0%}): film from the same spot."
        )
    va, vb = _num(baseline.get("speed_leg_s")), _num(retest.get("speed_leg_s"))
    if va and vb and abs(vb - va) / va > SPEED_TOLERANCE:
        out.append(
            f"The running speed differs by {abs(vb - va) / va:.0%}: cadence, contact time and angles change with "
            "speed, so run at the same pace for a retest."
        )
    return out


def _num(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None


__all__ = [
    "STATES",
    "STATE_WORDS",
    "FrameStrip",
    "capture",
    "capture_advice",
    "comparability",
    "strip_from_series",
    "swapped_frames",
]
