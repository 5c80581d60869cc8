"""Small server-side SVG charts: no JavaScript library, nothing from a CDN, readable on a phone."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import numpy as np

WIDTH, HEIGHT, PAD_L, PAD_B, PAD_T = 600, 180, 44, 22, 10


def _finite(xs, ys):
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    keep = np.isfinite(xs) & np.isfinite(ys)
    return xs[keep], ys[keep]


def line_chart(xs: Sequence[float], ys: Sequence[float], *, label: str, x_label: str, invert: bool = False,
               y_format: str = "{:.0f}", color: str = "#1f6feb") -> str:
    """A line chart as an SVG string; ``invert`` puts small values on top (pace: faster is higher)."""
    xs, ys = _finite(xs, ys)
    if xs.size < 2:
        return ""
    lo, hi = np.percentile(ys, [1, 99]) if ys.size > 20 else (ys.min(), ys.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    ys = np.clip(ys, lo, hi)
    x0, x1 = xs.min(), xs.max() if xs.max() > xs.min() else xs.min() + 1
    plot_w, plot_h = WIDTH - PAD_L - 6, HEIGHT - PAD_B - PAD_T
    px = PAD_L + (xs - x0) / (x1 - x0) * plot_w
    frac = (ys - lo) / (hi - lo)
    py = PAD_T + (frac if invert else 1 - frac) * plot_h
    step = max(1, xs.size // 800)
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(px[::step], py[::step]))
    top, bottom = (lo, hi) if invert else (hi, lo)
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" class="chart" preserveAspectRatio="none" style="width:100%;height:auto">'
        f'<title>{escape(label)}</title>'
        f'<text x="2" y="{PAD_T + 10}" font-size="11">{escape(y_format.format(top))}</text>'
        f'<text x="2" y="{PAD_T + plot_h}" font-size="11">{escape(y_format.format(bottom))}</text>'
        f'<line x1="{PAD_L}" y1="{PAD_T + plot_h}" x2="{WIDTH}" y2="{PAD_T + plot_h}" stroke="#999" stroke-width="0.5"/>'
        f'<polyline fill="none" stroke="{color}" stroke-width="1.5" points="{points}"/>'
        f'<text x="{PAD_L}" y="{HEIGHT - 4}" font-size="11">{escape(x_label)}</text></svg>'
    )


def bar_chart(labels: Sequence[str], values: Sequence[float], *, label: str, highlight: Sequence[bool] | None = None,
              value_format: str = "{:.0f}") -> str:
    """Vertical bars (weekly distance); ``highlight`` marks bars in the warning colour."""
    if not values:
        return ""
    top = max(max(values), 1e-9)
    n = len(values)
    plot_w, plot_h = WIDTH - PAD_L - 6, HEIGHT - PAD_B - PAD_T
    bar_w = plot_w / n
    bars = []
    for i, (name, value) in enumerate(zip(labels, values)):
        h = value / top * plot_h
        color = "#d9534f" if highlight and highlight[i] else "#1f6feb"
        bars.append(f'<rect x="{PAD_L + i * bar_w + 1:.1f}" y="{PAD_T + plot_h - h:.1f}" width="{max(bar_w - 2, 1):.1f}" height="{h:.1f}" fill="{color}">'
                    f'<title>{escape(name)}: {escape(value_format.format(value))}</title></rect>')
    every = max(1, math.ceil(n / 8))
    ticks = "".join(f'<text x="{PAD_L + i * bar_w:.1f}" y="{HEIGHT - 4}" font-size="10">{escape(labels[i])}</text>' for i in range(0, n, every))
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" class="chart" style="width:100%;height:auto">'
        f'<title>{escape(label)}</title><text x="2" y="{PAD_T + 10}" font-size="11">{escape(value_format.format(top))}</text>'
        f'{"".join(bars)}{ticks}</svg>'
    )


def route_svg(lat: Sequence[float], lon: Sequence[float]) -> str:
    """The route as a plain line (no map tiles), in an equirectangular projection."""
    lat, lon = _finite(lat, lon)
    if lat.size < 2:
        return ""
    x = (lon - lon.min()) * math.cos(math.radians(float(lat.mean())))
    y = lat.max() - lat
    span = max(x.max(), y.max(), 1e-9)
    size = 300
    px, py = 10 + x / span * (size - 20), 10 + y / span * (size - 20)
    step = max(1, lat.size // 1500)
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px[::step], py[::step]))
    return (f'<svg viewBox="0 0 {size} {size}" role="img" aria-label="Route" class="route" style="width:100%;max-width:320px;height:auto">'
            f'<title>Route</title><polyline fill="none" stroke="#d9534f" stroke-width="2" points="{points}"/>'
            f'<circle cx="{px[0]:.1f}" cy="{py[0]:.1f}" r="4" fill="#2da44e"/></svg>')
