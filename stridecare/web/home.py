"""The home page ("/"): what Stridecare is for a visitor, the runner's cards, the therapist's caseload;
a clinic admin goes to their staff page."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from stridecare.accounts.access import AuthedRequest, has_role, public
from stridecare.accounts.models import User
from stridecare.booking.models import AppointmentRequest, Visit
from stridecare.training.models import RECENT_FINDINGS_DAYS


@public
def home(request: HttpRequest) -> HttpResponse:
    """Visitors: what Stridecare is. Runners and therapists: their own home; admins: their staff page."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/landing.html")
    authed = cast(AuthedRequest, request)  # logged in: checked just above
    if user.is_runner:
        return runner_home(authed)
    if has_role(user, "therapist"):
        return therapist_home(authed)
    return redirect("accounts:staff")


def runner_home(request: AuthedRequest) -> HttpResponse:
    """Cards, each a link: this week's distance, the latest finding, today's exercises, the next
    visit, the return-to-running step; the running hold above them while one applies."""
    from stridecare.programs.views import own_program
    from stridecare.training.running_status import return_to_run_step, running_hold
    from stridecare.training.weeks import week_comparison

    user = request.user
    today = timezone.localdate()
    recent = user.load_findings.filter(date__gte=today - timedelta(days=RECENT_FINDINGS_DAYS)).order_by(
        "-date", "-severity_rank"
    )
    finding = recent.exclude(severity="info").first() or recent.first()  # a warning before the context-only notes
    program = own_program(user)
    context = {
        "week": week_comparison(user),
        "units": user.units,
        "has_runs": user.activities.exists(),
        "finding": finding,
        "exercises": _exercises_today(user, program, today),
        "program": program,
        "next_visit": Visit.objects.filter(runner=user, status=Visit.Status.CONFIRMED, end__gte=timezone.now())
        .select_related("therapist", "request")
        .order_by("start")
        .first(),
        "requests": AppointmentRequest.objects.filter(runner=user, status__in=["new", "proposed"]).select_related(
            "clinic"
        )[:5],
        "hold": running_hold(user),
        "rtr_step": return_to_run_step(user, today),
        "own": True,
    }
    return render(request, "home/runner_home.html", context)


def _exercises_today(user: User, program, day) -> list[tuple]:
    """(prescribed exercise, done today, paused by a red flag) for the exercises due today."""
    from stridecare.programs.models import ExerciseLog
    from stridecare.screening.state import exercise_suspension

    if program is None:
        return []
    due = [p for p in program.exercises.all() if p.is_due_on(day)]
    done = set(ExerciseLog.objects.filter(prescribed__in=due, performed_on=day).values_list("prescribed_id", flat=True))
    suspension = exercise_suspension(user) if due else None
    return [(p, p.pk in done, bool(suspension and suspension.paused.pauses(_library_group(p)))) for p in due]


def _library_group(prescribed) -> str | None:
    try:
        return prescribed.exercise.body_region or None
    except KeyError:  # an exercise no longer in the library: paused with the whole program
        return None


HOME_ATTENTION_ROWS = 8  # the caseload shows the first few; the needs-attention page has them all


def therapist_home(request: AuthedRequest) -> HttpResponse:
    """The caseload: urgent items first, then today's visits, waiting requests and needs attention."""
    from stridecare.inbox import caseload

    user = request.user
    day_start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    attention = caseload.attention(user)
    context = {
        "urgent": caseload.urgent(user),
        "attention": attention[:HOME_ATTENTION_ROWS],
        "attention_more": max(0, len(attention) - HOME_ATTENTION_ROWS),
        "open_requests": AppointmentRequest.objects.filter(clinic=user.clinic, status__in=["new", "proposed"]).order_by(
            "created_at"
        )[:20],
        "today_visits": Visit.objects.filter(
            therapist=user,
            status=Visit.Status.CONFIRMED,
            start__gte=day_start,
            start__lt=day_start + timedelta(days=1),
        ).select_related("runner", "request"),
        "since": timezone.localdate() - timedelta(days=RECENT_FINDINGS_DAYS),
        "next": request.get_full_path(),
    }
    return render(request, "home/therapist_home.html", context)
