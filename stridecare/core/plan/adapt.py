"""Recompute a plan from what happened (REFERENCE.md 5.3, 7.3, 0.5, 0.2.2).

The plan is never patched to make up for missed running: it is generated again from the runs
actually done, so a missed week is followed by a steady week at the level run before, and every run
stays under the single-session guard over what was really run. Illness, a worse pain report, a red
flag and the therapist's locked weeks are passed to :func:`generate_plan` as :class:`Adjustments`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from stridecare.core.load.sessions import LoadSession, week_start
from stridecare.core.plan.generate import Adjustments, generate_plan
from stridecare.core.plan.models import Goal, Plan, PlannedRun, StartingPoint
from stridecare.core.plan.settings import PlanSettings


@dataclass(frozen=True, slots=True)
class Illness:
    first_day: dt.date
    last_day: dt.date


@dataclass(frozen=True, slots=True)
class PainReport:
    on: dt.date
    is_worse: bool


def adapt_plan(
    goal: Goal,
    history: Sequence[LoadSession],
    today: dt.date,
    *,
    illnesses: Iterable[Illness] = (),
    pain_reports: Iterable[PainReport] = (),
    pause_reason: str | None = None,
    locked: Mapping[dt.date, Sequence[PlannedRun]] | None = None,
    stated: StartingPoint | None = None,
    condition: str | None = None,
    settings: PlanSettings | None = None,
    tz: ZoneInfo | None = None,
) -> Plan:
    """The plan from ``today`` on, from the runs done before today (later ones are ignored: they are
    what the plan is for). Locked weeks that have started are kept only from today's week on."""
    done = [h for h in history if h.local_date(tz) < today]
    ill: set[dt.date] = set()
    for i in illnesses:
        day = i.first_day
        while day <= i.last_day:
            ill.add(day)
            day += dt.timedelta(days=1)
    keep = {
        monday: tuple(r for r in runs if r.on >= today)
        for monday, runs in (locked or {}).items()
        if monday >= week_start(today)
    }
    adj = Adjustments(
        ill_days=frozenset(ill),
        pain_worse_on=tuple(sorted(p.on for p in pain_reports if p.is_worse and p.on <= today)),
        locked=keep,
        pause_reason=pause_reason,
        condition=condition,
    )
    return generate_plan(goal, done, today, settings=settings, stated=stated, adjustments=adj, tz=tz)
