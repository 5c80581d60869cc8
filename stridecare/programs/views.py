"""Exercise library, programs, Today, progression suggestions and the printable program (issue 8 items 1-3, 7).
Return to running is in views_rtr.py; outcome measures and well-being in stridecare.outcomes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from stridecare.accounts.access import AuthedRequest, get_runner_or_404, role_required, visible_runners
from stridecare.audit.trail import record
from stridecare.core.outcomes.measures import get_measure
from stridecare.core.outcomes.schedule import ScheduleSettings, due_measures
from stridecare.core.programs.figure_poses import exercise_figure_svg
from stridecare.core.programs.library import (
    BODY_REGION_NAMES,
    ROUTINES,
    get_exercise,
    search_exercises,
)
from stridecare.core.programs.progression import detect_flare_up
from stridecare.core.programs.protocols import get_protocol
from stridecare.outcomes.models import CheckIn, OutcomeResponse, why_i_run_this_week
from stridecare.training.running_status import running_hold

from . import actions
from .forms import (
    AddExerciseForm,
    ClinicRulesForm,
    ClinicScheduleForm,
    DischargeForm,
    ExerciseLogForm,
    LibraryFilterForm,
    MorningPainForm,
    PrescribedForm,
    StartProgramForm,
)
from .models import (
    ClinicProgressionSettings,
    ExerciseLog,
    PrescribedExercise,
    Program,
    ProgressionSuggestion,
    schedule_for_clinic,
    settings_for_clinic,
)
from .rtr import run_planned_on

DUE_LABELS = {
    "baseline": "baseline",
    "every_2_weeks": "every 2 weeks",
    "discharge": "discharge",
    "3_months": "3 months",
    "every_session": "every session",
}


def due_label(reason: str, schedule: ScheduleSettings) -> str:
    """The reason a measure is due, in the clinic's own interval (4.9 [H])."""
    if reason == "every_2_weeks" and schedule.interval_days != 14:
        return f"every {schedule.interval_days} days"
    return DUE_LABELS[reason]


@functools.cache
def figure(exercise_id: str) -> str:
    """The exercise's start/end pose figure (core.programs.figure_poses), drawn once per process."""
    return mark_safe(exercise_figure_svg(exercise_id, get_exercise(exercise_id).name))


def staff_program(user, program_id: int) -> Program:
    """A program of one of the therapist's clinic runners, else 404."""
    return get_object_or_404(Program.objects.select_related("runner"), pk=program_id, runner__in=visible_runners(user))


def own_program(user) -> Program | None:
    return Program.objects.filter(runner=user, is_active=True).first()


# ---- 1. Exercise library ----------------------------------------------------------------------


@role_required("member")
def library(request: AuthedRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None)
    found = search_exercises()
    if form.is_valid():
        d = form.cleaned_data
        found = search_exercises(d["q"], d["region"] or None, d["target"] or None, d["equipment"] or None)
    rows = [(e, BODY_REGION_NAMES.get(e.body_region, e.body_region)) for e in found]
    return render(request, "programs/library.html", {"form": form, "exercises": found, "rows": rows})


@role_required("member")
def exercise_detail(request: AuthedRequest, exercise_key: str) -> HttpResponse:
    try:
        exercise = get_exercise(exercise_key)
    except KeyError:
        raise Http404("No such exercise") from None
    return render(request, "programs/exercise.html", {"exercise": exercise, "figure": figure(exercise.id)})


@role_required("member")
def routines(request: AuthedRequest) -> HttpResponse:
    rows = [
        (r, [(get_exercise(i.exercise_id), i.dose, figure(i.exercise_id)) for i in r.items]) for r in ROUTINES.values()
    ]
    return render(request, "programs/routines.html", {"rows": rows})


# ---- 2. Programs (therapist) ---------------------------------------------------------------------


@role_required("therapist")
def clinic_programs(request: AuthedRequest) -> HttpResponse:
    """Active programs of the clinic's runners with the suggestions waiting for a decision."""
    programs = Program.objects.filter(runner__in=visible_runners(request.user), is_active=True).select_related("runner")
    pending = {
        p.pk: ProgressionSuggestion.objects.filter(prescribed__program=p, status="pending").count() for p in programs
    }
    return render(
        request,
        "programs/clinic_programs.html",
        {"rows": [(p, pending[p.pk]) for p in programs], "runners": visible_runners(request.user)},
    )


@role_required("therapist")
def runner_programs(request: AuthedRequest, runner_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    form = StartProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        program = actions.start_program(
            runner, request.user, form.cleaned_data["condition"], form.phase_id(), tuple(form.cleaned_data["weekdays"])
        )
        record(request, "create", runner, program)
        messages.success(request, f"Program started for {runner.full_name}.")
        return redirect("programs:program", program_id=program.pk)
    record(request, "read", runner, record_type="programs")
    return render(
        request, "programs/runner_programs.html", {"runner": runner, "form": form, "programs": runner.programs.all()}
    )


@role_required("therapist")
def program_detail(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = staff_program(request.user, program_id)
    add_form = AddExerciseForm(request.POST or None)
    if request.method == "POST" and add_form.is_valid():
        d = add_form.cleaned_data
        actions.add_exercise(
            program, d["exercise_id"], d["dose"], tuple(d["weekdays"]), source="added by the therapist"
        )
        record(request, "change", program.runner, program)
        messages.success(request, "Exercise added.")
        return redirect("programs:program", program_id=program.pk)
    record(request, "read", program.runner, program)
    return render(
        request,
        "programs/program.html",
        {
            **_program_context(program),
            "add_form": add_form,
            "discharge_form": DischargeForm(
                started_on=program.started, initial={"discharged_on": program.discharged_on}
            ),
        },
    )


def _program_context(program: Program) -> dict:
    today = timezone.localdate()
    protocol = get_protocol(program.condition)
    phase = protocol.phase(program.phase) if program.phase else None
    items = [(p, figure(p.exercise_id), p.suggestions.first(), p.logs.all()[:5]) for p in program.exercises.all()]
    return {
        "program": program,
        "runner": program.runner,
        "protocol": protocol,
        "phase": phase,
        "next_phase": protocol.next_phase(program.phase) if phase else None,
        "items": items,
        "adherence": actions.weekly_adherence(program, today),
        "rule": protocol.progression_rule,
        "ceiling": settings_for_clinic(program.runner.clinic_id).ceiling_for(program.condition),
    }


@role_required("therapist")
def prescribed_edit(request: AuthedRequest, prescribed_id: int) -> HttpResponse:
    item = get_object_or_404(PrescribedExercise, pk=prescribed_id, program__runner__in=visible_runners(request.user))
    form = PrescribedForm(request.POST or None, instance=item)
    if request.method == "POST" and "remove" in request.POST:
        item.delete()
        record(request, "change", item.program.runner, item.program)
        messages.success(request, f"{item.exercise.name} removed.")
        return redirect("programs:program", program_id=item.program_id)
    if request.method == "POST" and form.is_valid():
        form.save()
        record(request, "change", item.program.runner, item)
        messages.success(request, "Saved.")
        return redirect("programs:program", program_id=item.program_id)
    record(request, "read", item.program.runner, item)
    return render(
        request, "programs/prescribed_edit.html", {"form": form, "item": item, "figure": figure(item.exercise_id)}
    )


@role_required("therapist")
def advance_phase(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = staff_program(request.user, program_id)
    if request.method == "POST" and program.phase:
        weekdays = tuple(sorted({d for p in program.exercises.all() for d in p.weekday_list})) or (0, 2, 4)
        new_phase = actions.advance_phase(program, weekdays)
        record(request, "change", program.runner, program)
        label = get_protocol(program.condition).phase(new_phase).label if new_phase else ""
        messages.success(request, f"Moved to {label}." if new_phase else "This is the last phase of the protocol.")
    return redirect("programs:program", program_id=program.pk)


@role_required("therapist")
def decide_suggestion(request: AuthedRequest, suggestion_id: int) -> HttpResponse:
    """One click: accept the suggested action or change it to another (HTMX swaps the card in place)."""
    suggestion = get_object_or_404(
        ProgressionSuggestion.objects.select_related("prescribed__program"),
        pk=suggestion_id,
        prescribed__program__runner__in=visible_runners(request.user),
    )
    action = request.POST.get("action")
    if request.method == "POST" and suggestion.status == "pending" and action in {"progress", "hold", "regress"}:
        actions.decide_suggestion(suggestion, action, request.user)
        record(request, "change", suggestion.prescribed.program.runner, suggestion)
    if request.headers.get("HX-Request"):
        record(request, "read", suggestion.prescribed.program.runner, suggestion)
        return render(request, "programs/_suggestion.html", {"suggestion": suggestion})
    return redirect("programs:program", program_id=suggestion.prescribed.program_id)


@role_required("clinic_admin")
def clinic_rules(request: AuthedRequest) -> HttpResponse:
    """The clinic's [H] boundaries of the progression rules; published values stay as the reference gives them."""
    row, _ = ClinicProgressionSettings.objects.get_or_create(clinic=request.user.clinic)
    current = row.as_dataclass()
    initial = {
        k: getattr(current, k)
        for k in (
            "green_max_during",
            "amber_max_during",
            "regress_morning_delta",
            "progress_sessions_required",
            "walk_run_successes_to_advance",
        )
    }
    initial |= {
        "patellofemoral_group_ceiling": current.ceiling_for("pfp"),
        "muscle_strain_ceiling": current.ceiling_for("hamstring_strain"),
    }
    schedule_form = ClinicScheduleForm(
        request.POST if "save_schedule" in request.POST else None,
        prefix="schedule",
        initial=dataclasses.asdict(row.as_schedule()),
    )
    if request.method == "POST" and "save_schedule" in request.POST:
        if schedule_form.is_valid():
            row.outcome_schedule = dataclasses.asdict(schedule_form.schedule())
            row.save(update_fields=["outcome_schedule"])
            messages.success(request, "Saved. Due questionnaires follow this schedule.")
            return redirect("programs:clinic_rules")
        return render(
            request,
            "programs/clinic_rules.html",
            {"form": ClinicRulesForm(initial=initial), "schedule_form": schedule_form},
        )
    form = ClinicRulesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        d["ceiling_overrides"] = {
            "patellofemoral_group": d.pop("patellofemoral_group_ceiling"),
            "muscle_strain": d.pop("muscle_strain_ceiling"),
        }
        row.values = d
        row.save(update_fields=["values"])
        messages.success(request, "Saved. New suggestions use these boundaries.")
        return redirect("programs:clinic_rules")
    return render(request, "programs/clinic_rules.html", {"form": form, "schedule_form": schedule_form})


# ---- 3. Today (runner) ----------------------------------------------------------------------------


@role_required("runner")
def today(request: AuthedRequest) -> HttpResponse:
    """The day's list first (exercises, walk-run session, questionnaires), then each exercise with its
    picture and log form folded away, flare-up advice, next-morning questions and the weekly adherence.
    While an uncleared red flag waits for a clinician, running and the region's exercises are on hold."""
    program = own_program(request.user)
    day = timezone.localdate()
    suspension = _suspension(request.user)
    hold = running_hold(request.user)
    context: dict = {
        "program": program,
        "today": day,
        "suspension": suspension,
        "running_stopped": hold is not None and hold.is_full_stop,
        "checkin_due": not CheckIn.objects.filter(
            runner=request.user, completed_on__gt=day - dt.timedelta(days=7)
        ).exists(),
        "why": why_i_run_this_week(request.user, day, is_injured=suspension is not None),
    }
    if program is not None:
        context |= _today_context(program, day)
        if suspension is not None:
            context["items"] = [
                item for item in context["items"] if not suspension.paused.pauses(_library_group(item[0].exercise_id))
            ]
    return render(request, "programs/today.html", context)


def _suspension(runner):
    """0.2.2: while fired red flags are not cleared by a clinician, the region's exercises are paused (and running, 7.1)."""
    from stridecare.screening.state import exercise_suspension

    return exercise_suspension(runner)


def _library_group(exercise_id: str) -> str | None:
    try:
        return get_exercise(exercise_id).body_region or None
    except KeyError:
        return None


def _today_context(program: Program, day: dt.date) -> dict:
    rules = settings_for_clinic(program.runner.clinic_id)
    logs = ExerciseLog.objects.filter(prescribed__program=program).select_related("prescribed")
    logged = {log.prescribed_id: log for log in logs.filter(performed_on=day)}
    last = logs.first()
    base = {"baseline_pain": last.baseline_pain if last else 0}
    items = [
        (
            p,
            figure(p.exercise_id),
            logged.get(p.pk),
            ExerciseLogForm(
                initial=base | {"sets": p.sets, "reps": p.reps, "hold_s": p.hold_s, "load_kg": p.load_kg},
                prefix=f"ex{p.pk}",
            ),
        )
        for p in program.exercises.all()
        if p.is_due_on(day)
    ]
    detected = [
        (log, detect_flare_up(log.to_core(), program.condition, rules))
        for log in logs.filter(performed_on__gte=day - dt.timedelta(days=1)).exclude(flare_up="")
    ]
    flares = [(log, flare) for log, flare in detected if flare]
    mornings = [
        (log, MorningPainForm(prefix=f"m{log.pk}"))
        for log in logs.filter(
            pain_next_morning=None, performed_on__lt=day, performed_on__gte=day - dt.timedelta(days=3)
        )
    ]
    last_done: dict = {}
    for r in OutcomeResponse.objects.filter(runner=program.runner, checkin=None, complete=True):
        last_done.setdefault(r.measure, r.completed_on)
    schedule = schedule_for_clinic(program.runner.clinic_id)
    from stridecare.outcomes.views import (
        is_offered,  # a questionnaire without its official wording is not asked
    )

    due = [
        (d, due_label(d.reason, schedule), get_measure(d.measure).name)
        for d in due_measures(program.condition, program.started, day, last_done, program.discharged_on, schedule)
        if not (d.measure == "nprs" and last_done.get("nprs") == day)
        and is_offered(program.runner.clinic_id, d.measure)
    ]
    return {
        "items": items,
        "flares": flares,
        "flare_advice": flares[0][1].advice_today if flares else "",
        "flare_source": flares[0][1].source if flares else "",
        "mornings": mornings,
        "due_measures": due,
        "adherence": actions.weekly_adherence(program, day),
        "run_today": run_planned_on(program, day),
    }


@role_required("runner")
def log_exercise(request: AuthedRequest, prescribed_id: int) -> HttpResponse:
    item = get_object_or_404(
        PrescribedExercise, pk=prescribed_id, program__runner=request.user, program__is_active=True
    )
    if request.method != "POST":
        return redirect("programs:today")
    suspension = _suspension(request.user)
    if suspension is not None and suspension.paused.pauses(_library_group(item.exercise_id)):
        # 0.2.2: the Today page hides a paused exercise; a stale page or a direct POST is refused too
        messages.error(
            request,
            f"{item.exercise.name} is paused until your clinician has reviewed your screening answers; nothing was logged.",
        )
        return redirect("programs:today")
    form = ExerciseLogForm(request.POST, prefix=f"ex{item.pk}")
    if not form.is_valid():
        return render(
            request,
            "programs/log_form.html",
            {"form": form, "item": item, "figure": figure(item.exercise_id)},
            status=400,
        )
    log = form.save(commit=False)
    log.prescribed = item
    flare = actions.record_log(log)
    if flare:
        messages.warning(
            request, f"{item.exercise.name} logged. The pain was above your limit: see what to do today below."
        )
    else:
        messages.success(request, f"{item.exercise.name} logged. Nice work.")
    return redirect("programs:today")


@role_required("runner")
def morning_pain(request: AuthedRequest, log_id: int) -> HttpResponse:
    log = get_object_or_404(ExerciseLog, pk=log_id, prescribed__program__runner=request.user)
    if request.method == "POST":
        form = MorningPainForm(request.POST, prefix=f"m{log.pk}")
        if form.is_valid():
            log.pain_next_morning = form.cleaned_data["pain_next_morning"]
            flare = actions.record_log(log)
            if flare:
                messages.warning(request, f"Your pain has not settled. {flare.advice_today}")
            else:
                messages.success(request, "Thanks, noted.")
    return redirect("programs:today")


@role_required("runner")
def my_program(request: AuthedRequest) -> HttpResponse:
    program = own_program(request.user)
    if program is None:
        return render(request, "programs/my_program.html", {"program": None})
    context = _program_context(program)
    suspension = _suspension(request.user)
    paused = {
        item[0].pk
        for item in context["items"]
        if suspension and suspension.paused.pauses(_library_group(item[0].exercise_id))
    }
    return render(request, "programs/my_program.html", context | {"suspension": suspension, "paused_ids": paused})


# ---- 7. Print --------------------------------------------------------------------------------------


def _pdf_response(program: Program) -> HttpResponse:
    from .pdf import program_pdf

    response = HttpResponse(program_pdf(program), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="program-{timezone.localdate():%Y-%m-%d}.pdf"'
    return response


@role_required("runner")
def my_program_pdf(request: AuthedRequest) -> HttpResponse:
    program = own_program(request.user)
    if program is None:
        return redirect("programs:my_program")
    return _pdf_response(program)


@role_required("therapist")
def program_pdf(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = staff_program(request.user, program_id)
    record(request, "export", program.runner, program)
    return _pdf_response(program)
