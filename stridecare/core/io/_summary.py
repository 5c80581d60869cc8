"""Totals computed from per-sample arrays, shared by the FIT, GPX and TCX readers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from stridecare.core.errors import ActivityFileError
from stridecare.core.models import Activity, Samples, Source

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)
# Climbs smaller than this are treated as altimeter/GPS noise when summing elevation gain.
ELEVATION_HYSTERESIS_M = 2.0
# Without a device timer, a gap longer than this between two samples is a pause (auto-pause off).
PAUSE_GAP_S = 30.0
# ... and so is an interval slower than this (standing at a crossing).
MOVING_SPEED_M_S = 0.3


def as_float_array(values: Sequence[object], scale: float = 1.0) -> NDArray[np.float64] | None:
    """A float array from decoded values (``None`` -> NaN); ``None`` when no value is present."""
    arr = np.array([np.nan if v is None or isinstance(v, (tuple, bytes, str)) else v for v in values], dtype=np.float64)
    if arr.size == 0 or np.isnan(arr).all():
        return None
    return arr * scale if scale != 1.0 else arr


def cumulative_distance_m(lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64]) -> NDArray[np.float64]:
    """Cumulative great-circle (haversine) distance along a track, in metres; NaN points add 0."""
    lat, lon = np.radians(lat_deg), np.radians(lon_deg)
    dlat, dlon = np.diff(lat), np.diff(lon)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
    step = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return np.concatenate(([0.0], np.cumsum(np.nan_to_num(step, nan=0.0))))


def elevation_gain_m(altitude_m: NDArray[np.float64] | None) -> float | None:
    """Sum of climbs, ignoring oscillations smaller than ``ELEVATION_HYSTERESIS_M``."""
    if altitude_m is None:
        return None
    alt = altitude_m[~np.isnan(altitude_m)]
    if alt.size < 2:
        return None
    gain, anchor = 0.0, float(alt[0])
    for value in alt.tolist():
        if value - anchor >= ELEVATION_HYSTERESIS_M:
            gain += value - anchor
            anchor = value
        elif anchor - value >= ELEVATION_HYSTERESIS_M:
            anchor = value
    return gain


def moving_time_from_gaps_s(elapsed_s: NDArray[np.float64], distance_m: NDArray[np.float64] | None) -> float:
    """Moving time without a device timer: intervals that are short and not standing still."""
    if elapsed_s.size < 2:
        return 0.0
    dt = np.diff(elapsed_s)
    keep = (dt > 0) & (dt <= PAUSE_GAP_S)
    if distance_m is not None:
        dd = np.diff(distance_m)
        with np.errstate(invalid="ignore", divide="ignore"):
            slow = np.nan_to_num(dd / dt, nan=np.inf) < MOVING_SPEED_M_S
        keep &= ~slow
    return float(dt[keep].sum())


def mean_or_none(values: NDArray[np.float64] | None, *, positive_only: bool = False) -> float | None:
    """Mean of the present (non-NaN) values; ``positive_only`` drops zeros (sensor idle)."""
    if values is None:
        return None
    good = values[~np.isnan(values)]
    if positive_only:
        good = good[good > 0]
    return float(good.mean()) if good.size else None


def max_or_none(values: NDArray[np.float64] | None) -> float | None:
    if values is None or np.isnan(values).all():
        return None
    return float(np.nanmax(values))


def distance_span_m(distance_m: NDArray[np.float64] | None) -> float | None:
    """Distance covered according to a cumulative distance channel."""
    if distance_m is None:
        return None
    good = distance_m[~np.isnan(distance_m)]
    return float(good.max() - min(good[0], good.min())) if good.size else None


def activity_from_track(
    *,
    filename: str,
    sport: str,
    times_s: NDArray[np.float64],
    channels: dict[str, NDArray[np.float64] | None],
    device: str | None = None,
    utc_offset_s: int | None = None,
    sub_sport: str | None = None,
    device_totals: dict[str, float] | None = None,
    warnings: tuple[str, ...] = (),
) -> Activity:
    """Build an :class:`Activity` from a track of timestamped points (GPX, TCX).

    ``times_s`` are epoch seconds; ``channels`` use :class:`Samples` field names. ``device_totals``
    (e.g. TCX lap totals: ``distance_m``, ``moving_time_s``) win over numbers computed from the
    points, and ``Activity.sources`` records which was used.
    """
    import datetime as dt

    if times_s.size == 0:
        raise ActivityFileError(filename, "has no track points with a timestamp, so the run cannot be dated or timed")
    warn = list(warnings)
    if times_s.size > 1 and (np.diff(times_s) < 0).any():
        order = np.argsort(times_s, kind="stable")
        times_s = times_s[order]
        channels = {k: (v[order] if v is not None else None) for k, v in channels.items()}
        warn.append("track points were out of time order and have been sorted")
    lat, lon = channels.get("lat_deg"), channels.get("lon_deg")
    distance = channels.get("distance_m")
    if distance is None and lat is not None and lon is not None:
        distance = cumulative_distance_m(lat, lon)
    samples = Samples(elapsed_s=times_s - times_s[0], **{**channels, "distance_m": distance})
    computed: dict[str, float | None] = {
        "distance_m": distance_span_m(distance),
        "moving_time_s": moving_time_from_gaps_s(samples.elapsed_s, distance),
    }
    totals: dict[str, float | None] = {}
    sources: dict[str, Source] = {}
    for key, value in computed.items():
        device_value = (device_totals or {}).get(key)
        if device_value is not None:
            totals[key], sources[key] = device_value, "session"
        else:
            totals[key], sources[key] = value, "records"
    averages = {
        "avg_hr_bpm": mean_or_none(samples.hr_bpm, positive_only=True),
        "max_hr_bpm": max_or_none(samples.hr_bpm),
        "avg_cadence_spm": mean_or_none(samples.cadence_spm, positive_only=True),
        "avg_power_w": mean_or_none(samples.power_w, positive_only=True),
        "elevation_gain_m": elevation_gain_m(samples.altitude_m),
    }
    sources.update({k: "records" for k, v in averages.items() if v is not None})
    sources["elapsed_time_s"] = "records"
    elapsed = float(times_s[-1] - times_s[0])
    moving = float(totals["moving_time_s"] or 0.0)
    if moving > elapsed + 1.0:
        warn.append(
            f"the device's timer time ({moving:.0f} s) exceeds the time its points span ({elapsed:.0f} s); the span is used"
        )
        moving, sources["moving_time_s"] = elapsed, "records"
    return Activity(
        source_file=filename,
        sport=sport,
        sub_sport=sub_sport,
        device=device,
        start_utc=dt.datetime.fromtimestamp(float(times_s[0]), dt.UTC),
        utc_offset_s=utc_offset_s,
        distance_m=totals["distance_m"],
        moving_time_s=moving,
        elapsed_time_s=elapsed,
        sources=sources,
        warnings=tuple(warn),
        samples=samples,
        **averages,
    )


# No sensor reads anywhere near this; a value past it is damage ("1e308"), and would overflow the sums.
MAX_PLAUSIBLE_VALUE = 1e9


def number_or_none(text: str | None) -> float | None:
    """A number written in an XML file; ``None`` when absent, unreadable, not finite or absurd."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if abs(value) <= MAX_PLAUSIBLE_VALUE else None  # NaN and infinities fail the test too


def sport_from_name(name: str | None) -> str:
    """A sport name as written by apps (``Running``, ``Biking``, Strava's ``9``) -> FIT-style name."""
    key = (name or "").strip().lower().replace("_", " ")
    return SPORT_NAMES.get(key, key.replace(" ", "_") if key else "generic")


# Strava writes its numeric activity type into GPX <type> (1 ride, 4 hike, 9 run, 10 walk).
SPORT_NAMES: dict[str, str] = {
    "run": "running",
    "running": "running",
    "trail running": "running",
    "trail run": "running",
    "treadmill running": "running",
    "virtual run": "running",
    "9": "running",
    "ride": "cycling",
    "cycling": "cycling",
    "biking": "cycling",
    "bike": "cycling",
    "1": "cycling",
    "walk": "walking",
    "walking": "walking",
    "10": "walking",
    "hike": "hiking",
    "hiking": "hiking",
    "4": "hiking",
    "swim": "swimming",
    "swimming": "swimming",
    "other": "generic",
}
