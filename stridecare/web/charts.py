"""Small server-side SVG charts: no JavaScript library, nothing from a CDN, readable on a phone.

The charts have no viewBox: an SVG scaled down to a phone's width by a viewBox shrinks its text
with it (a 600-unit chart on a 343 px screen shows 11 px text at 6 px). Instead the outer SVG is
as wide as its box and as tall as a fixed number of pixels; horizontal positions are percentages
and text sizes are pixels, so every label is drawn at its own size (13 px, never under 12) at any
width. The line itself is drawn in a nested SVG stretched over the plot area.

Every bar, and every stretch of a line chart, is a focusable group: hovering it, tapping it or
tabbing to it shows its value under the axis title, at the right (CSS ``:hover``/``:focus`` in
app.css; charts.js gives a tapped group the focus on browsers that do not). The SVG ``<title>``
alone would show nothing on a phone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

import numpy as np
import numpy.typing as npt

# A chart's values: a list, or a numpy array (NaN where there is no value).
Series = Sequence[float] | npt.NDArray[Any]

FONT_PX = 13
HEIGHT_PX = 240
TOP_PX, BOTTOM_PX = 46, 44  # above: the axis title, then the value readout; below: tick labels and the x title
READOUT_Y = 32
PLOT_RIGHT_PCT = 99.0
# The y tick labels sit right-aligned left of the plot, in a margin sized (in percent of the width)
# for the longest label on the narrowest phone box (300 px), digits being about 0.6 em wide.
NARROWEST_PX, DIGIT_PX = 300, 0.6 * FONT_PX
PHONE_TICKS, WIDE_TICKS = 5, 12  # at most this many x tick labels on a phone / on a wide screen
LINE_STRIPS = 40  # hover stretches of a line chart


def _plain(value: float) -> str:
    return f"{value:g}"


def _finite(xs: Series, ys: Series) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    keep = np.isfinite(xs) & np.isfinite(ys)
    return xs[keep], ys[keep]


def nice_ticks(lo: float, hi: float, *, target: int = 5, steps: Sequence[float] | None = None) -> list[float]:
    """Round tick values covering ``lo``..``hi`` with about ``target`` intervals: 0, 10, 20, 30, 40, 50.

    ``steps`` are the allowed intervals (e.g. 15, 30, 60 s for a pace); by default 1, 2, 2.5 and 5
    times a power of ten. The first tick is at or below ``lo`` and the last at or above ``hi``.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("tick range must be finite")
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(target, 1)
    if steps:
        step = next((s for s in sorted(steps) if s >= raw), max(steps))
    else:
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * 0.999)
    first, last = math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step
    count = int(round((last - first) / step))
    return [round(first + i * step, 10) for i in range(count + 1)]


def _left_pct(tick_labels: Sequence[str]) -> float:
    """The left margin in percent: room for the longest y tick label on a 300 px wide chart."""
    longest = max((len(t) for t in tick_labels), default=1)
    return min(20.0, max(6.0, (longest * DIGIT_PX + 8) / NARROWEST_PX * 100))


def _x_pct(left: float, fraction: float) -> float:
    return left + fraction * (PLOT_RIGHT_PCT - left)


def _text(
    x: str,
    y: float,
    body: str,
    *,
    anchor: str = "start",
    size: int = FONT_PX,
    cls: str = "",
    dx: int = 0,
    bold: bool = False,
) -> str:
    extra = f' class="{cls}"' if cls else ""
    shift = f' dx="{dx}"' if dx else ""
    weight = ' font-weight="600"' if bold else ""
    return f'<text x="{x}" y="{y:.1f}"{shift} font-size="{size}" text-anchor="{anchor}"{weight}{extra}>{escape(body)}</text>'


def _frame(label: str, y_title: str, x_title: str, hint: str, body: str, left: float) -> str:
    """The outer SVG: titles, the tap hint and the chart body."""
    return (
        f'<svg class="chart" width="100%" height="{HEIGHT_PX}" role="group" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        + _text("0", 14, y_title, bold=True)
        + _text("100%", READOUT_Y, hint, anchor="end", cls="hint")
        + body
        + _text(f"{left:.1f}%", HEIGHT_PX - 4, x_title, cls="x-title")
        + "</svg>"
    )


def _y_axis(ticks: Sequence[float], to_px: Callable[[float], float], fmt: Callable[[float], str], left: float) -> str:
    out = []
    for tick in ticks:
        y = to_px(tick)
        out.append(
            f'<line class="grid" x1="{left:.1f}%" x2="{PLOT_RIGHT_PCT}%" y1="{y:.1f}" y2="{y:.1f}" stroke="#d0d7de" stroke-width="1"/>'
        )
        out.append(_text(f"{left:.1f}%", y + 4.5, fmt(tick), anchor="end", dx=-4, cls="y-tick"))
    return "".join(out)


def _readout(body: str) -> str:
    """The value of one bar or stretch, shown right-aligned under the axis title while it has hover or focus."""
    return _text("100%", READOUT_Y, body, anchor="end", cls="readout", bold=True)


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    label: str,
    y_title: str,
    x_title: str,
    details: Sequence[str] | None = None,
    highlight: Sequence[bool] | None = None,
    so_far: bool = False,
    value_format: Callable[[float], str] = _plain,
    tick_format: Callable[[float], str] = _plain,
) -> str:
    """Vertical bars (weekly distance), one tick label per few bars.

    ``labels``: the short tick label of each bar ("14 Sep"); ``details``: what a tap on it reads
    ("Week of 14 Sep: 19.2 km"), by default the label and ``value_format(value)``; ``tick_format``
    writes the y axis values; ``highlight``
    marks bars in the warning colour; ``so_far``: the last bar is a week still going on, drawn
    lighter and labelled "so far".
    """
    if not values:
        return ""
    n = len(values)
    if (
        len(labels) != n
        or (details is not None and len(details) != n)
        or (highlight is not None and len(highlight) != n)
    ):
        raise ValueError("labels, values, details and highlight must have one entry per bar")
    ticks = nice_ticks(0.0, max(max(values), 0.0) or 1.0)
    top, plot_h = ticks[-1], HEIGHT_PX - TOP_PX - BOTTOM_PX

    def to_px(v: float) -> float:
        return TOP_PX + plot_h * (1 - v / top)

    left = _left_pct([tick_format(t) for t in ticks])
    slot = (PLOT_RIGHT_PCT - left) / n
    body = [_y_axis(ticks, to_px, tick_format, left)]
    for i, value in enumerate(values):
        x, h = left + i * slot, max(value, 0.0) / top * plot_h
        current = so_far and i == n - 1
        colour = "#d9534f" if highlight and highlight[i] else "#1f6feb"
        lighter = ' fill-opacity="0.45"' if current else ""
        text = details[i] if details is not None else f"{labels[i]}: {value_format(value)}"
        body.append(
            f'<g class="pt{" so-far" if current else ""}" tabindex="0" aria-label="{escape(text)}">'
            f'<rect class="hit" x="{x:.2f}%" y="{TOP_PX}" width="{slot:.2f}%" height="{plot_h}" fill="transparent"/>'
            f'<rect class="bar" x="{x + slot * 0.1:.2f}%" y="{TOP_PX + plot_h - h:.1f}" width="{slot * 0.8:.2f}%" height="{h:.1f}" '
            f'fill="{colour}"{lighter}/>' + _readout(text) + "</g>"
        )
    body.append(_bar_ticks(labels, so_far, left, slot))
    return _frame(label, y_title, x_title, "Tap or point at a bar for its value", "".join(body), left)


def _bar_ticks(labels: Sequence[str], so_far: bool, left: float, slot: float) -> str:
    """Tick labels under the bars: every few bars on a phone, more on a wide screen ("wide" class),
    and "so far" under a week still going on."""
    n = len(labels)
    every_wide = max(1, math.ceil(n / WIDE_TICKS))
    every_phone = every_wide * max(1, math.ceil(math.ceil(n / PHONE_TICKS) / every_wide))
    y = HEIGHT_PX - BOTTOM_PX + 18
    out = []
    for i in range(0, n, every_wide):
        gap = n - 1 - i  # bars between this label and the "so far" one
        if so_far and gap < max(every_wide * 0.7, 1):
            continue
        phone = i % every_phone == 0 and not (so_far and gap < every_phone * 0.7)
        out.append(_tick(left + (i + 0.5) * slot, y, labels[i], "x-tick" if phone else "x-tick wide"))
    if so_far:
        out.append(_tick(left + (n - 0.5) * slot, y, "so far", "x-tick so-far-label"))
    return "".join(out)


def _tick(x_pct: float, y: float, body: str, cls: str) -> str:
    """A tick label centred under its position, or ending there near the right edge."""
    anchor, x = ("end", PLOT_RIGHT_PCT) if x_pct > 94 else ("middle", x_pct)
    return _text(f"{x:.2f}%", y, body, anchor=anchor, cls=cls)


def line_chart(
    xs: Series,
    ys: Series,
    *,
    label: str,
    y_title: str,
    x_title: str,
    invert: bool = False,
    y_format: Callable[[float], str] = _plain,
    x_format: Callable[[float], str] = _plain,
    readout: Callable[[float, float], str] | None = None,
    y_steps: Sequence[float] | None = None,
    x_steps: Sequence[float] | None = None,
    color: str = "#1f6feb",
    marks: Sequence[bool] | None = None,
    mark_class: str = "filled",
) -> str:
    """A line chart as an SVG string; ``invert`` puts small values on top (pace: faster is higher).

    ``y_format``/``x_format`` write tick values; ``readout(x, y)`` what a tap on a stretch of the
    line reads (default "x: y"), with ``y`` the mean of that stretch; ``y_steps``/``x_steps`` the
    allowed tick intervals (see :func:`nice_ticks`); ``marks``: one per point, a dot on it, filled
    (class ``mark_class``) where True, hollow where False.
    """
    if marks is not None and len(marks) != len(xs):
        raise ValueError("marks must have one entry per point")
    dots = _dots(xs, ys, marks, mark_class, color) if marks is not None else []
    xs, ys = _finite(xs, ys)
    if xs.size < 2 or xs.max() <= xs.min():
        return ""
    lo, hi = np.percentile(ys, [1, 99]) if ys.size > 20 else (ys.min(), ys.max())
    ticks = nice_ticks(float(lo), float(hi), steps=y_steps)
    lo, hi = ticks[0], ticks[-1]
    x0, x1 = float(xs.min()), float(xs.max())
    plot_h = HEIGHT_PX - TOP_PX - BOTTOM_PX

    def frac_y(v):
        f = (np.clip(v, lo, hi) - lo) / (hi - lo)
        return f if invert else 1 - f

    def to_px(v: float) -> float:
        return TOP_PX + plot_h * float(frac_y(v))

    step = max(1, xs.size // 800)
    px, py = (xs[::step] - x0) / (x1 - x0) * 1000, frac_y(ys[::step]) * 1000
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px, py, strict=True))
    left = _left_pct([y_format(t) for t in ticks])
    body = [
        _y_axis(ticks, to_px, y_format, left),
        f'<svg x="{left:.1f}%" y="{TOP_PX}" width="{PLOT_RIGHT_PCT - left:.1f}%" height="{plot_h}" viewBox="0 0 1000 1000" '
        f'preserveAspectRatio="none" aria-hidden="true"><polyline fill="none" stroke="{color}" stroke-width="2" '
        f'vector-effect="non-scaling-stroke" stroke-linejoin="round" points="{points}"/></svg>',
        _line_points(xs, ys, x0, x1, to_px, readout or (lambda x, y: f"{x_format(x)}: {y_format(y)}"), color, left),
        _line_ticks(x0, x1, x_format, x_steps, left),
        "".join(
            f'<circle cx="{_x_pct(left, (x - x0) / (x1 - x0)):.2f}%" cy="{to_px(y):.1f}" r="5" {attrs}/>'
            for x, y, attrs in dots
        ),
    ]
    return _frame(label, y_title, x_title, "Tap or point at the line for its value", "".join(body), left)


def _dots(xs: Series, ys: Series, marks: Sequence[bool], mark_class: str, color: str) -> list[tuple[float, float, str]]:
    """(x, y, circle attributes) of each finite point: filled where marked, hollow otherwise."""
    out = []
    for x, y, filled in zip(xs, ys, marks, strict=True):
        if math.isfinite(x) and math.isfinite(y):
            look = f'fill="#2da44e" class="{mark_class}"' if filled else 'fill="#ffffff" class="mark"'
            out.append((float(x), float(y), f'{look} stroke="{color}" stroke-width="1.5"'))
    return out


def _line_points(
    xs,
    ys,
    x0: float,
    x1: float,
    to_px: Callable[[float], float],
    readout: Callable[[float, float], str],
    color: str,
    left: float,
) -> str:
    """Focusable stretches along the line, each reading the mean value over its stretch."""
    width = (PLOT_RIGHT_PCT - left) / LINE_STRIPS
    edges = np.linspace(x0, x1, LINE_STRIPS + 1)
    which = np.clip(np.searchsorted(edges, xs, side="right") - 1, 0, LINE_STRIPS - 1)
    plot_h = HEIGHT_PX - TOP_PX - BOTTOM_PX
    out = []
    for i in range(LINE_STRIPS):
        inside = ys[which == i]
        if inside.size == 0:
            continue
        mean, middle = float(inside.mean()), float((edges[i] + edges[i + 1]) / 2)
        x_pct = left + (i + 0.5) * width
        text = readout(middle, mean)
        out.append(
            f'<g class="pt" tabindex="0" aria-label="{escape(text)}">'
            f'<rect class="hit" x="{left + i * width:.2f}%" y="{TOP_PX}" width="{width:.2f}%" height="{plot_h}" fill="transparent"/>'
            f'<line class="marker" x1="{x_pct:.2f}%" x2="{x_pct:.2f}%" y1="{TOP_PX}" y2="{TOP_PX + plot_h}" stroke="#57606a" stroke-width="1"/>'
            f'<circle class="marker" cx="{x_pct:.2f}%" cy="{to_px(mean):.1f}" r="4" fill="{color}"/>'
            + _readout(text)
            + "</g>"
        )
    return "".join(out)


def _line_ticks(x0: float, x1: float, fmt: Callable[[float], str], steps: Sequence[float] | None, left: float) -> str:
    y = HEIGHT_PX - BOTTOM_PX + 18
    ticks = [t for t in nice_ticks(x0, x1, target=PHONE_TICKS - 1, steps=steps) if x0 - 1e-9 <= t <= x1 + 1e-9]
    return "".join(_tick(_x_pct(left, (t - x0) / (x1 - x0)), y, fmt(t), "x-tick") for t in ticks)


def route_svg(lat: Series, lon: Series) -> str:
    """The route as a plain line (no map tiles), in an equirectangular projection. Points without
    a position (NaN: no fix, or hidden by a privacy zone) break the line: it never joins across."""
    lat, lon = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    finite = np.isfinite(lat) & np.isfinite(lon)
    if finite.sum() < 2:
        return ""
    flat, flon = lat[finite], lon[finite]
    x = (lon - flon.min()) * math.cos(math.radians(float(flat.mean())))
    y = flat.max() - lat
    span = max(float(np.nanmax(x[finite])), float(np.nanmax(y[finite])), 1e-9)
    size = 300
    px, py = 10 + x / span * (size - 20), 10 + y / span * (size - 20)
    step = max(1, int(finite.sum()) // 1500)
    lines = []
    for piece in _runs(finite):
        idx = piece[::step] if piece.size > step else piece
        if idx[-1] != piece[-1]:
            idx = np.append(idx, piece[-1])
        if idx.size >= 2:
            points = " ".join(f"{px[i]:.1f},{py[i]:.1f}" for i in idx)
            lines.append(f'<polyline fill="none" stroke="#d9534f" stroke-width="2" points="{points}"/>')
    first = int(np.flatnonzero(finite)[0])
    return (
        f'<svg viewBox="0 0 {size} {size}" role="img" aria-label="Route" class="route">'
        f"<title>Route</title>{''.join(lines)}"
        f'<circle cx="{px[first]:.1f}" cy="{py[first]:.1f}" r="4" fill="#2da44e"/></svg>'
    )


def _runs(keep: np.ndarray) -> list[np.ndarray]:
    """Index arrays of each unbroken run of True in ``keep``."""
    idx = np.flatnonzero(keep)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > 1) + 1
    return np.split(idx, breaks)
