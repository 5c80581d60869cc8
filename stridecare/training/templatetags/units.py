"""Show SI values in the runner's unit (km or miles)."""

from django import template

register = template.Library()
METRES_PER_MILE = 1609.344


def _per_unit(units: str) -> float:
    return METRES_PER_MILE if units == "mi" else 1000.0


@register.filter
def distance(metres, units="km"):
    if metres is None:
        return "-"
    return f"{metres / _per_unit(units):.2f} {units}"


@register.filter
def pace(activity_or_speed, units="km"):
    """Moving pace as m:ss per km or mile, from an object with distance_m and moving_time_s."""
    d, t = getattr(activity_or_speed, "distance_m", None), getattr(activity_or_speed, "moving_time_s", None)
    if not d or not t:
        return "-"
    seconds = t / (d / _per_unit(units))
    return f"{int(seconds // 60)}:{int(round(seconds % 60)):02d} /{units}"


@register.filter
def duration(seconds):
    if seconds is None:
        return "-"
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


@register.filter
def number(value, digits=0):
    if value is None:
        return "-"
    return f"{value:.{int(digits)}f}"
