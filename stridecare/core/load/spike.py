"""Single-session spike against the longest run of the previous 30 days (REFERENCE.md 5.3).

Frandsen et al., Br J Sports Med 2025 ([V:R01]): bands and adjusted hazard rate ratios.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from stridecare.core.load.sessions import LoadSession

SpikeState = Literal["no_reference", "reference", "small_spike", "moderate_spike", "large_spike"]

# (upper bound of the fractional increase, state, HRR with 95% CI) [V:R01]
SPIKE_BANDS: tuple[tuple[float, SpikeState, str], ...] = (
    (0.10, "reference", "1.00"),
    (0.30, "small_spike", "1.64 (1.31-2.05)"),
    (1.00, "moderate_spike", "1.52 (1.16-2.00)"),
    (float("inf"), "large_spike", "2.28 (1.50-3.48)"),
)
HRR_BY_STATE: dict[str, str] = {state: hrr for _, state, hrr in SPIKE_BANDS}


@dataclass(frozen=True, slots=True)
class SpikeResult:
    state: SpikeState
    ratio: float | None
    reference_m: float | None


def classify_increase(ratio: float) -> SpikeState:
    """Band of a fractional increase (0.25 = 25% longer); bounds are inclusive upper limits."""
    ratio = round(ratio, 9)  # 5.5 km after 5 km is +10%, not +10.000000000000009%
    for upper, state, _ in SPIKE_BANDS:
        if ratio <= upper:
            return state
    return "large_spike"


def session_spike(session: LoadSession, earlier: Sequence[LoadSession], window_days: float = 30.0) -> SpikeResult:
    """Compare a run with the longest run in the ``window_days`` x 24 h before its start.

    ``earlier`` may hold any sessions; only running sessions inside the window count.
    Returns ``no_reference`` when there was no run in the window.
    """
    lo = session.start_utc - dt.timedelta(days=window_days)
    window = [s.distance_m for s in earlier if s.is_running and lo <= s.start_utc < session.start_utc]
    if not window or max(window) <= 0:
        return SpikeResult("no_reference", None, None)
    ref = max(window)
    ratio = session.distance_m / ref - 1.0
    return SpikeResult(classify_increase(ratio), ratio, ref)


def planning_guard_m(
    sessions: Sequence[LoadSession], now: dt.datetime, factor: float = 1.10, window_days: float = 30.0
) -> float | None:
    """Longest recommended next run: ``factor`` x longest run in the last ``window_days`` (LF-02)."""
    lo = now - dt.timedelta(days=window_days)
    window = [s.distance_m for s in sessions if s.is_running and lo <= s.start_utc < now]
    return factor * max(window) if window else None
