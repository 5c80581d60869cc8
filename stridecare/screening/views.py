"""The runner's adaptive self-screening, its result, and the therapists' page of rules.

Answers live in the session while the runner answers; the result is saved whole (answers,
result, rules version) when it is shown. Screening is decision support, never a diagnosis."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from stridecare.accounts.access import AuthedRequest, role_required, visible_runners
from stridecare.audit.trail import record
from stridecare.core.errors import InputError
from stridecare.core.screening import (
    body_map_regions,
    list_rules,
    load_rules,
    next_questions,
    prefill_training_changes,
    screen,
)
from stridecare.web.redirects import back_to

from . import state as screening_state
from .forms import ClearanceForm, StepForm, label_of
from .models import ScreeningSession

SESSION_KEY = "screening"
URGENCY_WORDS = {
    "emergency": "Emergency: get help now",
    "same_day": "See a doctor today",
    "soon": "See a physical therapist or doctor within about a week",
    "routine": "Book a normal appointment",
}


def _state(request: HttpRequest) -> dict:
    return request.session.setdefault(SESSION_KEY, {"answers": {}, "skipped": []})


def _pending(state: dict, rules) -> list:
    return [q for q in next_questions(state["answers"], rules) if q.id not in state["skipped"]]


def _step(pending: list) -> list:
    """The pending questions of the first pending question's group: one screen at a time."""
    group = pending[0].group
    return [q for q in pending if q.group == group][:8]


def _body_map_choices(rules) -> list[tuple[str, str]]:
    return [(r.id, label_of(r.id)) for r in body_map_regions(rules)]


@role_required("runner")
def start(request: AuthedRequest) -> HttpResponse:
    request.session[SESSION_KEY] = {"answers": {}, "skipped": []}
    return redirect("screening:question")


@role_required("runner")
def question(request: AuthedRequest) -> HttpResponse:
    rules = load_rules()
    state = _state(request)
    pending = _pending(state, rules)
    if not pending:
        return redirect("screening:finish")
    step = _step(pending)
    suggestions = _training_suggestions(request, step, state)
    # The prefill is a proposal: its boxes start ticked and the runner can untick them.
    initial = {"training_changes": list(dict.fromkeys(s.value for s in suggestions))} if suggestions else None
    form = StepForm(step, _body_map_choices(rules), request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        step_answers = form.answers()
        answers = {**state["answers"], **{k: v for k, v in step_answers.items() if v is not None}}
        try:
            so_far = screen(answers, rules)  # also validates every answer; InputError names the field
        except InputError as err:
            form.add_error(None, str(err))
        else:
            state["answers"] = answers
            state["skipped"] += [k for k, v in step_answers.items() if v is None]
            request.session.modified = True
            # Danger first (2.3 rule 2): an emergency or same-day red flag shows its advice at once,
            # with no more questions before it.
            if so_far.is_acknowledgement_required or request.POST.get("finish"):
                state["stopped_early"] = bool(_pending(state, rules))  # the result says the rest was not asked
                return redirect("screening:finish")
            return redirect("screening:question")
    context = {
        "form": form,
        "answered": len(state["answers"]),
        "suggestions": [(label_of(s.value), s) for s in suggestions],
        "body_map": any(q.type == "body_map" for q in step),
        "regions": body_map_regions(rules),
        "balance": [q for q in step if q.id.startswith("balance_")],
    }
    return render(request, "screening/question.html", context)


def _training_suggestions(request: AuthedRequest, step: list, state: dict) -> list:
    """Proposed training changes from the runner's imported runs (prefill, the runner confirms)."""
    if not any(q.id == "training_changes" for q in step):
        return []
    from stridecare.training.models import Activity

    days = state["answers"].get("duration_days") or 0
    pain_start = timezone.now() - dt.timedelta(days=int(days))
    runs = list(
        Activity.objects.filter(
            runner=request.user, sport="running", start_utc__gte=pain_start - dt.timedelta(days=90)
        ).values_list("start_utc", "distance_m")
    )
    return prefill_training_changes([(s, d or 0.0) for s, d in runs], pain_start)


@role_required("runner")
def finish(request: AuthedRequest) -> HttpResponse:
    state = _state(request)
    if not state["answers"]:
        return redirect("screening:start")
    saved = screening_state.finish_screening(
        request.user, state["answers"], stopped_early=bool(state.get("stopped_early"))
    )
    del request.session[SESSION_KEY]
    return redirect("screening:result", screening_id=saved.pk)


@role_required("runner")
def result(request: AuthedRequest, screening_id: int) -> HttpResponse:
    saved = get_object_or_404(
        ScreeningSession.objects.select_related("cleared_by"), pk=screening_id, runner=request.user
    )
    told = saved.clinic_notified_at is not None
    advice = (saved.result or {}).get("advice") or {}
    # The stored advice says "has been told"; without an alert to the clinic that would not be true.
    steps = [step for step in advice.get("steps", []) if told or "been told" not in step]
    return render(
        request,
        "screening/result.html",
        {
            "saved": saved,
            "r": saved.result,
            "headline": URGENCY_WORDS.get(saved.urgency, saved.urgency),
            "steps": steps,
            "clinic_told": told,
            "nobody_told": not told and screening_state.should_notify(saved),
        },
    )


@role_required("runner")
@require_POST
def acknowledge(request: AuthedRequest, screening_id: int) -> HttpResponse:
    """The runner confirms reading an emergency or same-day result (2.3 rule 2)."""
    saved = get_object_or_404(ScreeningSession, pk=screening_id, runner=request.user)
    screening_state.acknowledge(saved)
    return redirect("screening:result", screening_id=saved.pk)


@role_required("therapist")
def clear(request: AuthedRequest, screening_id: int) -> HttpResponse:
    """A therapist of the runner's clinic clears the fired flags with a note (2.3 rule 4): this page,
    or the same form folded into an alert, the caseload or the runner's record, which it returns to."""
    saved = get_object_or_404(
        ScreeningSession.objects.select_related("runner", "cleared_by"),
        pk=screening_id,
        runner__in=visible_runners(request.user),
    )
    form = ClearanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            screening_state.clear_flags(saved.pk, clinician=request.user, note=form.cleaned_data["note"])
        except screening_state.ClearanceError as err:
            form.add_error(None, str(err))
        else:
            assert saved.runner is not None  # found among the visible runners
            record(request, "clear", saved.runner, saved)
            messages.success(
                request, f"Flags cleared; {saved.runner.full_name}'s paused exercises are back on their Today page."
            )
            return redirect(back_to(request, reverse("screening:clear", args=[saved.pk])))
    record(request, "read", saved.runner, saved)
    return render(
        request,
        "screening/clear.html",
        {"saved": saved, "runner": saved.runner, "form": form, "screening": saved, "next": back_to(request, "")},
    )


@role_required("runner")
@require_POST
def request_visit(request: AuthedRequest, screening_id: int) -> HttpResponse:
    """Carry the answers and the result into an appointment request of the runner's clinic."""
    saved = get_object_or_404(ScreeningSession, pk=screening_id, runner=request.user)
    if request.user.clinic is None:
        messages.info(request, "Choose a clinic first; your screening is saved in your record.")
        return redirect("booking:clinics")
    request.session["screening_for_request"] = saved.pk
    return redirect("booking:request_form", slug=request.user.clinic.slug)


@role_required("therapist")
def rules_page(request: AuthedRequest) -> HttpResponse:
    rules = load_rules()
    return render(
        request,
        "screening/rules.html",
        {"rules": list_rules(rules), "version": rules.rules_version, "differential": rules.differential_map},
    )
