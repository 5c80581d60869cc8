"""Return to running pages (issue 8 item 4): the therapist's 7.1 checklist, the runner's self-tests,
walk-run calendar and run log."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from stridecare.accounts.access import AuthedRequest, role_required
from stridecare.audit.trail import record

from . import actions
from .forms import RtrChecklistForm, SingleLegSquatForm, WalkRunLogForm
from .models import WalkRunLog
from .rtr import WalkRunNotReady, record_single_leg_squat, rtr_context, save_answers, start_walk_run
from .views import own_program, staff_program


@role_required("therapist")
def staff_rtr(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = staff_program(request.user, program_id)
    form = RtrChecklistForm(
        request.POST or None, answers=program.rtr_answers, initial={"bsi_high_risk": program.rtr_bsi_high_risk}
    )
    sls_form = SingleLegSquatForm(request.POST if "sls" in request.POST else None)
    if request.method == "POST" and "sls" in request.POST and sls_form.is_valid():
        return _save_sls(request, program, sls_form, "therapist", redirect("programs:staff_rtr", program_id=program.pk))
    if request.method == "POST" and "start_walk_run" in request.POST:
        try:
            start_walk_run(program)
        except WalkRunNotReady as e:
            messages.error(request, str(e))
        else:
            record(request, "change", program.runner, program)
            messages.success(request, "Walk-run program started.")
        return redirect("programs:staff_rtr", program_id=program.pk)
    if request.method == "POST" and "sls" not in request.POST and form.is_valid():
        program.rtr_bsi_high_risk = form.cleaned_data.get("bsi_high_risk", False)
        save_answers(program, form.answers(), "therapist")
        record(request, "change", program.runner, program)
        messages.success(request, "Checklist saved.")
        return redirect("programs:staff_rtr", program_id=program.pk)
    record(request, "read", program.runner, program)
    return render(
        request, "programs/rtr.html", {**rtr_context(program), "form": form, "sls_form": sls_form, "staff": True}
    )


def _save_sls(request: HttpRequest, program, form: SingleLegSquatForm, by: str, response: HttpResponse) -> HttpResponse:
    d = form.cleaned_data
    passed = record_single_leg_squat(program, d["side"], form.faults(), d["pain"], by)
    record(request, "change", program.runner, program)
    messages.success(request, f"Single-leg squat, {d['side']} leg: {'passed' if passed else 'not passed yet'} (7.4).")
    return response


@role_required("runner")
def my_rtr(request: AuthedRequest) -> HttpResponse:
    """The runner's self-tests (where safe: hop test, single-leg squat, balance), walk-run calendar and run log."""
    program = own_program(request.user)
    if program is None:
        return render(request, "programs/rtr.html", {"program": None})
    self_form = RtrChecklistForm(
        request.POST if "self_test" in request.POST else None, answers=program.rtr_answers, runner_only=True
    )
    log_form = WalkRunLogForm(request.POST if "log_run" in request.POST else None)
    sls_form = SingleLegSquatForm(request.POST if "sls" in request.POST else None)
    if request.method == "POST" and "sls" in request.POST and sls_form.is_valid():
        return _save_sls(request, program, sls_form, "runner", redirect("programs:my_rtr"))
    if request.method == "POST" and "self_test" in request.POST and self_form.is_valid():
        save_answers(program, self_form.answers(), "runner")
        messages.success(request, "Self-test saved. Your therapist will see it.")
        return redirect("programs:my_rtr")
    context = rtr_context(program)
    if request.method == "POST" and "log_run" in request.POST and context["on_hold"]:
        # the page hides the log while a red flag waits for a clinician; a stale page or a direct POST is refused too
        messages.error(
            request,
            "Running is on hold until a clinician has checked the warning sign in your screening; nothing was logged.",
        )
        return redirect("programs:my_rtr")
    if request.method == "POST" and "log_run" in request.POST and program.walk_run_started_on and log_form.is_valid():
        action = actions.record_walk_run(
            WalkRunLog(program=program, stage=context["state"].stage, **log_form.cleaned_data)
        )
        if action == "stop":
            messages.warning(
                request,
                "Run logged. Please stop the walk-run program for now: your therapist has been told and will contact you.",
            )
        else:
            messages.success(request, "Run logged. Tomorrow morning, tell us how it feels.")
        return redirect("programs:my_rtr")
    pending = program.walk_runs.filter(next_morning_pain=None, performed_on__lt=timezone.localdate()).last()
    return render(
        request,
        "programs/rtr.html",
        {**context, "self_form": self_form, "log_form": log_form, "pending": pending, "sls_form": sls_form},
    )


@role_required("runner")
def walk_run_morning(request: AuthedRequest) -> HttpResponse:
    program = own_program(request.user)
    if request.method == "POST" and program is not None:
        pending = program.walk_runs.filter(next_morning_pain=None).last()
        try:
            pain = int(request.POST.get("next_morning_pain", ""))
        except ValueError:
            pain = -1
        if pending is not None and 0 <= pain <= 10:
            pending.next_morning_pain = pain
            action = actions.record_walk_run(pending)
            messages.success(
                request,
                "Thanks. Your pain had not settled: take an extra rest day, then one stage back."
                if action == "step_back"
                else "Thanks, your next session is planned from this.",
            )
    return redirect("programs:my_rtr")
