from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from stridecare.accounts.access import AuthedRequest, clinic_id_of, get_runner_or_404, public, role_required
from stridecare.audit.trail import record
from stridecare.web.redirects import back_to

from .alerts import raise_crisis_alert, record_follow_up
from .models import Alert


@public
def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis resources at once (REFERENCE.md 8.3): static text, no login needed, nothing asked
    first. A logged-in runner who presses the button also alerts their clinic."""
    user = request.user
    clinic = user.clinic if user.is_authenticated else None
    if request.method == "POST" and user.is_authenticated and user.is_runner:
        raise_crisis_alert(user, "help_now", "The runner asked for help now")
        messages.info(
            request,
            "Your clinic has been told and will contact you. Please use the numbers below now if you need them.",
        )
    return render(
        request, "inbox/help_now.html", {"clinic": clinic, "can_alert": user.is_authenticated and user.is_runner}
    )


def _urgent_first(alert: Alert) -> tuple:
    """Crisis alerts first (overdue ones, then by deadline), then screenings, then flare-ups, newest first."""
    if alert.needs_follow_up:
        return (0 if alert.is_overdue else 1, alert.follow_up_due_at.timestamp() if alert.follow_up_due_at else 0.0)
    return (2 if alert.kind == "screening" else 3, -alert.created_at.timestamp())


@role_required("therapist")
def inbox(request: AuthedRequest) -> HttpResponse:
    """Urgent alerts first, each with its action; then the other unread (or all) alerts."""
    alerts = Alert.objects.filter(clinic_id=clinic_id_of(request.user)).select_related(
        "runner", "acknowledged_by", "screening__cleared_by"
    )
    urgent = sorted(alerts.urgent(), key=_urgent_first)
    show = "all" if request.GET.get("show") == "all" else "unread"
    others = alerts.exclude(pk__in=[a.pk for a in urgent])
    if show == "unread":
        others = others.filter(read_at__isnull=True)
    return render(
        request,
        "inbox/inbox.html",
        {
            "urgent": urgent,
            "alerts": others[:200],
            "show": show,
            "next": request.get_full_path(),
            "follow_up": sum(1 for a in urgent if a.needs_follow_up),
        },
    )


@role_required("therapist")
@require_POST
def mark_read(request: AuthedRequest, alert_id: int) -> HttpResponse:
    alert = get_object_or_404(
        Alert.objects.select_related("runner", "screening__cleared_by"), pk=alert_id, clinic_id=request.user.clinic_id
    )
    if alert.read_at is None:
        alert.read_at, alert.read_by = timezone.now(), request.user
        alert.save(update_fields=["read_at", "read_by"])
    back = back_to(request, reverse("inbox:inbox"))
    if request.headers.get("HX-Request"):
        return render(request, "inbox/_alert.html", {"alert": alert, "next": back})
    return redirect(back)


@role_required("therapist")
@require_POST
def acknowledge(request: AuthedRequest, alert_id: int) -> HttpResponse:
    """A person records their follow-up of a crisis alert (the audit trail of 8.3 rule 5), from the
    inbox, the caseload or the runner's record; they return to the page they came from."""
    alert = get_object_or_404(Alert.objects.select_related("runner"), pk=alert_id, clinic_id=request.user.clinic_id)
    back = back_to(request, reverse("inbox:inbox"))
    response = request.POST.get("response", "").strip()
    if not response:
        messages.error(request, "Write what you did (for example: called the runner at 14:10, safe, follow-up booked).")
        return redirect(back)
    if record_follow_up(alert, request.user, response):
        record(request, "change", alert.runner, alert)
        messages.success(request, f"Follow-up recorded for {alert.runner.full_name}.")
    else:
        alert.refresh_from_db()
        who = alert.acknowledged_by.full_name if alert.acknowledged_by else "Someone"
        messages.info(
            request,
            f"{who} had already recorded the follow-up at {timezone.localtime(alert.acknowledged_at):%H:%M}: "
            f'"{alert.response}". Yours was not saved over it.',
        )
    return redirect(back)


@role_required("therapist")
@require_POST
def risk_concern(request: AuthedRequest, runner_id: int) -> HttpResponse:
    """8.3 trigger "a clinician marks risk concern": the same crisis alert, follow-up time and
    escalation as the runner's own triggers, with the clinician's words."""
    runner = get_runner_or_404(request.user, runner_id)
    note = request.POST.get("note", "").strip()
    if not note:
        messages.error(request, "Write what concerns you: the colleague who follows up needs it.")
        return redirect("accounts:runner_detail", runner_id=runner.pk)
    alert = raise_crisis_alert(runner, "", note, marked_by=request.user)
    record(request, "create", runner, alert)
    due = timezone.localtime(alert.follow_up_due_at) if alert.follow_up_due_at else None
    messages.warning(
        request,
        "Crisis alert created"
        + (f"; follow-up due by {due:%a %d %b %H:%M}." if due else ".")
        + " Record the follow-up in the inbox.",
    )
    return redirect("inbox:inbox")
