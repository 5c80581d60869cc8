"""Raise alerts for the therapists of a runner's clinic."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from stridecare.accounts.models import Clinic, User
from stridecare.core.care.crisis import follow_up_due
from stridecare.jobs.runner import (
    URGENT_QUEUE,
    PermanentJobError,
    enqueue_job,
    job_handler,
    run_job,
    send_once,
    shielded,
)

from .models import CRISIS, Alert

log = logging.getLogger(__name__)


def raise_alert(
    *, runner: User, kind: str, title: str, body: str = "", severity: str = "amber", source: str = "", screening=None
) -> Alert:
    """An unread alert in the inbox of the runner's clinic; urgent ones are also emailed to the
    runner's therapist (or every therapist of the clinic) by a background job with retries.
    ``screening``: the ScreeningSession a screening alert is about (the inbox links to it)."""
    due = crisis_due_at(runner.clinic) if kind == CRISIS and runner.clinic else None
    with transaction.atomic():  # the alert and its emails' jobs together, or none of them
        alert = Alert.objects.create(
            clinic_id=runner.clinic_id,
            runner=runner,
            kind=kind,
            severity=severity,
            title=title[:200],
            body=body,
            source=source,
            follow_up_due_at=due,
            screening=screening,
        )
        if severity == Alert.Severity.RED and runner.clinic_id:
            enqueue_job("alert_email", {"alert_id": alert.pk})
        if due is not None:
            enqueue_job("crisis_escalation", {"alert_id": alert.pk}, run_after=due)
    return alert


# 8.3 triggers: where a sign of self-harm came from, as the therapist reads it in the alert's title.
CRISIS_WHERE = {
    "check_in": "in the weekly check-in",
    "why_i_run": "in their 'why I run' note",
    "phq9_item9": "in a questionnaire answer",
    "self_screening": "in a self-screening answer",
    "help_now": "by pressing 'I need help now'",
    "appointment_request": "in an appointment request",
    "message": "in a message to the clinic",
}


def raise_crisis_alert(runner: User, where: str, detail: str, *, marked_by: User | None = None) -> Alert:
    """The crisis alert of 8.3, composed here for every trigger: urgent, emailed at once, with a
    follow-up deadline and escalation. ``where`` is a key of CRISIS_WHERE; ``detail`` says in words
    what was seen (the matched words, the answer); a clinician's risk concern passes ``marked_by``."""
    if marked_by is not None:
        title = f"Risk concern about {runner.full_name} marked by {marked_by.full_name}"
        body = detail
    else:
        title = f"{runner.full_name}: a sign of self-harm {CRISIS_WHERE[where]}"
        body = f"{detail[:1].upper()}{detail[1:].rstrip('.')}." if detail else ""
        body += (
            " Crisis resources were shown to the runner at once. A person must contact them today and record it here."
        )
    return raise_alert(
        runner=runner,
        kind=CRISIS,
        severity=Alert.Severity.RED,
        title=title,
        body=body.strip()[:2000],
        source="Crisis pathway (Stridecare clinical reference 8.3)",
    )


def crisis_due_at(clinic: Clinic, now: dt.datetime | None = None) -> dt.datetime:
    """When a crisis alert raised now must have had a human follow-up (8.3 rule 2 [H])."""
    local = (now or timezone.now()).astimezone(ZoneInfo(clinic.timezone))
    return follow_up_due(local, clinic.working_day_ends)


def recipients(alert: Alert) -> list[str]:
    return care_team_emails(alert.runner, alert.clinic_id)


def care_team_emails(runner: User, clinic_id: int | None) -> list[str]:
    """Who hears about a runner by email: their own therapist, or every therapist of the clinic."""
    if runner.primary_therapist and runner.primary_therapist.is_active:
        return [runner.primary_therapist.email]
    if clinic_id is None:  # a filter on None would match every therapist who has no clinic
        return []
    return list(
        User.objects.filter(clinic_id=clinic_id, is_therapist=True, is_active=True).values_list("email", flat=True)
    )


@job_handler("alert_email", queue=URGENT_QUEUE, doing="sending this urgent email")
def send_alert_email(job, report) -> dict:
    """Runs on the urgent queue (a worker of its own, so no import or analysis delays it); sent at
    most once per job where it can be helped (send_once)."""
    alert = Alert.objects.select_related("runner").filter(pk=job.payload["alert_id"]).first()
    if alert is None:
        raise PermanentJobError("the alert no longer exists")
    to = recipients(alert)
    if not to:
        raise PermanentJobError("no therapist in the clinic to notify")
    # Only the fact and the link travel by email; the details stay in Stridecare.
    body = (
        f"An urgent alert about {alert.runner.full_name} needs a person to follow up today:\n\n{alert.title}\n\n"
        f"Open the inbox: {settings.SITE_URL}/clinic/inbox/\n"
    )
    sent = send_once(job, lambda: send_mail(f"Stridecare urgent: {alert.title}", body, settings.DEFAULT_FROM_EMAIL, to))
    report(100, "sent" if sent else "sent by an earlier attempt")
    return {"to": to}


def backup_recipients(alert: Alert) -> list[str]:
    """The clinic's crisis backup contact; without one, every active therapist and admin of the clinic."""
    clinic = alert.clinic
    if clinic is not None and clinic.crisis_backup_email:
        return [clinic.crisis_backup_email]
    if alert.clinic_id is None:  # no clinic, no clinic staff (a filter on None would match the unattached)
        return []
    staff = User.objects.filter(
        Q(is_therapist=True) | Q(is_clinic_admin=True), clinic_id=alert.clinic_id, is_active=True
    )
    return sorted(staff.values_list("email", flat=True))


def escalate_if_overdue(alert_id: int, now: dt.datetime | None = None) -> str:
    """8.3 rule 2: a crisis alert nobody acknowledged by its follow-up time goes to the backup contact,
    once. Returns what happened: "followed up", "already escalated", "not due" or "escalated"."""
    now = now or timezone.now()
    with transaction.atomic():
        # lock the alert row only (PostgreSQL refuses FOR UPDATE across the nullable clinic join)
        alert = Alert.objects.select_for_update().filter(pk=alert_id).first()
        if alert is None:
            raise PermanentJobError("the alert no longer exists")
        if alert.acknowledged_at is not None:
            return "followed up"
        if alert.escalated_at is not None:
            return "already escalated"
        if alert.follow_up_due_at is None or now < alert.follow_up_due_at:
            return "not due"
        to = backup_recipients(alert)
        if not to:
            raise PermanentJobError("no backup contact and no therapist or admin in the clinic")
        body = (
            f"A crisis alert about {alert.runner.full_name} has had no recorded follow-up since "
            f"{alert.created_at:%Y-%m-%d %H:%M} UTC (due {alert.follow_up_due_at:%Y-%m-%d %H:%M} UTC).\n\n{alert.title}\n\n"
            f"Please make sure a person contacts the runner now and records it: {settings.SITE_URL}/clinic/inbox/\n"
        )
        with shielded():  # a worker stop waits until the escalation is recorded with the email
            send_mail(
                f"Stridecare escalation: crisis alert not followed up ({alert.runner.full_name})",
                body,
                settings.DEFAULT_FROM_EMAIL,
                to,
            )
            alert.escalated_at, alert.escalated_to = now, ", ".join(to)[:500]
            alert.save(update_fields=["escalated_at", "escalated_to"])
        return "escalated"


@job_handler("crisis_escalation", queue=URGENT_QUEUE, doing="sending the crisis escalation")
def escalate_crisis(job, report) -> dict:
    """Runs at the follow-up time (deferred on the database queue). Should it run early (a queue
    that cannot defer runs it at once), it puts itself back for the due time where it can. Run
    twice, it escalates once: the alert's escalated_at is checked and set under a row lock."""
    outcome = escalate_if_overdue(job.payload["alert_id"])
    if outcome == "not due":
        alert = Alert.objects.get(pk=job.payload["alert_id"])
        if alert.follow_up_due_at is not None and _can_defer():
            enqueue_job("crisis_escalation", {"alert_id": alert.pk}, run_after=alert.follow_up_due_at)
    report(100, outcome)
    return {"outcome": outcome}


def _can_defer() -> bool:
    return bool(run_job.get_backend().supports_defer)


def record_follow_up(alert: Alert, by: User, response: str) -> bool:
    """8.3 rule 5: who followed up a crisis alert, when and what they did (the alert counts as read
    too). The first record stands: False when someone had already recorded one."""
    now = timezone.now()
    with transaction.atomic():
        done = Alert.objects.filter(pk=alert.pk, acknowledged_at__isnull=True).update(
            acknowledged_at=now, acknowledged_by=by, response=response.strip()[:2000]
        )
        Alert.objects.filter(pk=alert.pk, read_at__isnull=True).update(read_at=now, read_by=by)
    return bool(done)
