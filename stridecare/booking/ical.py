"""Confirmed visits as iCalendar (RFC 5545)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Visit


def visits_to_ics(visits: Iterable[Visit], name: str, for_therapist: bool) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Stridecare//Visits//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for visit in visits:
        event = Event()
        event.add("uid", f"{visit.uid}@stridecare")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", visit.start)
        event.add("dtend", visit.end)
        who = visit.name if for_therapist else visit.therapist.full_name
        event.add("summary", f"{visit.get_visit_type_display()}: {who}")
        event.add(
            "location", visit.address if visit.visit_type == "mobile" else visit.clinic.address or visit.clinic.name
        )
        # Health data stays in Stridecare: the calendar carries who and when, never the reason.
        event.add("description", f"{visit.clinic.name}. Details in Stridecare: {settings.SITE_URL}")
        event.add("status", "CONFIRMED" if visit.status == Visit.Status.CONFIRMED else "CANCELLED")
        cal.add_component(event)
    return cal.to_ical()
