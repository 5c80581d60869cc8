"""Distances, paces and speeds in the runner's chosen unit, written the way runners read them.

Everything is stored in SI units (metres, seconds); these functions are the one place that turns
them into "5:32 /km" or "8.4 mi". Pages, charts and the command line all call them.
"""

from __future__ import annotations

import math
from typing import Literal

DistanceUnit = Literal["km", "mi"]
METRES_PER_UNIT: dict[str, float] = {"km": 1000.0, "mi": 1609.344}


def metres_per_unit(units: str) -> float:
    """1000 for "km", 1609.344 for "mi"; anything else is a programming error."""
    try:
        return METRES_PER_UNIT[units]
    except KeyError:
        raise ValueError(f"units must be 'km' or 'mi', not {units!r}") from None


def format_pace(seconds_per_unit: float | None) -> str:
    """A pace as minutes:seconds, rounded to the whole second first so 359.6 s reads "6:00", never
    "5:60"; paces of an hour or more per unit read "1:02:03". "-" when unknown or not finite."""
    if seconds_per_unit is None or not math.isfinite(seconds_per_unit) or seconds_per_unit <= 0:
        return "-"
    total_s = math.floor(seconds_per_unit + 0.5)  # half a second up, as a stopwatch shows it
    hours, rest = divmod(total_s, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def pace_s_per_unit(distance_m: float | None, duration_s: float | None, units: str) -> float | None:
    """Seconds per km or mile over ``distance_m`` in ``duration_s``; None without a distance or time."""
    if not distance_m or not duration_s or distance_m <= 0 or duration_s <= 0:
        return None
    return duration_s / (distance_m / metres_per_unit(units))


def format_speed(distance_m: float | None, duration_s: float | None, units: str) -> str:
    """Average speed as "24.3 km/h" or "15.1 mph" (rides and other sports read speed, not pace)."""
    if not distance_m or not duration_s or distance_m <= 0 or duration_s <= 0:
        return "-"
    per_hour = distance_m / metres_per_unit(units) / (duration_s / 3600)
    return f"{per_hour:.1f} {'mph' if units == 'mi' else 'km/h'}"
