"""The human follow-up deadline of a crisis alert (REFERENCE.md 8.3 rule 2): "a human follow-up
within the clinic-defined time (default: same working day [H]); if unacknowledged, escalate to the
clinic's backup contact [H]"."""

from __future__ import annotations

import datetime as dt

WORKING_DAYS = (0, 1, 2, 3, 4)  # Monday to Friday


def follow_up_due(now: dt.datetime, day_ends: dt.time, working_days: tuple[int, ...] = WORKING_DAYS) -> dt.datetime:
    """End of the working day on which the alert was raised, in ``now``'s time zone.

    Raised after the day's end, or on a day off, it is due at the end of the next working day:
    the escalation must reach a person who is at work, and the runner has seen the crisis numbers
    at once whatever the hour.
    """
    day = now.date()
    if day.weekday() in working_days and now.time() < day_ends:
        return dt.datetime.combine(day, day_ends, tzinfo=now.tzinfo)
    for _ in range(7):
        day += dt.timedelta(days=1)
        if day.weekday() in working_days:
            return dt.datetime.combine(day, day_ends, tzinfo=now.tzinfo)
    return dt.datetime.combine(now.date() + dt.timedelta(days=1), day_ends, tzinfo=now.tzinfo)  # no working days set
