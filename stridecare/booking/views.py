from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stridecare.accounts import ratelimit
from stridecare.accounts.access import (
    AuthedRequest,
    clinic_of,
    clinic_staff,
    public,
    role_required,
    visible_requests,
    visible_visits,
)
from stridecare.accounts.models import Clinic, User

from . import actions
from .forms import DeclineForm, RequestForm, SlotForm
from .ical import visits_to_ics
from .models import AppointmentRequest, Visit

# The calendar pages through ten years either way; further is a typo or a made-up link (and past
# year 9999 the date itself overflows)
MAX_WEEKS_AWAY = 520


@public
def clinics(request: HttpRequest) -> HttpResponse:
    return render(request, "booking/clinics.html", {"clinics": Clinic.objects.order_by("name")})


@public
def request_form(request: HttpRequest, slug: str) -> HttpResponse:
    clinic = get_object_or_404(Clinic, slug=slug)
    user = request.user if request.user.is_authenticated and request.user.is_runner else None
    if request.user.is_authenticated and user is None:
        messages.info(request, "Staff accounts cannot request appointments. Log out to use the public form.")
        return redirect("home")
    form = RequestForm(clinic, request.POST or None, user=user, initial={"submission_token": secrets.token_urlsafe(24)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ratelimit.check_form(request, "appointment_request", email=data["email"])
        fields = {
            k: data[k]
            for k in (
                "name",
                "email",
                "phone",
                "visit_type",
                "address",
                "postcode",
                "latitude",
                "longitude",
                "reason",
                "preferred_days",
                "preferred_times",
                "preferred_note",
            )
        }
        fields["address"] = fields["address"] if fields["visit_type"] == "mobile" else ""
        fields["screening"] = _carried_screening(request, user)
        req, created = actions.create_request(
            submission_token=data["submission_token"], clinic=clinic, runner=user, **fields
        )
        request.session.pop("screening_for_request", None)
        if created:
            messages.success(request, "Your request is with the clinic. We emailed you a link to this page.")
            found = _crisis_language(req)
            if found and user is not None:
                from stridecare.inbox.alerts import raise_crisis_alert

                raise_crisis_alert(user, "appointment_request", f"The request has the words: {', '.join(found)}")
        return redirect("booking:status", status_token=req.status_token)
    screening = _carried_screening(request, user)
    return render(request, "booking/request_form.html", {"form": form, "clinic": clinic, "screening": screening})


def _carried_screening(request: HttpRequest, user) -> dict | None:
    """The runner's self-screening that led to this request, carried with it (answers and result)."""
    screening_id = request.session.get("screening_for_request")
    if user is None or not screening_id:
        return None
    from stridecare.screening.models import ScreeningSession

    saved = ScreeningSession.objects.filter(pk=screening_id, runner=user).first()
    if saved is None:
        return None
    from stridecare.screening.views import URGENCY_WORDS

    return {
        "id": saved.pk,
        "answers": saved.answers,
        "urgency": saved.urgency,
        "urgency_words": URGENCY_WORDS.get(saved.urgency, ""),
        "rules_version": saved.rules_version,
        "red_flags": saved.result.get("red_flags", []),
        "conditions": saved.result.get("conditions", [])[:3],
    }


def _request_by_token(token: str) -> AppointmentRequest:
    return get_object_or_404(
        AppointmentRequest.objects.select_related("clinic", "proposed_therapist"), status_token=token
    )


@public
def status(request: HttpRequest, status_token: str) -> HttpResponse:
    """The runner's view of one request. The unguessable token in the link is the key."""
    req = _request_by_token(status_token)
    visit = Visit.objects.filter(request=req).select_related("therapist").first()
    return render(
        request,
        "booking/status.html",
        {
            "req": req,
            "visit": visit,
            "events": req.events.all(),
            "tz": req.clinic.timezone,
            "crisis": bool(_crisis_language(req)),
            "clinic": req.clinic,
        },
    )


def _crisis_language(req, phrases: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """Self-harm language (the clinic's phrase list, REFERENCE.md 8.3) in what the runner wrote."""
    from stridecare.core.outcomes.wellbeing import find_self_harm_language

    return find_self_harm_language(f"{req.reason}\n{req.preferred_note}", phrases or req.clinic.phrase_list())


@public
@require_POST
def status_action(request: HttpRequest, status_token: str, action: str) -> HttpResponse:
    req = _request_by_token(status_token)
    actor = request.user if request.user.is_authenticated else None
    try:
        if action == "accept":
            actions.accept_proposal(req, actor)
            messages.success(request, "Your visit is confirmed.")
        elif action == "cancel":
            actions.cancel_request(req, actor)
            messages.success(request, "Cancelled. The clinic has been told.")
        else:
            raise Http404
    except actions.BookingError as err:
        messages.error(request, str(err))
    return redirect("booking:status", status_token=status_token)


@public
def status_ics(request: HttpRequest, status_token: str) -> HttpResponse:
    req = _request_by_token(status_token)
    visits = Visit.objects.filter(request=req, status=Visit.Status.CONFIRMED).select_related("therapist", "clinic")
    if not visits:
        raise Http404("No confirmed visit yet")
    return _ics_response(visits_to_ics(visits, f"{req.clinic.name} visit", for_therapist=False), "visit.ics")


@public
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """Private calendar feed: a therapist's visits, or a runner's own visits."""
    user = get_object_or_404(User, calendar_token=token, is_active=True)
    if user.is_runner:
        visits = Visit.objects.filter(runner=user)
    elif user.is_therapist:
        visits = Visit.objects.filter(therapist=user)
    else:
        raise Http404
    visits = visits.filter(start__gte=timezone.now() - timedelta(days=90)).select_related("therapist", "clinic")
    return _ics_response(
        visits_to_ics(visits, f"Stridecare: {user.full_name}", for_therapist=not user.is_runner),
        "stridecare.ics",
        inline=True,
    )


def _ics_response(body: bytes, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if not inline:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@role_required("therapist")
def queue(request: AuthedRequest) -> HttpResponse:
    wanted = request.GET.get("status", "open")
    requests = visible_requests(request.user).select_related("runner")
    requests = (
        requests.filter(status__in=["new", "proposed"])
        if wanted == "open"
        else requests.filter(status=wanted)
        if wanted in AppointmentRequest.Status.values
        else requests
    )
    template = "booking/_queue_rows.html" if request.headers.get("HX-Request") else "booking/queue.html"
    rows = list(requests.order_by("created_at")[:200])
    phrases = clinic_of(request.user).phrase_list()  # the queue is one clinic's
    for row in rows:  # 8.3: a request that mentions self-harm stands out, whoever sent it
        row.crisis_language = _crisis_language(row, phrases)
    return render(
        request, template, {"requests": rows, "wanted": wanted, "statuses": AppointmentRequest.Status.choices}
    )


def _clinic_request_or_404(user: User, request_id: int) -> AppointmentRequest:
    return get_object_or_404(visible_requests(user).select_related("clinic", "runner"), pk=request_id)


@role_required("therapist")
def request_detail(request: AuthedRequest, request_id: int) -> HttpResponse:
    req = _clinic_request_or_404(request.user, request_id)
    therapists = clinic_staff(request.user).filter(is_therapist=True)
    slot_form = SlotForm(
        req.clinic, therapists, initial={"therapist": request.user, "minutes": req.clinic.default_visit_minutes}
    )
    decline_form = DeclineForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action in {"confirm", "propose"}:
            slot_form = SlotForm(req.clinic, therapists, request.POST)
            if slot_form.is_valid():
                data = slot_form.cleaned_data
                try:
                    if action == "confirm":
                        actions.confirm_request(
                            req.pk,
                            therapist=data["therapist"],
                            start=data["start"],
                            minutes=data["minutes"],
                            actor=request.user,
                        )
                        messages.success(request, "Visit confirmed; the runner has been emailed.")
                    else:
                        actions.propose_time(
                            req.pk,
                            therapist=data["therapist"],
                            start=data["start"],
                            minutes=data["minutes"],
                            actor=request.user,
                        )
                        messages.success(request, "Time proposed; the runner has been emailed.")
                    return redirect("booking:request_detail", request_id=req.pk)
                except actions.BookingError as err:
                    slot_form.add_error(None, str(err))
        elif action == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                try:
                    actions.decline_request(req.pk, reason=decline_form.cleaned_data["reason"], actor=request.user)
                    messages.success(request, "Request declined; the runner has been emailed.")
                    return redirect("booking:request_detail", request_id=req.pk)
                except actions.BookingError as err:
                    decline_form.add_error(None, str(err))
    visit = Visit.objects.filter(request=req).select_related("therapist").first()
    context = {
        "req": req,
        "visit": visit,
        "slot_form": slot_form,
        "screening_lines": _screening_lines(req),
        "decline_form": decline_form,
        "events": req.events.select_related("actor"),
        "crisis_language": _crisis_language(req),
    }
    return render(request, "booking/request_detail.html", context)


@role_required("therapist")
def calendar(request: AuthedRequest) -> HttpResponse:
    """The therapist's confirmed visits, one week at a time."""
    try:
        offset = int(request.GET.get("week", "0"))
    except ValueError:
        offset = 0
    if abs(offset) > MAX_WEEKS_AWAY:
        raise Http404("That week is too far from today for the calendar.")
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()))
    visits = Visit.objects.filter(
        therapist=request.user, status=Visit.Status.CONFIRMED, start__gte=start, start__lt=start + timedelta(days=7)
    )
    days = [
        (monday + timedelta(days=i), [v for v in visits if timezone.localdate(v.start) == monday + timedelta(days=i)])
        for i in range(7)
    ]
    return render(request, "booking/calendar.html", {"days": days, "week": offset, "monday": monday})


@role_required("therapist", "runner")
def visit_ics(request: AuthedRequest, visit_id: int) -> HttpResponse:
    visit = get_object_or_404(visible_visits(request.user).select_related("therapist", "clinic"), pk=visit_id)
    return _ics_response(
        visits_to_ics([visit], "Stridecare visit", for_therapist=not request.user.is_runner), f"visit-{visit.pk}.ics"
    )


def _screening_lines(req: AppointmentRequest) -> list:
    if not req.screening:
        return []
    from stridecare.core.screening import answer_lines

    return answer_lines(req.screening.get("answers", {}))
