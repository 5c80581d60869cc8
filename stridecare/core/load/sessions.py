"""The light record the load engine works on, and how a run is placed on a local calendar day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from stridecare.core.models import RUNNING_SPORTS, Activity


@dataclass(frozen=True, slots=True)
class LoadSession:
    """One session as the load engine needs it (the DB layer builds these from its rows).

    ``start_utc`` is timezone-aware; ``utc_offset_s`` the offset the watch recorded, if any;
    ``rpe`` the runner's CR-10 session rating (REFERENCE.md 5.5) when logged; ``ref`` an id that
    findings carry back (the activity's primary key, or its file name).
    """

    start_utc: dt.datetime
    distance_m: float
    moving_time_s: float
    sport: str = "running"
    utc_offset_s: int | None = None
    rpe: float | None = None
    ref: str | None = None

    @property
    def is_running(self) -> bool:
        return self.sport in RUNNING_SPORTS

    def local_start(self, tz: ZoneInfo | None) -> dt.datetime:
        """The start as the runner lived it: the watch's own offset when recorded, else ``tz``, else UTC."""
        if self.utc_offset_s is not None:
            return self.start_utc.astimezone(dt.timezone(dt.timedelta(seconds=self.utc_offset_s)))
        return self.start_utc.astimezone(tz or dt.UTC)

    def local_date(self, tz: ZoneInfo | None) -> dt.date:
        return self.local_start(tz).date()


def session_from_activity(activity: Activity, *, rpe: float | None = None, ref: str | None = None) -> LoadSession:
    """A :class:`LoadSession` from a read activity (distance 0 when the file has none)."""
    return LoadSession(
        start_utc=activity.start_utc,
        distance_m=activity.distance_m or 0.0,
        moving_time_s=activity.moving_time_s,
        sport=activity.sport,
        utc_offset_s=activity.utc_offset_s,
        rpe=rpe,
        ref=ref if ref is not None else activity.source_file,
    )


def sessions_from_activities(
    activities: Iterable[Activity], rpe_by_ref: Mapping[str, float] | None = None
) -> list[LoadSession]:
    """Sessions for many activities; ``rpe_by_ref`` maps ``source_file`` to the logged RPE."""
    rpe = rpe_by_ref or {}
    return [session_from_activity(a, rpe=rpe.get(a.source_file)) for a in activities]


def running_sessions(sessions: Iterable[LoadSession]) -> list[LoadSession]:
    """Running sessions only (REFERENCE.md 5.3: exclude walking and cycling), oldest first."""
    return sorted((s for s in sessions if s.is_running), key=lambda s: s.start_utc)


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())
