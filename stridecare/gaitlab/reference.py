"""What the report pages say about each gait metric: plain name, the typical values and flag rule
of REFERENCE.md 6.4 with their evidence tags, and the capture advice of 6.2. Data only; the
numbers themselves come from stridecare.core.gait."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "REFERENCE.md 6.4"


@dataclass(frozen=True, slots=True)
class MetricInfo:
    """How one metric is shown: label, typical values and flag rule (6.4), with evidence tags."""

    label: str
    typical: str
    flag: str
    evidence: str
    low: float | None = None  # the typical band, where 6.4 gives one, to mark values outside it
    high: float | None = None


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
        "amber > 10 deg at contact [H]",
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
        "amber < 10 deg [H]",
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
        "amber > 20 deg [H]",
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
        "info; left/right asymmetry amber >= 5%, red >= 10% [H]",
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
        "amber >= 7 deg or side difference >= 3 deg [H]",
        "OR 1.8/deg [V:R14]",
        high=7.0,
    ),
    "knee_fppa_deg": MetricInfo(
        "Knee frontal-plane projection angle", "no typical range in 6.4", "amber > 10 deg [H]", "[K]", high=10.0
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

# Capture advice, each with where it comes from: REFERENCE.md 6.2 (video capture protocol) [K]
# unless tagged. Clothing is not in 6.2: it is a practical filming tip (landmarks need visible joints).
CAPTURE_ADVICE: tuple[tuple[str, str, str], ...] = (
    (
        "Camera position",
        "Side view: the phone perpendicular to the running direction, lens at hip or knee height, at least 3 m away, "
        "with the whole body in the picture. For the pelvis and knees: a second video from behind at pelvis height.",
        "REFERENCE.md 6.2 [K]",
    ),
    (
        "Frame rate",
        "At least 60 frames per second for joint angles; 120 fps or more (ideally 240) for ground contact time. "
        "Use your phone's slow-motion mode if it has one.",
        "REFERENCE.md 6.2 [K]; 240 Hz in a foot-strike study [V:R80]",
    ),
    (
        "Running",
        "Treadmill at your easy pace after at least 5 minutes of warm-up; record at least 10 steps per foot "
        "(about 10 seconds). Keep the phone still on a tripod or a shelf.",
        "REFERENCE.md 6.2 [K]; 10 steps per side [H]",
    ),
    (
        "Height",
        "Give the runner's height to see vertical oscillation in centimetres.",
        "REFERENCE.md 6.2: calibrate length with the measured height [K]",
    ),
    (
        "Clothing and light",
        "Close-fitting shorts and top that stand out from the background, so hips, knees and ankles are visible; "
        "good light; only the runner in the picture.",
        "practical filming tip, not from the clinical reference",
    ),
)

VIEW_WORDS = {
    "sagittal_left": "side view (left side)",
    "sagittal_right": "side view (right side)",
    "frontal_front": "from the front",
    "frontal_back": "from behind",
}
SIDE_EVENTS = (("initial_contact", "Initial contact"), ("mid_stance", "Mid-stance"), ("toe_off", "Toe-off"))
CURVE_LABELS = {
    "knee_flexion": "Knee flexion (deg)",
    "hip_flexion": "Hip flexion (deg)",
    "ankle_dorsiflexion": "Ankle dorsiflexion (deg)",
}
