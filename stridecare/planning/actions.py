"""Writes of the training plan: set a goal, recompute from what happened, a therapist's edit or lock.

The numbers are core.plan's (generate, adapt, check); this module only gathers what happened (runs,
check-ins that said worse, the running hold, illness, locked weeks) and saves the result whole.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.core.load.sessions import week_start
from stridecare.core.plan import (
    Goal,
    Illness,
    PainReport,
    Plan,
    PlannedRun,
    PlanSettings,
    StartingPoint,
    adapt_plan,
    check_plan,
)
from stridecare.core.plan.models import PlanStatus
from stridecare.training.weeks import runner_today, runner_zone

from .models import PlanRunRow, PlanWeekRow, TrainingPlan

PAIN_LOOKBACK_DAYS = 14
HOLD_WORDS = {
    "red_flag": "Your plan is paused: a recent check raised a warning sign. Please don't run until a clinician has cleared it.",
    "walk_run": "Your walk-run return to running comes first. The plan starts once you can run 30 minutes without stopping.",
    "walk_run_stopped": "Your plan is paused: your walk-run return was stopped. Please see your therapist before running again.",
}


def _pause_reason(runner: User) -> tuple[str | None, str]:
    from stridecare.training.running_status import running_hold

    hold = running_hold(runner)
    if hold is None:
        return None, ""
    return HOLD_WORDS[hold.reason], hold.reason


def _pain_reports(runner: User, today: dt.date) -> list[PainReport]:
    since = today - dt.timedelta(days=PAIN_LOOKBACK_DAYS)
    rows = runner.checkins.filter(completed_on__gte=since).values_list("completed_on", "trend")
    return [PainReport(day, trend == "worse") for day, trend in rows]


def _locked(plan: TrainingPlan) -> dict[dt.date, tuple[PlannedRun, ...]]:
    weeks = plan.weeks.filter(locked=True).prefetch_related("runs")
    return {w.week_start: tuple(r.to_core() for r in w.runs.all()) for w in weeks}


def inputs_key(plan: TrainingPlan, today: dt.date) -> str:
    """Everything a recomputation depends on, so a page recomputes only when something happened."""
    runner = plan.runner
    acts = runner.activities.aggregate(n=Max("pk"))["n"]
    count = runner.activities.count()
    checkin = runner.checkins.aggregate(n=Max("pk"))["n"]
    _, hold = _pause_reason(runner)
    locks = plan.weeks.filter(locked=True).aggregate(n=Max("locked_at"))["n"]
    return f"{today}|{acts}|{count}|{checkin}|{hold}|{locks}|{plan.ill_from}|{plan.ill_until}"[:200]


def plan_settings_for(runner: User) -> PlanSettings:
    """The clinic's own load and progression rules (LF-02 guard, 30-day window, 7.3 weekly cap) apply."""
    from stridecare.programs.models import settings_for_clinic
    from stridecare.training.imports import load_settings_for

    load = load_settings_for(runner)
    progression = settings_for_clinic(runner.clinic_id)
    return PlanSettings(
        guard_factor=load.planning_guard_factor,
        window_days=load.spike_window_days,
        weekly_jump_pct=load.weekly_jump_pct,
        weekly_increase_max_pct=min(progression.weekly_increase_max_pct, load.weekly_jump_pct),
    )


def _condition(runner: User) -> str | None:
    """The active program's condition orders strides, tempo and hills (7.3)."""
    from stridecare.programs.views import own_program

    program = own_program(runner)
    return program.condition if program is not None else None


def compute(plan: TrainingPlan, today: dt.date) -> Plan:
    from stridecare.training.imports import runner_sessions

    runner = plan.runner
    pause, _ = _pause_reason(runner)
    stated = (
        StartingPoint(plan.usual_week_m, plan.usual_longest_m) if plan.usual_week_m and plan.usual_longest_m else None
    )
    ill = [Illness(plan.ill_from, plan.ill_until)] if plan.ill_from and plan.ill_until else []
    return adapt_plan(
        plan.goal,
        runner_sessions(runner),
        today,
        illnesses=ill,
        pain_reports=_pain_reports(runner, today),
        pause_reason=pause,
        locked=_locked(plan),
        stated=stated,
        condition=_condition(runner),
        settings=plan_settings_for(runner),
        tz=runner_zone(runner),
    )


@transaction.atomic
def refresh_plan(plan: TrainingPlan, today: dt.date | None = None, force: bool = False) -> TrainingPlan:
    """Recompute the weeks from today on from what happened; past runs stay as they were planned (their
    ticks come from the runs imported), locked weeks stay as the therapist set them."""
    today = today or runner_today(plan.runner)
    key = inputs_key(plan, today)
    if not force and key == plan.inputs_key:
        return plan
    result = compute(plan, today)
    this_monday = week_start(today)
    PlanRunRow.objects.filter(week__plan=plan, week__locked=False, on__gte=today).delete()
    plan.weeks.filter(locked=False, week_start__gt=this_monday).delete()
    plan.weeks.filter(locked=False, week_start=this_monday, runs__isnull=True).delete()  # nothing left of it
    for week in result.weeks:
        if week.locked:
            continue
        row, _ = PlanWeekRow.objects.update_or_create(
            plan=plan,
            week_start=week.week_start,
            defaults={
                "kind": week.kind,
                "reason": week.reason,
                "source": week.source,
                "planned_m": week.planned_m,
                "total_m": week.total_m,
                "change_pct": week.change_pct,
            },
        )
        PlanRunRow.objects.bulk_create(
            PlanRunRow(
                week=row,
                on=r.on,
                kind=r.kind,
                distance_m=r.distance_m,
                reason=r.reason,
                source=r.source,
                steps=[s.to_dict() for s in r.steps],
            )
            for r in week.runs
        )
    plan.status, plan.message, plan.source = result.status, result.message, result.source
    plan.alternatives = [a.to_dict() for a in result.alternatives]
    plan.inputs_key = key
    plan.computed_at = timezone.now()
    plan.save()
    return plan


@transaction.atomic
def set_goal(runner: User, goal: Goal, usual: StartingPoint | None = None) -> TrainingPlan:
    """A new goal replaces the old plan (locked weeks included: they were for the old goal)."""
    goal.validate()
    plan = TrainingPlan.objects.filter(runner=runner).first() or TrainingPlan(runner=runner)
    plan.goal_distance_m, plan.race_on = goal.distance_m, goal.race_on
    plan.days_per_week, plan.long_run_weekday, plan.target_weekly_m = (
        goal.days_per_week,
        goal.long_run_weekday,
        goal.target_weekly_m,
    )
    plan.usual_week_m = usual.weekly_m if usual else None
    plan.usual_longest_m = usual.longest_m if usual else None
    plan.inputs_key = ""
    plan.save()
    plan.weeks.all().delete()
    return refresh_plan(plan, force=True)


@transaction.atomic
def report_illness(plan: TrainingPlan, first_day: dt.date, last_day: dt.date) -> TrainingPlan:
    plan.ill_from, plan.ill_until = first_day, last_day
    plan.save(update_fields=["ill_from", "ill_until"])
    return refresh_plan(plan, force=True)


@transaction.atomic
def edit_week(week: PlanWeekRow, distances_m: dict[int, float], lock: bool, by: User) -> PlanWeekRow:
    """A therapist's edit of a week's run distances; ``lock`` keeps the week as set when the plan is
    recomputed (an edit without a lock is overwritten by the next recomputation)."""
    for run in week.runs.all():
        if run.pk in distances_m:
            new_m = distances_m[run.pk]
            if new_m != run.distance_m:
                run.distance_m = new_m
                run.steps = [{"kind": "run", "label": run.words, "distance_m": new_m, "duration_s": None, "repeat": 1}]
                run.reason = "Set by your therapist."
                run.source = f"therapist ({by.full_name})"
                run.save()
    week.locked = lock
    week.locked_by = by if lock else None
    week.locked_at = timezone.now() if lock else None
    if lock:
        week.kind, week.reason, week.source = "locked", "Your therapist set this week.", f"therapist ({by.full_name})"
    week.save()
    refresh_plan(week.plan, force=True)
    return week


def plan_issues(plan: TrainingPlan) -> list:
    """Rule breaks of the stored plan (5.3 per run, 7.3 per week): only edited weeks can have them."""
    from stridecare.training.imports import runner_sessions

    today = runner_today(plan.runner)
    runs = [r.to_core() for r in PlanRunRow.objects.filter(week__plan=plan, on__gte=today).select_related("week")]
    done = [s for s in runner_sessions(plan.runner) if s.local_date(runner_zone(plan.runner)) < today]
    weeks = tuple(_core_weeks(runs))
    return check_plan(
        Plan(cast(PlanStatus, plan.status), plan.message, plan.goal, today, weeks),  # the field's choices
        done,
        plan_settings_for(plan.runner),
        tz=runner_zone(plan.runner),
    )


def _core_weeks(runs: list[PlannedRun]):
    from stridecare.core.plan import PlanWeek

    by: dict[dt.date, list[PlannedRun]] = {}
    for r in runs:
        by.setdefault(week_start(r.on), []).append(r)
    for monday in sorted(by):
        rs = tuple(by[monday])
        yield PlanWeek(monday, "build", rs, sum(r.distance_m for r in rs), 0.0, None, "", "")
