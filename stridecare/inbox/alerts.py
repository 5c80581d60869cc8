"""Raise alerts for the therapists of a runner's clinic."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from stridecare.accounts.models import User
from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler

from .models import Alert

log = logging.getLogger(__name__)


def raise_alert(*, runner: User, kind: str, title: str, body: str = "", severity: str = "amber", source: str = "") -> Alert:
    """An unread alert in the inbox of the runner's clinic; urgent ones are also emailed to the
    runner's therapist (or every therapist of the clinic) by a background job with retries."""
    alert = Alert.objects.create(clinic_id=runner.clinic_id, runner=runner, kind=kind, severity=severity, title=title[:200], body=body, source=source)
    if severity == Alert.Severity.RED and runner.clinic_id:
        enqueue_job("alert_email", {"alert_id": alert.pk})
    return alert


def recipients(alert: Alert) -> list[str]:
    runner = alert.runner
    if runner.primary_therapist and runner.primary_therapist.is_active:
        return [runner.primary_therapist.email]
    return list(User.objects.filter(clinic_id=alert.clinic_id, is_therapist=True, is_active=True).values_list("email", flat=True))


@job_handler("alert_email")
def send_alert_email(job, report) -> dict:
    alert = Alert.objects.select_related("runner").filter(pk=job.payload["alert_id"]).first()
    if alert is None:
        raise PermanentJobError("the alert no longer exists")
    to = recipients(alert)
    if not to:
        raise PermanentJobError("no therapist in the clinic to notify")
    # Only the fact and the link travel by email; the details stay in Stridecare.
    body = (f"An urgent alert about {alert.runner.full_name} needs a person to follow up today:\n\n{alert.title}\n\n"
            f"Open the inbox: {settings.SITE_URL}/clinic/inbox/\n")
    send_mail(f"Stridecare urgent: {alert.title}", body, settings.DEFAULT_FROM_EMAIL, to)
    report(100, "sent")
    return {"to": to}
