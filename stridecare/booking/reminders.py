"""Visit reminders by email at the clinic's offsets (24 h and 2 h before, say), sent by the job queue.

Once per reminder, whatever happens to workers: the reminder row is locked while its email is
sent, and ``sent_at`` is written in the same transaction as the send, so a second job for the
same reminder (the deferred one and the sweep's, or a retry) finds it sent. A worker killed after
it claimed the job and before it sent leaves nothing written (its transaction rolls back): the
job's lease runs out, ``recover_jobs`` queues it again and the next worker sends it. What no
queue can promise is a worker killed between the mail server's "accepted" and the commit, a
window of milliseconds: that one reminder may go twice, never zero times.

Deferred jobs run at their due time on the database queue; ``send_due_reminders`` (the
``send_reminders`` command, for cron, and the tests with frozen time) sends whatever is due and
has no job waiting."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from stridecare.jobs.models import Job
from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler, shielded

from .models import BookingSettings, Visit, VisitReminder

KIND = "visit_reminder"


def schedule_reminders(visit: Visit, *, now: datetime | None = None) -> list[VisitReminder]:
    """Reminder rows (and their deferred jobs) for a confirmed visit, at each of the clinic's
    offsets still in the future. Inside the caller's transaction."""
    now = now or timezone.now()
    made = []
    for offset in BookingSettings.for_clinic(visit.clinic).reminder_offsets_minutes():
        due = visit.start - timedelta(minutes=offset)
        if due <= now:
            continue
        reminder, created = VisitReminder.objects.get_or_create(
            visit=visit, offset_minutes=offset, visit_start=visit.start, defaults={"due_at": due}
        )
        if created:
            _enqueue(reminder.pk, run_after=due)
            made.append(reminder)
    return made


def cancel_reminders(visit: Visit, why: str) -> int:
    """The visit moved or was cancelled: its unsent reminders will never go."""
    return VisitReminder.objects.filter(visit=visit, sent_at__isnull=True, skipped="").update(skipped=why[:100])


def _enqueue(reminder_id: int, run_after: datetime | None = None) -> Job:
    return enqueue_job(KIND, {"reminder_id": reminder_id}, run_after=run_after)


def send_reminder(reminder_id: int, now: datetime | None = None) -> str:
    """Send one reminder if it is due and still stands: "sent", "already sent", "not due",
    "no longer needed"."""
    now = now or timezone.now()
    with transaction.atomic():
        reminder = VisitReminder.objects.select_for_update().filter(pk=reminder_id).first()
        if reminder is None:
            raise PermanentJobError("the reminder no longer exists")
        if reminder.sent_at is not None:
            return "already sent"
        visit = Visit.objects.select_related("clinic", "therapist", "request").get(pk=reminder.visit_id)
        if reminder.skipped or visit.status != Visit.Status.CONFIRMED or visit.start != reminder.visit_start:
            return "no longer needed"
        if now < reminder.due_at:
            return "not due"
        if now >= visit.start:
            reminder.skipped = "the visit had started before the reminder could go"
            reminder.save(update_fields=["skipped"])
            return "no longer needed"
        subject, body = _compose(visit, reminder)
        with shielded():  # a worker stop waits until the send is recorded
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [visit.email])
            reminder.sent_at = now
            reminder.save(update_fields=["sent_at"])
    return "sent"


def _compose(visit: Visit, reminder: VisitReminder) -> tuple[str, str]:
    tz = ZoneInfo(visit.clinic.timezone or "UTC")
    hours = reminder.offset_minutes / 60
    status_url = (
        settings.SITE_URL + reverse("booking:status", args=[visit.request.status_token]) if visit.request else ""
    )
    with timezone.override(tz):
        body = render_to_string(
            "booking/reminder_email.txt",
            {
                "visit": visit,
                "start_local": timezone.localtime(visit.start, tz),
                "tz": visit.clinic.timezone,
                "status_url": status_url,
                "in_words": f"{hours:g} hour{'s' if hours != 1 else ''}",
            },
        )
    return (
        f"Reminder: your visit on {timezone.localtime(visit.start, tz):%a %d %b at %H:%M} - {visit.clinic.name}",
        body,
    )


@job_handler(KIND, doing="sending this visit reminder")
def visit_reminder_job(job, report) -> dict:
    """Deferred to the due time on the database queue; a queue that runs it early (no defer)
    leaves the reminder for the sweep."""
    outcome = send_reminder(job.payload["reminder_id"])
    if outcome == "not due" and _can_defer():  # woken early: sleep again until the due time
        reminder = VisitReminder.objects.get(pk=job.payload["reminder_id"])
        _enqueue(reminder.pk, run_after=reminder.due_at)
    report(100, outcome)
    return {"outcome": outcome}


def _can_defer() -> bool:
    from stridecare.jobs.runner import run_job

    return bool(run_job.get_backend().supports_defer)


def send_due_reminders(now: datetime | None = None) -> list[int]:
    """Queue a job for every due, unsent, still-standing reminder that has no job waiting or
    running. Returns the reminder ids queued."""
    now = now or timezone.now()
    due = VisitReminder.objects.filter(
        due_at__lte=now,
        sent_at__isnull=True,
        skipped="",
        visit__status=Visit.Status.CONFIRMED,
        visit__start__gt=now,
    ).values_list("pk", flat=True)
    waiting = {
        job.payload.get("reminder_id")
        for job in Job.objects.filter(
            kind=KIND, status__in=[Job.Status.QUEUED, Job.Status.RUNNING, Job.Status.RETRYING]
        )
    }
    queued = []
    for reminder_id in due:
        if reminder_id in waiting:
            continue
        _enqueue(reminder_id)
        queued.append(reminder_id)
    return queued
