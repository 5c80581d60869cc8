"""Keypoints -> gait report: smoothing, view, events, metrics, findings and quality (issue 9).

The same function serves video (after pose estimation) and ``.trc`` keypoint files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import NDArray

from stridecare.core.gait.cadence import (
    CadenceChoice,
    choose_cadence,
    event_cadence,
    missed_contacts,
    periodic_cadence,
)
from stridecare.core.gait.events import MIN_STANCE_S, GaitEvent, Stance, detect_stances, flight_share, settings_for
from stridecare.core.gait.filters import has_even_timestamps, resample_even, smooth_series
from stridecare.core.gait.findings import Finding, build_findings
from stridecare.core.gait.flag_settings import REFERENCE_DEFAULTS, GaitFlagSettings
from stridecare.core.gait.frames import FrameStrip, capture, capture_advice, strip_from_series
from stridecare.core.gait.keypoints import INDEX, SIDES, KeypointSeries
from stridecare.core.gait.metrics import (
    MIN_FPS_CONTACT,
    GaitType,
    Metric,
    StanceAngles,
    View,
    angle_curves,
    cadence_spm,
    classify_gait,
    detect_view,
    foot_strike_pattern,
    frontal_metrics,
    sagittal_metrics,
)

MIN_STRIDES_WARN = 10  # REFERENCE.md 6.2: analyse >= 10 consecutive steps per side
LOWER_BODY = ("Hip", "Knee", "Ankle", "Heel", "BigToe")


@dataclass(frozen=True, slots=True)
class Quality:
    """How far the numbers can be trusted: strides, confident frames, frame rate."""

    strides_analysed: int
    steps_analysed: int
    confident_frame_share: float
    frames: int
    fps: float

    def to_dict(self) -> dict[str, object]:
        return {
            "strides_analysed": self.strides_analysed,
            "steps_analysed": self.steps_analysed,
            "confident_frame_share": round(self.confident_frame_share, 3),
            "frames": self.frames,
            "fps": round(self.fps, 3),
        }


@dataclass(frozen=True, slots=True)
class GaitReport:
    """Everything one analysis found; ``to_dict`` is the JSON report of the CLI contract."""

    source: str
    view: View
    gait: GaitType
    fps: float
    duration_s: float
    cadence_spm: float | None
    events: tuple[GaitEvent, ...]
    stances: tuple[Stance, ...]
    stance_angles: tuple[StanceAngles, ...]
    metrics: dict[str, Metric]
    findings: tuple[Finding, ...]
    quality: Quality
    warnings: tuple[str, ...]
    curves: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    person: dict[str, object] = field(default_factory=dict)
    outputs: dict[str, object] = field(default_factory=dict)
    events_reliable: bool = True  # False when the event cadence was rejected for the periodicity
    cadence: CadenceChoice | None = None  # the estimates, their units, which one was used and why
    frame_strip: FrameStrip | None = None  # per frame and leg: seen, hard to see, repaired, out of frame
    capture: dict[str, object] = field(default_factory=dict)  # how it was filmed (retest comparability)
    capture_advice: tuple[str, ...] = ()  # plain advice for the next video, tied to what went wrong

    @property
    def strides_analysed(self) -> int:
        return self.quality.strides_analysed

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "view": self.view,
            "gait": self.gait,
            "fps": round(self.fps, 3),
            "duration_s": round(self.duration_s, 3),
            "strides_analysed": self.quality.strides_analysed,
            "cadence_spm": None if self.cadence_spm is None else round(self.cadence_spm, 1),
            "cadence": None if self.cadence is None else self.cadence.to_dict(),
            "events": [
                {"side": e.side, "type": e.type, "time_s": round(e.time_s, 4), "frame": e.frame} for e in self.events
            ],
            "metrics": {name: m.to_dict() for name, m in sorted(self.metrics.items())},
            "findings": [f.to_dict() for f in self.findings],
            "quality": self.quality.to_dict(),
            "warnings": list(self.warnings),
            "events_reliable": self.events_reliable,
            "angle_curves": self.curves,
            "person": self.person,
            "key_frames": key_frames(self),
            "outputs": self.outputs,
            "frame_strip": None if self.frame_strip is None else self.frame_strip.to_dict(),
            "capture": self.capture,
            "capture_advice": list(self.capture_advice),
        }


def analyse_keypoints(
    series: KeypointSeries,
    height_cm: float | None = None,
    extra_warnings: tuple[str, ...] = (),
    person: dict[str, object] | None = None,
    flag_settings: GaitFlagSettings = REFERENCE_DEFAULTS,
    frame_strip: FrameStrip | None = None,
    picture: tuple[int, int] | None = None,
) -> GaitReport:
    """Smooth (zero phase), find the view, events (6.3), metrics (6.4) and findings (6.4/6.5).

    ``frame_strip``: the per-frame, per-leg states when the caller knows more (video: swaps repaired,
    picture edges); else made from the series' visibility. ``picture``: (width, height) in pixels.

    ``flag_settings``: the [H] thresholds of the 6.4 flags (REFERENCE.md's, or a clinic's own).

    A variable frame rate is first resampled onto an even time grid (filters.resample_even);
    events and key frames are mapped back to the source's frame numbers.
    """
    to_source: NDArray[np.int64] | None = None
    if not has_even_timestamps(series.times_s):
        even, to_source = resample_even(series)
        extra_warnings = (
            *extra_warnings,
            f"variable frame rate ({series.n_frames} frames over {series.times_s[-1] - series.times_s[0]:.2f} s, "
            f"intervals {1000 * float(np.min(np.diff(series.times_s))):.0f}-{1000 * float(np.max(np.diff(series.times_s))):.0f} ms): "
            f"resampled to an even {even.fps:.1f} fps from the timestamps before analysis",
        )
    smooth = smooth_series(even if to_source is not None else series)
    view = detect_view(smooth)
    stances = detect_stances(smooth)
    gait, _ = classify_gait(stances, flight_share(smooth))
    cadence, steps = cadence_spm(stances)
    if view.startswith("sagittal"):
        metrics, records = sagittal_metrics(smooth, stances, gait, height_cm)
    else:
        metrics, records = frontal_metrics(smooth, stances, height_cm)
    periodic = periodic_cadence(smooth) if view.startswith("sagittal") else None
    reason = "" if len(steps) >= 3 else f"only {len(steps)} step{'s' if len(steps) != 1 else ''} in the clip"
    event_estimate = event_cadence(steps, from_strides=not _alternating_steps(stances))
    cfg = settings_for(smooth)
    missed = missed_contacts(smooth, stances, MIN_STANCE_S, cfg.contact_height_leg) if stances else False
    choice = choose_cadence(event_estimate, periodic, missed)
    event_cadence_value = cadence
    events_reliable = choice.events_reliable or periodic is None
    cadence = choice.steps_per_min if choice.steps_per_min is not None else cadence
    if not events_reliable:
        reason = choice.why
        metrics = _downgrade(
            metrics, "foot contacts were detected irregularly (event cadence disagrees with the stride periodicity)"
        )
    if cadence is not None:
        metrics["cadence_spm"] = Metric(
            name="cadence_spm",
            unit="steps/min",
            value=cadence,
            n_strides=len(steps),
            confidence="ok" if not reason else "low",
            reason=reason,
            variability_sd=float(np.std(steps, ddof=1)) if len(steps) >= 2 else None,
            source="REFERENCE.md 6.3/6.4 cadence_spm",
        )
    if gait == "unknown":
        # the cadence too: irregular or too few contacts give no steady step rate to report as ok
        metrics = _downgrade(metrics, "no steady running: foot contacts are irregular or too few")
    strike = foot_strike_pattern(metrics["foot_strike_angle_deg"]) if "foot_strike_angle_deg" in metrics else None
    if strike is not None:
        metrics["foot_strike_pattern"] = strike
    findings = build_findings(metrics, cadence, flag_settings) if gait == "running" else []
    quality = _quality(smooth, stances, steps)
    if not events_reliable and cadence is not None:
        # the contacts are missed or spurious: their count is no stride count; the periodicity's is
        quality = _periodic_quality(quality, smooth, cadence)
        metrics["cadence_spm"] = replace(metrics["cadence_spm"], n_strides=quality.steps_analysed, variability_sd=None)
        event_text = "none" if event_cadence_value is None else f"{event_cadence_value:.0f} steps/min"
        extra_warnings = (
            *extra_warnings,
            f"foot contacts were detected unreliably (event cadence {event_text} disagrees with the stride "
            f"periodicity {cadence:.0f} steps/min): the event count is not used; strides analysed "
            f"({quality.strides_analysed}) is estimated from the periodicity and no key frames are chosen from those events",
        )
    curves = angle_curves(smooth, stances) if view.startswith("sagittal") else {}
    filmed = capture(smooth, view, tuple(stances), picture)
    if to_source is not None:
        stances = [_remap_stance(s, to_source) for s in stances]
        records = [
            replace(
                r,
                ic_frame=_remap(r.ic_frame, to_source),
                ms_frame=int(to_source[r.ms_frame]),
                to_frame=_remap(r.to_frame, to_source),
            )
            for r in records
        ]
        quality = replace(quality, frames=series.n_frames)
    warnings = list(extra_warnings) + _warnings(smooth, gait, quality, view, cadence)
    events = tuple(sorted((e for s in stances for e in (s.ic, s.to) if e is not None), key=lambda e: e.time_s))
    duration = float(series.times_s[-1] - series.times_s[0]) if series.n_frames else 0.0
    strip = frame_strip if frame_strip is not None else strip_from_series(series, picture)
    advice = capture_advice(strip, smooth.fps, quality.strides_analysed, tuple(warnings))
    return GaitReport(
        source=series.source,
        view=view,
        gait=gait,
        fps=smooth.fps,
        duration_s=duration + (1.0 / smooth.fps if smooth.fps > 0 else 0.0),
        cadence_spm=cadence,
        events=events,
        stances=tuple(stances),
        stance_angles=tuple(records),
        metrics=metrics,
        findings=tuple(findings),
        quality=quality,
        warnings=tuple(warnings),
        curves=curves,
        person=person or {},
        events_reliable=events_reliable,
        cadence=choice,
        frame_strip=strip,
        capture=filmed,
        capture_advice=tuple(advice),
    )


def _alternating_steps(stances: list[Stance]) -> bool:
    ics = sorted((s.ic.time_s, s.side) for s in stances if s.ic is not None)
    return any(a[1] != b[1] for a, b in zip(ics, ics[1:], strict=False))


def _remap(frame: int | None, to_source: NDArray[np.int64]) -> int | None:
    return None if frame is None else int(to_source[frame])


def _remap_event(event: GaitEvent | None, to_source: NDArray[np.int64]) -> GaitEvent | None:
    return None if event is None else replace(event, frame=int(to_source[event.frame]))


def _remap_stance(stance: Stance, to_source: NDArray[np.int64]) -> Stance:
    """The same stance with frame numbers of the source (times are unchanged by resampling)."""
    return replace(
        stance,
        ic=_remap_event(stance.ic, to_source),
        to=_remap_event(stance.to, to_source),
        start_frame=int(to_source[stance.start_frame]),
        end_frame=int(to_source[stance.end_frame]),
        switch_frame=_remap(stance.switch_frame, to_source),
    )


def _downgrade(metrics: dict[str, Metric], why: str) -> dict[str, Metric]:
    out = {}
    for name, m in metrics.items():
        reason = f"{m.reason}; {why}" if m.reason else why
        out[name] = replace(m, confidence="low", reason=reason)
    return out


def key_frames(report: GaitReport) -> dict[str, dict[str, int]]:
    """Per side, the frames of the first complete stance: initial contact, mid-stance, toe-off.

    None when the events were found unreliable (their cadence disagreed with the periodicity).
    """
    out: dict[str, dict[str, int]] = {}
    if not report.events_reliable:
        return out
    for record in report.stance_angles:
        if record.side in out or record.ic_frame is None or record.to_frame is None:
            continue
        out[record.side] = {
            "initial_contact": record.ic_frame,
            "mid_stance": record.ms_frame,
            "toe_off": record.to_frame,
        }
    return out


def _quality(series: KeypointSeries, stances: list[Stance], steps: list[float]) -> Quality:
    strides = 0
    for side in SIDES:
        ics = [s for s in stances if s.side == side and s.ic is not None]
        strides += max(0, len(ics) - 1)
    names = [f"{p}{j}" for p in "LR" for j in LOWER_BODY]
    vis = series.visibility[:, [INDEX[n] for n in names]]
    confident = float(np.mean(np.mean(vis, axis=1) >= 0.5)) if series.n_frames else 0.0
    return Quality(strides, len(steps), confident, series.n_frames, series.fps)


def _periodic_quality(quality: Quality, series: KeypointSeries, cadence_spm: float) -> Quality:
    """Strides and steps counted from the periodicity cadence over the span with both ankles seen."""
    seen = np.flatnonzero(
        np.isfinite(series.side_point("left", "Ankle")[:, 0] - series.side_point("right", "Ankle")[:, 0])
    )
    span_s = float(series.times_s[seen[-1]] - series.times_s[seen[0]]) if len(seen) >= 2 else 0.0
    steps = int(span_s * cadence_spm / 60.0)
    return replace(quality, strides_analysed=steps // 2, steps_analysed=steps)


def _warnings(series: KeypointSeries, gait: GaitType, quality: Quality, view: View, cadence: float | None) -> list[str]:
    out: list[str] = []
    if gait == "walking":
        out.append(
            "walking, not running: both feet are on the ground together (no flight phase); running metrics "
            "(contact and flight time, overstride, foot strike) do not apply; walking cadence is reported"
        )
    elif gait == "unknown" or cadence is None:
        out.append("no steady running found: foot contacts of alternating feet are too few or irregular")
    if quality.strides_analysed < MIN_STRIDES_WARN:
        out.append(
            f"too few strides: {quality.strides_analysed} complete stride(s) analysed; record at least "
            f"{MIN_STRIDES_WARN} steps per side (REFERENCE.md 6.2) for reliable numbers"
        )
    if series.fps + 0.5 < MIN_FPS_CONTACT:
        out.append(
            f"frame rate {series.fps:.0f} fps is too low for contact and flight time (needs >= {MIN_FPS_CONTACT:.0f} fps; "
            "6.2 advises >= 120 fps); timing metrics are marked low confidence"
        )
    if quality.confident_frame_share < 0.8:
        out.append(
            f"only {quality.confident_frame_share:.0%} of frames have confident lower-body landmarks; "
            "the runner may be partly out of frame or occluded"
        )
    if view.startswith("frontal") and math.isfinite(series.fps):
        out.append("frontal view: sagittal metrics (knee angles, overstride, trunk lean) need a side view")
    return out
