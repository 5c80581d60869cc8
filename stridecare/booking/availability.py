"""A clinic's free slots: its therapists' weekly hours and time off, minus the visits they hold,
computed by the pure stridecare.core.booking.slots."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from stridecare.accounts.models import Clinic, User
from stridecare.core.booking.slots import Busy, DaysOff, Slot, WeeklyHours, free_slots

from .models import BookableVisitType, BookingSettings, TimeOff, Visit, WaitlistEntry
from .models import WeeklyHours as WeeklyHoursRow


def slots_for(
    clinic: Clinic,
    visit_type: BookableVisitType,
    *,
    therapist: User | None = None,
    now: datetime | None = None,
    ignore_visit: Visit | None = None,
    for_offer: WaitlistEntry | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> list[Slot]:
    """Free slots of ``visit_type`` from the clinic's booking notice to its horizon (or the window
    given). ``ignore_visit``: the visit being moved does not block itself. Slots held for a
    waiting-list offer are free only to that offer (``for_offer``)."""
    now = now or timezone.now()
    rules_settings = BookingSettings.for_clinic(clinic)
    not_before = not_before or now + timedelta(hours=rules_settings.booking_notice_hours)
    not_after = not_after or now + timedelta(days=rules_settings.horizon_days)
    rows = WeeklyHoursRow.objects.filter(clinic=clinic, mode=visit_type.mode, therapist__is_active=True)
    if therapist is not None:
        rows = rows.filter(therapist=therapist)
    rules = [
        WeeklyHours(r.therapist_id, r.mode, r.weekday, r.start_time, r.end_time, r.valid_from, r.valid_until)
        for r in rows
    ]
    if not rules:
        return []
    held = Visit.objects.filter(
        therapist_id__in={r.therapist_id for r in rules},
        status__in=Visit.HOLDING,
        start__lt=not_after + timedelta(days=1),
        end__gt=not_before - timedelta(days=1),
    )
    if ignore_visit is not None:
        held = held.exclude(pk=ignore_visit.pk)
    busy = [Busy(v.therapist_id, v.start, v.end) for v in held]
    offers = WaitlistEntry.objects.filter(
        clinic=clinic, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now, offered_start__isnull=False
    ).select_related("visit_type")
    if for_offer is not None:
        offers = offers.exclude(pk=for_offer.pk)
    busy += [
        Busy(
            o.offered_therapist_id, o.offered_start, o.offered_start + timedelta(minutes=o.visit_type.duration_minutes)
        )
        for o in offers
        if o.offered_therapist_id is not None and o.offered_start is not None  # both set with an offer
    ]
    days_off = [
        DaysOff(t.therapist_id, t.first_day, t.last_day)
        for t in TimeOff.objects.filter(clinic=clinic, last_day__gte=not_before.date() - timedelta(days=1)).filter(
            Q(therapist__isnull=True) | Q(therapist_id__in={r.therapist_id for r in rules})
        )
    ]
    return free_slots(
        rules,
        busy=busy,
        days_off=days_off,
        tz_name=clinic.timezone,
        duration_min=visit_type.duration_minutes,
        buffer_min=visit_type.buffer_minutes,
        step_min=rules_settings.slot_step_minutes,
        not_before=not_before,
        not_after=not_after,
    )


def slots_by_day(slots: list[Slot], tz_name: str) -> list[tuple]:
    """[(local date, [(slot, local start)])] for the booking page."""
    days: dict = {}
    for slot in slots:
        local = slot.local_start(tz_name)
        days.setdefault(local.date(), []).append((slot, local))
    return sorted(days.items())


def day_window(day, tz) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time()), tz)
    return start, start + timedelta(days=1)
