"""Outcome-measure schedule of REFERENCE.md 4.9 `[H]`: which measures are due on a given day.

Baseline, then every 2 weeks during rehab, at discharge, and at 3 months; NPRS at every
session/check-in. One region-specific measure per condition plus LEFS and NPRS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

DueReason = Literal["baseline", "every_2_weeks", "discharge", "3_months", "every_session"]

# The measure recommended per condition beside LEFS and NPRS ("Outcome measures" lines of section 1).
REGION_MEASURE: dict[str, str | None] = {
    "pfp": "akps",
    "achilles_midportion": "visa-a",
    "achilles_insertional": "visa-a",
    "patellar_tendinopathy": "visa-p",
    "plantar_heel_pain": "faam-adl",  # "OM-FFI or OM-FAAM": FAAM preferred (4.5, 4.6 licence note)
    "itbs": "psfs",
    "hamstring_strain": "psfs",
    "proximal_hamstring_tendinopathy": "psfs",
    "calf_strain": "psfs",
    "lbp_nonspecific": "psfs",
    "mtss": None,
    "bsi": None,
    "gluteal_tendinopathy": None,
}


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    """4.9 is `[H]`: every interval is a clinic parameter."""

    interval_days: int = 14
    follow_up_days: int = 91  # "at 3 months", counted from baseline
    window_days: int = 3  # a measure done within this many days of its due date counts


DEFAULT_SCHEDULE = ScheduleSettings()

# Bounds a clinic may set (engineering guardrails around the 4.9 [H] defaults, not clinical values)
SCHEDULE_BOUNDS: dict[str, tuple[int, int]] = {
    "interval_days": (7, 56),
    "follow_up_days": (28, 365),
    "window_days": (0, 7),
}


def schedule_problems(settings: ScheduleSettings) -> dict[str, str]:
    """Field name -> what is wrong with a clinic's schedule (empty when usable; 4.9 `[H]`).

    Each value must lie within ``SCHEDULE_BOUNDS``; the follow-up must come after the first interval,
    and the window must be shorter than half the interval so one answer never counts for two points.
    """
    problems: dict[str, str] = {}
    for name, (low, high) in SCHEDULE_BOUNDS.items():
        value = getattr(settings, name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems[name] = f"{value!r} days is outside {low}-{high} days"
    if "interval_days" in problems:
        return problems
    if "follow_up_days" not in problems and settings.follow_up_days <= settings.interval_days:
        problems["follow_up_days"] = (
            f"the follow-up ({settings.follow_up_days} days) must come after the first interval "
            f"({settings.interval_days} days)"
        )
    if "window_days" not in problems and settings.window_days * 2 >= settings.interval_days:
        problems["window_days"] = (
            f"a window of {settings.window_days} days is too long for an interval of {settings.interval_days} "
            "days: keep it under half the interval"
        )
    return problems


@dataclass(frozen=True, slots=True)
class DueMeasure:
    measure: str
    reason: DueReason
    due_on: dt.date
    source: str = "REFERENCE.md 4.9 [H]"


def measures_for(condition: str) -> tuple[str, ...]:
    """The measure set for a condition: its region-specific measure (if any) plus LEFS and NPRS (4.9).

    FAAM means both subscales (ADL and Sports).
    """
    if condition not in REGION_MEASURE:
        raise KeyError(f"unknown condition {condition!r}")
    region = REGION_MEASURE[condition]
    regional: tuple[str, ...] = ()
    if region == "faam-adl":
        regional = ("faam-adl", "faam-sports")
    elif region is not None:
        regional = (region,)
    return regional + tuple(m for m in ("lefs", "nprs") if m not in regional)


def due_measures(
    condition: str,
    baseline_on: dt.date,
    today: dt.date,
    last_done: Mapping[str, dt.date],
    discharge_on: dt.date | None = None,
    settings: ScheduleSettings = DEFAULT_SCHEDULE,
) -> list[DueMeasure]:
    """Measures due today (for the runner's Today page): NPRS always; the others at baseline, every
    ``interval_days`` during rehab, at discharge (from ``discharge_on``), and ``follow_up_days`` after
    baseline (REFERENCE.md 4.9 `[H]`; ``settings`` is the clinic's schedule)."""
    due = [DueMeasure("nprs", "every_session", today)]
    for measure in measures_for(condition):
        if measure == "nprs":
            continue
        point = _due_point(baseline_on, today, discharge_on, settings)
        if point is None:
            continue
        reason, due_on = point
        done = last_done.get(measure)
        if done is None or done < due_on - dt.timedelta(days=settings.window_days):
            due.append(DueMeasure(measure, reason, due_on))
    return due


def _due_point(
    baseline_on: dt.date, today: dt.date, discharge_on: dt.date | None, settings: ScheduleSettings
) -> tuple[DueReason, dt.date] | None:
    """The latest schedule point on or before today."""
    follow_up = baseline_on + dt.timedelta(days=settings.follow_up_days)
    if today >= follow_up:
        return "3_months", follow_up
    if discharge_on is not None and today >= discharge_on:
        return "discharge", discharge_on
    days = (today - baseline_on).days
    if days < 0:
        return None
    if days < settings.interval_days:
        return "baseline", baseline_on
    return "every_2_weeks", baseline_on + dt.timedelta(days=days // settings.interval_days * settings.interval_days)
