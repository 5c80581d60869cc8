"""REFERENCE.md 8.3 rule 2: the human follow-up of a crisis alert is due the same working day [H]."""

import datetime as dt
from zoneinfo import ZoneInfo

from stridecare.core.care.crisis import follow_up_due

LONDON = ZoneInfo("Europe/London")
ENDS = dt.time(18, 0)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=LONDON)  # 23 Nov 2026 is a Monday


def test_during_the_working_day_it_is_due_at_its_end() -> None:
    assert follow_up_due(at(23, 10), ENDS) == at(23, 18)
    assert follow_up_due(at(23, 17, 59), ENDS) == at(23, 18)


def test_after_the_end_of_the_day_it_is_due_at_the_end_of_the_next_working_day() -> None:
    assert follow_up_due(at(23, 18), ENDS) == at(24, 18)
    assert follow_up_due(at(23, 23, 30), ENDS) == at(24, 18)


def test_from_friday_evening_or_the_weekend_it_is_due_on_monday() -> None:
    assert follow_up_due(at(27, 19), ENDS) == at(30, 18)  # Friday 19:00 -> Monday
    assert follow_up_due(at(28, 9), ENDS) == at(30, 18)  # Saturday
    assert follow_up_due(at(29, 23), ENDS) == at(30, 18)  # Sunday


def test_a_clinic_open_on_saturdays_is_due_on_saturday() -> None:
    assert follow_up_due(at(28, 9), dt.time(13, 0), working_days=(0, 1, 2, 3, 4, 5)) == at(28, 13)
