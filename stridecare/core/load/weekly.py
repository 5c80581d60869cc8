"""Daily and weekly running totals in the runner's local time (REFERENCE.md 5.2, 5.5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from stridecare.core.load.foster import foster_week, srpe_load_au
from stridecare.core.load.sessions import LoadSession, running_sessions, week_start
from stridecare.core.models import WeekSummary

NielsenCategory = Literal["<10", "10-30", ">30"]


@dataclass(frozen=True, slots=True)
class DayTotal:
    day: dt.date
    distance_m: float
    duration_s: float
    runs: int
    longest_run_m: float
    srpe_load_au: float | None
    """``None`` when a run of the day has no RPE."""


def weekly_progression_pct(this_week_m: float, last_week_m: float) -> float | None:
    """Week-over-week change of distance in percent; ``None`` when last week had no running (5.2)."""
    if last_week_m <= 0:
        return None
    return (this_week_m / last_week_m - 1.0) * 100.0


def nielsen_category(progression_pct: float | None) -> NielsenCategory | None:
    """Nielsen 2014 class of a weekly progression ([V:R02]): < 10 (incl. negative) | 10..30 | > 30."""
    if progression_pct is None:
        return None
    if progression_pct < 10:
        return "<10"
    return "10-30" if progression_pct <= 30 else ">30"


def daily_totals(sessions: Iterable[LoadSession], tz: ZoneInfo | None = None) -> dict[dt.date, DayTotal]:
    """Running totals per local calendar day (several runs a day are summed); days without runs absent."""
    days: dict[dt.date, list[LoadSession]] = {}
    for s in running_sessions(sessions):
        days.setdefault(s.local_date(tz), []).append(s)
    out = {}
    for day, runs in days.items():
        has_rpe = all(r.rpe is not None for r in runs)
        out[day] = DayTotal(
            day,
            sum(r.distance_m for r in runs),
            sum(r.moving_time_s for r in runs),
            len(runs),
            max(r.distance_m for r in runs),
            sum(srpe_load_au(r.rpe, r.moving_time_s) for r in runs if r.rpe is not None) if has_rpe else None,
        )
    return out


def weekly_summaries(
    sessions: Iterable[LoadSession],
    tz: ZoneInfo | None = None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date | None = None,
) -> list[WeekSummary]:
    """One :class:`WeekSummary` per Monday-to-Sunday local week, weeks without runs included as 0.

    Weeks run from the week of ``since`` (default: the first run) to the week of ``until``
    (default: ``today``, else the last run). Foster's monotony and strain are given for weeks
    that ended before ``today`` and whose every run has an RPE (5.5).
    """
    days = daily_totals(sessions, tz)
    if not days and (since is None or until is None):
        return []
    first = week_start(since or min(days))
    last = week_start(until or today or max(days))
    out: list[WeekSummary] = []
    previous_m: float | None = None
    monday = first
    while monday <= last:
        week_days = [days.get(monday + dt.timedelta(days=i)) for i in range(7)]
        present = [d for d in week_days if d is not None]
        distance = sum(d.distance_m for d in present)
        longest = max((d.longest_run_m for d in present), default=0.0)
        change = weekly_progression_pct(distance, previous_m) if previous_m is not None else None
        complete = today is None or monday + dt.timedelta(days=6) < today
        srpe = monotony = strain = None
        if complete and all(d.srpe_load_au is not None for d in present) and present:
            fw = foster_week(
                [d.srpe_load_au if d is not None and d.srpe_load_au is not None else 0.0 for d in week_days]
            )
            srpe, monotony, strain = fw.weekly_load_au, fw.monotony, fw.strain
        out.append(
            WeekSummary(
                week_start=monday,
                distance_m=distance,
                duration_s=sum(d.duration_s for d in present),
                runs=sum(d.runs for d in present),
                longest_run_m=longest,
                long_run_share=longest / distance if distance > 0 else None,
                change_pct=change,
                nielsen_category=nielsen_category(change),
                srpe_load_au=srpe,
                monotony=monotony,
                strain=strain,
            )
        )
        previous_m = distance
        monday += dt.timedelta(days=7)
    return out
