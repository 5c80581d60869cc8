"""Show SI values in the runner's unit (km or miles); the formats themselves live in core.units."""

from django import template

from stridecare.core.units import format_pace, format_speed, metres_per_unit, pace_s_per_unit

register = template.Library()


def _unit(units: str) -> str:
    return "mi" if units == "mi" else "km"


@register.filter
def distance(metres, units="km"):
    if metres is None:
        return "-"
    return f"{metres / metres_per_unit(_unit(units)):.2f} {_unit(units)}"


@register.filter
def distance_rounded(metres, units="km"):
    """One decimal, for a sentence or a card: "12.4 km"."""
    if metres is None:
        return "-"
    return f"{metres / metres_per_unit(_unit(units)):.1f} {_unit(units)}"


@register.filter
def pace(activity, units="km"):
    """Moving pace as m:ss per km or mile, from an object with distance_m and moving_time_s."""
    seconds = pace_s_per_unit(
        getattr(activity, "distance_m", None), getattr(activity, "moving_time_s", None), _unit(units)
    )
    return "-" if seconds is None else f"{format_pace(seconds)} /{_unit(units)}"


@register.filter
def pace_number(activity, units="km"):
    """The pace alone ("5:35"), under a column heading that names the unit."""
    seconds = pace_s_per_unit(
        getattr(activity, "distance_m", None), getattr(activity, "moving_time_s", None), _unit(units)
    )
    return format_pace(seconds)


@register.filter
def pace_or_speed(activity, units="km"):
    """Pace for running, walking and hiking; average speed for rides and other sports."""
    if activity.is_foot_sport:
        return pace(activity, units)
    return format_speed(getattr(activity, "distance_m", None), getattr(activity, "moving_time_s", None), _unit(units))


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
