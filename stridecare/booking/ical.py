"""Confirmed visits as iCalendar (RFC 5545)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from .models import BookingSettings, Visit

ICS_STATUS: dict[str, str] = {
    Visit.Status.CONFIRMED: "CONFIRMED",
    Visit.Status.PENDING: "TENTATIVE",
    Visit.Status.CANCELLED: "CANCELLED",
}


def visits_to_ics(visits: Iterable[Visit], name: str, for_therapist: bool) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Stridecare//Visits//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    offsets: dict[int, list[int]] = {}
    for visit in visits:
        if visit.clinic_id not in offsets:
            offsets[visit.clinic_id] = BookingSettings.for_clinic(visit.clinic).reminder_offsets_minutes()
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
        event.add("status", ICS_STATUS.get(visit.status, "CANCELLED"))
        # A reschedule or cancellation raises SEQUENCE, so calendar apps replace their copy (RFC 5545 3.8.7.4).
        event.add("sequence", visit.sequence)
        event.add("last-modified", visit.changed_at)
        if visit.status == Visit.Status.CONFIRMED:
            for minutes in offsets[visit.clinic_id]:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", f"Visit at {visit.clinic.name}")
                alarm.add("trigger", timedelta(minutes=-minutes))
                event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
