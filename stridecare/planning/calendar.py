"""The plan as pages and calendars show it: weeks of planned runs, ticked by the runs imported."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from stridecare.core.load.sessions import week_start

from .actions import runner_zone
from .models import PlanRunRow, PlanWeekRow, TrainingPlan

SOON_WEEKS = 4  # the runner's page shows this week and the next three open, later weeks folded


@dataclass
class DayRun:
    run: PlanRunRow
    done_m: float | None
    """Distance run that day (any running activity), None when nothing was imported for it."""

    @property
    def is_done(self) -> bool:
        return self.done_m is not None


@dataclass
class CalendarWeek:
    row: PlanWeekRow
    runs: list[DayRun] = field(default_factory=list)
    extra_m: list[tuple[dt.date, float]] = field(default_factory=list)
    is_current: bool = False
    is_past: bool = False

    @property
    def done_count(self) -> int:
        return sum(1 for r in self.runs if r.is_done)


def run_days_m(plan: TrainingPlan) -> dict[dt.date, float]:
    """Running distance per local day of the runner (the ticks)."""
    from stridecare.training.imports import runner_sessions

    tz = runner_zone(plan.runner)
    out: dict[dt.date, float] = {}
    for s in runner_sessions(plan.runner):
        if s.is_running:
            out[s.local_date(tz)] = out.get(s.local_date(tz), 0.0) + s.distance_m
    return out


def plan_calendar(plan: TrainingPlan, today: dt.date) -> dict:
    ran = run_days_m(plan)
    monday = week_start(today)
    weeks: list[CalendarWeek] = []
    for row in plan.weeks.prefetch_related("runs"):
        week = CalendarWeek(row, is_current=row.week_start == monday, is_past=row.week_start < monday)
        planned_days = set()
        for run in row.runs.all():
            planned_days.add(run.on)
            week.runs.append(DayRun(run, ran.get(run.on)))
        week.extra_m = [
            (d, m)
            for d, m in sorted(ran.items())
            if row.week_start <= d <= row.week_end and d not in planned_days and d <= today
        ]
        weeks.append(week)
    current = next((w for w in weeks if w.is_current), None)
    upcoming = [r for w in weeks for r in w.runs if r.run.on >= today and not r.is_done]
    soon_until = monday + dt.timedelta(weeks=SOON_WEEKS)
    return {
        "weeks": weeks,
        "weeks_soon": [w for w in weeks if w.row.week_start < soon_until],
        "weeks_later": [w for w in weeks if w.row.week_start >= soon_until],
        "this_week": current,
        "next_run": upcoming[0] if upcoming else None,
    }


def plan_to_ics(plan: TrainingPlan) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Stridecare//Training plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Stridecare training plan")
    for run in PlanRunRow.objects.filter(week__plan=plan).order_by("on"):
        event = Event()
        event.add("uid", f"plan-{plan.pk}-{run.on.isoformat()}-{run.pk}@stridecare")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", run.on)
        event.add("dtend", run.on + dt.timedelta(days=1))
        event.add("summary", f"{run.words} {run.distance_m / 1000:.1f} km")
        event.add("description", f"{run.reason} Details in Stridecare: {settings.SITE_URL}/plan/")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
