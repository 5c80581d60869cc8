"""Self-booking: a runner or visitor takes a free slot, moves or cancels it within the clinic's
notice, and a freed slot goes to the waiting list in order. Every function is one transaction.

No double booking, twice over: the therapist's row is locked (the same lock, taken first, as a
therapist's confirmation of a request) while the calendar is checked and the visit written, and
the database refuses a second held visit of one therapist at one start."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from stridecare.accounts.models import Clinic, User
from stridecare.jobs.runner import enqueue_job

from .actions import BookingError, _notify
from .availability import slots_for
from .models import AppointmentRequest, BookableVisitType, BookingSettings, RequestEvent, Visit, WaitlistEntry
from .reminders import cancel_reminders, schedule_reminders

TAKEN = "Someone booked this time a moment ago: please choose another."


def _local(clinic: Clinic, at: datetime) -> str:
    from zoneinfo import ZoneInfo

    return f"{at.astimezone(ZoneInfo(clinic.timezone)):%a %d %b %H:%M}"


def _check_free(clinic, visit_type, therapist, start, now, ignore_visit=None, offer=None):
    """The slot of ``therapist`` at ``start``, or BookingError: outside the clinic's booking window
    (notice, horizon), outside the therapist's hours, or taken."""
    rules = BookingSettings.for_clinic(clinic)
    earliest = now if offer is not None else now + timedelta(hours=rules.booking_notice_hours)
    if not earliest <= start < now + timedelta(days=rules.horizon_days):
        raise BookingError(
            f"Online booking takes times from {rules.booking_notice_hours} hours to {rules.horizon_days} days ahead: "
            "please choose another time or call the clinic."
        )
    slots = slots_for(
        clinic,
        visit_type,
        therapist=therapist,
        now=now,
        ignore_visit=ignore_visit,
        for_offer=offer,
        not_before=start,
        not_after=start + timedelta(minutes=1),
    )
    slot = next((s for s in slots if s.therapist_id == therapist.pk and s.start == start), None)
    if slot is None:
        raise BookingError(TAKEN if offer is None else "This offered time is no longer free.")
    return slot


def book_slot(
    *,
    visit_type: BookableVisitType,
    therapist_id: int,
    start: datetime,
    submission_token: str,
    runner: User | None = None,
    name: str = "",
    email: str = "",
    phone: str = "",
    reason: str = "",
    address: str = "",
    postcode: str = "",
    offer: WaitlistEntry | None = None,
    now: datetime | None = None,
) -> Visit:
    """Book a free slot. The visit is confirmed at once, or held for approval when the visit type
    says so; it comes with a request (the clinic's queue, the runner's status page and emails).
    The same form sent twice (same ``submission_token``) returns the first visit."""
    now = now or timezone.now()
    clinic = visit_type.clinic
    if not visit_type.is_self_bookable and offer is None:
        raise BookingError(f"{visit_type.name} visits are booked by the clinic: send a request instead.")
    earlier = AppointmentRequest.objects.filter(submission_token=submission_token).first()
    if earlier is not None and hasattr(earlier, "visit"):
        return earlier.visit
    if runner is not None:
        name, email, phone = runner.full_name, runner.email, phone or runner.phone
    try:
        with transaction.atomic():
            therapist = User.objects.select_for_update().get(pk=therapist_id, clinic=clinic, is_active=True)
            _check_free(clinic, visit_type, therapist, start, now, offer=offer)
            approved = offer is not None or not visit_type.needs_approval
            req = AppointmentRequest.objects.create(
                clinic=clinic,
                runner=runner,
                name=name,
                email=email,
                phone=phone,
                visit_type=visit_type.mode,
                address=address,
                postcode=postcode,
                reason=reason,
                preferred_note=f"Booked online: {visit_type.name}",
                status=AppointmentRequest.Status.CONFIRMED if approved else AppointmentRequest.Status.NEW,
                submission_token=submission_token,
            )
            visit = Visit.objects.create(
                clinic=clinic,
                therapist=therapist,
                runner=runner,
                request=req,
                name=name,
                email=email,
                visit_type=visit_type.mode,
                address=address,
                booked_type=visit_type,
                start=start,
                end=start + timedelta(minutes=visit_type.duration_minutes),
                status=Visit.Status.CONFIRMED if approved else Visit.Status.PENDING,
            )
            text = f"Booked online: {visit_type.name}, {_local(clinic, start)} with {therapist.full_name}."
            RequestEvent.objects.create(request=req, actor=runner, text=text)
            if approved:
                schedule_reminders(visit, now=now)
            else:
                RequestEvent.objects.create(request=req, actor=None, text="Waiting for the clinic to approve the time.")
            if offer is not None:
                WaitlistEntry.objects.filter(pk=offer.pk).update(status=WaitlistEntry.Status.BOOKED)
            _notify(req, "confirmed" if approved else "pending")
    except IntegrityError:
        # The database's unique constraint: a booking that raced past the check (or the same
        # form twice) got there first.
        earlier = AppointmentRequest.objects.filter(submission_token=submission_token).first()
        if earlier is not None and hasattr(earlier, "visit"):
            return earlier.visit
        raise BookingError(TAKEN) from None
    return visit


def approve_visit(visit_id: int, *, actor: User, now: datetime | None = None) -> Visit:
    """A therapist approves a self-booked time that waited for approval."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = Visit.objects.select_for_update(of=("self",)).select_related("request").get(pk=visit_id)
        if visit.status != Visit.Status.PENDING:
            raise BookingError("This visit is not waiting for approval.")
        visit.status, visit.changed_at = Visit.Status.CONFIRMED, now
        visit.save(update_fields=["status", "changed_at"])
        req = visit.request
        if req is not None:
            req.status = AppointmentRequest.Status.CONFIRMED
            req.save(update_fields=["status", "updated_at"])
            RequestEvent.objects.create(request=req, actor=actor, text=f"Time approved by {actor.full_name}.")
            _notify(req, "confirmed")
        schedule_reminders(visit, now=now)
    return visit


def can_change(visit: Visit, now: datetime | None = None) -> bool:
    """Whether the runner may still move or cancel the visit online (the clinic's notice)."""
    now = now or timezone.now()
    notice = timedelta(hours=BookingSettings.for_clinic(visit.clinic).change_notice_hours)
    return visit.is_held and now <= visit.start - notice


def check_notice(visit: Visit, actor: User | None, now: datetime) -> None:
    if actor is not None and not actor.is_runner and actor.clinic_id == visit.clinic_id:
        return  # the clinic itself may change a visit at any time
    if not visit.is_held:
        raise BookingError("This visit is already cancelled.")
    if not can_change(visit, now):
        hours = BookingSettings.for_clinic(visit.clinic).change_notice_hours
        phone = f" on {visit.clinic.phone}" if visit.clinic.phone else ""
        raise BookingError(
            f"Visits can be changed online until {hours} hours before they start. Please call the clinic{phone}."
        )


def reschedule_visit(
    visit_id: int, *, start: datetime, therapist_id: int | None = None, actor: User | None, now: datetime | None = None
) -> Visit:
    """Move a held visit to another free slot of its visit type; the old time goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Visit.objects.select_related("booked_type", "clinic").get(pk=visit_id)
        if current.booked_type is None:
            raise BookingError("This visit was arranged by the clinic: please ask them to move it.")
        therapist = User.objects.select_for_update().get(pk=therapist_id or current.therapist_id)
        if therapist.pk != current.therapist_id:
            User.objects.select_for_update().get(pk=current.therapist_id)
        visit = (
            Visit.objects.select_for_update(of=("self",))
            .select_related("booked_type", "clinic", "request")
            .get(pk=visit_id)
        )
        booked_type = visit.booked_type
        if booked_type is None:  # its visit type was deleted meanwhile
            raise BookingError("This visit was arranged by the clinic: please ask them to move it.")
        check_notice(visit, actor, now)
        _check_free(visit.clinic, booked_type, therapist, start, now, ignore_visit=visit)
        old_start, old_therapist = visit.start, visit.therapist_id
        visit.therapist, visit.start = therapist, start
        visit.end = start + timedelta(minutes=booked_type.duration_minutes)
        visit.sequence += 1
        visit.changed_at = now
        visit.save(update_fields=["therapist", "start", "end", "sequence", "changed_at"])
        cancel_reminders(visit, "the visit was moved")
        if visit.status == Visit.Status.CONFIRMED:
            schedule_reminders(visit, now=now)
        if visit.request is not None:
            RequestEvent.objects.create(
                request=visit.request,
                actor=actor,
                text=f"Moved from {_local(visit.clinic, old_start)} to {_local(visit.clinic, start)}.",
            )
            _notify(visit.request, "rescheduled")
        offer_freed_slot(booked_type, old_therapist, old_start, now=now)
    return visit


def cancel_visit(visit_id: int, *, actor: User | None, now: datetime | None = None) -> Visit:
    """Cancel a held visit within the clinic's notice (the clinic may always); its time goes to the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update(of=("self",))
            .select_related("booked_type", "clinic", "request")
            .get(pk=visit_id)
        )
        check_notice(visit, actor, now)
        if not visit.is_held:
            raise BookingError("This visit is already cancelled.")
        release(visit, now=now)
        req = visit.request
        if req is not None and req.status != AppointmentRequest.Status.CANCELLED:
            req.status = AppointmentRequest.Status.CANCELLED
            req.save(update_fields=["status", "updated_at"])
            by = "the clinic" if actor is not None and not actor.is_runner else "the runner"
            RequestEvent.objects.create(request=req, actor=actor, text=f"Visit cancelled by {by}.")
            _notify(req, "cancelled")
    return visit


def release(visit: Visit, *, now: datetime) -> None:
    """Cancel a visit row (inside the caller's transaction, the visit locked): the calendar feeds
    see a new SEQUENCE with STATUS:CANCELLED, its reminders stop, its time goes to the waiting list."""
    visit.status = Visit.Status.CANCELLED
    visit.sequence += 1
    visit.changed_at = now
    visit.save(update_fields=["status", "sequence", "changed_at"])
    cancel_reminders(visit, "the visit was cancelled")
    if visit.booked_type is not None:
        offer_freed_slot(visit.booked_type, visit.therapist_id, visit.start, now=now)


# Waiting list


def join_waitlist(*, visit_type: BookableVisitType, runner: User | None, name: str, email: str) -> WaitlistEntry:
    if runner is not None:
        name, email = runner.full_name, runner.email
        already = WaitlistEntry.objects.filter(
            visit_type=visit_type,
            runner=runner,
            status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
        ).first()
        if already is not None:
            return already
    return WaitlistEntry.objects.create(
        clinic=visit_type.clinic, visit_type=visit_type, runner=runner, name=name, email=email
    )


def offer_freed_slot(
    visit_type: BookableVisitType, therapist_id: int, start: datetime, *, now: datetime
) -> WaitlistEntry | None:
    """Offer a freed time to the first person waiting for its visit type (oldest entry first),
    held for them for the clinic's hold time. Nothing when the time is too close to offer."""
    hold = timedelta(hours=BookingSettings.for_clinic(visit_type.clinic).offer_hold_hours)
    if start <= now + timedelta(hours=BookingSettings.for_clinic(visit_type.clinic).booking_notice_hours):
        return None
    entry = (
        WaitlistEntry.objects.select_for_update()
        .filter(visit_type=visit_type, status=WaitlistEntry.Status.WAITING)
        .order_by("created_at", "pk")
        .first()
    )
    if entry is None:
        return None
    entry.status = WaitlistEntry.Status.OFFERED
    entry.offered_therapist_id, entry.offered_start = therapist_id, start
    entry.offer_expires_at = min(now + hold, start)
    entry.save(update_fields=["status", "offered_therapist", "offered_start", "offer_expires_at"])
    enqueue_job("waitlist_offer", {"entry_id": entry.pk})
    return entry


def take_offer(token: str, *, submission_token: str, now: datetime | None = None) -> Visit:
    now = now or timezone.now()
    entry = WaitlistEntry.objects.select_related("visit_type__clinic", "runner").get(token=token)
    therapist_id, start = entry.offered_therapist_id, entry.offered_start
    if (
        entry.status != WaitlistEntry.Status.OFFERED
        or entry.offer_expires_at is None
        or entry.offer_expires_at <= now
        or therapist_id is None  # an offer names both (offer_freed_slot)
        or start is None
    ):
        raise BookingError("This offer has ended. You are still welcome to book any free time.")
    return book_slot(
        visit_type=entry.visit_type,
        therapist_id=therapist_id,
        start=start,
        submission_token=submission_token,
        runner=entry.runner,
        name=entry.name,
        email=entry.email,
        reason="From the waiting list",
        offer=entry,
        now=now,
    )


def pass_offer_on(entry: WaitlistEntry, *, now: datetime, status: str = WaitlistEntry.Status.WITHDRAWN) -> None:
    """The person declined (or let the offer run out): the time goes to the next person waiting."""
    with transaction.atomic():
        locked = WaitlistEntry.objects.select_for_update(of=("self",)).select_related("visit_type").get(pk=entry.pk)
        if locked.status != WaitlistEntry.Status.OFFERED:
            return
        therapist_id, start = locked.offered_therapist_id, locked.offered_start
        locked.status = status
        locked.offer_expires_at = now
        locked.save(update_fields=["status", "offer_expires_at"])
        if therapist_id and start:
            offer_freed_slot(locked.visit_type, therapist_id, start, now=now)


def expire_offers(now: datetime | None = None) -> int:
    """Offers nobody took in time go to the next person; the one who let it run out waits again at the back."""
    now = now or timezone.now()
    expired = list(WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now))
    for entry in expired:
        pass_offer_on(entry, now=now, status=WaitlistEntry.Status.WITHDRAWN)
    return len(expired)
