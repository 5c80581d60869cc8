"""A clinic's starting availability: the demo clinic and tests call it, a real clinic edits its own."""

from __future__ import annotations

from datetime import time

from django.db import transaction

from stridecare.accounts.models import Clinic, User

from .models import BookableVisitType, BookingSettings, VisitType, WeeklyHours

STARTING_TYPES = [
    # name, mode, minutes, buffer, needs approval
    ("First assessment", VisitType.CLINIC, 60, 15, False),
    ("Follow-up", VisitType.CLINIC, 30, 10, False),
    ("Video follow-up", VisitType.TELEHEALTH, 30, 5, False),
    ("Home visit", VisitType.MOBILE, 60, 30, True),
]


@transaction.atomic
def set_up_availability(
    clinic: Clinic, therapists: list[User], *, telehealth_url_template: str = ""
) -> list[BookableVisitType]:
    """Visit types, settings, and weekday hours for each therapist: in the clinic 09:00-13:00 and
    14:00-17:00 Monday to Friday, video calls 17:00-19:00 Tuesday and Thursday, home visits on
    Wednesday mornings where the clinic has a mobile service. Run twice, it changes nothing."""
    BookingSettings.objects.get_or_create(clinic=clinic, defaults={"telehealth_url_template": telehealth_url_template})
    types = [
        BookableVisitType.objects.get_or_create(
            clinic=clinic,
            name=name,
            defaults={
                "mode": mode,
                "duration_minutes": minutes,
                "buffer_minutes": buffer,
                "needs_approval": approval,
            },
        )[0]
        for name, mode, minutes, buffer, approval in STARTING_TYPES
        if mode != VisitType.MOBILE or clinic.has_mobile_service()
    ]
    for therapist in therapists:
        if WeeklyHours.objects.filter(therapist=therapist, clinic=clinic).exists():
            continue
        hours = [(d, VisitType.CLINIC, time(9), time(13)) for d in range(5)]
        hours += [(d, VisitType.CLINIC, time(14), time(17)) for d in range(5)]
        hours += [(d, VisitType.TELEHEALTH, time(17), time(19)) for d in (1, 3)]
        if clinic.has_mobile_service():
            hours.append((2, VisitType.MOBILE, time(8), time(12)))
        WeeklyHours.objects.bulk_create(
            WeeklyHours(clinic=clinic, therapist=therapist, weekday=d, mode=mode, start_time=start, end_time=end)
            for d, mode, start, end in hours
        )
    return types
