"""The runner's hand-off report (issue 18 point 7): their records read into plain data for
``core.handoff.build_handoff_report``, and the runner's choice to share it live with their clinic.

The share is tied to the clinic the runner had when they switched it on: a runner who moves to
another clinic shares nothing with the new one until they switch it on again.
"""

from __future__ import annotations

import datetime as dt

from stridecare.accounts.models import User
from stridecare.core.handoff import (
    DEFAULT_SPAN_WEEKS,
    SPAN_WEEKS,
    GaitNote,
    GaitReport,
    HandoffReport,
    PainScore,
    ProgramDays,
    build_handoff_report,
)
from stridecare.gaitlab.models import GaitAnalysis
from stridecare.gaitlab.reference import VIEW_WORDS
from stridecare.programs.actions import planned_days
from stridecare.programs.models import ExerciseLog, Program, WalkRunLog
from stridecare.training.imports import load_settings_for, runner_sessions
from stridecare.training.weeks import runner_today, runner_zone

from .models import DataSettings


def span_weeks(value: str | None) -> int:
    """The span asked for in a query string ("4", "8", "12"); anything else is the default."""
    return int(value) if value in {str(w) for w in SPAN_WEEKS} else DEFAULT_SPAN_WEEKS


def runner_report(runner: User, weeks: int = DEFAULT_SPAN_WEEKS, today: dt.date | None = None) -> HandoffReport:
    today = today or runner_today(runner)
    return build_handoff_report(
        runner_name=runner.full_name or runner.email,
        today=today,
        span_weeks=weeks,
        sessions=runner_sessions(runner),
        tz=runner_zone(runner),
        settings=load_settings_for(runner),
        units="mi" if runner.units == "mi" else "km",
        pain=pain_scores(runner),
        gait=latest_gait(runner),
        programs=program_days(runner, today),
    )


def pain_scores(runner: User) -> list[PainScore]:
    """Every 0-10 pain score the runner logged: with exercise sessions and walk-runs, during and next morning."""
    scores = []
    for day, during, morning in ExerciseLog.objects.filter(prescribed__program__runner=runner).values_list(
        "performed_on", "pain_during", "pain_next_morning"
    ):
        scores.append(PainScore(day, during, "during", "exercise session"))
        if morning is not None:
            scores.append(PainScore(day + dt.timedelta(days=1), morning, "next_morning", "exercise session"))
    for day, during, morning in WalkRunLog.objects.filter(program__runner=runner).values_list(
        "performed_on", "pain_during", "next_morning_pain"
    ):
        scores.append(PainScore(day, during, "during", "walk-run"))
        if morning is not None:
            scores.append(PainScore(day + dt.timedelta(days=1), morning, "next_morning", "walk-run"))
    return scores


def latest_gait(runner: User) -> GaitReport | None:
    analysis = (
        GaitAnalysis.objects.filter(runner=runner, status=GaitAnalysis.Status.DONE, report__isnull=False)
        .order_by("-created_at")
        .first()
    )
    if analysis is None:
        return None
    report = analysis.report or {}
    view = str(report.get("view") or "")
    notes = tuple(
        GaitNote(str(f.get("severity", "")), str(f.get("title", "")), str(f.get("message", "")))
        for f in report.get("findings", [])
    )
    day = (analysis.finished_at or analysis.created_at).astimezone(runner_zone(runner)).date()
    return GaitReport(day, VIEW_WORDS.get(view, view.replace("_", " ") or "camera view not recorded"), notes)


def program_days(runner: User, today: dt.date) -> list[ProgramDays]:
    """Planned and logged session days of the runner's current program and of those discharged."""
    out = []
    for program in Program.objects.filter(runner=runner).prefetch_related("exercises"):
        until = today if program.is_active else program.discharged_on
        if until is None:
            continue  # replaced without a discharge: its plan ended on a day not recorded
        name = program.get_condition_display() + (f", {program.phase_label}" if program.phase_label else "")
        done = ExerciseLog.objects.filter(prescribed__program=program).values_list("performed_on", flat=True)
        out.append(ProgramDays(name, tuple(planned_days(program, min(until, today))), tuple(done)))
    return out


def is_shared_with_clinic(runner: User) -> bool:
    """Whether the runner shares their live report with the clinic they are with now."""
    if runner.clinic_id is None:
        return False
    return DataSettings.objects.filter(runner=runner, report_shared_with_id=runner.clinic_id).exists()


def set_sharing(runner: User, on: bool) -> None:
    """Share the live report with the runner's clinic, or stop sharing it."""
    row = DataSettings.objects.filter(runner=runner).first() or DataSettings(runner=runner)
    row.report_shared_with_id = runner.clinic_id if on else None
    row.save()
