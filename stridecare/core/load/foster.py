"""Foster's session-RPE load, monotony and strain (REFERENCE.md 5.5, [V:R10, R11])."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def srpe_load_au(rpe_cr10: float, duration_s: float) -> float:
    """Session-RPE load in arbitrary units: CR-10 rating x duration in minutes (Foster 2001, [V:R11])."""
    return rpe_cr10 * duration_s / 60.0


@dataclass(frozen=True, slots=True)
class FosterWeek:
    weekly_load_au: float
    monotony: float | None
    strain: float | None


def foster_week(daily_loads_au: Sequence[float]) -> FosterWeek:
    """Monotony = mean / SD and strain = weekly load x monotony over 7 daily loads, rest days 0.

    SD is the population SD (ddof = 0); when it is 0 (identical days, all rest included) monotony
    and strain are undefined: ``None`` (REFERENCE.md 5.5 encoding [H]; Foster 1998 [V:R10]).
    """
    if len(daily_loads_au) != 7:
        raise ValueError(f"foster_week needs exactly 7 daily loads, got {len(daily_loads_au)}")
    mean, sd = statistics.fmean(daily_loads_au), statistics.pstdev(daily_loads_au)
    weekly = float(sum(daily_loads_au))
    monotony = None if sd == 0 else mean / sd
    return FosterWeek(weekly, monotony, None if monotony is None else weekly * monotony)
