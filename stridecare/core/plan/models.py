"""The plan's records: a goal, weeks of planned runs, each run with its reason and source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

RunKind = Literal["easy", "long", "strides", "workout", "race", "goal"]
WeekKind = Literal["build", "recovery", "hold", "reduce", "taper", "race", "goal", "locked"]
PlanStatus = Literal["ok", "unsafe", "paused", "needs_start"]
StepKind = Literal["warmup", "run", "interval", "recovery", "cooldown"]

RUN_WORDS: dict[str, str] = {
    "easy": "Easy run",
    "long": "Long run",
    "strides": "Easy run with strides",
    "workout": "Tempo run",
    "race": "Race",
    "goal": "Goal run",
}
WEEK_WORDS: dict[str, str] = {
    "build": "Building week",
    "recovery": "Recovery week",
    "hold": "Steady week",
    "reduce": "Lighter week",
    "taper": "Taper week",
    "race": "Race week",
    "goal": "Goal week",
    "locked": "Set by your therapist",
}


@dataclass(frozen=True, slots=True)
class Goal:
    """What the runner wants: a distance, by a race date or not, on ``days_per_week`` days.

    ``long_run_weekday`` 0 = Monday ... 6 = Sunday; ``target_weekly_m`` an optional weekly distance
    to build towards (the plan builds further only if the goal needs it)."""

    distance_m: float
    race_on: dt.date | None = None
    days_per_week: int = 3
    long_run_weekday: int = 6
    target_weekly_m: float | None = None

    def validate(self) -> None:
        from stridecare.core.errors import InputError

        if not 1000 <= self.distance_m <= 100_000:
            raise InputError("goal distance must be between 1 km and 100 km")
        if not 2 <= self.days_per_week <= 7:
            raise InputError("days per week must be between 2 and 7")
        if not 0 <= self.long_run_weekday <= 6:
            raise InputError("long-run day must be 0 (Monday) to 6 (Sunday)")
        if self.target_weekly_m is not None and not 0 < self.target_weekly_m <= 300_000:
            raise InputError("target weekly distance must be between 0 and 300 km")


@dataclass(frozen=True, slots=True)
class StartingPoint:
    """A runner without imported runs states their usual week (distance and longest run, metres)."""

    weekly_m: float
    longest_m: float


@dataclass(frozen=True, slots=True)
class Step:
    """One structured step of a run: by distance (``distance_m``) or by time (``duration_s``);
    ``repeat`` > 1 repeats this step and the next one together (intervals with recoveries)."""

    kind: StepKind
    label: str
    distance_m: float | None = None
    duration_s: float | None = None
    repeat: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "label": self.label,
            "distance_m": self.distance_m,
            "duration_s": self.duration_s,
            "repeat": self.repeat,
        }


@dataclass(frozen=True, slots=True)
class PlannedRun:
    on: dt.date
    kind: RunKind
    distance_m: float
    reason: str
    source: str
    steps: tuple[Step, ...] = ()
    locked: bool = False

    @property
    def words(self) -> str:
        return RUN_WORDS[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.on.isoformat(),
            "type": self.kind,
            "distance_m": round(self.distance_m, 1),
            "reason": self.reason,
            "source": self.source,
            "locked": self.locked,
            "steps": [s.to_dict() for s in self.steps],
        }


@dataclass(frozen=True, slots=True)
class PlanWeek:
    week_start: dt.date
    kind: WeekKind
    runs: tuple[PlannedRun, ...]
    planned_m: float
    """Distance of the planned runs of the week."""
    total_m: float
    """Planned plus already-run distance of the week (the first week may have started before the plan)."""
    change_pct: float | None
    reason: str
    source: str
    locked: bool = False

    @property
    def words(self) -> str:
        return WEEK_WORDS[self.kind]

    @property
    def rest_days(self) -> list[dt.date]:
        run_days = {r.on for r in self.runs}
        return [
            self.week_start + dt.timedelta(days=i)
            for i in range(7)
            if self.week_start + dt.timedelta(days=i) not in run_days
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "week_start": self.week_start.isoformat(),
            "type": self.kind,
            "planned_m": round(self.planned_m, 1),
            "total_m": round(self.total_m, 1),
            "change_pct": None if self.change_pct is None else round(self.change_pct, 1),
            "reason": self.reason,
            "source": self.source,
            "locked": self.locked,
            "rest_days": [d.isoformat() for d in self.rest_days],
            "runs": [r.to_dict() for r in self.runs],
        }


@dataclass(frozen=True, slots=True)
class Alternative:
    """A safe version of a goal that was not: a later date, or a shorter race by the same date."""

    kind: Literal["later_date", "shorter_race"]
    distance_m: float
    race_on: dt.date | None
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "distance_m": self.distance_m,
            "date": self.race_on.isoformat() if self.race_on else None,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    status: PlanStatus
    message: str
    goal: Goal
    start_on: dt.date
    weeks: tuple[PlanWeek, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    source: str = ""
    issues: tuple[str, ...] = field(default=())
    """Rule breaks found by :func:`check_plan` (locked weeks only: generated weeks never break them)."""

    @property
    def is_safe(self) -> bool:
        return self.status == "ok"

    @property
    def runs(self) -> list[PlannedRun]:
        return [r for w in self.weeks for r in w.runs]

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "message": self.message,
            "source": self.source,
            "goal": {
                "distance_m": self.goal.distance_m,
                "date": self.goal.race_on.isoformat() if self.goal.race_on else None,
                "days_per_week": self.goal.days_per_week,
                "long_run_weekday": self.goal.long_run_weekday,
                "target_weekly_m": self.goal.target_weekly_m,
            },
            "start_date": self.start_on.isoformat(),
            "weeks": [w.to_dict() for w in self.weeks],
            "alternatives": [a.to_dict() for a in self.alternatives],
            "issues": list(self.issues),
        }
