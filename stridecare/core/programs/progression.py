"""Exercise progression from session logs: the pain-monitoring model (4.7) and the 0.5 state machine.

Tendinopathies and plantar heel pain follow 4.7; every other condition follows the generic state
machine of 0.5 with the pain ceilings of 0.6. Every decision names the rule that decided and its source.
Also: flare-up detection (pain above the ceiling, or not settled by the next morning) and weekly adherence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from stridecare.core.programs.settings import (
    DEFAULT_SETTINGS,
    PAIN_CEILINGS,
    ProgressionSettings,
    family_for,
    progression_rule_for,
)

Action = Literal["progress", "hold", "regress"]


@dataclass(frozen=True, slots=True)
class ExerciseLog:
    """One logged session of one exercise. Pain is NPRS 0-10 (0.4); morning pain may still be unknown."""

    performed_on: dt.date
    reps_completed_all: bool
    form_ok: bool
    pain_during: int
    baseline_pain: int  # pre-session baseline (usual morning pain)
    pain_next_morning: int | None = None
    sets_done: int | None = None
    reps_done: int | None = None
    hold_s: float | None = None
    load_kg: float | None = None

    @property
    def next_morning_delta(self) -> int | None:
        """Next-morning pain minus the pre-session baseline (0.5), None until logged."""
        return None if self.pain_next_morning is None else self.pain_next_morning - self.baseline_pain


@dataclass(frozen=True, slots=True)
class ProgressionDecision:
    """A suggestion the therapist accepts or changes; ``rule`` and ``source`` say what decided it."""

    action: Action
    step: str
    rule: str
    reason: str
    source: str


def _check_pain(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
        raise ValueError(f"{name} must be a whole number 0-10 (NPRS, 0.4), got {value!r}")


def pain_zone(pain_during: int, settings: ProgressionSettings = DEFAULT_SETTINGS) -> Literal["green", "amber", "red"]:
    """Zone of the pain-monitoring model (4.7, [V:R23 via W19], boundaries [H]): 0-2 green, 3-5 amber, >= 6 red."""
    _check_pain(pain_during, "pain_during")
    if pain_during <= settings.green_max_during:
        return "green"
    return "amber" if pain_during <= settings.amber_max_during else "red"


def weekly_morning_trend(logs: Sequence[ExerciseLog]) -> float | None:
    """Mean next-morning pain of the latest 7 days minus the 7 days before (4.7: must not rise week on week).

    None when either week has no morning pain logged.
    """
    dated = [(log.performed_on, log.pain_next_morning) for log in logs if log.pain_next_morning is not None]
    if not dated:
        return None
    last = max(day for day, _ in dated)
    this_week = [p for day, p in dated if (last - day).days < 7]
    week_before = [p for day, p in dated if 7 <= (last - day).days < 14]
    if not this_week or not week_before:
        return None
    return sum(this_week) / len(this_week) - sum(week_before) / len(week_before)


def decide_pain_monitoring(
    logs: Sequence[ExerciseLog], settings: ProgressionSettings = DEFAULT_SETTINGS
) -> ProgressionDecision:
    """Pain-monitoring model of 4.7 on the latest log: reduce if during pain is red, next-morning pain is
    above baseline, or morning pain rose week on week; progress when green; hold when amber."""
    log = _latest(logs)
    source = "REFERENCE.md 4.7, pain-monitoring model (Silbernagel) [V:R23 via W19, W28]; zones [H]"
    zone = pain_zone(log.pain_during, settings)
    delta = log.next_morning_delta
    trend = weekly_morning_trend(logs)
    rule = "4.7 pain-monitoring model"
    if zone == "red":
        return ProgressionDecision(
            "regress",
            settings.regress_step,
            rule,
            f"pain during {log.pain_during}/10 is in the red zone (>= {settings.amber_max_during + 1})",
            source,
        )
    if delta is not None and delta > settings.pain_monitoring_morning_delta_max:
        return ProgressionDecision(
            "regress",
            settings.regress_step,
            rule,
            f"next-morning pain {log.pain_next_morning}/10 is above baseline {log.baseline_pain}/10",
            source,
        )
    if trend is not None and trend > 0:
        return ProgressionDecision(
            "regress", settings.regress_step, rule, f"morning pain rose week on week (+{trend:.1f} on average)", source
        )
    if delta is None:
        return ProgressionDecision(
            "hold", "same dose", rule, "next-morning pain not logged yet: hold until it is", source
        )
    if zone == "amber":
        return ProgressionDecision(
            "hold",
            "same dose",
            rule,
            f"pain during {log.pain_during}/10 is in the amber zone (acceptable, same load)",
            source,
        )
    if not (log.reps_completed_all and log.form_ok):
        return ProgressionDecision(
            "hold",
            "same dose",
            rule + " with 0.5 progression conditions",
            "green zone, but not all reps done with good form",
            source + "; 0.5 [H]",
        )
    return ProgressionDecision(
        "progress",
        settings.progress_step,
        rule,
        f"pain during {log.pain_during}/10 in the green zone, settled by next morning",
        source,
    )


def decide_state_machine(
    logs: Sequence[ExerciseLog], condition: str, settings: ProgressionSettings = DEFAULT_SETTINGS
) -> ProgressionDecision:
    """Generic state machine of 0.5 with the condition family's ceiling (0.6), on the latest logs."""
    log = _latest(logs)
    ceiling = settings.ceiling_for(condition)
    family = family_for(condition)
    source = f"REFERENCE.md 0.5 state machine [H]; ceiling {ceiling}/10 for the {family.replace('_', ' ')} family (0.6 {PAIN_CEILINGS[family].evidence})"
    rule = "0.5 progression state machine"
    delta = log.next_morning_delta
    if log.pain_during > ceiling:
        return ProgressionDecision(
            "regress",
            settings.regress_step,
            rule,
            f"pain during {log.pain_during}/10 is above the ceiling {ceiling}/10",
            source,
        )
    if delta is not None and delta >= settings.regress_morning_delta:
        return ProgressionDecision(
            "regress",
            settings.regress_step,
            rule,
            f"next-morning pain {delta:+d} over baseline (>= {settings.regress_morning_delta})",
            source,
        )
    recent = sorted(logs, key=lambda x: x.performed_on)[-settings.progress_sessions_required :]
    settled = len(recent) == settings.progress_sessions_required and all(
        r.next_morning_delta is not None and r.next_morning_delta <= 0 for r in recent
    )
    if log.reps_completed_all and log.form_ok and settled:
        return ProgressionDecision(
            "progress",
            settings.progress_step,
            rule,
            f"all reps with good form, pain {log.pain_during}/10 <= {ceiling}/10, next-morning pain "
            f"at or below baseline for the last {settings.progress_sessions_required} sessions",
            source,
        )
    missing = []
    if not log.reps_completed_all:
        missing.append("not all reps completed")
    if not log.form_ok:
        missing.append("form not ok")
    if not settled:
        missing.append(
            f"next-morning pain not at or below baseline for {settings.progress_sessions_required} sessions yet"
        )
    return ProgressionDecision("hold", "same dose", rule, "; ".join(missing), source)


def suggest_progression(
    logs: Sequence[ExerciseLog], condition: str, settings: ProgressionSettings = DEFAULT_SETTINGS
) -> ProgressionDecision:
    """The suggestion for one exercise: 4.7 for tendinopathies and plantar heel pain, else 0.5 (issue 8 item 3)."""
    if progression_rule_for(condition) == "pain_monitoring":
        return decide_pain_monitoring(logs, settings)
    return decide_state_machine(logs, condition, settings)


def _latest(logs: Sequence[ExerciseLog]) -> ExerciseLog:
    if not logs:
        raise ValueError("no exercise logs: a progression decision needs at least one logged session")
    for log in logs:
        _check_pain(log.pain_during, "pain_during")
        _check_pain(log.baseline_pain, "baseline_pain")
        if log.pain_next_morning is not None:
            _check_pain(log.pain_next_morning, "pain_next_morning")
    return max(logs, key=lambda x: x.performed_on)


@dataclass(frozen=True, slots=True)
class FlareUp:
    """A flare-up alert for the therapist's inbox plus what the runner does today."""

    performed_on: dt.date
    reason: str
    advice_today: str
    source: str


def detect_flare_up(
    log: ExerciseLog, condition: str, settings: ProgressionSettings = DEFAULT_SETTINGS
) -> FlareUp | None:
    """Flare-up = pain during above the condition's ceiling (0.6), or pain not settled by the next
    morning (next-morning pain above the pre-session baseline). None when neither holds."""
    ceiling = settings.ceiling_for(condition)
    family = family_for(condition)
    reasons = []
    if log.pain_during > ceiling:
        reasons.append(f"pain during {log.pain_during}/10 above the ceiling {ceiling}/10")
    delta = log.next_morning_delta
    if delta is not None and delta > 0:
        reasons.append(
            f"not settled by the next morning ({log.pain_next_morning}/10 vs baseline {log.baseline_pain}/10)"
        )
    if not reasons:
        return None
    advice = (
        f"Today, take the easier version ({settings.regress_step}) and keep pain during exercise at or "
        f"below {ceiling}/10. Your therapist has been told and will check in. If pain keeps rising, "
        "you have night pain or new symptoms, stop and contact the clinic."
    )
    return FlareUp(
        log.performed_on,
        "; ".join(reasons),
        advice,
        f"REFERENCE.md 0.6 ({family}: settle by {PAIN_CEILINGS[family].settle_by}) {PAIN_CEILINGS[family].evidence}",
    )


@dataclass(frozen=True, slots=True)
class WeeklyAdherence:
    """Sessions done of sessions planned in one ISO week (Monday start)."""

    week_start: dt.date
    planned: int
    done: int
    message: str

    @property
    def adherence_pct(self) -> float | None:
        return None if self.planned == 0 else min(self.done, self.planned) / self.planned * 100


def adherence_by_week(planned_on: Sequence[dt.date], done_on: Sequence[dt.date]) -> list[WeeklyAdherence]:
    """Adherence per week: planned session dates vs dates a session was logged. A missed session gets an
    encouraging message, never a scolding one (issue 8 item 3)."""
    weeks: dict[dt.date, list[int]] = {}
    for day in planned_on:
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), [0, 0])[0] += 1
    for day in done_on:
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), [0, 0])[1] += 1
    return [
        WeeklyAdherence(week, planned, done, _adherence_message(planned, done))
        for week, (planned, done) in sorted(weeks.items())
    ]


def _adherence_message(planned: int, done: int) -> str:
    if planned == 0:
        return f"{done} extra session(s) logged this week."
    if done >= planned:
        return f"All {planned} sessions done this week. Well done!"
    if done == 0:
        return "A quiet week happens. Your next session is a fresh start: even a short one counts."
    return f"{done} of {planned} sessions done: that is progress. Pick up with the next one when you can."
