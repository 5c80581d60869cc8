from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stridecare.accounts.access import get_runner_or_404, public, role_required

from .alerts import raise_alert
from .models import Alert


@public
def help_now(request: HttpRequest) -> HttpResponse:
    """Crisis resources at once (REFERENCE.md 8.3): static text, no login needed, nothing asked
    first. A logged-in runner who presses the button also alerts their clinic."""
    user = request.user
    clinic = user.clinic if user.is_authenticated else None
    if request.method == "POST" and user.is_authenticated and user.is_runner:
        raise_alert(runner=user, kind="self_harm", severity=Alert.Severity.RED, title=f"{user.full_name} pressed 'I need help now'",
                    body="The runner asked for help now. Contact them today.", source="REFERENCE.md 8.3")
        messages.info(request, "Your clinic has been told and will contact you. Please use the numbers below now if you need them.")
    return render(request, "inbox/help_now.html", {"clinic": clinic, "can_alert": user.is_authenticated and user.is_runner})


@role_required("therapist")
def inbox(request: HttpRequest) -> HttpResponse:
    alerts = Alert.objects.filter(clinic_id=request.user.clinic_id).select_related("runner", "acknowledged_by")
    show = request.GET.get("show", "unread")
    if show == "unread":
        alerts = alerts.filter(read_at__isnull=True)
    return render(request, "inbox/inbox.html", {"alerts": alerts[:200], "show": show,
                                                "follow_up": Alert.objects.filter(clinic_id=request.user.clinic_id, kind="self_harm", acknowledged_at__isnull=True)})


@role_required("therapist")
@require_POST
def mark_read(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = get_object_or_404(Alert, pk=alert_id, clinic_id=request.user.clinic_id)
    if alert.read_at is None:
        alert.read_at, alert.read_by = timezone.now(), request.user
        alert.save(update_fields=["read_at", "read_by"])
    if request.headers.get("HX-Request"):
        return render(request, "inbox/_alert.html", {"alert": alert})
    return redirect("inbox:inbox")


@role_required("therapist")
@require_POST
def acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    """A person records their follow-up of a crisis alert (the audit trail of 8.3 rule 5)."""
    alert = get_object_or_404(Alert, pk=alert_id, clinic_id=request.user.clinic_id)
    response = request.POST.get("response", "").strip()
    if not response:
        messages.error(request, "Write what you did (for example: called the runner at 14:10, safe, follow-up booked).")
        return redirect("inbox:inbox")
    now = timezone.now()
    alert.acknowledged_at, alert.acknowledged_by, alert.response = now, request.user, response[:2000]
    alert.read_at = alert.read_at or now
    alert.read_by = alert.read_by or request.user
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "response", "read_at", "read_by"])
    messages.success(request, "Follow-up recorded.")
    return redirect("inbox:inbox")


@role_required("therapist")
@require_POST
def risk_concern(request: HttpRequest, runner_id: int) -> HttpResponse:
    """8.3 trigger "a clinician marks risk concern": the same crisis alert, follow-up time and
    escalation as the runner's own triggers, with the clinician's words."""
    runner = get_runner_or_404(request.user, runner_id)
    note = request.POST.get("note", "").strip()
    if not note:
        messages.error(request, "Write what concerns you: the colleague who follows up needs it.")
        return redirect("accounts:runner_detail", runner_id=runner.pk)
    alert = raise_alert(runner=runner, kind="self_harm", severity=Alert.Severity.RED,
                        title=f"Risk concern about {runner.full_name} marked by {request.user.full_name}",
                        body=note[:2000], source="REFERENCE.md 8.3 (clinician marks risk concern)")
    due = timezone.localtime(alert.follow_up_due_at) if alert.follow_up_due_at else None
    messages.warning(request, "Crisis alert created" + (f"; follow-up due by {due:%a %d %b %H:%M}." if due else ".")
                     + " Record the follow-up in the inbox.")
    return redirect("inbox:inbox")
