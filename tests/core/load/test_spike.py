"""Session spike against the longest run of the previous 30 days (REFERENCE.md 5.3, Frandsen 2025)."""

import datetime as dt

import pytest

from stridecare.core.load import classify_increase, planning_guard_m, session_spike

from .helpers import run


@pytest.mark.parametrize(
    ("ratio", "state"),
    [
        (-0.5, "reference"),
        (0.10, "reference"),
        (0.1001, "small_spike"),
        (0.30, "small_spike"),
        (0.3001, "moderate_spike"),
        (1.00, "moderate_spike"),
        (1.0001, "large_spike"),
        (3.0, "large_spike"),
    ],
)
def test_published_bands(ratio, state):
    assert classify_increase(ratio) == state


def test_it_compares_with_the_longest_run_of_the_previous_30_days():
    earlier = [
        run("2025-02-28T07:00", 14),  # 31 days before: outside the window
        run("2025-03-11T07:00", 8),
        run("2025-03-21T07:00", 10),
        run("2025-03-25T07:00", 30, sport="cycling"),  # not a run
    ]
    result = session_spike(run("2025-03-31T07:00", 12), earlier)
    assert result.reference_m == 10_000
    assert result.ratio == pytest.approx(0.2)  # 12 / 10 - 1
    assert result.state == "small_spike"


def test_the_window_is_30_times_24_hours_and_includes_its_start():
    edge = run("2025-03-01T07:00", 10)
    assert session_spike(run("2025-03-31T07:00", 10), [edge]).reference_m == 10_000
    assert session_spike(run("2025-03-31T07:01", 10), [edge]).state == "no_reference"


def test_an_earlier_run_the_same_day_is_part_of_the_reference():
    morning = run("2025-03-31T06:00", 10)
    assert session_spike(run("2025-03-31T18:00", 10), [morning]).state == "reference"


def test_no_run_in_30_days_has_no_reference():
    result = session_spike(run("2025-03-31T07:00", 5), [])
    assert (result.state, result.ratio, result.reference_m) == ("no_reference", None, None)


def test_planning_guard_is_110_percent_of_the_longest_recent_run():
    sessions = [run("2025-03-11T07:00", 8), run("2025-03-21T07:00", 10)]
    now = dt.datetime(2025, 3, 31, 12, tzinfo=dt.UTC)
    assert planning_guard_m(sessions, now) == pytest.approx(11_000)
    assert planning_guard_m(sessions, now + dt.timedelta(days=40)) is None
