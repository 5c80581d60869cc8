"""Exponentially weighted acute:chronic load ratio, uncoupled (REFERENCE.md 5.4 d-e).

Williams et al. 2017 ([V:R08]) EWMA with lambda = 2/(N+1); chronic EWMA lagged 7 days so the acute
week is not part of it (uncoupling, Lolli 2019 [V:R05]; Stridecare default [H]). Context only:
ACWR thresholds are contested and showed a negative dose-response in runners ([V:R01]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from stridecare.core.load.sessions import LoadSession, running_sessions
from stridecare.core.load.settings import LoadSettings


@dataclass(frozen=True, slots=True, eq=False)
class EwmaSeries:
    """Daily series from ``first_day``: load, acute and chronic EWMA, and the uncoupled ratio
    (NaN while warming up or when the lagged chronic value is 0)."""

    first_day: dt.date
    load: NDArray[np.float64]
    acute: NDArray[np.float64]
    chronic: NDArray[np.float64]
    ratio: NDArray[np.float64]

    def ratio_on(self, day: dt.date) -> float | None:
        i = (day - self.first_day).days
        if not 0 <= i < self.ratio.size or np.isnan(self.ratio[i]):
            return None
        return float(self.ratio[i])


def ewma(load: NDArray[np.float64], n_days: int) -> NDArray[np.float64]:
    """EWMA(t) = lambda L[t] + (1 - lambda) EWMA(t-1), lambda = 2/(N+1), seeded with the mean of
    the first 7 days (5.4 e [H])."""
    lam = 2.0 / (n_days + 1)
    out = np.empty_like(load)
    if load.size == 0:
        return out
    out[0] = load[:7].mean()
    for t in range(1, load.size):
        out[t] = lam * load[t] + (1 - lam) * out[t - 1]
    return out


def daily_load(
    sessions: Iterable[LoadSession], first_day: dt.date, last_day: dt.date, tz: ZoneInfo | None, unit: str
) -> NDArray[np.float64]:
    """Load per local day (rest days 0): distance km or duration min of running sessions."""
    load = np.zeros((last_day - first_day).days + 1)
    for s in running_sessions(sessions):
        i = (s.local_date(tz) - first_day).days
        if 0 <= i < load.size:
            load[i] += s.distance_m / 1000.0 if unit == "distance_km" else s.moving_time_s / 60.0
    return load


def uncoupled_ewma_acwr(
    sessions: Iterable[LoadSession],
    first_day: dt.date,
    last_day: dt.date,
    tz: ZoneInfo | None = None,
    settings: LoadSettings | None = None,
) -> EwmaSeries:
    """ratio_uEWMA(t) = EWMA_acute(t) / EWMA_chronic(t - 7), from ``first_day`` (start of history)
    to ``last_day``; undefined (NaN) before ``ewma_warmup_days`` of history or when chronic is 0
    (no run in the chronic span ending at t - 7)."""
    cfg = settings or LoadSettings()
    load = daily_load(sessions, first_day, last_day, tz, cfg.ewma_load)
    acute, chronic = ewma(load, cfg.ewma_acute_days), ewma(load, cfg.ewma_chronic_days)
    ratio = np.full(load.size, np.nan)
    lag, span = 7, cfg.ewma_chronic_days
    for t in range(max(cfg.ewma_warmup_days, lag), load.size):
        # A chronic EWMA with no run in its own 28-day span is only the decayed tail of an old
        # history: treated as 0 (a long break), so the ratio is undefined, not huge (5.4 e).
        if load[max(0, t - lag - span + 1) : t - lag + 1].sum() > 0 and chronic[t - lag] > 0:
            ratio[t] = acute[t] / chronic[t - lag]
    return EwmaSeries(first_day, load, acute, chronic, ratio)
