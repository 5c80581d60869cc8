"""Return to running state for the pages (issue 8 item 4): the 7.1 checklist, the 7.2 walk-run state replayed
from the logged runs, its calendar ticked off by imported runs, and the 7.3 plan checked against the spike rule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from stridecare.core.care import score_single_leg_squat
from stridecare.core.errors import StridecareError
from stridecare.core.programs.protocols import get_protocol
from stridecare.core.programs.rtr import RtrChecklist, evaluate_rtr
from stridecare.core.programs.walkrun import (
    SOURCE_7_2,
    WalkRunState,
    get_stage,
    intensity_sequence,
    plan_continuous_runs,
    plan_walk_run_calendar,
    replay_walk_run,
    tick_off_planned,
    walk_run_ceiling,
)
from stridecare.training.models import Activity

from .models import Program, settings_for_clinic

# 7.1 RTR-01 "no active red flag: none fired or all cleared by clinician" is read from the runner's
# screenings, never ticked by hand.
RED_FLAG_CRITERION = "RTR-01"


class WalkRunNotReady(StridecareError):
    """The walk-run program cannot start yet; the message says which checklist items are not met."""


def active_red_flags(runner) -> list:
    """The runner's screenings with fired red flags no clinician has cleared (screening.state).
    While there is one, running is on hold on every page: the Today card, the walk-run log and its start."""
    from stridecare.screening.state import uncleared_red_flag_screenings

    return uncleared_red_flag_screenings(runner)


def save_answers(program: Program, answers: dict[str, bool | None], by: str) -> None:
    stored = dict(program.rtr_answers)
    for key, met in answers.items():
        if key == RED_FLAG_CRITERION:
            continue
        if met is None and by == "runner":
            continue
        stored[key] = {"met": met, "by": by, "on": timezone.localdate().isoformat()}
    program.rtr_answers = stored
    program.save(update_fields=["rtr_answers", "rtr_bsi_high_risk"])


def record_single_leg_squat(program: Program, side: str, faults: dict[str, bool], pain: int, by: str) -> bool:
    """Score one side by 7.4 with the clinic's limits and set RTR-06 (met only when both sides pass).
    Returns whether this side passed."""
    from stridecare.care.models import ClinicCareSettings

    limits = ClinicCareSettings.for_clinic(program.runner.clinic_id)
    result = score_single_leg_squat(
        faults, pain, max_items=limits.squat_max_items, max_pain_nprs=limits.squat_max_pain_nprs
    )
    answers = dict(program.rtr_answers)
    sls = dict(answers.get("sls", {}))
    sls[side] = {"total": result.total, "pain": pain, "passed": result.is_pass, "by": by}
    answers["sls"] = sls
    both = [sls.get(s, {}).get("passed") for s in ("left", "right")]
    met = None if None in both else all(both)
    answers["RTR-06"] = {"met": met, "by": by, "on": timezone.localdate().isoformat(), "source": "REFERENCE.md 7.4 [H]"}
    program.rtr_answers = answers
    program.save(update_fields=["rtr_answers"])
    return result.is_pass


def checklist_for(program: Program, red_flags: list | None = None) -> RtrChecklist:
    """The 7.1 checklist from the stored answers, with RTR-01 computed from the runner's uncleared screenings."""
    answers = {k: v.get("met") for k, v in program.rtr_answers.items() if k.startswith("RTR-") and isinstance(v, dict)}
    answers[RED_FLAG_CRITERION] = not (active_red_flags(program.runner) if red_flags is None else red_flags)
    return evaluate_rtr(program.condition, answers, program.rtr_bsi_high_risk)


def start_walk_run(program: Program) -> Program:
    """Start the 7.2 walk-run program, only once every applicable 7.1 criterion is met (7.1: all must be met)."""
    checklist = checklist_for(program)
    if not checklist.ready:
        missing = [i.criterion.criterion for i in checklist.items if i.status in ("not_met", "not_answered")]
        raise WalkRunNotReady(
            f"The walk-run program can start once every checklist item is met. Not met yet: {'; '.join(missing)}."
        )
    if program.walk_run_started_on is None:
        program.walk_run_started_on = timezone.localdate()
        program.save(update_fields=["walk_run_started_on"])
    return program


def rtr_context(program: Program) -> dict:
    """Checklist, walk-run state and calendar (ticked off by imported runs), and the 7.3 plan once continuous 30 min is done."""
    rules = settings_for_clinic(program.runner.clinic_id)
    red_flags = active_red_flags(program.runner)
    checklist = checklist_for(program, red_flags)
    context = {
        "program": program,
        "runner": program.runner,
        "checklist": checklist,
        "by": program.rtr_answers,
        "condition_rtr": get_protocol(program.condition).rtr,
        "sls": program.rtr_answers.get("sls", {}),
        "ceiling": walk_run_ceiling(program.condition, rules),
        "source_7_2": SOURCE_7_2,
        "red_flags": red_flags,
        "on_hold": bool(red_flags),
    }
    if program.walk_run_started_on is None:
        return context
    logs = list(program.walk_runs.all())
    decisions = replay_walk_run([x.to_core() for x in logs], program.condition, rules)
    state = decisions[-1].state if decisions else None
    today = timezone.localdate()
    runs = Activity.objects.filter(
        runner=program.runner, sport="running", start_utc__date__gte=program.walk_run_started_on
    )
    run_dates = [timezone.localtime(a.start_utc).date() for a in runs]
    current = state or WalkRunState(next_run_on=program.walk_run_started_on)
    planned = plan_walk_run_calendar(max(today, program.walk_run_started_on), current, weeks=3, settings=rules)
    context |= {
        "history": list(zip(logs, decisions, strict=True)),
        "state": current,
        "stage": get_stage(current.stage),
        "calendar": tick_off_planned(planned, run_dates),
        "today": today,
    }
    if current.completed:
        history = [(a.start_utc, a.distance_m / 1000) for a in runs.order_by("start_utc") if a.distance_m]
        first_at = timezone.now() + dt.timedelta(days=1)
        context["continuous"] = plan_continuous_runs(history, first_at, 6, settings=rules) if history else None
        context["intensity"] = intensity_sequence(program.condition)
    return context


def run_planned_on(program: Program, day: dt.date):
    """The walk-run session planned for ``day`` (a PlannedRun) and whether an imported run ticked it off, else None;
    None as well while running is on hold for an uncleared red flag."""
    if program.walk_run_started_on is None:
        return None
    context = rtr_context(program)
    if context["on_hold"]:
        return None
    return next(((run, done) for run, done in context.get("calendar", []) if run.planned_on == day), None)
