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
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stridecare.core.errors import InputError
from stridecare.core.fields import setting


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
    return setting(
        default,
        label=label,
        unit=unit,
        comparator=comparator,
        low=low,
        high=high,
        reference=reference,
        evidence=evidence,
        source=source,
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


# ---- The 6.4 metric table: how each metric is shown, its typical values and its flag rule ----------------


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """How one metric is shown: label, typical values and flag rule (6.4), with evidence tags."""

    label: str
    typical: str
    flag: str  # the rule, with {setting_name} where a clinic's threshold goes (see flag_text)
    evidence: str
    low: float | None = None  # the typical band, where 6.4 gives one, to mark values outside it
    high: float | None = None

    def flag_text(self, settings: GaitFlagSettings = REFERENCE_DEFAULTS) -> str:
        """The flag rule with the thresholds in use: "amber > 10 deg at contact [H]", or with a
        clinic's own value "amber > 12 deg (clinic setting; REFERENCE.md default 10 deg) at contact [H]"."""
        names = re.findall(r"\{(\w+)\}", self.flag)
        return self.flag.format(**{name: threshold_text(settings, name) for name in names})


METRICS: dict[str, MetricInfo] = {
    "cadence_spm": MetricInfo(
        "Cadence",
        "easy-pace recreational runners commonly ~155-175 steps/min [K]; elite distance runners >= 180 at race pace [V:W21]; depends on speed and height",
        "no absolute flag; a +5-10% trial is suggested when injured and overstriding",
        "[V:R12, R13]",
    ),
    "step_time_s": MetricInfo("Step time", "60 / cadence (6.3)", "info", "6.3 [H]"),
    "shank_angle_ic_deg": MetricInfo(
        "Shank angle at contact",
        "near-vertical is considered desirable; forward-inclined means overstriding [K]",
        "amber > {shank_angle_ic_above_deg} at contact [H]",
        "[V:R15] concept; thresholds [H]",
        high=10.0,
    ),
    "heel_ahead_of_hip_norm": MetricInfo(
        "Heel ahead of hip at contact",
        "no validated cut-off; braking force rises as the foot lands further ahead of the hip [V:R13]",
        "track per runner: amber if >= 20% above the runner's own baseline [H]",
        "[V:R13]",
    ),
    "knee_flex_ic_deg": MetricInfo(
        "Knee flexion at contact",
        "roughly 10-25 deg in healthy runners [K]; injured runners land more extended [V:R14]",
        "amber < {knee_flex_ic_below_deg} [H]",
        "[V:R14] direction",
        low=10.0,
        high=25.0,
    ),
    "knee_flex_peak_stance_deg": MetricInfo(
        "Peak knee flexion in stance",
        "~35-50 deg [K]; less with a higher step rate [V:R12]",
        "info only",
        "[K]",
        low=35.0,
        high=50.0,
    ),
    "foot_strike_angle_deg": MetricInfo(
        "Foot-strike angle",
        "rearfoot > 8 deg, midfoot -1.6 to 8 deg, forefoot < -1.6 deg (Altman & Davis) [K]; 70-90% of recreational road runners strike rearfoot [V:R112] [K]",
        "classification only (info)",
        "R19 [K]; [V:R15]",
    ),
    "ankle_df_ic_deg": MetricInfo(
        "Ankle dorsiflexion at contact", "injured runners landed more dorsiflexed [V:R14]", "info", "[V:R14]"
    ),
    "trunk_lean_deg": MetricInfo(
        "Trunk lean at mid-stance",
        "~5-15 deg forward [K]; injured runners leaned more [V:R14]",
        "amber > {trunk_lean_above_deg} [H]",
        "[V:R14] direction",
        low=5.0,
        high=15.0,
    ),
    "hip_ext_to_deg": MetricInfo("Hip extension at toe-off", "no typical range in 6.4", "info", "6.4"),
    "vertical_oscillation_cm": MetricInfo(
        "Vertical oscillation",
        "commonly ~6-10 cm in recreational runners (watch data) [K]; falls with a higher step rate [V:R12]",
        "info",
        "[K]",
        low=6.0,
        high=10.0,
    ),
    "vertical_oscillation_norm": MetricInfo(
        "Vertical oscillation (leg lengths)",
        "give the runner's height to see it in cm (6.2 calibration)",
        "info",
        "[K]",
    ),
    "gct_ms": MetricInfo(
        "Ground contact time",
        "~200-300 ms at easy pace; shorter with speed [K]; needs >= 120 fps video (6.2)",
        "info; left/right asymmetry amber >= {gct_asymmetry_amber_pct}, red >= {gct_asymmetry_red_pct} [H]",
        "[K]/[H]",
        low=200.0,
        high=300.0,
    ),
    "flight_time_ms": MetricInfo(
        "Flight time", "derived from the 6.3 events; needs >= 120 fps video (6.2)", "info", "6.3 [H]"
    ),
    "duty_factor": MetricInfo(
        "Duty factor", "share of the stride a foot is on the ground; below 0.5 in running", "info", "6.3 [H]"
    ),
    "pelvic_drop_deg": MetricInfo(
        "Contralateral pelvic drop",
        "recalled group means ~5 deg healthy vs ~7-8 deg injured [K]",
        "amber >= {pelvic_drop_at_least_deg} or side difference >= {pelvic_drop_side_difference_at_least_deg} [H]",
        "OR 1.8/deg [V:R14]",
        high=7.0,
    ),
    "knee_fppa_deg": MetricInfo(
        "Knee frontal-plane projection angle",
        "no typical range in 6.4",
        "amber > {knee_fppa_above_deg} [H]",
        "[K]",
        high=10.0,
    ),
    "crossover_cm": MetricInfo(
        "Step width (cm from the midline; negative = crosses it)",
        "a few cm either side of the midline [K]",
        "flag when the foot lands across the midline on >= 50% of steps [H]",
        "[V:R79] method; [K]",
    ),
    "crossover_norm": MetricInfo(
        "Step width (hip widths; negative = crosses the midline)",
        "a few cm either side of the midline [K]",
        "flag when the foot lands across the midline on >= 50% of steps [H]",
        "[V:R79] method; [K]",
    ),
}


@dataclass(frozen=True, slots=True)
class BaselineRule:
    """A 6.4 flag relative to the runner's own baseline: the later of two analyses is flagged when
    it exceeds the earlier (the baseline) by at least ``rise_pct`` percent, both confident."""

    rise_pct: float
    severity: str
    rule: str
    evidence: str
    source: str


# REFERENCE.md 6.4, heel_ahead_of_hip_norm: "[H] track per runner; amber if > runner's baseline by
# >= 20%" (its other arm, "or in top quartile of clinic data", is on the report page: views.clinic_findings).
BASELINE_RULES: dict[str, BaselineRule] = {
    "heel_ahead_of_hip_norm": BaselineRule(
        rise_pct=20.0,
        severity="amber",
        rule="amber if > runner's baseline by >= 20% (the earlier analysis is the baseline)",
        evidence="[H]",
        source="REFERENCE.md 6.4 heel_ahead_of_hip_norm; braking force [V:R13]",
    ),
}
