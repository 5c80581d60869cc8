"""Cadence estimates that carry their unit, and the choice between them (issue 17 item 1).

Two estimates exist: the foot contacts (a *step* is one foot's initial contact to the other
foot's next one, so the event cadence is in steps/min by construction) and the periodicity of
the feet's fore-aft separation. The separation peaks once per step in theory, but when one leg's
landmarks sit differently from the other's (a far leg half hidden, a portrait phone close to a
treadmill) the separation repeats exactly only once per *stride*, and the strongest period of its
autocorrelation is the stride: a periodicity read as steps is then half the true cadence. Every
estimate therefore says what it counted, and the two are compared in steps/min. A ratio near 2:1
or 1:2 is a unit question first (strides counted as steps, or every other contact missed) and is
settled by the foot's own motion, not by calling the events unreliable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from stridecare.core.gait.events import Stance, foot_height, leg_length
from stridecare.core.gait.keypoints import KeypointSeries

Unit = Literal["steps/min", "strides/min"]
Method = Literal["events", "periodicity"]

PERIODIC_MIN_CORR = 0.2
AGREEMENT = 0.15  # two estimates within 15% of each other (in steps/min) agree
# A ratio of 2 +- 15% (or 1/2) is a factor-of-two question: strides counted as steps, or every
# other contact missed. 15% is the agreement band above, applied to the doubled value.
DOUBLE_BAND = 0.15
# A step period's autocorrelation peak at half the stride lag: kept when its correlation is at
# least this share of the stride peak's (a symmetric gait gives ~1; pure noise ~0).
HALF_PEAK_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class CadenceEstimate:
    """One cadence estimate: its value in its own unit, how it was measured and what it counted."""

    method: Method
    value: float
    unit: Unit
    basis: str = ""

    @property
    def steps_per_min(self) -> float:
        return self.value * 2.0 if self.unit == "strides/min" else self.value

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "value": round(self.value, 1),
            "unit": self.unit,
            "steps_per_min": round(self.steps_per_min, 1),
            "basis": self.basis,
        }


@dataclass(frozen=True, slots=True)
class CadenceChoice:
    """Which estimate the report uses, in steps/min, and why; ``events_reliable`` False only when
    the contacts themselves were found wrong (not when the other estimate counted strides)."""

    steps_per_min: float | None
    used: Method | None
    why: str
    estimates: tuple[CadenceEstimate, ...]
    events_reliable: bool
    unit_confusion: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "value": None if self.steps_per_min is None else round(self.steps_per_min, 1),
            "unit": "steps/min",
            "used": self.used,
            "why": self.why,
            "unit_confusion": self.unit_confusion,
            "estimates": [e.to_dict() for e in self.estimates],
        }


def periodic_cadence(series: KeypointSeries) -> CadenceEstimate | None:
    """Cadence from the periodicity of the feet's fore-aft separation |x_left - x_right|.

    The strongest autocorrelation peak between 0.2 and 2.0 s is a repeat of the gait: a step when
    the legs look alike, a stride when they do not. When the lag at half of it is itself a clear
    peak, the strong one was a stride and the half lag is the step; when there is none, the peak
    is reported as what it most likely is, a step, and the comparison with the contacts settles
    any factor of two. Returns None when no clear period is found (needs 3 s of both ankles).
    """
    signal = np.abs(series.side_point("left", "Ankle")[:, 0] - series.side_point("right", "Ankle")[:, 0])
    ok = np.isfinite(signal)
    fps = series.fps
    if fps <= 0 or ok.sum() < 3 * fps:
        return None
    t = series.times_s
    x = np.interp(t, t[ok], signal[ok])
    x = x - x.mean()
    corr = np.correlate(x, x, mode="full")[len(x) - 1 :]
    corr /= corr[0] if corr[0] > 0 else 1.0
    lo, hi = max(2, int(0.2 * fps)), min(int(2.0 * fps), len(corr) // 2)
    if hi <= lo + 2:
        return None
    peaks = [k for k in range(lo, hi - 1) if corr[k] >= corr[k - 1] and corr[k] > corr[k + 1]]
    peaks = [k for k in peaks if corr[k] >= PERIODIC_MIN_CORR]
    if not peaks:
        return None
    best = max(peaks, key=lambda k: corr[k])
    # the first clear repeat, not a multiple of it: a peak near half the strongest lag, of fair height
    lag, basis = _refine(corr, best), "strongest repeat of the distance between the feet"
    for k in peaks:
        if k >= best:
            break
        ratio = _refine(corr, best) / _refine(corr, k)
        if abs(ratio - 2.0) < 0.2 and corr[k] >= HALF_PEAK_SHARE * corr[best]:
            lag, basis = (
                _refine(corr, k),
                "first repeat of the distance between the feet (the strongest one was a stride)",
            )
            break
    return CadenceEstimate("periodicity", 60.0 * fps / lag, "steps/min", basis)


def _refine(corr: NDArray[np.float64], k: int) -> float:
    """Sub-sample lag of the peak at k (parabola through its neighbours)."""
    a, b, c = corr[k - 1], corr[k], corr[k + 1]
    den = a - 2 * b + c
    return k + (0.5 * (a - c) / den if den != 0 else 0.0)


def event_cadence(steps: list[float], from_strides: bool) -> CadenceEstimate | None:
    if not steps:
        return None
    value = 60.0 / float(np.median(steps))
    if from_strides:
        basis = "one foot's contacts only: stride time halved"
    else:
        basis = "median time from one foot's contact to the other foot's next"
    return CadenceEstimate("events", value, "steps/min", basis)


def _near(ratio: float, target: float) -> bool:
    return abs(ratio / target - 1.0) <= DOUBLE_BAND


def missed_contacts(series: KeypointSeries, stances: list[Stance], min_stance_s: float, height_leg: float) -> bool:
    """True when, between one foot's toe-off and the next contact found, a foot stood on the ground
    for at least a stance's minimum: a contact the detector missed (the physics of a step: between
    two contacts in a row there is flight or double support, never a third, unseen stance)."""
    lowest = np.fmin(foot_height(series, "left"), foot_height(series, "right")) / leg_length(series)
    ordered = sorted((s for s in stances if s.ic is not None), key=lambda s: s.start_frame)
    fps = series.fps
    grounded_gaps = 0
    gaps = 0
    for prev, cur in zip(ordered, ordered[1:], strict=False):
        a, b = prev.end_frame + 1, cur.start_frame
        if b - a < 2:
            continue
        gaps += 1
        low = lowest[a:b] < height_leg
        run = longest_run(low)
        if run / fps >= min_stance_s:
            grounded_gaps += 1
    return gaps > 0 and grounded_gaps * 2 > gaps


def longest_run(mask: NDArray[np.bool_]) -> int:
    best = cur = 0
    for v in mask:
        cur = cur + 1 if v else 0
        best = max(best, cur)
    return best


def choose_cadence(
    events: CadenceEstimate | None,
    periodic: CadenceEstimate | None,
    missed: bool,
) -> CadenceChoice:
    """The cadence to report in steps/min, with the estimate it came from and why.

    - only one estimate: that one;
    - within 15%: the contacts (they also give the step times and their variability);
    - events about twice the periodicity: the periodicity counted strides (one leg's landmarks
      differ from the other's), the contacts are right;
    - events about half the periodicity: every other contact was missed when a foot was seen on
      the ground between the contacts found (``missed``): the periodicity's steps are used;
      otherwise the periodicity locked on a half step and the contacts are used;
    - any other disagreement: missed or spurious contacts, the periodicity is used.
    """
    estimates = tuple(e for e in (events, periodic) if e is not None)
    if events is None and periodic is None:
        return CadenceChoice(None, None, "no foot contacts and no clear periodicity", estimates, True)
    if periodic is None:
        assert events is not None
        return CadenceChoice(events.steps_per_min, "events", "from the foot contacts", estimates, True)
    if events is None:
        why = "from the periodicity of the foot movement (no foot contacts of alternating feet were found)"
        return CadenceChoice(periodic.steps_per_min, "periodicity", why, estimates, False)
    e, p = events.steps_per_min, periodic.steps_per_min
    ratio = e / p
    if abs(p - e) / p <= AGREEMENT:
        why = f"from the foot contacts; the periodicity of the foot movement agrees ({p:.0f} steps/min)"
        return CadenceChoice(e, "events", why, estimates, True)
    if _near(ratio, 2.0):
        stride = CadenceEstimate(
            "periodicity", p, "strides/min", "the repeat of the distance between the feet was a stride"
        )
        why = (
            f"from the foot contacts; the periodicity of the foot movement ({p:.0f} per minute) counted strides "
            f"(two steps each), which is {2 * p:.0f} steps/min and agrees"
        )
        return CadenceChoice(e, "events", why, (events, stride), True, unit_confusion=True)
    if _near(ratio, 0.5):
        if missed:
            why = (
                f"from the periodicity of the foot movement: the foot contacts found ({e:.0f} steps/min) were every "
                "other step (a foot stood on the ground between them unseen)"
            )
            return CadenceChoice(p, "periodicity", why, estimates, False, unit_confusion=True)
        half = CadenceEstimate(
            "periodicity", p / 2.0, "strides/min", "the repeat of the distance between the feet was a half step"
        )
        why = f"from the foot contacts; the periodicity of the foot movement locked on half steps ({p:.0f} per minute)"
        return CadenceChoice(e, "events", why, (events, half), True, unit_confusion=True)
    why = (
        f"from the periodicity of the foot movement: the foot contacts gave {e:.0f} steps/min, which disagrees "
        "(missed or spurious contacts)"
    )
    return CadenceChoice(p, "periodicity", why, estimates, False)
