"""Keypoint time series: the one shape every gait source (video pose, .trc file) is turned into.

Names follow HALPE-26 / COCO as Sports2D and Pose2Sim write them (``RHip``, ``LBigToe``, ...).
Coordinates are 2D in the sagittal image plane with **y up** (image rows are flipped on entry),
so "lower" always means a smaller y, whatever the source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

KEYPOINTS: tuple[str, ...] = (
    "Nose",
    "Neck",
    "RShoulder",
    "LShoulder",
    "RHip",
    "LHip",
    "RKnee",
    "LKnee",
    "RAnkle",
    "LAnkle",
    "RHeel",
    "LHeel",
    "RBigToe",
    "LBigToe",
    "RSmallToe",
    "LSmallToe",
)
INDEX: dict[str, int] = {name: i for i, name in enumerate(KEYPOINTS)}
Side = Literal["left", "right"]
SIDES: tuple[Side, ...] = ("left", "right")
PREFIX: dict[Side, str] = {"left": "L", "right": "R"}
Units = Literal["px", "m"]
# Where the keypoints come from: a keypoint file (.trc: motion-capture markers, or Sports2D/Pose2Sim
# output already smoothed by those tools) or Stridecare's own pose estimates from a video.
Origin = Literal["keypoint_file", "video"]


@dataclass(frozen=True, slots=True)
class KeypointSeries:
    """Keypoints over time: ``xy`` is (frames, len(KEYPOINTS), 2), y up; ``visibility`` in 0..1.

    ``lateral`` holds the out-of-plane coordinate (OpenSim Z, or the image x of a frontal view)
    when the source has one, else None. ``origin`` says where the keypoints come from and chooses
    the event settings (a 2D .trc with Z = 0 is still a keypoint file, not a video).
    """

    times_s: NDArray[np.float64]
    xy: NDArray[np.float64]
    visibility: NDArray[np.float64]
    units: Units
    lateral: NDArray[np.float64] | None = None
    source: str = ""
    origin: Origin = "keypoint_file"

    @property
    def n_frames(self) -> int:
        return int(self.times_s.shape[0])

    @property
    def fps(self) -> float:
        """Median frame rate from the timestamps (variable frame rates are common on phones)."""
        if self.n_frames < 2:
            return 0.0
        return float(1.0 / np.median(np.diff(self.times_s)))

    def point(self, name: str) -> NDArray[np.float64]:
        """(frames, 2) trajectory of one keypoint."""
        return self.xy[:, INDEX[name], :]

    def side_point(self, side: Side, joint: str) -> NDArray[np.float64]:
        """(frames, 2) trajectory of ``joint`` (``Hip``, ``Knee``, ...) on one side."""
        return self.xy[:, INDEX[PREFIX[side] + joint], :]

    def side_visibility(self, side: Side, joint: str) -> NDArray[np.float64]:
        return self.visibility[:, INDEX[PREFIX[side] + joint]]

    def hip_mid(self) -> NDArray[np.float64]:
        return 0.5 * (self.point("LHip") + self.point("RHip"))

    def shoulder_mid(self) -> NDArray[np.float64]:
        return 0.5 * (self.point("LShoulder") + self.point("RShoulder"))


def fill_gaps(series: KeypointSeries, max_gap_s: float = 0.25) -> KeypointSeries:
    """Linearly interpolate missing (NaN) keypoints over gaps up to ``max_gap_s``; visibility unchanged."""
    xy = series.xy.copy()
    t = series.times_s
    for k in range(xy.shape[1]):
        for c in range(2):
            values = xy[:, k, c]
            ok = np.isfinite(values)
            if ok.all() or ok.sum() < 2:
                continue
            filled = np.interp(t, t[ok], values[ok])
            # distance in time to the nearest valid sample on each side decides whether to fill
            idx = np.flatnonzero(ok)
            after = np.searchsorted(idx, np.arange(len(t)))
            prev_t = np.where(after > 0, t[idx[np.maximum(after - 1, 0)]], -np.inf)
            next_t = np.where(after < len(idx), t[idx[np.minimum(after, len(idx) - 1)]], np.inf)
            fillable = ~ok & (next_t - prev_t <= max_gap_s)
            values[fillable] = filled[fillable]
    return replace(series, xy=xy)
