"""Findings from the 6.4 flag rules and the 6.5 gait-retraining templates of REFERENCE.md.

Only metrics with confidence ``ok`` are used: a low-confidence number never becomes advice.
Every finding carries its evidence tags and the section it comes from. The [H] thresholds come
from a :class:`GaitFlagSettings` (REFERENCE.md's defaults unless a clinic changed them); each
finding's rule shows the value used, and says so when it is a clinic's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from stridecare.core.gait.flag_settings import REFERENCE_DEFAULTS, GaitFlagSettings, number_text, threshold_text
from stridecare.core.gait.metrics import Metric

Severity = Literal["info", "amber", "red"]


@dataclass(frozen=True, slots=True)
class RetrainingTemplate:
    """A 6.5 retraining prescription, with the metronome value filled in for GR-CADENCE."""

    id: str
    cue: str
    dose: str
    evidence: str
    metronome_spm: int | None = None
    metronome_max_spm: int | None = None
    indication: str = ""
    is_therapist_decision: bool = False  # shown as information; never prescribed from the video alone

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"id": self.id, "cue": self.cue, "dose": self.dose, "evidence": self.evidence}
        if self.indication:
            out["indication"] = self.indication
        out["is_therapist_decision"] = self.is_therapist_decision
        if self.metronome_spm is not None:
            out["metronome_spm"] = self.metronome_spm
            out["metronome_max_spm"] = self.metronome_max_spm
        out["source"] = "REFERENCE.md 6.5"
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """One flag raised from a metric, in plain words, with its rule and evidence."""

    id: str
    severity: Severity
    title: str
    message: str
    metrics: tuple[str, ...]
    rule: str
    evidence: str
    source: str
    template: RetrainingTemplate | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "metrics": list(self.metrics),
            "rule": self.rule,
            "evidence": self.evidence,
            "source": self.source,
            "template": self.template.to_dict() if self.template else None,
        }


RULES = "REFERENCE.md 6.4"
CHANGE_ONE = (
    "Change one variable at a time; do not retrain gait while running is acutely painful; "
    "re-measure after 4-6 weeks; stop any cue that raises pain elsewhere [H] (6.5)."
)


def cadence_template(cadence_spm: float | None) -> RetrainingTemplate:
    """GR-CADENCE: metronome at the preferred cadence x 1.05 (max 1.10), same speed (6.5)."""
    target = round(cadence_spm * 1.05) if cadence_spm else None
    ceiling = round(cadence_spm * 1.10) if cadence_spm else None
    cue = "metronome or watch target = preferred cadence x 1.05 (max 1.10) at the same speed"
    if target:
        cue = f"metronome at {target} steps/min (your {cadence_spm:.0f} x 1.05; at most {ceiling}) at the same speed"
    return RetrainingTemplate(
        id="GR-CADENCE",
        cue=cue,
        dose="start with +5%; several sessions of 10-20 min; fade feedback over ~2-3 weeks [H]; recheck at 4 weeks",
        evidence="effects [V:R12]; bone load [V:R71]; clinical use [V:R20]",
        metronome_spm=target,
        metronome_max_spm=ceiling,
    )


HIPADD = RetrainingTemplate(
    id="GR-HIPADD",
    cue='mirror or video feedback: "keep knees apart, pelvis level, squeeze glutes"',
    dose="faded feedback over ~8 sessions [K]",
    evidence="[V:R20]",
)
WIDTH = RetrainingTemplate(
    id="GR-WIDTH",
    cue='"run with feet either side of a line"',
    dose="10-20 min segments [H]",
    evidence="[K]",
)

STRIKE = RetrainingTemplate(
    id="GR-STRIKE",
    cue="transition towards midfoot strike together with higher step rate",
    dose="very gradual; not for active Achilles/calf problems (raises calf-Achilles load) [K]",
    evidence="[V:R20]",
    indication="exertional lower-leg pain with heavy rearfoot strike",
    is_therapist_decision=True,
)


def build_findings(
    metrics: dict[str, Metric], cadence_spm: float | None, settings: GaitFlagSettings = REFERENCE_DEFAULTS
) -> list[Finding]:
    """Flags of 6.4 for every confident metric, with the 6.5 template where one applies.

    ``settings`` holds the [H] thresholds (REFERENCE.md 6.4's by default, or a clinic's own).
    """
    ok = {name: m for name, m in metrics.items() if m.confidence == "ok" and m.value is not None}
    found: list[Finding] = []
    shank = _value(ok, "shank_angle_ic_deg")
    knee_ic = _value(ok, "knee_flex_ic_deg")
    if shank is not None and shank > settings.shank_angle_ic_above_deg:
        composite = knee_ic is not None and knee_ic < settings.overstride_knee_flex_ic_below_deg
        shank_rule = threshold_text(settings, "shank_angle_ic_above_deg")
        found.append(
            Finding(
                id="overstride" if composite else "shank_angle_ic_high",
                severity="amber",
                title="Overstriding" if composite else "Forward-inclined shank at contact",
                message=(
                    f"The shank leans {shank:.0f} deg forward at foot contact (flag above {number_text(settings.shank_angle_ic_above_deg)} deg)"
                    + (
                        f" with a fairly straight knee ({knee_ic:.0f} deg < {number_text(settings.overstride_knee_flex_ic_below_deg)} deg)"
                        if composite
                        else ""
                    )
                    + ": the foot lands ahead of the body. A small step-rate increase moves the landing closer "
                    "to the hip and lowers knee and hip loading. " + CHANGE_ONE
                ),
                metrics=("shank_angle_ic_deg", "knee_flex_ic_deg") if composite else ("shank_angle_ic_deg",),
                rule=(
                    f"overstride: shank_angle_ic > {shank_rule} AND knee_flex_ic < {threshold_text(settings, 'overstride_knee_flex_ic_below_deg')} [H]"
                    if composite
                    else f"shank_angle_ic_deg amber > {shank_rule} [H]"
                ),
                evidence="[V:R15] concept; [V:R14] extended knee at IC; [V:R12, R13] step rate",
                source=f"{RULES} shank_angle_ic_deg / overstride; 6.5 GR-CADENCE",
                template=cadence_template(cadence_spm),
            )
        )
    if knee_ic is not None and knee_ic < settings.knee_flex_ic_below_deg:
        found.append(
            Finding(
                id="knee_extended_ic",
                severity="amber",
                title="Knee nearly straight at contact",
                message=f"Knee flexion at contact is {knee_ic:.0f} deg (flag below {number_text(settings.knee_flex_ic_below_deg)} deg; healthy runners roughly 10-25 deg). Injured runners landed with a more extended knee.",
                metrics=("knee_flex_ic_deg",),
                rule=f"knee_flex_ic_deg amber < {threshold_text(settings, 'knee_flex_ic_below_deg')} [H]",
                evidence="[V:R14] direction",
                source=f"{RULES} knee_flex_ic_deg",
            )
        )
    trunk = _value(ok, "trunk_lean_deg")
    if trunk is not None and trunk > settings.trunk_lean_above_deg:
        found.append(
            Finding(
                id="trunk_lean_high",
                severity="amber",
                title="Marked forward trunk lean",
                message=f"The trunk leans {trunk:.0f} deg forward at mid-stance (flag above {number_text(settings.trunk_lean_above_deg)} deg; typical ~5-15 deg). Injured runners leaned more.",
                metrics=("trunk_lean_deg",),
                rule=f"trunk_lean_deg amber > {threshold_text(settings, 'trunk_lean_above_deg')} [H]",
                evidence="[V:R14] direction",
                source=f"{RULES} trunk_lean_deg",
            )
        )
    found += _strike_findings(ok)
    found += _frontal_findings(ok, settings)
    found += _asymmetry_findings(ok, settings)
    return found


def _strike_findings(ok: dict[str, Metric]) -> list[Finding]:
    """A rearfoot strike is information (6.4: info only); GR-STRIKE (6.5) is shown for the therapist.

    6.5 indicates GR-STRIKE for exertional lower-leg pain with a heavy rearfoot strike: the pain
    history is not in a video, so the template is never prescribed here, only offered to decide on.
    """
    pattern = ok.get("foot_strike_pattern")
    if pattern is None or pattern.labels.get("value") != "RFS":
        return []
    return [
        Finding(
            id="rearfoot_strike",
            severity="info",
            title="Rearfoot strike",
            message=(
                "The foot lands heel first (rearfoot strike, foot-strike angle above 8 deg). This is common: about "
                "70-90% of recreational road runners are rearfoot strikers, and it is not a fault in itself. For the "
                "therapist: GR-STRIKE (towards a midfoot strike with a higher step rate) is indicated only for "
                "exertional lower-leg pain with a heavy rearfoot strike, which the video cannot tell; it is not for "
                "active Achilles/calf problems. " + CHANGE_ONE
            ),
            metrics=("foot_strike_pattern", "foot_strike_angle_deg"),
            rule="classify RFS/MFS/FFS; info only (6.4); GR-STRIKE only with exertional lower-leg pain (6.5)",
            evidence="R19 [K]; [V:R15]; [V:R112] [K]; GR-STRIKE [V:R20]",
            source=f"{RULES} foot_strike_angle_deg; 6.5 GR-STRIKE (therapist decides)",
            template=STRIKE,
        )
    ]


def _frontal_findings(ok: dict[str, Metric], settings: GaitFlagSettings) -> list[Finding]:
    found: list[Finding] = []
    drop = ok.get("pelvic_drop_deg")
    if drop is not None and drop.value is not None:
        sided_ok = drop.sided_confidence == "ok"  # per-side values need >= 3 stances on each side
        sides = [v for v in (drop.left, drop.right) if v is not None] if sided_ok else []
        worst = max(sides) if sides else drop.value
        diff = abs(drop.left - drop.right) if sided_ok and drop.left is not None and drop.right is not None else 0.0
        at_least, side_diff = settings.pelvic_drop_at_least_deg, settings.pelvic_drop_side_difference_at_least_deg
        if worst >= at_least or diff >= side_diff:
            found.append(
                Finding(
                    id="pelvic_drop",
                    severity="amber",
                    title="Contralateral pelvic drop",
                    message=f"The pelvis drops {worst:.0f} deg on the swing side at mid-stance (side difference {diff:.0f} deg; flag at >= {number_text(at_least)} deg or >= {number_text(side_diff)} deg difference). Each degree more was linked to ~1.8x the odds of being an injured runner.",
                    metrics=("pelvic_drop_deg",),
                    rule=(
                        f"pelvic_drop_deg amber >= {threshold_text(settings, 'pelvic_drop_at_least_deg')} "
                        f"or side difference >= {threshold_text(settings, 'pelvic_drop_side_difference_at_least_deg')} [H]"
                    ),
                    evidence="OR 1.8/deg [V:R14]",
                    source=f"{RULES} pelvic_drop_deg; 6.5 GR-HIPADD",
                    template=HIPADD,
                )
            )
    fppa = _value(ok, "knee_fppa_deg")
    if fppa is not None and fppa > settings.knee_fppa_above_deg:
        found.append(
            Finding(
                id="knee_valgus",
                severity="amber",
                title="Knee moves inward at mid-stance",
                message=f"Knee frontal-plane projection angle {fppa:.0f} deg (flag above {number_text(settings.knee_fppa_above_deg)} deg, 'dynamic valgus').",
                metrics=("knee_fppa_deg",),
                rule=f"knee_fppa_deg amber > {threshold_text(settings, 'knee_fppa_above_deg')} [H]",
                evidence="[K]",
                source=f"{RULES} knee_fppa_deg",
            )
        )
    cross = ok.get("crossover_norm")
    if cross is not None and cross.value is not None and cross.value < 0:
        # the median across the midline: at least half of the steps land across it
        width = ok.get("crossover_cm")
        where = f" (median {-width.value:.1f} cm across)" if width is not None and width.value is not None else ""
        found.append(
            Finding(
                id="crossover",
                severity="amber",
                title="Feet cross the midline",
                message=f"On most steps the foot lands across the body's midline{where}; flag when >= 50% of steps.",
                metrics=("crossover_norm", "crossover_cm") if width is not None else ("crossover_norm",),
                rule="crossover: foot lands across the midline on >= 50% of steps [H]",
                evidence="[V:R79] method; [K]",
                source=f"{RULES} crossover_cm; 6.5 GR-WIDTH",
                template=WIDTH,
            )
        )
    return found


def _asymmetry_findings(ok: dict[str, Metric], settings: GaitFlagSettings) -> list[Finding]:
    gct = ok.get("gct_ms")
    amber_pct, red_pct = settings.gct_asymmetry_amber_pct, settings.gct_asymmetry_red_pct
    if gct is None or gct.asymmetry_pct is None or gct.sided_confidence != "ok" or gct.asymmetry_pct < amber_pct:
        return []
    red = gct.asymmetry_pct >= red_pct
    return [
        Finding(
            id="gct_asymmetry",
            severity="red" if red else "amber",
            title="Left/right contact-time asymmetry",
            message=f"Ground contact time differs by {gct.asymmetry_pct:.1f}% between sides (amber >= {number_text(amber_pct)}%, red >= {number_text(red_pct)}%). Small asymmetries are normal; a new one after injury matters most.",
            metrics=("gct_ms",),
            rule=(
                f"gct_asymmetry_pct amber >= {threshold_text(settings, 'gct_asymmetry_amber_pct')}, "
                f"red >= {threshold_text(settings, 'gct_asymmetry_red_pct')} [H]"
            ),
            evidence="[K]/[H]",
            source=f"{RULES} gct_asymmetry_pct",
        )
    ]


def _value(ok: dict[str, Metric], name: str) -> float | None:
    metric = ok.get(name)
    return None if metric is None else metric.value


# REFERENCE.md 6.4 heel_ahead_of_hip_norm: "[H] ... amber if > runner's baseline by >= 20% or in top
# quartile of clinic data". A quartile of a handful of runners says little: Stridecare asks for at
# least this many runners with a confident value before it compares (its own choice, not 6.4's).
CLINIC_QUARTILE_MIN_RUNNERS = 8


def clinic_top_quartile(name: str, value: float, clinic_values: list[float]) -> Finding | None:
    """The "top quartile of clinic data" arm of a 6.4 flag: an amber finding when ``value`` lies
    above the upper quartile of ``clinic_values`` (one confident value per runner of the clinic,
    this runner's included), or None when it does not or too few runners have a value."""
    if len(clinic_values) < CLINIC_QUARTILE_MIN_RUNNERS:
        return None
    values = sorted(clinic_values)
    q3 = float(np.percentile(values, 75))  # linear interpolation between order statistics
    if value <= q3:
        return None
    return Finding(
        id=f"{name}_clinic_quartile",
        severity="amber",
        title="The foot lands further ahead than for most of the clinic's runners",
        message=(
            f"Heel ahead of the hip at contact: {value:.2f} leg lengths, in the top quarter of the clinic's "
            f"{len(values)} runners with a confident value (upper quartile {q3:.2f}). Braking force rises as "
            "the foot lands further ahead of the hip; there is no validated cut-off, so track it against "
            "your own baseline."
        ),
        metrics=(name,),
        rule=f"amber if in top quartile of clinic data [H] (at least {CLINIC_QUARTILE_MIN_RUNNERS} runners: Stridecare's minimum)",
        evidence="[H]; braking force [V:R13]",
        source=f"{RULES} {name}",
    )
