"""The email that says a message is waiting. It carries no health details and no words of the
message: only that there is one, and the link to read it after logging in."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from stridecare.jobs.runner import PermanentJobError, job_handler, send_once

from .actions import NOTICE_JOB
from .models import Message

TO_RUNNER_SUBJECT = "You have a new message from your clinic"
TO_CLINIC_SUBJECT = "A runner sent your clinic a new message"


def notice(message: Message) -> tuple[str, str, list[str]]:
    """(subject, body, recipients) of the notice of ``message``."""
    from stridecare.inbox.alerts import care_team_emails

    thread = message.thread
    if message.from_runner:
        to = care_team_emails(thread.runner, thread.clinic_id)
        link = settings.SITE_URL + reverse("messaging:staff_thread", args=[thread.runner_id])
        body = (
            f"A runner of {thread.clinic.name} sent a new message in Stridecare.\n\n"
            f"Log in to read it: {link}\n\nThe message itself stays in Stridecare.\n"
        )
        return TO_CLINIC_SUBJECT, body, to
    link = settings.SITE_URL + reverse("messaging:mine")
    body = (
        f"Hello,\n\n{thread.clinic.name} sent you a new message in Stridecare.\n\n"
        f"Log in to read it: {link}\n\nFor your privacy the message itself is not in this email.\n"
    )
    return TO_RUNNER_SUBJECT, body, [thread.runner.email] if thread.runner.is_active else []


@job_handler(NOTICE_JOB, doing="sending this new-message email")
def send_message_notice(job, report) -> dict:
    message = Message.objects.select_related("thread__runner__primary_therapist", "thread__clinic").filter(
        pk=job.payload["message_id"]
    )
    found = message.first()
    if found is None:
        raise PermanentJobError("the message no longer exists")
    if found.read_at is not None:
        report(100, "already read: no email needed")
        return {"outcome": "already read"}
    subject, body, to = notice(found)
    if not to:
        raise PermanentJobError("nobody to tell")
    sent = send_once(job, lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to))
    report(100, "sent" if sent else "sent by an earlier attempt")
    return {"to": to, "subject": subject}
