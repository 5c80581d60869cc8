"""Writes across requests, visits and events. Every function is one transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.jobs.runner import enqueue_job

from .models import AppointmentRequest, RequestEvent, Visit
from .reminders import schedule_reminders


class BookingError(Exception):
    """A booking action that cannot be done; the message is for the person who tried."""


def create_request(*, submission_token: str, **fields) -> tuple[AppointmentRequest, bool]:
    """Save a new request and email its receipt. A second submission of the same form (same
    token) returns the first request instead of making another: ``(request, created)``."""
    existing = AppointmentRequest.objects.filter(submission_token=submission_token).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            req = AppointmentRequest.objects.create(submission_token=submission_token, **fields)
            RequestEvent.objects.create(request=req, actor=fields.get("runner"), text="Request sent to the clinic.")
            _notify(req, "received")
    except IntegrityError:
        # Two submissions raced: the other one won and is the request.
        return AppointmentRequest.objects.get(submission_token=submission_token), False
    return req, True


def overlapping_visits(therapist: User, start: datetime, end: datetime):
    return Visit.objects.filter(therapist=therapist, status__in=Visit.HOLDING, start__lt=end, end__gt=start)


def confirm_request(req_id: int, *, therapist: User, start: datetime, minutes: int, actor: User | None) -> Visit:
    """Book ``therapist`` for the request. Two confirmations at the same moment cannot both
    book overlapping times: the therapist's row is locked while the calendar is checked."""
    if minutes <= 0:
        raise BookingError("The visit must last at least one minute.")
    end = start + timedelta(minutes=minutes)
    with transaction.atomic():
        # Lock order: therapist first, then the request, for every confirmation.
        User.objects.select_for_update().get(pk=therapist.pk)
        req = AppointmentRequest.objects.select_for_update().get(pk=req_id)
        if req.status == AppointmentRequest.Status.CONFIRMED:
            raise BookingError("This request is already confirmed.")
        if not req.is_open:
            raise BookingError(f"This request is {req.get_status_display().lower()} and cannot be confirmed.")
        if Visit.objects.filter(request=req).exists():
            raise BookingError("This request already has a booked time: approve or decline it.")
        clash = overlapping_visits(therapist, start, end).first()
        if clash:
            local = timezone.localtime(clash.start)
            raise BookingError(
                f"{therapist.full_name} already has a visit from {local:%H:%M} on {local:%a %d %b}: choose another time."
            )
        visit = Visit.objects.create(
            clinic=req.clinic,
            therapist=therapist,
            runner=req.runner,
            request=req,
            name=req.name,
            email=req.email,
            visit_type=req.visit_type,
            address=req.address,
            start=start,
            end=end,
        )
        req.status = AppointmentRequest.Status.CONFIRMED
        req.save(update_fields=["status", "updated_at"])
        RequestEvent.objects.create(request=req, actor=actor, text=f"Visit confirmed with {therapist.full_name}.")
        _notify(req, "confirmed")
        schedule_reminders(visit)
    return visit


def propose_time(req_id: int, *, therapist: User, start: datetime, minutes: int, actor: User) -> AppointmentRequest:
    with transaction.atomic():
        req = AppointmentRequest.objects.select_for_update().get(pk=req_id)
        if not req.is_open:
            raise BookingError(f"This request is {req.get_status_display().lower()}: nothing to propose.")
        if overlapping_visits(therapist, start, start + timedelta(minutes=minutes)).exists():
            raise BookingError(f"{therapist.full_name} is already booked at that time: propose another.")
        req.status = AppointmentRequest.Status.PROPOSED
        req.proposed_start, req.proposed_minutes, req.proposed_therapist = start, minutes, therapist
        req.save()
        RequestEvent.objects.create(request=req, actor=actor, text=f"{therapist.full_name} proposed a time.")
        _notify(req, "proposed")
    return req


def accept_proposal(req: AppointmentRequest, actor: User | None) -> Visit:
    if (
        req.status != AppointmentRequest.Status.PROPOSED
        or not req.proposed_start
        or req.proposed_therapist is None  # a proposal names all three (propose_time)
        or req.proposed_minutes is None
    ):
        raise BookingError("There is no proposed time to accept.")
    return confirm_request(
        req.pk, therapist=req.proposed_therapist, start=req.proposed_start, minutes=req.proposed_minutes, actor=actor
    )


def decline_request(req_id: int, *, reason: str, actor: User) -> AppointmentRequest:
    if not reason.strip():
        raise BookingError("Say why the request is declined: the runner reads it.")
    with transaction.atomic():
        req = AppointmentRequest.objects.select_for_update().get(pk=req_id)
        if not req.is_open:
            raise BookingError(f"This request is {req.get_status_display().lower()} and cannot be declined.")
        held = Visit.objects.select_for_update().filter(request=req, status=Visit.Status.PENDING).first()
        if held is not None:  # a self-booked time waiting for approval is given up
            from .selfbook import release

            release(held, now=timezone.now())
        req.status, req.decline_reason = AppointmentRequest.Status.DECLINED, reason.strip()
        req.save()
        RequestEvent.objects.create(request=req, actor=actor, text="Request declined.")
        _notify(req, "declined")
    return req


def cancel_request(req: AppointmentRequest, actor: User | None) -> AppointmentRequest:
    """The runner withdraws an open request or cancels a confirmed visit."""
    with transaction.atomic():
        req = AppointmentRequest.objects.select_for_update().get(pk=req.pk)
        if req.status not in {
            AppointmentRequest.Status.NEW,
            AppointmentRequest.Status.PROPOSED,
            AppointmentRequest.Status.CONFIRMED,
        }:
            raise BookingError("This request is already closed.")
        visit = Visit.objects.select_for_update().filter(request=req, status__in=Visit.HOLDING).first()
        if visit is not None:
            from .selfbook import check_notice, release

            if visit.booked_type_id:  # booked online: the clinic's notice for changes applies
                check_notice(visit, actor, timezone.now())
            release(visit, now=timezone.now())
        req.status = AppointmentRequest.Status.CANCELLED
        req.save(update_fields=["status", "updated_at"])
        RequestEvent.objects.create(request=req, actor=actor, text="Cancelled by the runner.")
        _notify(req, "cancelled")
    return req


def _notify(req: AppointmentRequest, event: str) -> None:
    enqueue_job("booking_email", {"request_id": req.pk, "event": event})
