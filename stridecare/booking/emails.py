"""Emails to the runner at each step of a request; sent by the background worker with retries."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from stridecare.jobs.runner import PermanentJobError, job_handler, send_once

from .models import AppointmentRequest

SUBJECTS = {
    "received": "We received your appointment request",
    "proposed": "A time is proposed for your visit",
    "confirmed": "Your visit is confirmed",
    "declined": "About your appointment request",
    "cancelled": "Your appointment request is cancelled",
    "pending": "Your booking is waiting for the clinic's approval",
    "rescheduled": "Your visit has moved",
}
VISIT_EVENTS = {"confirmed", "pending", "rescheduled"}


@job_handler("booking_email", doing="sending this email")
def send_booking_email(job, report) -> dict:
    event = job.payload["event"]
    if event not in SUBJECTS:
        raise PermanentJobError(f"unknown booking email {event!r}")
    try:
        req = AppointmentRequest.objects.select_related(
            "clinic", "visit", "visit__therapist", "proposed_therapist"
        ).get(pk=job.payload["request_id"])
    except AppointmentRequest.DoesNotExist:
        raise PermanentJobError("the request no longer exists") from None
    visit = getattr(req, "visit", None) if event in VISIT_EVENTS else None
    tz = ZoneInfo(req.clinic.timezone) if req.clinic.timezone else timezone.get_default_timezone()
    context = {
        "req": req,
        "event": event,
        "visit": visit,
        "start_local": timezone.localtime(visit.start, tz) if visit else None,
        "proposed_local": timezone.localtime(req.proposed_start, tz) if req.proposed_start else None,
        "status_url": settings.SITE_URL + reverse("booking:status", args=[req.status_token]),
    }
    with timezone.override(tz):  # the date filter shows times in the active zone: the clinic's
        body = render_to_string("booking/email.txt", context)
    subject = f"{SUBJECTS[event]} - {req.clinic.name}"
    sent = send_once(job, lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [req.email]))
    report(100, "sent" if sent else "sent by an earlier attempt")
    return {"to": req.email, "subject": subject}


@job_handler("waitlist_offer", doing="sending this waiting-list offer")
def send_waitlist_offer(job, report) -> dict:
    from .models import WaitlistEntry

    entry = (
        WaitlistEntry.objects.select_related("clinic", "visit_type", "offered_therapist")
        .filter(pk=job.payload["entry_id"])
        .first()
    )
    if entry is None:
        raise PermanentJobError("the waiting-list entry no longer exists")
    if entry.status != WaitlistEntry.Status.OFFERED:
        report(100, "the offer ended before its email went")
        return {"outcome": "ended"}
    tz = ZoneInfo(entry.clinic.timezone or "UTC")
    with timezone.override(tz):
        body = render_to_string(
            "booking/offer_email.txt",
            {
                "entry": entry,
                "start_local": timezone.localtime(entry.offered_start, tz),
                "expires_local": timezone.localtime(entry.offer_expires_at, tz),
                "tz": entry.clinic.timezone,
                "offer_url": settings.SITE_URL + reverse("booking:offer", args=[entry.token]),
            },
        )
    subject = f"An earlier time is free - {entry.clinic.name}"
    sent = send_once(job, lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [entry.email]))
    report(100, "sent" if sent else "sent by an earlier attempt")
    return {"to": entry.email, "subject": subject}
