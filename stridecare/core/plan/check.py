"""Check a plan against the existing rules: 5.3's spike rule per run, 7.3 and 5.2's weekly bands.

Used by the tests over random histories and goals, and on the therapist page for weeks they locked
or edited (a generated week never breaks a rule; an edited one may, and the therapist is told).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from stridecare.core.load.sessions import LoadSession
from stridecare.core.load.spike import session_spike
from stridecare.core.load.weekly import weekly_summaries
from stridecare.core.plan.generate import planned_session
from stridecare.core.plan.models import Plan
from stridecare.core.plan.settings import PlanSettings


@dataclass(frozen=True, slots=True)
class PlanIssue:
    kind: str
    on: dt.date
    message: str


def check_plan(
    plan: Plan, history: Sequence[LoadSession], settings: PlanSettings | None = None, tz: ZoneInfo | None = None
) -> list[PlanIssue]:
    """Every planned run must be ``reference`` by :func:`session_spike` over the history and the runs
    planned before it (a race or goal run included); every plan week's change over the week before,
    already-run distance included, must stay at or under the weekly increase cap (7.3), hence never a
    weekly jump (> 30%, 5.2). A week where nothing is planned is not checked: what the runner has
    already run there is history, which no plan can undo (it plans nothing more in that week)."""
    s = settings or PlanSettings()
    issues: list[PlanIssue] = []
    sessions = sorted((h for h in history if h.is_running), key=lambda h: h.start_utc)
    for run in sorted(plan.runs, key=lambda r: r.on):
        session = planned_session(run, tz)
        result = session_spike(session, sessions, s.window_days)
        if result.state != "reference":
            issues.append(
                PlanIssue("spike", run.on, f"{run.on}: {run.distance_m:.0f} m is {result.state} (ratio {result.ratio})")
            )
        sessions.append(session)
    if not plan.weeks:
        return issues
    first = plan.weeks[0].week_start
    by_week = {
        w.week_start: w
        for w in weekly_summaries(sessions, tz, since=first - dt.timedelta(days=7), until=plan.weeks[-1].week_start)
    }
    for week in plan.weeks:
        summary = by_week.get(week.week_start)
        if summary is None or summary.change_pct is None or not week.runs:
            continue
        if summary.change_pct > s.weekly_increase_max_pct + 1e-6:
            issues.append(
                PlanIssue("weekly", week.week_start, f"week of {week.week_start}: +{summary.change_pct:.1f}%")
            )
    return issues
