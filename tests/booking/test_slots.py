"""Free slots from weekly hours (stridecare.core.booking.slots), no database.

Expected values are worked out by hand from the published 2026 changes: the UK moves to summer
time (BST, UTC+1) at 01:00 UTC on Sunday 29 March 2026 and back to GMT (UTC+0) at 01:00 UTC on
Sunday 25 October 2026; the US east coast moves to EDT (UTC-4) on Sunday 8 March 2026 at 02:00
local (tz database, the source of zoneinfo)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from stridecare.core.booking.slots import Busy, DaysOff, SlotError, WeeklyHours, free_slots

LONDON = "Europe/London"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def starts(slots, tz=LONDON):
    return [s.local_start(tz).strftime("%a %d %b %H:%M %Z") for s in slots]


def test_monday_hours_keep_their_local_time_across_the_spring_change():
    rule = WeeklyHours(therapist_id=1, mode="clinic", weekday=0, start=time(9), end=time(10))
    slots = free_slots(
        [rule], tz_name=LONDON, duration_min=30, step_min=30, not_before=utc(2026, 3, 23), not_after=utc(2026, 4, 1)
    )
    assert [s.start for s in slots] == [
        utc(2026, 3, 23, 9, 0),  # GMT: local 09:00 is 09:00 UTC
        utc(2026, 3, 23, 9, 30),
        utc(2026, 3, 30, 8, 0),  # BST: local 09:00 is 08:00 UTC
        utc(2026, 3, 30, 8, 30),
    ]
    assert starts(slots) == [
        "Mon 23 Mar 09:00 GMT",
        "Mon 23 Mar 09:30 GMT",
        "Mon 30 Mar 09:00 BST",
        "Mon 30 Mar 09:30 BST",
    ]


def test_the_night_the_clocks_go_back_has_its_repeated_hour():
    # Sunday 00:00-03:00 local on 25 Oct 2026: from 00:00 BST (23:00 UTC on the 24th) to 03:00 GMT
    # (03:00 UTC) is four hours, so four one-hour slots, 01:00 twice.
    rule = WeeklyHours(therapist_id=1, mode="clinic", weekday=6, start=time(0), end=time(3))
    slots = free_slots(
        [rule], tz_name=LONDON, duration_min=60, step_min=60, not_before=utc(2026, 10, 24), not_after=utc(2026, 10, 26)
    )
    assert [s.start for s in slots] == [
        utc(2026, 10, 24, 23),
        utc(2026, 10, 25, 0),
        utc(2026, 10, 25, 1),
        utc(2026, 10, 25, 2),
    ]
    assert starts(slots) == [
        "Sun 25 Oct 00:00 BST",
        "Sun 25 Oct 01:00 BST",
        "Sun 25 Oct 01:00 GMT",
        "Sun 25 Oct 02:00 GMT",
    ]


def test_the_night_the_clocks_go_forward_loses_its_missing_hour():
    # Sunday 00:00-03:00 local on 29 Mar 2026: 00:00 GMT (00:00 UTC) to 03:00 BST (02:00 UTC) is two hours.
    rule = WeeklyHours(therapist_id=1, mode="clinic", weekday=6, start=time(0), end=time(3))
    slots = free_slots(
        [rule], tz_name=LONDON, duration_min=60, step_min=60, not_before=utc(2026, 3, 28), not_after=utc(2026, 3, 30)
    )
    assert starts(slots) == ["Sun 29 Mar 00:00 GMT", "Sun 29 Mar 02:00 BST"]
    assert [s.end for s in slots] == [utc(2026, 3, 29, 1), utc(2026, 3, 29, 2)]


def test_new_york_tuesday_mornings_across_the_us_change():
    rule = WeeklyHours(therapist_id=7, mode="telehealth", weekday=1, start=time(8), end=time(8, 45))
    slots = free_slots(
        [rule],
        tz_name="America/New_York",
        duration_min=45,
        not_before=utc(2026, 3, 1),
        not_after=utc(2026, 3, 15),
    )
    assert [s.start for s in slots] == [utc(2026, 3, 3, 13), utc(2026, 3, 10, 12)]  # EST UTC-5, then EDT UTC-4


def test_a_booked_visit_and_its_buffer_block_the_slots_around_it():
    rule = WeeklyHours(therapist_id=1, mode="clinic", weekday=0, start=time(9), end=time(12))
    visit = Busy(therapist_id=1, start=utc(2026, 1, 12, 10, 0), end=utc(2026, 1, 12, 10, 45))  # Monday, GMT
    other_therapist = Busy(therapist_id=2, start=utc(2026, 1, 12, 9), end=utc(2026, 1, 12, 12))
    slots = free_slots(
        [rule],
        busy=[visit, other_therapist],
        tz_name=LONDON,
        duration_min=45,
        buffer_min=15,
        step_min=15,
        not_before=utc(2026, 1, 12),
        not_after=utc(2026, 1, 13),
    )
    # 09:00-09:45 ends 15 min before the visit; 11:00 starts 15 min after it; 11:15-12:00 is the last that fits.
    assert starts(slots) == ["Mon 12 Jan 09:00 GMT", "Mon 12 Jan 11:00 GMT", "Mon 12 Jan 11:15 GMT"]


def test_days_off_remove_the_therapists_days_and_clinic_holidays_everyones():
    rules = [WeeklyHours(therapist_id=1, mode="clinic", weekday=d, start=time(9), end=time(10)) for d in range(5)] + [
        WeeklyHours(therapist_id=2, mode="clinic", weekday=2, start=time(9), end=time(10))
    ]
    slots = free_slots(
        rules,
        days_off=[
            DaysOff(1, date(2026, 1, 13), date(2026, 1, 14)),
            DaysOff(None, date(2026, 1, 16), date(2026, 1, 16)),
        ],
        tz_name=LONDON,
        duration_min=60,
        not_before=utc(2026, 1, 12),
        not_after=utc(2026, 1, 17),
    )
    assert [(s.therapist_id, s.local_start(LONDON).day) for s in slots] == [(1, 12), (2, 14), (1, 15)]


def test_only_slots_inside_the_window_and_of_the_mode_asked_for():
    rules = [
        WeeklyHours(therapist_id=1, mode="clinic", weekday=0, start=time(9), end=time(11)),
        WeeklyHours(therapist_id=1, mode="telehealth", weekday=0, start=time(14), end=time(15)),
    ]
    slots = free_slots(
        rules,
        tz_name=LONDON,
        duration_min=60,
        step_min=30,
        not_before=utc(2026, 1, 12, 9, 15),
        not_after=utc(2026, 1, 19),
        mode="clinic",
    )
    assert starts(slots) == ["Mon 12 Jan 09:30 GMT", "Mon 12 Jan 10:00 GMT"]


def test_rules_valid_from_a_date_start_that_day():
    rule = WeeklyHours(
        therapist_id=1, mode="clinic", weekday=0, start=time(9), end=time(10), valid_from=date(2026, 1, 19)
    )
    slots = free_slots([rule], tz_name=LONDON, duration_min=60, not_before=utc(2026, 1, 1), not_after=utc(2026, 1, 27))
    assert [s.local_start(LONDON).date() for s in slots] == [date(2026, 1, 19), date(2026, 1, 26)]


@pytest.mark.parametrize(
    "rule, message",
    [
        (WeeklyHours(1, "clinic", 0, time(10), time(9)), "must end after they start"),
        (WeeklyHours(1, "clinic", 7, time(9), time(10)), "not a day of the week"),
    ],
)
def test_bad_rules_say_what_is_wrong(rule, message):
    with pytest.raises(SlotError, match=message):
        free_slots([rule], tz_name=LONDON, duration_min=30, not_before=utc(2026, 1, 1), not_after=utc(2026, 1, 8))


def test_naive_window_and_unknown_zone_are_refused():
    rule = WeeklyHours(1, "clinic", 0, time(9), time(10))
    with pytest.raises(SlotError, match="aware"):
        free_slots([rule], tz_name=LONDON, duration_min=30, not_before=datetime(2026, 1, 1), not_after=utc(2026, 2, 1))
    with pytest.raises(SlotError, match="not a time zone"):
        free_slots(
            [rule], tz_name="Mars/Olympus", duration_min=30, not_before=utc(2026, 1, 1), not_after=utc(2026, 2, 1)
        )
