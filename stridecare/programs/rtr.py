"""Return to running state for the pages (issue 8 item 4): the 7.1 checklist, the 7.2 walk-run state replayed
from the logged runs, its calendar ticked off by imported runs, and the 7.3 plan checked against the spike rule."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from stridecare.core.programs.protocols import get_protocol
from stridecare.core.programs.rtr import evaluate_rtr, score_single_leg_squat
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


def save_answers(program: Program, answers: dict[str, bool | None], by: str) -> None:
    stored = dict(program.rtr_answers)
    for key, met in answers.items():
        if met is None and by == "runner":
            continue
        stored[key] = {"met": met, "by": by, "on": timezone.localdate().isoformat()}
    program.rtr_answers = stored
    program.save(update_fields=["rtr_answers", "rtr_bsi_high_risk"])


def record_single_leg_squat(program: Program, side: str, faults: dict[str, bool], pain: int, by: str) -> bool:
    """Score one side by 7.4 and set RTR-06 (met only when both sides pass). Returns whether this side passed."""
    result = score_single_leg_squat(faults, pain)
    answers = dict(program.rtr_answers)
    sls = dict(answers.get("sls", {}))
    sls[side] = {"total": result.total, "pain": pain, "passed": result.passed, "by": by}
    answers["sls"] = sls
    both = [sls.get(s, {}).get("passed") for s in ("left", "right")]
    met = None if None in both else all(both)
    answers["RTR-06"] = {"met": met, "by": by, "on": timezone.localdate().isoformat(), "source": result.source}
    program.rtr_answers = answers
    program.save(update_fields=["rtr_answers"])
    return result.passed


def rtr_context(program: Program) -> dict:
    """Checklist, walk-run state and calendar (ticked off by imported runs), and the 7.3 plan once continuous 30 min is done."""
    rules = settings_for_clinic(program.runner.clinic_id)
    answers = {k: v.get("met") for k, v in program.rtr_answers.items() if k.startswith("RTR-")}
    checklist = evaluate_rtr(program.condition, answers, program.rtr_bsi_high_risk)
    context = {"program": program, "runner": program.runner, "checklist": checklist, "by": program.rtr_answers,
               "condition_rtr": get_protocol(program.condition).rtr, "sls": program.rtr_answers.get("sls", {}),
               "ceiling": walk_run_ceiling(program.condition, rules), "source_7_2": SOURCE_7_2}
    if program.walk_run_started_on is None:
        return context
    logs = list(program.walk_runs.all())
    decisions = replay_walk_run([x.to_core() for x in logs], program.condition, rules)
    state = decisions[-1].state if decisions else None
    today = timezone.localdate()
    runs = Activity.objects.filter(runner=program.runner, sport="running", start_utc__date__gte=program.walk_run_started_on)
    run_dates = [timezone.localtime(a.start_utc).date() for a in runs]
    current = state or WalkRunState(next_run_on=program.walk_run_started_on)
    planned = plan_walk_run_calendar(max(today, program.walk_run_started_on), current, weeks=3, settings=rules)
    context |= {"history": list(zip(logs, decisions)), "state": current, "stage": get_stage(current.stage),
                "calendar": tick_off_planned(planned, run_dates), "today": today}
    if current.completed:
        history = [(a.start_utc, a.distance_m / 1000) for a in runs.order_by("start_utc") if a.distance_m]
        first_at = timezone.now() + dt.timedelta(days=1)
        context["continuous"] = plan_continuous_runs(history, first_at, 6, settings=rules) if history else None
        context["intensity"] = intensity_sequence(program.condition)
    return context


def run_planned_on(program: Program, day: dt.date):
    """The walk-run session planned for ``day`` (a PlannedRun) and whether an imported run ticked it off, else None."""
    if program.walk_run_started_on is None:
        return None
    context = rtr_context(program)
    return next(((run, done) for run, done in context.get("calendar", []) if run.planned_on == day), None)
