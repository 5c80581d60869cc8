"""Writes across several rows for exercise programs, each in one transaction (STYLE.md: module-level
functions). Every rule comes from stridecare.core; these functions store its decisions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.core.outcomes.scoring import Answers, ScoreResult
from stridecare.core.outcomes.wellbeing import DEFAULT_SELF_HARM_PHRASES, find_self_harm_language
from stridecare.core.programs.library import get_exercise, parse_dose
from stridecare.core.programs.progression import FlareUp, adherence_by_week, detect_flare_up, suggest_progression
from stridecare.core.programs.protocols import get_protocol, prescribe_phase
from stridecare.core.programs.walkrun import replay_walk_run
from stridecare.inbox.alerts import raise_alert
from stridecare.outcomes.models import CheckIn, OutcomeResponse

from .models import (
    ExerciseLog,
    PrescribedExercise,
    Program,
    ProgressionSuggestion,
    WalkRunLog,
    settings_for_clinic,
)


def start_program(
    runner: User, therapist: User, condition: str, phase_id: str | None, weekdays: tuple[int, ...]
) -> Program:
    """A program from a protocol phase (its exercises and doses, section 1) or, without a phase, from scratch."""
    with transaction.atomic():
        Program.objects.filter(runner=runner, is_active=True).update(is_active=False)
        program = Program.objects.create(
            runner=runner,
            therapist=therapist,
            condition=condition,
            from_protocol=phase_id is not None,
            phase=phase_id or "",
        )
        if phase_id is not None:
            for order, p in enumerate(prescribe_phase(condition, phase_id, weekdays)):
                add_exercise(program, p.exercise_id, p.dose, weekdays, p.source, order)
    return program


def add_exercise(
    program: Program, exercise_id: str, dose: str, weekdays: tuple[int, ...], source: str = "", order: int | None = None
) -> PrescribedExercise:
    exercise = get_exercise(exercise_id)
    parsed = parse_dose(dose or exercise.dose.text)
    if order is None:
        order = program.exercises.count()
    return PrescribedExercise.objects.create(
        program=program,
        exercise_id=exercise.id,
        dose=dose or exercise.dose.text,
        sets=parsed.sets_max,
        reps=parsed.reps_max,
        hold_s=parsed.hold_s_max,
        weekdays=",".join(str(d) for d in sorted(weekdays)),
        source=source or f"REFERENCE.md {exercise.section} default dose (0.5)",
        order=order,
    )


def advance_phase(program: Program, weekdays: tuple[int, ...]) -> str | None:
    """Move to the protocol's next phase: its exercises replace the current ones. None after the last phase."""
    nxt = get_protocol(program.condition).next_phase(program.phase)
    if nxt is None:
        return None
    with transaction.atomic():
        program.exercises.all().delete()
        for order, p in enumerate(prescribe_phase(program.condition, nxt.id, weekdays)):
            add_exercise(program, p.exercise_id, p.dose, weekdays, p.source, order)
        program.phase = nxt.id
        program.save(update_fields=["phase"])
    return nxt.id


def record_log(log: ExerciseLog) -> FlareUp | None:
    """Store a logged session (or its next-morning pain), refresh the exercise's pending suggestion and,
    on a flare-up, alert the therapist (issue 8 item 3). Returns the flare-up for the runner's advice."""
    prescribed = log.prescribed
    program = prescribed.program
    rules = settings_for_clinic(program.runner.clinic_id)
    flare = detect_flare_up(log.to_core(), program.condition, rules)
    with transaction.atomic():
        is_new_flare = flare is not None and not log.flare_up
        log.flare_up = flare.reason if flare else ""
        log.save()
        logs = [x.to_core() for x in prescribed.logs.all()]
        decision = suggest_progression(logs, program.condition, rules)
        prescribed.suggestions.filter(status=ProgressionSuggestion.Status.PENDING).delete()
        ProgressionSuggestion.objects.create(
            prescribed=prescribed,
            log=log,
            action=decision.action,
            step=decision.step,
            rule=decision.rule,
            reason=decision.reason,
            source=decision.source,
        )
        if is_new_flare and flare is not None:
            raise_alert(
                runner=program.runner,
                kind="flare_up",
                title=f"Flare-up: {prescribed.exercise.name}",
                body=f"{log.performed_on:%d %b}: {flare.reason}. Suggested: {decision.action} ({decision.reason}). {flare.source}",
                severity="amber",
                source="programs:flare_up",
            )
    return flare


def decide_suggestion(suggestion: ProgressionSuggestion, action: str, therapist: User) -> ProgressionSuggestion:
    """The therapist accepts the suggestion or changes it to another action; the exercise's level and load follow."""
    prescribed = suggestion.prescribed
    with transaction.atomic():
        suggestion.status = "accepted" if action == suggestion.action else "changed"
        suggestion.decided_action, suggestion.decided_by, suggestion.decided_at = action, therapist, timezone.now()
        suggestion.save()
        if action == "progress":
            prescribed.level += 1
            prescribed.load_kg = round(prescribed.load_kg * 1.05, 1) if prescribed.load_kg else prescribed.load_kg
        elif action == "regress":
            prescribed.level -= 1
            prescribed.load_kg = round(prescribed.load_kg * 0.8, 1) if prescribed.load_kg else prescribed.load_kg
        prescribed.save(update_fields=["level", "load_kg"])
    return suggestion


def planned_days(program: Program, until: dt.date) -> list[dt.date]:
    weekdays = {d for p in program.exercises.all() for d in p.weekday_list}
    days, day = [], program.started
    while day <= until:
        if day.weekday() in weekdays:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def weekly_adherence(program: Program, today: dt.date, weeks: int = 4):
    """Adherence for the last ``weeks`` weeks (core.programs.progression.adherence_by_week)."""
    done = sorted(
        {d for d in ExerciseLog.objects.filter(prescribed__program=program).values_list("performed_on", flat=True)}
    )
    rows = adherence_by_week(planned_days(program, today), done)
    return list(reversed(rows[-weeks:]))


def wellbeing_alert(runner: User, body: str) -> None:
    raise_alert(
        runner=runner,
        kind="wellbeing",
        title="Positive well-being screen",
        body=body,
        severity="amber",
        source="programs:follow_up",
    )


def self_harm_phrases(runner: User) -> tuple[str, ...]:
    """The runner's clinic's phrase list (8.3: maintained by the clinic), or Stridecare's starting list."""
    return runner.clinic.phrase_list() if runner.clinic else DEFAULT_SELF_HARM_PHRASES


def text_mentions_self_harm(text: str, runner: User) -> tuple[str, ...]:
    return find_self_harm_language(text, self_harm_phrases(runner)) if text else ()


def save_response(
    runner: User, answers: Answers, result: ScoreResult, labels: list[str] | None = None, checkin: CheckIn | None = None
) -> OutcomeResponse:
    return OutcomeResponse.objects.create(
        runner=runner,
        measure=answers.measure,
        items=list(answers.items),
        q8={"branch": answers.q8.branch, "band": answers.q8.band} if answers.q8 else None,
        labels=labels or [],
        completed_on=answers.completed_on or timezone.localdate(),
        score=result.score,
        complete=result.complete,
        interpretation=result.interpretation[:500],
        self_harm=bool(result.self_harm),
        checkin=checkin,
    )


def record_walk_run(log: WalkRunLog) -> str:
    """Store a walk-run session (or its next-morning pain) and replay the 7.2 stages; a step back or a stop
    (focal bone pain, night pain) alerts the therapist as a flare-up. Returns the decision's action."""
    program = log.program
    with transaction.atomic():
        log.save()
        decisions = replay_walk_run(
            [x.to_core() for x in program.walk_runs.all()],
            program.condition,
            settings_for_clinic(program.runner.clinic_id),
        )
        decision = decisions[-1]
        if decision.action in ("step_back", "stop"):
            raise_alert(
                runner=program.runner,
                kind="flare_up",
                severity="amber",
                title=f"Walk-run {'stopped' if decision.action == 'stop' else 'stepped back'} (stage S{log.stage})",
                body=f"{log.performed_on:%d %b}: {decision.reason}. {decision.source}",
                source="programs:walk_run",
            )
    return decision.action
