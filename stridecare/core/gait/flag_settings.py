"""Gait flag thresholds of REFERENCE.md 6.4 that a clinic may change: those tagged ``[H]``.

6.4 tags these cut-offs ``[H]`` (a heuristic the reference chose, not a published number), so each
is a clinic default: the app stores a clinic's overrides and passes a :class:`GaitFlagSettings` to
:func:`stridecare.core.gait.findings.build_findings`. Published values (the ``[K]`` Altman & Davis
foot-strike classes) and the ``[H]`` rules Stridecare cannot yet make adjustable are listed in
:data:`FIXED_RULES` with the reason.

The accepted range of each setting (``low``-``high``) is Stridecare's guard against typing errors,
not a clinical statement: REFERENCE.md gives no range for them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stridecare.core.errors import InputError


def _f(
    default: float,
    label: str,
    unit: str,
    comparator: str,
    low: float,
    high: float,
    reference: str,
    evidence: str,
    source: str,
) -> Any:
    return field(
        default=default,
        metadata={
            "label": label,
            "unit": unit,
            "comparator": comparator,
            "low": low,
            "high": high,
            "reference": reference,
            "evidence": evidence,
            "source": source,
        },
    )


@dataclass(frozen=True, slots=True)
class GaitFlagSettings:
    """The [H] thresholds of the 6.4 flag rules; defaults are REFERENCE.md's. See :meth:`describe`."""

    shank_angle_ic_above_deg: float = _f(
        10.0,
        "Shank angle at contact, flag above",
        "deg",
        ">",
        0.0,
        30.0,
        "[H] amber > 10 deg at IC; also the shank arm of the overstride composite (shank_angle_ic > 10 deg)",
        "[V:R15] concept; thresholds [H]",
        "REFERENCE.md 6.4 shank_angle_ic_deg, overstride",
    )
    overstride_knee_flex_ic_below_deg: float = _f(
        15.0,
        "Overstride, knee flexion at contact below",
        "deg",
        "<",
        0.0,
        40.0,
        "[H] overstride TRUE if shank_angle_ic > 10 deg AND knee_flex_ic < 15 deg",
        "[K] + [V:R14] (extended knee at IC in injured runners)",
        "REFERENCE.md 6.4 overstride (composite)",
    )
    knee_flex_ic_below_deg: float = _f(
        10.0,
        "Knee flexion at contact, flag below",
        "deg",
        "<",
        0.0,
        40.0,
        "[H] amber < 10 deg",
        "[V:R14] direction",
        "REFERENCE.md 6.4 knee_flex_ic_deg",
    )
    trunk_lean_above_deg: float = _f(
        20.0,
        "Trunk lean at mid-stance, flag above",
        "deg",
        ">",
        0.0,
        45.0,
        "info; [H] amber > 20 deg",
        "[V:R14] direction",
        "REFERENCE.md 6.4 trunk_lean_deg",
    )
    pelvic_drop_at_least_deg: float = _f(
        7.0,
        "Pelvic drop, flag at or above",
        "deg",
        ">=",
        1.0,
        20.0,
        "[H] amber >= 7 deg or side difference >= 3 deg",
        "OR 1.8/deg [V:R14]",
        "REFERENCE.md 6.4 pelvic_drop_deg",
    )
    pelvic_drop_side_difference_at_least_deg: float = _f(
        3.0,
        "Pelvic drop, flag a left/right difference at or above",
        "deg",
        ">=",
        0.5,
        10.0,
        "[H] amber >= 7 deg or side difference >= 3 deg",
        "OR 1.8/deg [V:R14]",
        "REFERENCE.md 6.4 pelvic_drop_deg",
    )
    knee_fppa_above_deg: float = _f(
        10.0,
        "Knee frontal-plane projection angle, flag above",
        "deg",
        ">",
        0.0,
        30.0,
        "[H] amber > 10 deg",
        "[K]",
        "REFERENCE.md 6.4 knee_fppa_deg",
    )
    gct_asymmetry_amber_pct: float = _f(
        5.0,
        "Contact-time asymmetry, amber at or above",
        "%",
        ">=",
        1.0,
        50.0,
        "[H] amber >= 5%, red >= 10% or new asymmetry after injury",
        "[K]/[H]",
        "REFERENCE.md 6.4 gct_asymmetry_pct",
    )
    gct_asymmetry_red_pct: float = _f(
        10.0,
        "Contact-time asymmetry, red at or above",
        "%",
        ">=",
        1.0,
        50.0,
        "[H] amber >= 5%, red >= 10% or new asymmetry after injury",
        "[K]/[H]",
        "REFERENCE.md 6.4 gct_asymmetry_pct",
    )

    def __post_init__(self) -> None:
        problems = validate_flag_settings({f.name: getattr(self, f.name) for f in dataclasses.fields(self)})
        if problems:
            raise InputError("; ".join(problems.values()))

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> GaitFlagSettings:
        """Settings with a clinic's overrides (missing names keep REFERENCE.md's default); raises
        :class:`InputError` naming every unknown, non-numeric or out-of-range value."""
        problems = validate_flag_settings(values)
        if problems:
            raise InputError("; ".join(problems.values()))
        return cls(**{name: float(value) for name, value in values.items()})

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """One row per setting: name, default, unit, comparator, accepted range, the REFERENCE.md
        rule with its tag, evidence and source (for the clinic's settings page)."""
        return [{"name": f.name, "default": f.default, **f.metadata} for f in dataclasses.fields(cls)]

    def overrides(self) -> dict[str, float]:
        """The settings that differ from REFERENCE.md's defaults (what a clinic stores)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if getattr(self, f.name) != f.default}

    def is_default(self, name: str) -> bool:
        value: float = getattr(self, name)
        return value == DEFAULTS[name]


def validate_flag_settings(values: Mapping[str, Any]) -> dict[str, str]:
    """Every problem with a (partial) set of thresholds, keyed by setting name ("" for a problem of
    the whole set); empty when all is well. Missing names count as REFERENCE.md's default."""
    fields = {f.name: f for f in dataclasses.fields(GaitFlagSettings)}
    problems: dict[str, str] = {}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        problems[""] = f"unknown gait flag setting(s): {', '.join(unknown)}"
    for name, value in values.items():
        if name not in fields:
            continue
        meta = fields[name].metadata
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            problems[name] = f"{meta['label']}: must be a number, not {value!r}"
        elif not meta["low"] <= value <= meta["high"]:
            unit = meta["unit"]
            problems[name] = (
                f"{meta['label']}: {value_text(value, unit)} is outside the accepted range "
                f"{number_text(meta['low'])}-{value_text(meta['high'], unit)} (REFERENCE.md default {value_text(DEFAULTS[name], unit)})"
            )
    amber = values.get("gct_asymmetry_amber_pct", DEFAULTS["gct_asymmetry_amber_pct"])
    red = values.get("gct_asymmetry_red_pct", DEFAULTS["gct_asymmetry_red_pct"])
    if not {"gct_asymmetry_amber_pct", "gct_asymmetry_red_pct"} & set(problems) and red <= amber:
        problems["gct_asymmetry_red_pct"] = (
            f"Contact-time asymmetry: the red threshold ({number_text(red)}%) must be above the amber "
            f"threshold ({number_text(amber)}%)"
        )
    return problems


def threshold_text(settings: GaitFlagSettings, name: str) -> str:
    """A threshold as a rule shows it: "10 deg", or "12 deg (clinic setting; REFERENCE.md default 10 deg)"."""
    unit = _UNITS[name]
    text = value_text(getattr(settings, name), unit)
    if not settings.is_default(name):
        text += f" (clinic setting; REFERENCE.md default {value_text(DEFAULTS[name], unit)})"
    return text


def number_text(value: float) -> str:
    """10.0 -> "10", 12.5 -> "12.5"."""
    return f"{value:g}"


def value_text(value: float, unit: str) -> str:
    """A value with its unit: "10 deg", "5%"."""
    return f"{number_text(value)}%" if unit == "%" else f"{number_text(value)} {unit}"


def _default(f: dataclasses.Field[Any]) -> float:
    if not isinstance(f.default, float):
        raise TypeError(f"GaitFlagSettings.{f.name} needs a float default")
    return f.default


DEFAULTS: dict[str, float] = {f.name: _default(f) for f in dataclasses.fields(GaitFlagSettings)}
_UNITS: dict[str, str] = {f.name: f.metadata["unit"] for f in dataclasses.fields(GaitFlagSettings)}
REFERENCE_DEFAULTS = GaitFlagSettings()

# 6.4 flag values that are not settings here, each with why (shown on the clinic's settings page).
FIXED_RULES: tuple[tuple[str, str, str], ...] = (
    (
        "Foot-strike classes",
        "rearfoot > 8 deg, midfoot -1.6 to 8 deg, forefoot < -1.6 deg (Altman & Davis); information only",
        "published [K] (REFERENCE.md 6.4 foot_strike_angle_deg)",
    ),
    (
        "Crossover",
        "flag when the foot lands across the midline on >= 50% of steps",
        "[H], but fixed for now: the crossover metric keeps only the median of the steps (a median across the midline = at least "
        "half of the steps), not the share of steps, so another share cannot be checked (REFERENCE.md 6.4 crossover_cm)",
    ),
    (
        "Heel ahead of hip",
        "amber if >= 20% above the runner's baseline, or in the top quartile of the clinic's runners",
        "[H], fixed for now: applied on the report and comparison pages, not by these settings (REFERENCE.md 6.4 heel_ahead_of_hip_norm)",
    ),
)
