"""Zero-phase smoothing of keypoint trajectories: a Butterworth low-pass run forwards and
backwards (``filtfilt``), so events are not shifted in time (REFERENCE.md 6.3 needs exact timing).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.signal import butter, filtfilt

from stridecare.core.gait.keypoints import KeypointSeries, fill_gaps

CUTOFF_HZ = 12.0
ORDER = 2


def smooth_series(series: KeypointSeries, cutoff_hz: float = CUTOFF_HZ) -> KeypointSeries:
    """Fill short gaps, then low-pass each coordinate with a zero-phase Butterworth filter.

    The cutoff is capped at 40% of the frame rate so 30 fps video is smoothed less than
    its Nyquist limit; runs of valid samples are filtered separately (NaN gaps stay NaN).
    """
    filled = fill_gaps(series)
    fps = filled.fps
    if fps <= 0:
        return filled
    wn = min(cutoff_hz, 0.4 * fps) / (fps / 2.0)
    b, a = butter(ORDER, wn)
    xy = filled.xy.copy()
    for k in range(xy.shape[1]):
        for c in range(2):
            xy[:, k, c] = _filter_runs(xy[:, k, c], b, a)
    return KeypointSeries(filled.times_s, xy, filled.visibility, filled.units, filled.lateral, filled.source)


def _filter_runs(values: NDArray[np.float64], b: NDArray[np.float64], a: NDArray[np.float64]) -> NDArray[np.float64]:
    out = values.copy()
    ok = np.isfinite(values)
    padded = np.concatenate([[False], ok, [False]]).astype(int)
    edges = np.diff(padded)
    pad = 3 * max(len(a), len(b))
    for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if end - start > pad:
            out[start:end] = filtfilt(b, a, values[start:end])
    return out
