"""Paces, speeds and distances in the runner's unit (core.units): one pace format for every page."""

import math

import pytest

from stridecare.core.units import format_pace, format_speed, metres_per_unit, pace_s_per_unit


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (359.6, "6:00"),  # rounds into the minute: never "5:60"
        (359.49, "5:59"),
        (359.5, "6:00"),  # half a second up, like a stopwatch
        (300.0, "5:00"),
        (61.2, "1:01"),
        (3599.7, "1:00:00"),
        (3725.0, "1:02:05"),
    ],
)
def test_a_pace_rounds_the_whole_time_first(seconds, expected):
    assert format_pace(seconds) == expected


@pytest.mark.parametrize("seconds", [None, 0.0, -5.0, math.nan, math.inf])
def test_an_unknown_pace_is_a_dash(seconds):
    assert format_pace(seconds) == "-"


def test_no_pace_between_five_and_six_minutes_reads_sixty_seconds():
    paces = [format_pace(300 + i / 100) for i in range(0, 6000)]
    assert not any(p.endswith(":60") for p in paces)
    assert paces[-1] == "6:00" and paces[0] == "5:00"


def test_pace_per_km_and_per_mile():
    assert pace_s_per_unit(10_000, 3000, "km") == pytest.approx(300)
    assert pace_s_per_unit(1609.344, 480, "mi") == pytest.approx(480)
    assert pace_s_per_unit(None, 3000, "km") is None and pace_s_per_unit(5000, 0, "km") is None


def test_speed_reads_km_per_hour_or_mph():
    assert format_speed(30_000, 3600, "km") == "30.0 km/h"
    assert format_speed(1609.344 * 15, 3600, "mi") == "15.0 mph"
    assert format_speed(0, 3600, "km") == "-"


def test_an_unknown_unit_is_refused():
    with pytest.raises(ValueError, match="'km' or 'mi'"):
        metres_per_unit("furlong")
