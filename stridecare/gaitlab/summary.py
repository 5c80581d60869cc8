"""The runner's first screen of a gait report: a plain summary (cadence and what went well) and what to
work on, in words. The numbers, flags and typical values all come from the stored report and
core.gait.flag_settings.METRICS (REFERENCE.md 6.4); nothing here sets a threshold of its own."""

from __future__ import annotations

from dataclasses import dataclass, field

from stridecare.core.gait.analysis import MIN_STRIDES_WARN
from stridecare.core.gait.flag_settings import METRICS
from stridecare.core.programs.wording import plain_text

# A confident value inside the 6.4 typical band, said the way a runner would (only metrics with a band).
WENT_WELL: dict[str, str] = {
    "knee_flex_ic_deg": "Your knee was softly bent when your foot landed",
    "knee_flex_peak_stance_deg": "Your knee bent well while your foot was on the ground",
    "trunk_lean_deg": "Your upper body leaned forward a little, as it should",
    "vertical_oscillation_cm": "You did not bounce up and down more than usual",
    "gct_ms": "Each foot stayed on the ground for a typical time",
    "shank_angle_ic_deg": "Your lower leg was close to upright when your foot landed",
    "pelvic_drop_deg": "Your hips stayed level",
    "knee_fppa_deg": "Your knees stayed in line over your feet",
}

# Each finding of core.gait.findings in a runner's words: what was seen and why it matters.
FINDING_WORDS: dict[str, tuple[str, str]] = {
    "overstride": (
        "Your foot lands out in front of you",
        "Landing ahead of the body with a fairly straight knee brakes each step.",
    ),
    "shank_angle_ic_high": (
        "Your lower leg leans forward when your foot lands",
        "This usually means the foot lands ahead of the body.",
    ),
    "knee_extended_ic": (
        "Your knee is almost straight when your foot lands",
        "Injured runners landed with a straighter knee.",
    ),
    "trunk_lean_high": ("You lean forward a lot", "Injured runners leaned further forward."),
    "pelvic_drop": ("Your hip drops on the side of the swinging leg", "More hip drop was linked to running injuries."),
    "knee_valgus": (
        "Your knee moves inward while your foot is on the ground",
        "The hip muscles help keep the knee in line.",
    ),
    "crossover": (
        "Your feet land across the middle line",
        "A very narrow step puts more load on the outside of the hip.",
    ),
    "gct_asymmetry": (
        "One foot stays on the ground longer than the other",
        "Small differences are normal; a new one after an injury matters most.",
    ),
    "heel_ahead_of_hip_norm_clinic_quartile": (
        "Your foot lands further ahead than for most runners of your clinic",
        "The further ahead the foot lands, the more each step brakes.",
    ),
}
GOOD_TO_KNOW: dict[str, str] = {
    "rearfoot_strike": "Your foot lands heel first, like most recreational runners: that is not a fault in itself.",
}


@dataclass(frozen=True, slots=True)
class WorkOn:
    title: str
    why: str
    cue: str = ""
    dose: str = ""
    metronome_spm: int | None = None
    metronome_max_spm: int | None = None
    exercises: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RunnerSummary:
    cadence: str
    went_well: tuple[str, ...]
    good_to_know: tuple[str, ...]
    work_on: tuple[WorkOn, ...] = field(default_factory=tuple)
    strides: int = 0

    @property
    def is_short(self) -> bool:
        """Fewer strides than 6.2 asks for: the numbers are a first look, not a verdict."""
        return self.strides < MIN_STRIDES_WARN

    @property
    def strides_wanted(self) -> int:
        return MIN_STRIDES_WARN


def _inside_band(name: str, metric: dict) -> bool:
    info = METRICS.get(name)
    value = metric.get("value")
    if info is None or metric.get("confidence") != "ok" or value is None or (info.low is None and info.high is None):
        return False
    return (info.low is None or value >= info.low) and (info.high is None or value <= info.high)


def runner_summary(report: dict, findings: list[dict]) -> RunnerSummary:
    """What the runner reads first: cadence in words, what went well, good to know, and what to work on
    (the amber and red findings with their retraining cue and exercises)."""
    cadence = report.get("cadence_spm")
    typical = plain_text(METRICS["cadence_spm"].typical)
    rough = (report.get("metrics", {}).get("cadence_spm") or {}).get("confidence") == "low"
    cadence_text = (
        f"You ran at about {cadence:.0f} steps a minute{' (counted from only a few steps: a rough figure)' if rough else ''}. "
        f"For comparison: {typical}."
        if cadence
        else "The video was too short to count your steps a minute."
    )
    flagged = {m for f in findings for m in f.get("metrics", [])}
    metrics = report.get("metrics", {})
    went_well = tuple(
        words
        for name, words in WENT_WELL.items()
        if name not in flagged and _inside_band(name, metrics.get(name) or {})
    )
    good_to_know = tuple(GOOD_TO_KNOW[f["id"]] for f in findings if f.get("id") in GOOD_TO_KNOW)
    work_on = []
    for f in findings:
        if f.get("severity") not in ("amber", "red"):
            continue
        title, why = FINDING_WORDS.get(f.get("id", ""), (f.get("title", ""), ""))
        template = f.get("template") or {}
        prescribed = template and not template.get("is_therapist_decision")
        work_on.append(
            WorkOn(
                title,
                why,
                plain_text(template.get("cue", "")) if prescribed else "",
                plain_text(template.get("dose", "")) if prescribed else "",
                template.get("metronome_spm") if prescribed else None,
                template.get("metronome_max_spm") if prescribed else None,
                tuple(f.get("exercises", ())),
            )
        )
    strides = int((report.get("quality") or {}).get("strides_analysed") or 0)
    return RunnerSummary(cadence_text, went_well, good_to_know, tuple(work_on), strides)
