"""The SVG charts (web/charts.py): axis titles with units, tick labels, text that is never scaled
down (no viewBox on the chart), a value for every bar and stretch of line, and "so far" for the
week still going on."""

import re

import pytest

from stridecare.core.units import format_pace
from stridecare.web.charts import bar_chart, line_chart, nice_ticks

WEEKS = [
    "14 Sep",
    "21 Sep",
    "28 Sep",
    "5 Oct",
    "12 Oct",
    "19 Oct",
    "26 Oct",
    "2 Nov",
    "9 Nov",
    "16 Nov",
    "23 Nov",
    "30 Nov",
]
KM = [19.2, 33.3, 32.5, 35.1, 21.1, 34.7, 34.2, 35.0, 20.9, 42.5, 3.1, 0.0]


def _outer_svg(svg: str) -> str:
    return re.match(r"<svg[^>]*>", svg).group(0)


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _font_sizes(svg: str) -> list[float]:
    return [float(s) for s in re.findall(r'<text[^>]*font-size="([\d.]+)"', svg)]


def test_nice_ticks_are_round_and_cover_the_range():
    assert nice_ticks(0, 42.5) == [0, 10, 20, 30, 40, 50]
    assert nice_ticks(0, 3.1) == [0, 1, 2, 3, 4]
    assert nice_ticks(300, 420, steps=(15, 30, 60)) == [300, 330, 360, 390, 420]
    assert nice_ticks(5, 5) == [5, 5.2, 5.4, 5.6, 5.8, 6]


def test_weekly_bars_have_unit_titles_ticks_and_text_that_does_not_shrink():
    svg = bar_chart(
        WEEKS,
        KM,
        label="Running distance per week, in km",
        y_title="km per week",
        x_title="week starting Monday",
        so_far=True,
    )
    outer = _outer_svg(svg)
    assert "viewBox" not in outer and 'width="100%"' in outer  # text keeps its pixel size at any width
    texts = _texts(svg)
    assert "km per week" in texts and "week starting Monday" in texts
    assert ["0", "10", "20", "30", "40", "50"] == [t for t in texts if t.isdigit()]
    assert "14 Sep" in texts and "so far" in texts
    assert min(_font_sizes(svg)) >= 12
    assert "-100" not in svg


def test_every_bar_can_be_focused_and_reads_its_value():
    details = [f"Week of {w}: {v:.1f} km" for w, v in zip(WEEKS, KM, strict=True)]
    svg = bar_chart(WEEKS, KM, label="L", y_title="km per week", x_title="week", details=details, so_far=True)
    points = re.findall(r'<g class="pt[^"]*" tabindex="0" aria-label="([^"]*)">', svg)
    assert points == details
    readouts = re.findall(r'class="readout"[^>]*>([^<]*)<', svg)
    assert readouts == details
    assert (
        svg.count('class="pt so-far"') == 1 and 'fill-opacity="0.45"' in svg
    )  # only the current week is drawn lighter


def test_highlighted_bars_are_red_and_a_phone_shows_fewer_week_labels():
    svg = bar_chart(WEEKS, KM, label="L", y_title="km per week", x_title="week", highlight=[v > 40 for v in KM])
    assert svg.count('fill="#d9534f"') == 1
    phone = re.findall(r'class="x-tick">([^<]*)<', svg)
    wide = re.findall(r'class="x-tick wide">([^<]*)<', svg)
    assert 1 < len(phone) <= 5 and len(phone) + len(wide) == 12


def test_a_bar_chart_refuses_mismatched_inputs_and_draws_nothing_without_values():
    assert bar_chart([], [], label="L", y_title="km", x_title="week") == ""
    with pytest.raises(ValueError, match="one entry per bar"):
        bar_chart(["a"], [1.0, 2.0], label="L", y_title="km", x_title="week")


def test_a_pace_chart_reads_minutes_and_seconds_never_sixty_seconds():
    distance_km = [i / 10 for i in range(101)]
    pace_s = [359.6 + (i % 7) for i in range(101)]  # 5:59.6 ... 6:05.6 per km
    svg = line_chart(
        distance_km,
        pace_s,
        label="Pace",
        y_title="pace (min:s per km)",
        x_title="distance (km)",
        invert=True,
        y_format=format_pace,
        y_steps=(5, 10, 15, 30, 60),
        readout=lambda d, p: f"around {d:.1f} km: {format_pace(p)} /km",
    )
    texts = _texts(svg)
    assert "pace (min:s per km)" in texts and "distance (km)" in texts
    assert not any(re.search(r":60\b", t) for t in texts)
    assert {"6:00", "6:05"} <= set(texts)
    assert "viewBox" not in _outer_svg(svg) and min(_font_sizes(svg)) >= 12
    points = re.findall(r'<g class="pt" tabindex="0" aria-label="([^"]*)">', svg)
    assert 30 <= len(points) <= 40 and points[0].startswith("around 0.1 km: 6:0")


def test_a_line_chart_needs_two_points_along_x():
    assert line_chart([1.0], [2.0], label="L", y_title="y", x_title="x") == ""
    assert line_chart([1.0, 1.0], [2.0, 3.0], label="L", y_title="y", x_title="x") == ""


def test_marked_points_are_dots_filled_where_marked_on_the_line():
    svg = line_chart(
        [0, 2, 4],
        [40, 45, 54],
        label="LEFS score",
        y_title="score",
        x_title="weeks",
        marks=[False, False, True],
        mark_class="meaningful",
    )
    assert svg.count("<circle cx=") == 3  # the dots (the hover markers start with their class)
    assert svg.count('class="meaningful"') == 1 and svg.count('fill="#ffffff" class="mark"') == 2
    last = re.search(r'<circle cx="([\d.]+)%" cy="([\d.]+)" r="5" fill="#2da44e"', svg)
    assert float(last.group(1)) == pytest.approx(99.0) and float(last.group(2)) < 100  # right edge, near the top
    with pytest.raises(ValueError, match="one entry per point"):
        line_chart([0, 1], [1, 2], label="L", y_title="y", x_title="x", marks=[True])
