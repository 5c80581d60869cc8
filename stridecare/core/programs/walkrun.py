"""Walk-run return-to-running program (REFERENCE.md 7.2), its calendar, and the 7.3 spike guard.

Stage logic per session (7.2 [H] structure, elements [V:W15]): success = all run intervals done, pain
during <= ceiling, no limp, next-morning pain <= baseline, no night pain. Two successes at a stage
advance it; a painful session means an extra rest day and one stage back; focal bone pain, night pain
or a red flag stops the program (section 2).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from stridecare.core.load.spike import SpikeState, classify_increase
from stridecare.core.programs.settings import DEFAULT_SETTINGS, ProgressionSettings, family_for

WalkRunAction = Literal["start", "advance", "repeat", "step_back", "stop", "complete"]
SOURCE_7_2 = "REFERENCE.md 7.2 walk-run program [H] structure; >= 2 successes per stage and rest days [V:W15]"


@dataclass(frozen=True, slots=True)
class WalkRunStage:
    number: int
    run_min: int
    walk_min: int
    repeats: int

    @property
    def total_running_min(self) -> int:
        return self.run_min * self.repeats

    @property
    def total_time_min(self) -> int:
        return (self.run_min + self.walk_min) * self.repeats

    @property
    def is_continuous(self) -> bool:
        return self.walk_min == 0

    @property
    def pattern(self) -> str:
        if self.is_continuous:
            return f"continuous {self.run_min} min"
        return f"(run {self.run_min} min + walk {self.walk_min} min) x {self.repeats}"


STAGES: tuple[WalkRunStage, ...] = (  # table 7.2; warm-up and cool-down 5 min walk not counted
    WalkRunStage(1, 1, 4, 5),
    WalkRunStage(2, 2, 3, 5),
    WalkRunStage(3, 3, 2, 5),
    WalkRunStage(4, 4, 1, 5),
    WalkRunStage(5, 9, 1, 3),
    WalkRunStage(6, 20, 0, 1),
    WalkRunStage(7, 25, 0, 1),
    WalkRunStage(8, 30, 0, 1),
)


def get_stage(number: int) -> WalkRunStage:
    if not 1 <= number <= len(STAGES):
        raise ValueError(f"walk-run stage must be 1-{len(STAGES)}, got {number}")
    return STAGES[number - 1]


@dataclass(frozen=True, slots=True)
class WalkRunSession:
    """One logged walk-run session (pain NPRS 0-10)."""

    performed_on: dt.date
    stage: int
    intervals_completed: bool
    pain_during: int
    baseline_pain: int
    next_morning_pain: int | None
    limp_or_gait_change: bool = False
    night_pain: bool = False
    focal_bone_pain: bool = False
    red_flag: bool = False


@dataclass(frozen=True, slots=True)
class WalkRunState:
    """Where the runner is: the stage, successes at it, and the earliest day of the next run."""

    stage: int = 1
    successes_at_stage: int = 0
    next_run_on: dt.date | None = None
    stopped: bool = False
    completed: bool = False


@dataclass(frozen=True, slots=True)
class WalkRunDecision:
    action: WalkRunAction
    state: WalkRunState
    reason: str
    source: str


def walk_run_ceiling(condition: str, settings: ProgressionSettings = DEFAULT_SETTINGS) -> int:
    """7.2 pain ceiling: the clinic's own walk-run ceiling if set, else the condition family ceiling (0.6); BSI 1."""
    if settings.walk_run_ceiling_override is not None:
        return settings.walk_run_ceiling_override
    if family_for(condition) == "bone_stress":
        return 1
    return settings.ceiling_for(condition)


def decide_walk_run(
    state: WalkRunState, session: WalkRunSession, condition: str, settings: ProgressionSettings = DEFAULT_SETTINGS
) -> WalkRunDecision:
    """Apply the 7.2 advancement logic to one session and return the new state with the rule that decided."""
    if state.stopped:
        return WalkRunDecision("stop", state, "program stopped: needs clinician review (section 2)", SOURCE_7_2)
    ceiling = walk_run_ceiling(condition, settings)
    rest = 1  # >= 1 rest or cross-training day between runs (7.2)
    if session.focal_bone_pain or session.night_pain or session.red_flag:
        why = [
            w
            for w, on in (
                ("focal bone pain", session.focal_bone_pain),
                ("night pain", session.night_pain),
                ("a red flag", session.red_flag),
            )
            if on
        ]
        return WalkRunDecision(
            "stop",
            WalkRunState(state.stage, state.successes_at_stage, None, stopped=True),
            f"{', '.join(why)}: stop the program and check the red-flag rules (section 2)",
            SOURCE_7_2,
        )
    if session.next_morning_pain is None:
        return WalkRunDecision(
            "repeat", state, "next-morning pain not logged yet: the stage result waits for it", SOURCE_7_2
        )
    morning_up = session.next_morning_pain > session.baseline_pain
    if session.pain_during > ceiling or morning_up:
        back = max(1, state.stage - 1)
        cause = (
            f"pain during {session.pain_during}/10 above the ceiling {ceiling}/10"
            if session.pain_during > ceiling
            else f"next-morning pain {session.next_morning_pain}/10 above baseline {session.baseline_pain}/10"
        )
        days = rest + settings.walk_run_extra_rest_days
        return WalkRunDecision(
            "step_back",
            WalkRunState(back, 0, session.performed_on + dt.timedelta(days=days + 1)),
            f"{cause}: take {settings.walk_run_extra_rest_days} extra rest day, then stage S{back}",
            SOURCE_7_2,
        )
    failed = [
        w
        for w, bad in (
            ("not all run intervals completed", not session.intervals_completed),
            ("limp or visible gait change", session.limp_or_gait_change),
        )
        if bad
    ]
    next_day = session.performed_on + dt.timedelta(days=rest + 1)
    if failed:
        return WalkRunDecision(
            "repeat",
            WalkRunState(state.stage, state.successes_at_stage, next_day),
            f"not a success ({'; '.join(failed)}): repeat stage S{state.stage}",
            SOURCE_7_2,
        )
    successes = state.successes_at_stage + 1
    if successes >= settings.walk_run_successes_to_advance:
        if state.stage == len(STAGES):
            return WalkRunDecision(
                "complete",
                WalkRunState(state.stage, successes, next_day, completed=True),
                "continuous 30 min done twice: move on to the 7.3 progression",
                SOURCE_7_2,
            )
        return WalkRunDecision(
            "advance",
            WalkRunState(state.stage + 1, 0, next_day),
            f"stage S{state.stage} completed successfully {successes} times: advance to S{state.stage + 1}",
            SOURCE_7_2,
        )
    return WalkRunDecision(
        "repeat",
        WalkRunState(state.stage, successes, next_day),
        f"success {successes} of {settings.walk_run_successes_to_advance} at S{state.stage}: repeat",
        SOURCE_7_2,
    )


def replay_walk_run(
    sessions: Sequence[WalkRunSession],
    condition: str,
    settings: ProgressionSettings = DEFAULT_SETTINGS,
    start: WalkRunState | None = None,
) -> list[WalkRunDecision]:
    """Apply ``decide_walk_run`` to sessions in date order; the last decision holds the current state."""
    state = start or WalkRunState()
    decisions = []
    for session in sorted(sessions, key=lambda s: s.performed_on):
        decision = decide_walk_run(state, session, condition, settings)
        decisions.append(decision)
        state = decision.state
    return decisions


@dataclass(frozen=True, slots=True)
class PlannedRun:
    planned_on: dt.date
    stage: int
    pattern: str
    total_time_min: int


def plan_walk_run_calendar(
    start_on: dt.date, state: WalkRunState, weeks: int = 3, settings: ProgressionSettings = DEFAULT_SETTINGS
) -> list[PlannedRun]:
    """Planned sessions on alternate days from ``start_on`` (7.2), assuming each stage succeeds exactly as
    often as needed; the plan is rebuilt from the actual state after every logged session."""
    if state.stopped or state.completed:
        return []
    runs: list[PlannedRun] = []
    stage, done = state.stage, state.successes_at_stage
    day = max(start_on, state.next_run_on or start_on)
    end = start_on + dt.timedelta(weeks=weeks)
    while day < end and stage <= len(STAGES):
        s = get_stage(stage)
        runs.append(PlannedRun(day, stage, s.pattern, s.total_time_min))
        done += 1
        if done >= settings.walk_run_successes_to_advance:
            stage, done = stage + 1, 0
        day += dt.timedelta(days=2)
    return runs


def tick_off_planned(planned: Sequence[PlannedRun], run_dates: Sequence[dt.date]) -> list[tuple[PlannedRun, bool]]:
    """Mark planned sessions done when an imported running activity falls on the planned day."""
    days = set(run_dates)
    return [(p, p.planned_on in days) for p in planned]


# ---- 7.3 after continuous 30 minutes: the single-session spike guard of 5.3 ----------------------


@dataclass(frozen=True, slots=True)
class SpikeCheck:
    """A planned (or done) run compared with the longest run of the previous 30 days (5.3 [V:R01])."""

    state: SpikeState
    longest_previous_km: float | None
    increase_ratio: float | None
    max_recommended_km: float
    is_spike: bool
    source: str


def longest_run_km(
    history: Sequence[tuple[dt.datetime, float]], at: dt.datetime, window_days: int = 30
) -> float | None:
    """Longest single run (km) in the ``window_days`` x 24 h before ``at``, exclusive (5.3 [H] encoding)."""
    window = [km for start, km in history if at - dt.timedelta(days=window_days) <= start < at]
    return max(window) if window else None


def check_run_against_spike(
    planned_km: float,
    history: Sequence[tuple[dt.datetime, float]],
    at: dt.datetime,
    settings: ProgressionSettings = DEFAULT_SETTINGS,
) -> SpikeCheck:
    """Classify a run by 5.3's categories (<= 10% reference, > 10-30% small, > 30-100% moderate, > 100%
    large) and give the 7.3 cap: no run longer than 110% of the longest run in the previous 30 days."""
    source = "REFERENCE.md 5.3 (Frandsen 2025) [V:R01]; 7.3 guard derived from [V:R01]"
    ref = longest_run_km(history, at, settings.spike_window_days)
    if ref is None:
        return SpikeCheck(
            "no_reference",
            None,
            None,
            settings.no_reference_cap_km,
            planned_km > settings.no_reference_cap_km,
            source + "; no-reference cap [H]",
        )
    ratio = round(planned_km / ref - 1.0, 9)  # so 7.8 / 6.0 is exactly +30%, not 30.000000000000004
    state = classify_increase(ratio)  # the bands of 5.3, from the one table in core.load.spike
    cap = settings.spike_guard_ratio * ref
    return SpikeCheck(state, ref, ratio, cap, planned_km > cap + 1e-9, source)


INTENSITY_ORDER: tuple[str, ...] = ("strides", "tempo", "hills")  # 7.3 [K], one at a time, >= 2 weeks apart


def intensity_sequence(condition: str) -> tuple[str, ...]:
    """7.3 [K]: strides -> tempo -> hills, with downhill last for ITBS/PFP and uphill last for insertional
    Achilles and proximal hamstring tendinopathy; each after >= 2 weeks of tolerated volume."""
    if condition in ("itbs", "pfp"):
        return ("strides", "tempo", "uphill", "downhill")
    if condition in ("achilles_insertional", "proximal_hamstring_tendinopathy"):
        return ("strides", "tempo", "downhill", "uphill")
    return INTENSITY_ORDER


@dataclass(frozen=True, slots=True)
class PlannedDistanceRun:
    """One planned continuous run of the 7.3 progression, with the guard that limited it (if any)."""

    planned_at: dt.datetime
    distance_km: float
    limited_by: str | None


def _window_km(runs: Sequence[tuple[dt.datetime, float]], start: dt.datetime, end: dt.datetime) -> float:
    return sum(km for at, km in runs if start <= at < end)


def plan_continuous_runs(
    history: Sequence[tuple[dt.datetime, float]],
    first_at: dt.datetime,
    count: int,
    step_pct: float = 10.0,
    days_between: int = 2,
    settings: ProgressionSettings = DEFAULT_SETTINGS,
) -> list[PlannedDistanceRun]:
    """7.3 after continuous 30 min: each run ``step_pct`` longer than the last, capped so that no run is a
    spike (<= 1.10 x the longest run of the previous 30 days, 5.3 [V:R01], planned runs included) and the
    rolling 7-day distance grows at most ``weekly_increase_max_pct`` over the 7 days before it (7.3 [H])."""
    if not history:
        raise ValueError("the 7.3 progression starts from logged runs: the history is empty")
    runs = sorted(history)
    planned: list[PlannedDistanceRun] = []
    at = first_at
    for _ in range(count):
        last_km = runs[-1][1]
        wanted = last_km * (1 + step_pct / 100)
        km, limited = wanted, None
        spike_cap = check_run_against_spike(wanted, runs, at, settings).max_recommended_km
        if km > spike_cap:
            km, limited = spike_cap, "5.3 session-spike guard (1.10 x longest run in 30 days) [V:R01]"
        week_before = _window_km(runs, at - dt.timedelta(days=14), at - dt.timedelta(days=7))
        if week_before > 0:
            this_week = _window_km(runs, at - dt.timedelta(days=6), at)
            weekly_cap = week_before * (1 + settings.weekly_increase_max_pct / 100) - this_week
            if km > weekly_cap:
                km, limited = max(weekly_cap, 0.0), f"7.3 weekly increase <= {settings.weekly_increase_max_pct:g}% [H]"
        km = math.floor(km * 100 + 1e-9) / 100  # round down to 10 m: rounding up could cross the cap
        planned.append(PlannedDistanceRun(at, km, limited))
        if km > 0:
            runs.append((at, km))
        at += dt.timedelta(days=days_between)
    return planned
