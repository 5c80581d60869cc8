"""Free visit slots from a therapist's weekly hours, days off and the visits already booked.

Rules are wall-clock times in the clinic's time zone ("Mondays 09:00-17:00 in Europe/London"), so
a rule keeps its local hours across a daylight-saving change: 09:00 is 09:00 UTC in winter and
08:00 UTC in summer. Each day of a rule is turned into one interval in absolute time (UTC) and
slots are stepped through that interval in absolute time, so a night with a repeated hour has its
extra hour and a night with a missing hour loses it. A rule time that does not exist (inside a
spring-forward gap) is read with the offset before the change (PEP 495, fold=0): it moves forward
by the gap. An ambiguous time (the repeated hour) is read as its first occurrence for the start
of the hours and its second for the end, so the hours cover all of the repeated hour.

The weekly recurrence is expanded with python-dateutil's rrule (RFC 5545 RRULE semantics)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, weekday

from stridecare.core.errors import StridecareError


class SlotError(StridecareError):
    """Rules or a request for slots that cannot be computed; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class WeeklyHours:
    """One therapist's working hours on one weekday (0 = Monday) for one visit mode."""

    therapist_id: int
    mode: str
    weekday: int
    start: time
    end: time
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True, slots=True)
class DaysOff:
    """Whole local days (first..last, inclusive) a therapist (None: everyone in the clinic) is away."""

    therapist_id: int | None
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Busy:
    """An interval a therapist is already booked (aware datetimes)."""

    therapist_id: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Slot:
    therapist_id: int
    mode: str
    start: datetime  # aware, UTC
    end: datetime

    def local_start(self, tz: str) -> datetime:
        return self.start.astimezone(ZoneInfo(tz))


def _check_rule(rule: WeeklyHours) -> None:
    if not 0 <= rule.weekday <= 6:
        raise SlotError(f"Weekday {rule.weekday} is not a day of the week (0 is Monday, 6 is Sunday).")
    if rule.end <= rule.start:
        raise SlotError(f"Working hours must end after they start ({rule.start:%H:%M}-{rule.end:%H:%M}).")


def zone(tz_name: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz_name or "UTC")
    except (KeyError, ValueError) as err:
        raise SlotError(f"{tz_name!r} is not a time zone name (such as Europe/London).") from err


def _to_utc(day: date, wall: time, tz: ZoneInfo, fold: int) -> datetime:
    return datetime.combine(day, wall, tzinfo=tz).replace(fold=fold).astimezone(UTC)


def working_intervals(
    rules: Iterable[WeeklyHours], days_off: Iterable[DaysOff], first_day: date, last_day: date, tz_name: str
) -> list[tuple[WeeklyHours, datetime, datetime]]:
    """Each rule's local days between ``first_day`` and ``last_day`` (inclusive) as UTC intervals,
    days off removed."""
    tz = zone(tz_name)
    days_off = list(days_off)
    intervals = []
    for rule in rules:
        _check_rule(rule)
        start = max(first_day, rule.valid_from or first_day)
        until = min(last_day, rule.valid_until or last_day)
        if until < start:
            continue
        days = rrule(WEEKLY, byweekday=weekday(rule.weekday), dtstart=datetime.combine(start, time()), until=until)
        for occurrence in days:
            day = occurrence.date()
            if any(
                off.first_day <= day <= off.last_day and off.therapist_id in (None, rule.therapist_id)
                for off in days_off
            ):
                continue
            intervals.append((rule, _to_utc(day, rule.start, tz, fold=0), _to_utc(day, rule.end, tz, fold=1)))
    return intervals


def free_slots(
    rules: Iterable[WeeklyHours],
    *,
    busy: Iterable[Busy] = (),
    days_off: Iterable[DaysOff] = (),
    tz_name: str,
    duration_min: int,
    buffer_min: int = 0,
    step_min: int = 15,
    not_before: datetime,
    not_after: datetime,
    mode: str | None = None,
) -> list[Slot]:
    """Slots of ``duration_min`` minutes that start every ``step_min`` minutes from the start of
    the hours, fit inside the hours, and keep ``buffer_min`` minutes clear of every busy interval
    on both sides. Only slots starting in [``not_before``, ``not_after``) (aware datetimes); only
    rules of ``mode`` when given. Sorted by start, then therapist."""
    if duration_min <= 0 or step_min <= 0 or buffer_min < 0:
        raise SlotError("A visit lasts at least a minute, slots step by at least a minute, buffers are not negative.")
    if not_before.tzinfo is None or not_after.tzinfo is None:
        raise SlotError("The window of slots needs time-zone-aware datetimes.")
    tz = zone(tz_name)
    first_day = not_before.astimezone(tz).date() - timedelta(days=1)
    last_day = not_after.astimezone(tz).date()
    busy_by_therapist: dict[int, list[Busy]] = {}
    for b in busy:
        busy_by_therapist.setdefault(b.therapist_id, []).append(b)
    duration, buffer, step = timedelta(minutes=duration_min), timedelta(minutes=buffer_min), timedelta(minutes=step_min)
    found: set[Slot] = set()
    for rule, start, end in working_intervals(
        (r for r in rules if mode is None or r.mode == mode), days_off, first_day, last_day, tz_name
    ):
        taken = busy_by_therapist.get(rule.therapist_id, [])
        at = start
        while at + duration <= end:
            if not_before <= at < not_after and not any(
                at < b.end + buffer and b.start < at + duration + buffer for b in taken
            ):
                found.add(Slot(rule.therapist_id, rule.mode, at, at + duration))
            at += step
    return sorted(found, key=lambda s: (s.start, s.therapist_id, s.mode))


def is_free(slot_start: datetime, therapist_id: int, slots: Iterable[Slot]) -> Slot | None:
    """The slot of ``therapist_id`` starting at ``slot_start`` among ``slots``, or None."""
    return next((s for s in slots if s.therapist_id == therapist_id and s.start == slot_start), None)
