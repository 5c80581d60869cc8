"""The per-frame, per-leg confidence strip of a stored gait report, ready for the template
(SVG rectangles with classes: no inline styles, the colours live in gaitlab.css)."""

from __future__ import annotations

from stridecare.core.gait.frames import STATE_WORDS, STATES


def strip_rows(report: dict) -> dict | None:
    """{"frames", "seconds", "legs": [(label, [rect, ...])], "legend": [(state, words, share text)]}
    or None for reports made before the strip existed."""
    strip = report.get("frame_strip")
    if not isinstance(strip, dict) or not strip.get("frames"):
        return None
    frames = int(strip["frames"])
    fps = float(strip.get("fps") or 0.0)
    legs = []
    for side in ("left", "right"):
        rects = []
        for state, first, last in strip.get(side, []):
            if state not in STATE_WORDS:
                continue
            when = f"frames {first}-{last}" if last > first else f"frame {first}"
            if fps > 0:
                when += f" ({first / fps:.2f}-{(last + 1) / fps:.2f} s)"
            rects.append(
                {
                    "x": first,
                    "width": last - first + 1,
                    "state": state,
                    "title": f"{side.capitalize()} leg, {when}: {STATE_WORDS[state]}",
                }
            )
        legs.append((f"{side.capitalize()} leg", rects))
    shares = strip.get("shares", {})
    legend = []
    for state in STATES:
        left = (shares.get("left") or {}).get(state, 0.0)
        right = (shares.get("right") or {}).get(state, 0.0)
        if left or right or state == "ok":
            legend.append((state, STATE_WORDS[state], f"left {left:.0%}, right {right:.0%} of frames"))
    return {"frames": frames, "seconds": frames / fps if fps else None, "legs": legs, "legend": legend}
