"""Running-gait metrics of REFERENCE.md 6.4 from keypoints and detected stances, per side,
with left/right asymmetry, stride-to-stride variability and an honest confidence.

Angles use the runner's facing direction, so they keep their sign whichever way the runner
goes across the image. Every metric says how many stance phases it rests on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from stridecare.core.gait.events import Stance, facing_sign, leg_length
from stridecare.core.gait.keypoints import SIDES, KeypointSeries, Side

Confidence = Literal["ok", "low"]
View = Literal["sagittal_left", "sagittal_right", "frontal_front", "frontal_back"]
GaitType = Literal["running", "walking", "unknown"]

MIN_STANCES_OK = 3  # REFERENCE.md 6.2 asks for >= 10 steps per side; fewer than 3 is too few to trust
MAX_STEP_CV = 0.3
WALKING_MAX_FLIGHT_SHARE = 0.02
RUNNING_MIN_FLIGHT_SHARE = 0.05
MIN_FPS_CONTACT = 100.0  # contact and flight times need >= 100 fps (issue 9; 6.2 prefers >= 120)
MIN_VISIBILITY = 0.5
# Winter (2009) segment proportions [K]: hip (greater trochanter) 0.530 H, ankle 0.039 H above floor
LEG_SHARE_OF_HEIGHT = 0.530 - 0.039
SOURCE = "REFERENCE.md 6.4"


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric: overall value, per-side values, stance count, confidence and its reason."""

    name: str
    unit: str
    value: float | None
    left: float | None = None
    right: float | None = None
    n_strides: int = 0
    confidence: Confidence = "ok"
    reason: str = ""
    asymmetry_pct: float | None = None
    variability_sd: float | None = None
    source: str = SOURCE
    left_n: int = 0
    right_n: int = 0
    sided_confidence: Confidence = "ok"
    sided_reason: str = ""
    labels: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "value": _round(self.value),
            "unit": self.unit,
            "n_strides": self.n_strides,
            "confidence": self.confidence,
        }
        if self.left is not None or self.right is not None:
            out["left"] = _round(self.left)
            out["right"] = _round(self.right)
            out["left_n"] = self.left_n
            out["right_n"] = self.right_n
            out["sided_confidence"] = self.sided_confidence
            if self.sided_reason:
                out["sided_reason"] = self.sided_reason
        if self.labels:
            out["labels"] = dict(self.labels)
        if self.asymmetry_pct is not None:
            out["asymmetry_pct"] = _round(self.asymmetry_pct)
        if self.variability_sd is not None:
            out["variability_sd"] = _round(self.variability_sd)
        if self.reason:
            out["reason"] = self.reason
        out["source"] = self.source
        return out


@dataclass(frozen=True, slots=True)
class StanceAngles:
    """Angles and positions read at one stance's IC, mid-stance and TO frames."""

    side: Side
    ic_frame: int | None
    ms_frame: int
    to_frame: int | None
    values: dict[str, float] = field(default_factory=dict)


def detect_view(series: KeypointSeries) -> View:
    """Sagittal (left/right side to the camera) or frontal (front/back), from shoulder and hip widths.

    Side on, shoulders and hips overlap (their widths are a small share of the torso length);
    from the front or back they are about a torso length apart.
    """
    torso = np.linalg.norm(series.shoulder_mid() - series.hip_mid(), axis=1)
    width = np.abs(series.point("LShoulder")[:, 0] - series.point("RShoulder")[:, 0]) + np.abs(
        series.point("LHip")[:, 0] - series.point("RHip")[:, 0]
    )
    ratio = float(np.nanmedian(width / torso)) if np.isfinite(torso).any() else 0.0
    if series.lateral is not None or not ratio > 0.7:
        return "sagittal_left" if facing_sign(series) > 0 else "sagittal_right"
    left_on_right = float(np.nanmedian(series.point("LShoulder")[:, 0] - series.point("RShoulder")[:, 0])) > 0
    return "frontal_front" if left_on_right else "frontal_back"


def classify_gait(stances: list[Stance], flight_frames: float | None = None) -> tuple[GaitType, list[float]]:
    """Running (a flight phase between one foot's TO and the other's IC) or walking (double support).

    ``flight_frames`` (share of frames with both feet off the ground) decides when given: walking
    has none (< 2%), running some (>= 5%); in between, the flight times between events decide.
    Irregular steps are never called running.
    """
    flights: list[float] = []
    for stance in stances:
        if stance.to is None:
            continue
        nxt = [s for s in stances if s.side != stance.side and s.ic is not None and s.start_frame > stance.start_frame]
        if nxt:
            first = min(nxt, key=lambda s: s.start_frame)
            assert first.ic is not None
            flights.append(first.ic.time_s - stance.to.time_s)
    _, steps = cadence_spm(stances)
    if len(steps) < 2:
        return "unknown", flights
    if flight_frames is not None and flight_frames < WALKING_MAX_FLIGHT_SHARE:
        return "walking", flights
    if flight_frames is not None and flight_frames >= RUNNING_MIN_FLIGHT_SHARE:
        return ("running" if is_steady(steps) else "unknown"), flights
    # no frame-level verdict (marker data, or a share in between): the event flight times decide
    if len(flights) < 2:
        return "unknown", flights
    if float(np.median(flights)) <= 0:
        return "walking", flights
    return ("running" if is_steady(steps) else "unknown"), flights


def is_steady(steps: list[float]) -> bool:
    """At least 2 steps of alternating feet with step times varying by less than 30% (CV)."""
    if len(steps) < 2:
        return False
    return float(np.std(steps) / np.mean(steps)) < MAX_STEP_CV


def cadence_spm(stances: list[Stance]) -> tuple[float | None, list[float]]:
    """Steps per minute = 60 / step time, a step being IC to the other foot's next IC (6.3).

    The median step time is used so that one missed or spurious contact does not skew it.
    """
    ics = sorted((s.ic.time_s, s.side) for s in stances if s.ic is not None)
    steps = [b[0] - a[0] for a, b in zip(ics, ics[1:], strict=False) if a[1] != b[1]]
    if not steps:
        strides = _stride_times(stances)
        if not strides:
            return None, []
        steps = [t / 2.0 for t in strides]
    return 60.0 / float(np.median(steps)), steps


def periodic_cadence_spm(series: KeypointSeries) -> float | None:
    """Steps per minute from the periodicity of the feet's separation (see cadence.periodic_cadence)."""
    from stridecare.core.gait.cadence import periodic_cadence

    estimate = periodic_cadence(series)
    return None if estimate is None else estimate.steps_per_min


def _stride_times(stances: list[Stance]) -> list[float]:
    out = []
    for side in SIDES:
        ics = sorted(s.ic.time_s for s in stances if s.side == side and s.ic is not None)
        out += [b - a for a, b in zip(ics, ics[1:], strict=False)]
    return out


def angle_deg(a: NDArray[np.float64], b: NDArray[np.float64], c: NDArray[np.float64]) -> NDArray[np.float64]:
    """Unsigned angle at b between b->a and b->c, degrees (rows of points)."""
    u, v = a - b, c - b
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


def joint_angles(series: KeypointSeries, side: Side) -> dict[str, NDArray[np.float64]]:
    """Per-frame sagittal angles of one side (degrees), signs independent of travel direction.

    knee_flexion = 180 - angle(hip, knee, ankle); hip_flexion = thigh angle from vertical plus
    trunk lean (thigh relative to the trunk line); ankle_dorsiflexion = 90 - angle(shank, sole).
    """
    fw = facing_sign(series)
    hip, knee, ankle = (series.side_point(side, j) for j in ("Hip", "Knee", "Ankle"))
    heel, toe = series.side_point(side, "Heel"), series.side_point(side, "BigToe")
    trunk = _trunk_lean(series, fw)
    thigh = np.degrees(np.arctan2(fw * (knee[:, 0] - hip[:, 0]), hip[:, 1] - knee[:, 1]))
    shank_sole = angle_deg(knee, ankle, ankle + (toe - heel))
    return {
        "knee_flexion": 180.0 - angle_deg(hip, knee, ankle),
        "hip_flexion": thigh + trunk,
        "ankle_dorsiflexion": 90.0 - shank_sole,
    }


def _trunk_lean(series: KeypointSeries, fw: float) -> NDArray[np.float64]:
    top = series.point("Neck")
    hips = series.hip_mid()
    return np.degrees(np.arctan2(fw * (top[:, 0] - hips[:, 0]), top[:, 1] - hips[:, 1]))


def stance_point(series: KeypointSeries, stance: Stance, joint: str) -> NDArray[np.float64]:
    """(frames, 2) trajectory of ``joint`` on the chain that holds the stance foot at each frame."""
    out = series.side_point(stance.chain, joint)
    if stance.to_chain is None or stance.switch_frame is None or stance.to_chain == stance.chain:
        return out
    out = out.copy()
    out[stance.switch_frame :] = series.side_point(stance.to_chain, joint)[stance.switch_frame :]
    return out


def _stance_angle(angles: dict[Side, dict[str, NDArray[np.float64]]], stance: Stance, name: str) -> NDArray[np.float64]:
    out = angles[stance.chain][name]
    if stance.to_chain is None or stance.switch_frame is None or stance.to_chain == stance.chain:
        return out
    out = out.copy()
    out[stance.switch_frame :] = angles[stance.to_chain][name][stance.switch_frame :]
    return out


def mid_stance_frame(series: KeypointSeries, stance: Stance) -> int:
    """Frame where the stance ankle passes under the hip (6.3), else 45% of stance."""
    frames = np.arange(stance.start_frame, stance.end_frame + 1)
    hip_x = series.hip_mid()[frames, 0]
    ankle_x = stance_point(series, stance, "Ankle")[frames, 0]
    gap = np.abs(ankle_x - hip_x)
    if np.isfinite(gap).any():
        best = int(frames[int(np.nanargmin(gap))])
        if stance.start_frame < best < stance.end_frame:
            return best
    return int(round(stance.start_frame + 0.45 * (stance.end_frame - stance.start_frame)))


def cm_per_unit(series: KeypointSeries, height_cm: float | None) -> float | None:
    """Scale from series units to centimetres: metres directly, pixels from the runner's height (6.2)."""
    if series.units == "m":
        return 100.0
    if height_cm is None:
        return None
    return height_cm * LEG_SHARE_OF_HEIGHT / leg_length(series)


def sagittal_metrics(
    series: KeypointSeries, stances: list[Stance], gait: GaitType, height_cm: float | None
) -> tuple[dict[str, Metric], list[StanceAngles]]:
    """Metrics of 6.4 that a side view allows; running-only metrics are left out for walking."""
    fw = facing_sign(series)
    legs = leg_length(series)
    angles = {side: joint_angles(series, side) for side in SIDES}
    trunk = _trunk_lean(series, fw)
    acc = _Values()
    records: list[StanceAngles] = []
    for stance in stances:
        side = stance.side
        ms = mid_stance_frame(series, stance)
        values: dict[str, float] = {}
        hip, knee, ankle = (stance_point(series, stance, j) for j in ("Hip", "Knee", "Ankle"))
        heel, toe = stance_point(series, stance, "Heel"), stance_point(series, stance, "BigToe")
        knee_flexion = _stance_angle(angles, stance, "knee_flexion")
        sole = np.degrees(np.arctan2(toe[:, 1] - heel[:, 1], fw * (toe[:, 0] - heel[:, 0])))
        if stance.ic is not None:
            f = stance.ic.frame
            values["knee_flex_ic_deg"] = float(knee_flexion[f])
            values["shank_angle_ic_deg"] = float(
                np.degrees(np.arctan2(fw * (ankle[f, 0] - knee[f, 0]), knee[f, 1] - ankle[f, 1]))
            )
            values["heel_ahead_of_hip_norm"] = float(fw * (heel[f, 0] - hip[f, 0]) / legs)
            values["foot_strike_angle_deg"] = float(sole[f] - sole[ms])
            values["ankle_df_ic_deg"] = float(_stance_angle(angles, stance, "ankle_dorsiflexion")[f])
            values["_sole_ms_deg"] = float(sole[ms])
        if stance.ic is not None and stance.to is not None:
            span = slice(stance.ic.frame, stance.to.frame + 1)
            values["knee_flex_peak_stance_deg"] = float(np.nanmax(knee_flexion[span]))
            values["gct_ms"] = 1000.0 * (stance.to.time_s - stance.ic.time_s)
        if stance.to is not None:
            values["hip_ext_to_deg"] = float(-_stance_angle(angles, stance, "hip_flexion")[stance.to.frame])
        values["trunk_lean_deg"] = float(trunk[ms])
        sole_ms = values.pop("_sole_ms_deg", None)
        if sole_ms is not None:
            acc.add("_sole_ms_deg", side, sole_ms)
        for name, value in values.items():
            acc.add(name, side, value)
        records.append(
            StanceAngles(
                side, stance.ic.frame if stance.ic else None, ms, stance.to.frame if stance.to else None, values
            )
        )

    _add_step_metrics(series, stances, acc, height_cm)
    sole_tilts = acc.per.pop("_sole_ms_deg", {"left": [], "right": []})
    metrics: dict[str, Metric] = {}
    for name, sides in acc.per.items():
        if gait == "walking" and name not in WALKING_METRICS:
            continue
        metrics[name] = _summarise(name, sides, series.fps)
    if "ankle_df_ic_deg" in metrics:
        metrics["ankle_df_ic_deg"] = _check_foot_line(
            metrics["ankle_df_ic_deg"], sole_tilts["left"] + sole_tilts["right"]
        )
    return metrics, records


# REFERENCE.md 6.4 foot_strike_angle_deg (Altman & Davis) [K]: rearfoot > 8 deg, midfoot -1.6 to 8 deg,
# forefoot < -1.6 deg. Codes keep ``Metric.value`` numeric: 1 rearfoot, 0 midfoot, -1 forefoot.
STRIKE_REARFOOT_ABOVE_DEG = 8.0
STRIKE_FOREFOOT_BELOW_DEG = -1.6
STRIKE_CODES: dict[str, float] = {"RFS": 1.0, "MFS": 0.0, "FFS": -1.0}
StrikePattern = Literal["RFS", "MFS", "FFS"]


def classify_foot_strike(angle_deg: float) -> StrikePattern:
    """RFS / MFS / FFS from the foot-strike angle (REFERENCE.md 6.4, Altman & Davis [K])."""
    if angle_deg > STRIKE_REARFOOT_ABOVE_DEG:
        return "RFS"
    if angle_deg < STRIKE_FOREFOOT_BELOW_DEG:
        return "FFS"
    return "MFS"


def foot_strike_pattern(angle: Metric) -> Metric | None:
    """``foot_strike_pattern`` from a confident ``foot_strike_angle_deg`` (6.4: classify; info only).

    None when the angle is low confidence. Per-side labels only where that side has enough
    stances (``sided_confidence`` ok); ``labels`` holds the RFS/MFS/FFS strings, ``value`` the code.
    """
    if angle.confidence != "ok" or angle.value is None:
        return None
    overall = classify_foot_strike(angle.value)
    labels: dict[str, str] = {"value": overall}
    left = right = None
    if angle.sided_confidence == "ok":
        if angle.left is not None:
            labels["left"] = classify_foot_strike(angle.left)
            left = STRIKE_CODES[labels["left"]]
        if angle.right is not None:
            labels["right"] = classify_foot_strike(angle.right)
            right = STRIKE_CODES[labels["right"]]
    return Metric(
        name="foot_strike_pattern",
        unit="code (1 RFS, 0 MFS, -1 FFS)",
        value=STRIKE_CODES[overall],
        left=left,
        right=right,
        n_strides=angle.n_strides,
        confidence="ok",
        reason=f"median foot-strike angle {angle.value:.1f} deg: rearfoot > 8, midfoot -1.6 to 8, forefoot < -1.6 deg (Altman & Davis) [K]",
        source=f"{SOURCE} foot_strike_angle_deg (classify RFS/MFS/FFS; info only)",
        left_n=angle.left_n,
        right_n=angle.right_n,
        sided_confidence=angle.sided_confidence,
        sided_reason=angle.sided_reason,
        labels=labels,
    )


# At mid-stance the foot is flat, so the heel->toe line should be near level: lab markers sit within
# ~9 deg of it (the heel marker rides on the calcaneus, above the toe marker). A line tilted further
# means the heel/toe landmarks do not follow the sole (pose-model foot points in a side view), and an
# ankle angle built on that line is not the anatomical one.
MAX_SOLE_TILT_MS_DEG = 15.0


def _check_foot_line(metric: Metric, tilts_deg: list[float]) -> Metric:
    """Mark ankle dorsiflexion at IC low when the foot line is far from level at mid-stance."""
    if not tilts_deg:
        return metric
    tilt = float(np.median(np.abs(tilts_deg)))
    if tilt <= MAX_SOLE_TILT_MS_DEG:
        return metric
    why = (
        f"the heel->toe landmark line is tilted {tilt:.0f} deg at mid-stance, when the foot is flat "
        f"(more than {MAX_SOLE_TILT_MS_DEG:.0f} deg): the foot landmarks do not follow the sole, so the shank-foot angle is not the ankle angle"
    )
    reason = f"{metric.reason}; {why}" if metric.reason else why
    return replace(
        metric, confidence="low", reason=reason, sided_confidence="low", sided_reason=metric.sided_reason or why
    )


WALKING_METRICS = {"step_time_s", "knee_flex_ic_deg", "trunk_lean_deg"}
UNITS = {
    "knee_flex_ic_deg": "deg",
    "shank_angle_ic_deg": "deg",
    "heel_ahead_of_hip_norm": "leg lengths",
    "foot_strike_angle_deg": "deg",
    "ankle_df_ic_deg": "deg",
    "knee_flex_peak_stance_deg": "deg",
    "gct_ms": "ms",
    "hip_ext_to_deg": "deg",
    "trunk_lean_deg": "deg",
    "step_time_s": "s",
    "flight_time_ms": "ms",
    "duty_factor": "ratio",
    "vertical_oscillation_cm": "cm",
    "vertical_oscillation_norm": "leg lengths",
    "pelvic_drop_deg": "deg",
    "knee_fppa_deg": "deg",
    "crossover_norm": "hip widths",
    "crossover_cm": "cm",
}
TIMING = {"gct_ms", "flight_time_ms", "duty_factor"}
NOTES = {
    "foot_strike_angle_deg": "relative to the mid-stance sole angle (no standing trial)",
    "pelvic_drop_deg": "relative to the clip's median pelvis angle (no standing trial)",
    "vertical_oscillation_cm": "scaled from the runner's height with Winter's leg proportion (0.491 x height) [K]",
    "crossover_cm": "scaled from the runner's height with Winter's leg proportion (0.491 x height) [K]",
}


class _Values:
    """Per-metric, per-side lists of stance values."""

    def __init__(self) -> None:
        self.per: dict[str, dict[Side, list[float]]] = {}

    def add(self, name: str, side: Side, value: float) -> None:
        if math.isfinite(value):
            self.per.setdefault(name, {"left": [], "right": []})[side].append(value)


def _add_step_metrics(series: KeypointSeries, stances: list[Stance], acc: _Values, height_cm: float | None) -> None:
    """Step time, flight time, duty factor and vertical oscillation, attributed to the landing foot."""
    adder = acc.add
    ordered = sorted((s for s in stances if s.ic is not None), key=lambda s: s.start_frame)
    scale = cm_per_unit(series, height_cm)
    hips_y = series.hip_mid()[:, 1]
    legs = leg_length(series)
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        assert prev.ic is not None and cur.ic is not None
        if prev.side == cur.side:
            continue
        adder("step_time_s", cur.side, cur.ic.time_s - prev.ic.time_s)
        if prev.to is not None:
            adder("flight_time_ms", cur.side, 1000.0 * (cur.ic.time_s - prev.to.time_s))
        span = hips_y[prev.ic.frame : cur.ic.frame + 1]
        excursion = float(np.nanmax(span) - np.nanmin(span))
        if scale is not None:
            adder("vertical_oscillation_cm", cur.side, excursion * scale)
        else:
            adder("vertical_oscillation_norm", cur.side, excursion / legs)
    for side in SIDES:
        mine = sorted((s for s in stances if s.side == side and s.ic is not None), key=lambda s: s.start_frame)
        for a, b in zip(mine, mine[1:], strict=False):
            assert a.ic is not None and b.ic is not None
            if a.to is not None:
                adder("duty_factor", side, (a.to.time_s - a.ic.time_s) / (b.ic.time_s - a.ic.time_s))


def _summarise(name: str, sides: dict[Side, list[float]], fps: float) -> Metric:
    left, right = sides.get("left", []), sides.get("right", [])
    everything = left + right
    n = len(everything)
    left_v = float(np.median(left)) if left else None
    right_v = float(np.median(right)) if right else None
    value = float(np.median(everything)) if everything else None
    asym = None
    # abs(L - R) / ((L + R) / 2) x 100 (6.4 gct_asymmetry_pct) is a share only when both sides lie on
    # the same side of zero; a signed angle that is +10 on one side and -10 on the other has none.
    if left_v is not None and right_v is not None and left_v * right_v > 0 and name in ASYMMETRY:
        asym = abs(left_v - right_v) / abs((left_v + right_v) / 2.0) * 100.0
    sds = [float(np.std(v, ddof=1)) for v in (left, right) if len(v) >= 2]
    variability = float(np.mean(sds)) if sds else None
    reasons = []
    if n < MIN_STANCES_OK:
        reasons.append(
            f"only {n} stance phase{'s' if n != 1 else ''} (at least {MIN_STANCES_OK} needed; 6.2 advises 10 steps per side)"
        )
    if name in TIMING and fps + 0.5 < MIN_FPS_CONTACT:
        reasons.append(f"{fps:.0f} fps is too low for contact timing (needs >= {MIN_FPS_CONTACT:.0f} fps)")
    reason = "; ".join(reasons)
    sided_reason = ""
    if min(len(left), len(right)) < MIN_STANCES_OK:
        # a side's median from 1-2 stances (and an asymmetry built on it) is not trustworthy even
        # when both sides together reach the minimum
        sided_reason = (
            f"left/right values rest on {len(left)} left and {len(right)} right stance phase(s) "
            f"(at least {MIN_STANCES_OK} per side needed); the left/right values and their asymmetry are not reliable"
        )
    if name in NOTES:
        reason = f"{reason}; {NOTES[name]}" if reason else NOTES[name]
    return Metric(
        name=name,
        unit=UNITS.get(name, ""),
        value=value,
        left=left_v,
        right=right_v,
        n_strides=n,
        confidence="low" if reasons else "ok",
        reason=reason,
        asymmetry_pct=asym,
        variability_sd=variability,
        source=f"{SOURCE} {name}" if name in SIX_FOUR else "derived from 6.3 events",
        left_n=len(left),
        right_n=len(right),
        sided_confidence="low" if sided_reason else "ok",
        sided_reason=sided_reason,
    )


ASYMMETRY = {
    "gct_ms",
    "knee_flex_ic_deg",
    "step_time_s",
    "flight_time_ms",
    "shank_angle_ic_deg",
    "knee_flex_peak_stance_deg",
    "pelvic_drop_deg",
    "knee_fppa_deg",
    "hip_ext_to_deg",
}
SIX_FOUR = {
    "shank_angle_ic_deg",
    "heel_ahead_of_hip_norm",
    "knee_flex_ic_deg",
    "knee_flex_peak_stance_deg",
    "foot_strike_angle_deg",
    "ankle_df_ic_deg",
    "pelvic_drop_deg",
    "trunk_lean_deg",
    "knee_fppa_deg",
    "vertical_oscillation_cm",
    "gct_ms",
    "crossover_cm",
}


def frontal_metrics(
    series: KeypointSeries, stances: list[Stance], height_cm: float | None
) -> tuple[dict[str, Metric], list[StanceAngles]]:
    """Frontal-view metrics of 6.4: contralateral pelvic drop, knee FPPA and crossover at mid-stance/IC."""
    acc = _Values()
    records: list[StanceAngles] = []
    lh, rh = series.point("LHip"), series.point("RHip")
    # image x grows to the runner's left when seen from the front; medial = towards the other hip
    pelvis = np.degrees(np.arctan2(lh[:, 1] - rh[:, 1], np.abs(lh[:, 0] - rh[:, 0])))
    neutral = float(np.nanmedian(pelvis))
    hip_width = float(np.nanmedian(np.abs(lh[:, 0] - rh[:, 0]))) or 1.0
    cm = cm_per_unit(series, height_cm)
    for stance in stances:
        side = stance.side
        ms = mid_stance_frame(series, stance)
        chain = stance.chain_at(ms)
        values: dict[str, float] = {}
        # stance left: swing side right; positive = swing (right) hip lower
        tilt = pelvis[ms] - neutral
        values["pelvic_drop_deg"] = float(tilt if side == "left" else -tilt)
        hip, knee, ankle = (series.side_point(chain, j)[ms] for j in ("Hip", "Knee", "Ankle"))
        other_hip = series.side_point("right" if chain == "left" else "left", "Hip")[ms]
        medial = np.sign(other_hip[0] - hip[0]) or 1.0
        line_x = hip[0] + (ankle[0] - hip[0]) * (knee[1] - hip[1]) / ((ankle[1] - hip[1]) or 1e-9)
        valgus = medial * (knee[0] - line_x)
        fppa = 180.0 - float(angle_deg(hip[None], knee[None], ankle[None])[0])
        values["knee_fppa_deg"] = fppa if valgus >= 0 else -fppa
        if stance.ic is not None:
            f = stance.ic.frame
            mid_x = series.hip_mid()[f, 0]
            foot_x = series.side_point(stance.chain_at(f), "Ankle")[f, 0]
            lateral = -np.sign(other_hip[0] - hip[0]) * (foot_x - mid_x)
            values["crossover_norm"] = float(lateral / hip_width)
            if cm is not None:
                values["crossover_cm"] = float(lateral * cm)
        for name, value in values.items():
            acc.add(name, side, value)
        records.append(
            StanceAngles(
                side, stance.ic.frame if stance.ic else None, ms, stance.to.frame if stance.to else None, values
            )
        )
    return {name: _summarise(name, sides, series.fps) for name, sides in acc.per.items()}, records


def angle_curves(series: KeypointSeries, stances: list[Stance], points: int = 101) -> dict[str, dict[str, list[float]]]:
    """Mean joint angles over the normalised gait cycle (IC to the next IC of the same foot), per side."""
    out: dict[str, dict[str, list[float]]] = {}
    for side in SIDES:
        ics = sorted(s.ic.frame for s in stances if s.side == side and s.ic is not None)
        if len(ics) < 2:
            continue
        angles = joint_angles(series, side)
        for joint, values in angles.items():
            cycles = []
            for a, b in zip(ics, ics[1:], strict=False):
                t = series.times_s[a : b + 1]
                pct = (t - t[0]) / (t[-1] - t[0]) * 100.0
                cycles.append(np.interp(np.linspace(0, 100, points), pct, values[a : b + 1]))
            out.setdefault(side, {})[joint] = [round(float(v), 2) for v in np.nanmean(cycles, axis=0)]
        out[side]["n_cycles"] = [float(len(ics) - 1)]
    return out


def _round(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 3)
