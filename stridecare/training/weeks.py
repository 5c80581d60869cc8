"""The runner's weeks as the pages show them: in the runner's own time zone, from the weekly totals
the load engine precomputed (``core.load.weekly_summaries`` -> :class:`WeekTotal`), never a second sum."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.core.load import week_start

from .models import WeekTotal

AVERAGE_WEEKS = 4


def runner_zone(runner: User) -> ZoneInfo:
    """The runner's time zone: their profile's, else UTC (also for a name this machine does not know)."""
    try:
        return ZoneInfo(runner.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def runner_today(runner: User, now: dt.datetime | None = None) -> dt.date:
    """Today's date where the runner lives, whoever is looking."""
    return (now or timezone.now()).astimezone(runner_zone(runner)).date()


def distances_by_week(runner: User, weeks: list[dt.date]) -> dict[dt.date, float | None]:
    """Running distance in metres of each Monday in ``weeks``: 0 for a week inside the runner's
    history without runs, None for a week before their first run. Totals stop at the last
    recompute; a week after it had no import since, so no runs."""
    rows = {w.week_start: w.distance_m for w in WeekTotal.objects.filter(runner=runner, week_start__in=weeks)}
    first = WeekTotal.objects.filter(runner=runner).order_by("week_start").values_list("week_start", flat=True).first()
    return {w: rows.get(w, 0.0) if first is not None and w >= first else None for w in weeks}


@dataclass(frozen=True, slots=True)
class WeekComparison:
    """This week so far against last week and the average of the complete weeks before it."""

    week_start: dt.date
    today: dt.date
    this_week_m: float
    last_week_m: float | None
    average_m: float | None
    average_weeks: int
    """How many complete weeks the average is over (up to 4; fewer early in a runner's history)."""

    @property
    def has_history(self) -> bool:
        return self.last_week_m is not None or self.this_week_m > 0


def week_comparison(runner: User, today: dt.date | None = None) -> WeekComparison:
    today = today or runner_today(runner)
    monday = week_start(today)
    earlier = [monday - dt.timedelta(weeks=i) for i in range(1, AVERAGE_WEEKS + 1)]
    distances = distances_by_week(runner, [monday, *earlier])
    known = [d for w in earlier if (d := distances[w]) is not None]
    return WeekComparison(
        week_start=monday,
        today=today,
        this_week_m=distances[monday] or 0.0,
        last_week_m=distances[earlier[0]],
        average_m=sum(known) / len(known) if known else None,
        average_weeks=len(known),
    )
