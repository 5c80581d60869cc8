"""One way to write a prescribed dose: "3 x 15, Mon/Wed/Fri", "5 x 30-45 s, twice a day, Mon/Wed/Fri".

A prescription keeps the text it came from (the protocol phase's dosage or the library's default,
REFERENCE.md 0.5, sections 1 and 3) and the numbers the therapist set (sets, reps, hold, load) and
its days. The reference's texts carry their own frequency ("daily", "3x/week") that need not match
the days the therapist chose; the runner reads the numbers and the days, never two frequencies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stridecare.core.programs.library import _DOSE, parse_dose
from stridecare.core.programs.wording import plain_text

WEEKDAY_ABBREVIATIONS: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SIDES = re.compile(r"\b(?:each|per)\s+(side|leg|direction)\b")
_UNIT = re.compile(r"\s*(m|steps|contacts|hops|reaches)\b")
_TWICE = re.compile(r"\btwice (?:daily|a day)\b|(?<![\d-])2\s*x\s*/\s*day\b")
# the reference's own frequencies, dropped where the days say it ("daily", "3x/week", "2-3x/week")
_FREQUENCY = re.compile(r",?\s*\b(?:daily|\d(?:-\d)?\s*x\s*/\s*week)\b,?")
_TIMES_A_DAY = re.compile(r"\b(\d(?:-\d)?)\s*x\s*/\s*day\b")


def days_text(weekdays: Iterable[int]) -> str:
    """ "Mon/Wed/Fri" (0 = Monday); every day is "every day"."""
    days = sorted(set(weekdays))
    if len(days) == 7:
        return "every day"
    return "/".join(WEEKDAY_ABBREVIATIONS[d] for d in days) if days else "no days set"


def _amount(value: int | None, low: int | None, high: int | None) -> str:
    """The number, or the reference's range when the therapist kept its top ("30-45" for 45)."""
    if value is None:
        return ""
    return f"{low}-{high}" if high == value and low is not None and low != high else str(value)


def format_dose(
    text: str, sets: int | None, reps: int | None, hold_s: int | None, load_kg: float | None, weekdays: Iterable[int]
) -> str:
    """The dose as the runner reads it, from the prescribed numbers and days; ``text`` (the prescribed
    dose text) gives ranges, "each side", a unit and times a day. Without numbers, the text in plain words.

    >>> format_dose("isometrics 5 x 30-45 s daily", 5, None, 45, None, (0, 2, 4))
    '5 x 30-45 s, Mon/Wed/Fri'
    """
    parsed = parse_dose(text)
    parts: list[str] = []
    if sets is None and reps is None and hold_s is None:
        parts.append(plain_text(_FREQUENCY.sub(",", text)).strip(" ,;") or "as your therapist showed you")
    else:
        count = _amount(sets, parsed.sets_min, parsed.sets_max)
        each = _amount(reps, parsed.reps_min, parsed.reps_max)
        hold = _amount(hold_s, parsed.hold_s_min, parsed.hold_s_max)
        match = _DOSE.search(text)
        unit = _UNIT.match(text, match.end()) if match and each else None
        amount = " x ".join(x for x in (count, each + (f" {unit.group(1)}" if unit else "")) if x)
        if hold:
            amount = f"{amount}, hold {hold} s" if each else " x ".join(x for x in (count, f"{hold} s") if x)
        side = _SIDES.search(text)
        amount += f" each {side.group(1)}" if side else ""
        amount += f" at {load_kg:g} kg" if load_kg else ""
        parts.append(amount)
        per_day = _TIMES_A_DAY.search(text)
        if _TWICE.search(text):
            parts.append("twice a day")
        elif per_day and per_day.group(1) != "1":
            parts.append(f"{per_day.group(1)} times a day")
    parts.append(days_text(weekdays))
    return ", ".join(parts)
