"""Whether the runner should run at all right now, and where they are in a return to running.

Stridecare has no "injury episode" record of its own. What holds running is read from the two
places that decide it:

- an uncleared self-screening or check-in whose red flags stop running (REFERENCE.md 2.3 rule 2:
  emergency and same-day results; the engine stores this as ``is_running_stopped``), held until a
  clinician clears it (2.3 rule 4, ``screening.state``); any other uncleared red flag pauses
  prescribed exercise of its region (0.2.2), the walk-run included, so it holds a runner under way;
- an active program's walk-run return to running (7.2, ``programs.rtr``): while it is under way
  the runner runs only its sessions, and when it was stopped (bone or night pain, a red flag) not
  at all until their therapist has seen them.

Pages call :func:`running_hold` and show its words instead of training advice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from stridecare.accounts.models import User
from stridecare.core.programs.walkrun import STAGES, WalkRunStage, WalkRunState
from stridecare.screening.models import ScreeningSession

HoldReason = Literal["red_flag", "walk_run_stopped", "walk_run"]
RUNNING_STOP_URGENCIES = ("emergency", "same_day")


@dataclass(frozen=True, slots=True)
class ReturnToRunStep:
    """Where an active walk-run program stands: the stage to run next, and today's session."""

    program_id: int
    state: WalkRunState
    stage: WalkRunStage
    stage_count: int
    run_today: tuple | None
    """(PlannedRun, imported run ticked it off) for today, else None."""

    @property
    def is_under_way(self) -> bool:
        return not self.state.stopped and not self.state.completed


@dataclass(frozen=True, slots=True)
class RunningHold:
    """Why running is on hold; ``screening`` for a red flag, ``step`` for a return to running."""

    reason: HoldReason
    screening: ScreeningSession | None = None
    step: ReturnToRunStep | None = None

    @property
    def is_full_stop(self) -> bool:
        """No running at all (a red flag, or a stopped walk-run), rather than only the plan's runs."""
        return self.reason != "walk_run"


def stops_running(screening: ScreeningSession) -> bool:
    """The engine's own verdict stored with the result, else its urgency (rows saved before it was)."""
    result = screening.result or {}
    if "is_running_stopped" in result:
        return bool(result["is_running_stopped"])
    return screening.urgency in RUNNING_STOP_URGENCIES


def running_hold(runner: User) -> RunningHold | None:
    """The most serious reason to hold running now, else None: an uncleared red flag that stops
    running first, then a stopped walk-run, then a walk-run under way."""
    from stridecare.screening.state import uncleared_red_flag_screenings

    pending = uncleared_red_flag_screenings(runner)
    screening = next((s for s in pending if stops_running(s)), None)
    if screening is not None:
        return RunningHold("red_flag", screening=screening)
    step = return_to_run_step(runner)
    if step is None or step.state.completed:
        return None
    if pending and not step.state.stopped:
        # The walk-run is prescribed exercise: any uncleared red flag pauses it (0.2.2), and the
        # runner under way runs only its sessions, so there is no running at all until cleared.
        return RunningHold("red_flag", screening=pending[0], step=step)
    return RunningHold("walk_run_stopped" if step.state.stopped else "walk_run", step=step)


def return_to_run_step(runner: User, today: dt.date | None = None) -> ReturnToRunStep | None:
    """The runner's walk-run step in their active program, or None when no walk-run was started."""
    from stridecare.programs.rtr import rtr_context
    from stridecare.programs.views import own_program

    program = own_program(runner)
    if program is None or program.walk_run_started_on is None:
        return None
    context = rtr_context(program)
    day = today or context.get("today")
    run_today = next(((run, done) for run, done in context.get("calendar", []) if run.planned_on == day), None)
    return ReturnToRunStep(
        program_id=program.pk,
        state=context["state"],
        stage=context["stage"],
        stage_count=len(STAGES),
        run_today=run_today,
    )
