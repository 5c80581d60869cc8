"""A therapist's hours and days off, and the clinic admin's booking settings, through their pages."""

from __future__ import annotations

from django.urls import reverse

from stridecare.booking.availability import slots_for
from stridecare.booking.models import BookableVisitType, BookingSettings, TimeOff, WeeklyHours
from tests.booking.selfbook_helpers import local


def test_a_therapist_adds_hours_and_they_become_free_slots(world, types, client):
    client.force_login(world.therapist2)
    url = reverse("booking:availability")
    assert "No hours yet" in client.get(url).content.decode()
    client.post(
        url,
        {
            "action": "add_hours",
            "hours-weekday": "5",
            "hours-mode": "clinic",
            "hours-start_time": "09:00",
            "hours-end_time": "10:00",
        },
    )
    [rule] = WeeklyHours.objects.filter(therapist=world.therapist2)
    assert (rule.weekday, rule.clinic) == (5, world.clinic)
    saturday = [s for s in slots_for(world.clinic, types["Follow-up"]) if s.therapist_id == world.therapist2.pk]
    assert [s.start for s in saturday[:3]] == [
        local(2026, 3, 28, 9, 0),
        local(2026, 3, 28, 9, 15),
        local(2026, 3, 28, 9, 30),
    ]
    bad = client.post(
        url,
        {
            "action": "add_hours",
            "hours-weekday": "5",
            "hours-mode": "clinic",
            "hours-start_time": "10:00",
            "hours-end_time": "09:00",
        },
    )
    assert "must end after they start" in bad.content.decode()
    client.post(url, {"action": "delete_hours", "id": str(rule.pk)})
    assert not WeeklyHours.objects.filter(therapist=world.therapist2).exists()


def test_days_off_remove_slots_and_nobody_deletes_another_therapists_hours(world, types, client):
    client.force_login(world.therapist)
    url = reverse("booking:availability")
    client.post(
        url, {"action": "add_off", "off-first_day": "2026-03-24", "off-last_day": "2026-03-25", "off-reason": "Leave"}
    )
    days = {s.start.astimezone(local(2026, 1, 1).tzinfo).date() for s in slots_for(world.clinic, types["Follow-up"])}
    assert local(2026, 3, 24).date() not in days and local(2026, 3, 26).date() in days
    reversed_days = client.post(url, {"action": "add_off", "off-first_day": "2026-03-25", "off-last_day": "2026-03-24"})
    assert "cannot be before the first day" in reversed_days.content.decode()
    assert TimeOff.objects.count() == 1
    client.force_login(world.other_therapist)
    rule = WeeklyHours.objects.filter(therapist=world.therapist).first()
    client.post(url, {"action": "delete_hours", "id": str(rule.pk)})
    client.post(url, {"action": "delete_off", "id": str(TimeOff.objects.get().pk)})
    assert WeeklyHours.objects.filter(pk=rule.pk).exists() and TimeOff.objects.count() == 1


def test_the_clinic_admin_sets_reminders_notice_telehealth_and_visit_types(world, types, client):
    client.force_login(world.admin)
    url = reverse("booking:booking_settings")
    fields = {
        "action": "settings",
        "s-reminder_hours": "24, two",
        "s-change_notice_hours": "12",
        "s-booking_notice_hours": "2",
        "s-horizon_days": "28",
        "s-slot_step_minutes": "15",
        "s-offer_hold_hours": "6",
        "s-telehealth_url_template": "http://meet.example.org/room",
    }
    page = client.post(url, fields).content.decode()
    assert "&#x27;two&#x27; is not a number of hours" in page and "must start with https://" in page
    fields.update({"s-reminder_hours": "48, 1", "s-telehealth_url_template": "https://meet.example.org/r-{token}"})
    assert client.post(url, fields).status_code == 302
    rules = BookingSettings.objects.get(clinic=world.clinic)
    assert rules.reminder_offsets_minutes() == [2880, 60] and rules.change_notice_hours == 12
    made = client.post(
        url,
        {
            "action": "type",
            "t-name": "Running assessment",
            "t-mode": "clinic",
            "t-duration_minutes": "90",
            "t-buffer_minutes": "15",
            "t-is_self_bookable": "on",
            "t-needs_approval": "on",
        },
    )
    assert made.status_code == 302
    assert BookableVisitType.objects.get(clinic=world.clinic, name="Running assessment").needs_approval
    twice = client.post(
        url,
        {
            "action": "type",
            "t-name": "follow-up",
            "t-mode": "clinic",
            "t-duration_minutes": "30",
            "t-buffer_minutes": "0",
        },
    )
    assert "already has a visit type called follow-up" in twice.content.decode()
