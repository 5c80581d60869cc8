"""Zero-phase smoothing of keypoint trajectories: a Butterworth low-pass run forwards and
backwards (``filtfilt``), so events are not shifted in time (REFERENCE.md 6.3 needs exact timing).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

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
    # scipy.signal takes about a second to import (it loads scipy.stats): only when something is smoothed
    from scipy.signal import butter

    wn = min(cutoff_hz, 0.4 * fps) / (fps / 2.0)
    b, a = butter(ORDER, wn)
    xy = filled.xy.copy()
    for k in range(xy.shape[1]):
        for c in range(2):
            xy[:, k, c] = _filter_runs(xy[:, k, c], b, a)
    return replace(filled, xy=xy)


def _filter_runs(values: NDArray[np.float64], b: NDArray[np.float64], a: NDArray[np.float64]) -> NDArray[np.float64]:
    from scipy.signal import filtfilt

    out = values.copy()
    ok = np.isfinite(values)
    padded = np.concatenate([[False], ok, [False]]).astype(int)
    edges = np.diff(padded)
    pad = 3 * max(len(a), len(b))
    for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if end - start > pad:
            out[start:end] = filtfilt(b, a, values[start:end])
    return out


UNEVEN_TOLERANCE = 0.25  # a frame interval further than this share from the median: variable frame rate


def has_even_timestamps(times_s: NDArray[np.float64]) -> bool:
    """True when every frame interval is within 25% of the median (a constant frame rate)."""
    if len(times_s) < 3:
        return True
    dt = np.diff(times_s)
    median = float(np.median(dt))
    return median > 0 and bool(np.all(np.abs(dt - median) <= UNEVEN_TOLERANCE * median))


def resample_even(series: KeypointSeries) -> tuple[KeypointSeries, NDArray[np.int64]]:
    """Keypoints on an even time grid at the camera's frame interval, from the container timestamps.

    Phones record variable frame rates; the Butterworth filter, the autocorrelation and the
    event thresholds in frames all assume equal steps, so coordinates are linearly interpolated
    onto the grid (a grid sample stays NaN when its nearest original frame is NaN; visibility
    comes from the nearest frame). Returns the even series and, per grid frame, the index of the
    nearest original frame, to map events and key frames back to the video's frames.
    """
    t = series.times_s
    # the grid keeps the camera's own frame interval: dropped frames make longer gaps, never shorter
    # ones, so the lower quartile of the intervals is the nominal one (the median is not, when a
    # third of the frames is missing: intervals of 1 and 2 frames alternate)
    step = float(np.percentile(np.diff(t), 25))
    grid = t[0] + step * np.arange(int(np.floor((t[-1] - t[0]) / step + 1e-9)) + 1)
    after = np.clip(np.searchsorted(t, grid), 1, len(t) - 1)
    nearest = np.where(grid - t[after - 1] <= t[after] - grid, after - 1, after).astype(np.int64)
    xy = np.full((len(grid), *series.xy.shape[1:]), np.nan)
    for k in range(series.xy.shape[1]):
        for c in range(2):
            xy[:, k, c] = _interp_keep_gaps(t, series.xy[:, k, c], grid, nearest)
    lateral = None
    if series.lateral is not None:
        lateral = np.column_stack(
            [_interp_keep_gaps(t, series.lateral[:, k], grid, nearest) for k in range(series.lateral.shape[1])]
        )
    even = replace(series, times_s=grid, xy=xy, visibility=series.visibility[nearest], lateral=lateral)
    return even, nearest


def _interp_keep_gaps(
    t: NDArray[np.float64], values: NDArray[np.float64], grid: NDArray[np.float64], nearest: NDArray[np.int64]
) -> NDArray[np.float64]:
    ok = np.isfinite(values)
    if ok.sum() < 2:
        return np.full(len(grid), np.nan)
    out = np.interp(grid, t[ok], values[ok])
    out[~ok[nearest]] = np.nan
    return out
