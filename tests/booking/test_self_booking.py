"""Self-booking on a real database: free slots, booking, approval, moving, cancelling, the waiting
list, and the calendar feeds that follow. Time is frozen on Monday 23 March 2026, 08:00 GMT."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from icalendar import Calendar

from stridecare.booking import actions, selfbook
from stridecare.booking.availability import slots_for
from stridecare.booking.models import AppointmentRequest, TimeOff, Visit, VisitReminder, WaitlistEntry
from tests.booking.selfbook_helpers import FROZEN, LONDON, book, local


def local_starts(slots, day):
    return [s.start.astimezone(LONDON).strftime("%H:%M") for s in slots if s.start.astimezone(LONDON).date() == day]


def test_free_slots_keep_local_hours_across_the_clocks_going_forward(world, types):
    slots = slots_for(world.clinic, types["Follow-up"])
    monday, next_monday = local(2026, 3, 23).date(), local(2026, 3, 30).date()
    # Today: the 2 h booking notice makes 10:00 the first time; next Monday (BST) starts at 09:00 local again.
    assert local_starts(slots, monday)[:2] == ["10:00", "10:15"]
    assert local_starts(slots, next_monday)[0] == "09:00"
    first_next = next(s for s in slots if s.start.astimezone(LONDON).date() == next_monday)
    assert first_next.start.utcoffset() == timedelta(0) and first_next.start.hour == 8  # 09:00 BST = 08:00 UTC
    # 09:00-13:00 and 14:00-17:00, 30 min visits every 15 min: the last starts 12:30 and 16:30.
    assert local_starts(slots, next_monday)[-1] == "16:30" and "12:30" in local_starts(slots, next_monday)
    assert "12:45" not in local_starts(slots, next_monday) and "13:00" not in local_starts(slots, next_monday)
    assert slots[-1].start < FROZEN + timedelta(days=28)


def test_booking_a_slot_confirms_emails_and_schedules_both_reminders(world, types):
    start = local(2026, 3, 24, 9, 0)
    visit = book(types["Follow-up"], world.therapist, start, runner=world.runner)
    assert visit.status == Visit.Status.CONFIRMED and visit.end - visit.start == timedelta(minutes=30)
    assert visit.request.status == AppointmentRequest.Status.CONFIRMED
    assert [m.subject.split(" - ")[0] for m in mail.outbox] == ["Your visit is confirmed"]
    assert "Tuesday 24 March 2026, 09:00" in mail.outbox[0].body
    assert sorted(VisitReminder.objects.values_list("offset_minutes", "due_at")) == [
        (120, start - timedelta(hours=2)),
        (1440, start - timedelta(hours=24)),
    ]
    # The slot and its 10 minute buffer are gone: 09:30 + 10 min buffer, so 09:45 is the next start.
    tuesday = local_starts(slots_for(world.clinic, types["Follow-up"]), start.date())
    assert tuesday[:2] == ["09:45", "10:00"]


def test_the_same_slot_cannot_be_booked_twice(world, types):
    start = local(2026, 3, 24, 9, 0)
    book(types["Follow-up"], world.therapist, start)
    with pytest.raises(actions.BookingError, match="a moment ago"):
        book(types["Follow-up"], world.therapist, start, runner=world.runner)
    with pytest.raises(actions.BookingError, match="a moment ago"):  # overlaps the first one
        book(types["First assessment"], world.therapist, start + timedelta(minutes=15))
    assert Visit.objects.count() == 1


def test_the_database_refuses_a_second_held_visit_at_the_same_start(world, types):
    first = book(types["Follow-up"], world.therapist, local(2026, 3, 24, 9, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            clinic=world.clinic,
            therapist=world.therapist,
            name="Racer",
            email="r@x.test",
            visit_type="clinic",
            start=first.start,
            end=first.end,
        )


def test_hours_outside_the_rules_days_off_and_the_booking_notice_are_refused(world, types):
    with pytest.raises(actions.BookingError, match="a moment ago"):
        book(types["Follow-up"], world.therapist, local(2026, 3, 24, 13, 0))  # the lunch break
    with pytest.raises(actions.BookingError, match="2 hours to 28 days"):
        book(types["Follow-up"], world.therapist, local(2026, 3, 23, 9, 0))  # in an hour
    TimeOff.objects.create(
        clinic=world.clinic, therapist=None, first_day=local(2026, 3, 25).date(), last_day=local(2026, 3, 25).date()
    )
    assert local_starts(slots_for(world.clinic, types["Follow-up"]), local(2026, 3, 25).date()) == []
    with pytest.raises(actions.BookingError):
        book(types["Follow-up"], world.therapist, local(2026, 3, 25, 9, 0))


def test_a_type_that_needs_approval_holds_the_time_until_a_therapist_approves(world, types, client):
    start = local(2026, 3, 25, 8, 0)  # Wednesday morning home visits
    visit = book(types["Home visit"], world.therapist, start, runner=world.runner, reason="Knee")
    assert visit.status == Visit.Status.PENDING and visit.request.status == AppointmentRequest.Status.NEW
    assert mail.outbox[-1].subject.startswith("Your booking is waiting for the clinic's approval")
    assert not VisitReminder.objects.exists()
    assert start not in [s.start for s in slots_for(world.clinic, types["Home visit"])]
    client.force_login(world.therapist)
    page = client.get(reverse("booking:request_detail", args=[visit.request_id])).content.decode()
    assert "Approve this time" in page and 'id="slot"' not in page
    client.post(reverse("booking:approve_visit", args=[visit.pk]))
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CONFIRMED and VisitReminder.objects.filter(visit=visit).count() == 2
    assert mail.outbox[-1].subject.startswith("Your visit is confirmed")


def test_declining_a_held_booking_frees_its_time(world, types):
    start = local(2026, 3, 25, 8, 0)
    visit = book(types["Home visit"], world.therapist, start)
    actions.decline_request(visit.request_id, reason="We are not in your area that day.", actor=world.therapist)
    visit.refresh_from_db()
    assert visit.status == Visit.Status.CANCELLED
    assert start in [s.start for s in slots_for(world.clinic, types["Home visit"])]


def feed_events(client, user):
    body = client.get(reverse("booking:feed", args=[user.calendar_token])).content
    return {str(e["uid"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_moving_a_visit_updates_feeds_reminders_and_frees_the_old_time(world, types, client):
    old = local(2026, 3, 26, 10, 0)
    visit = book(types["Follow-up"], world.therapist, old, runner=world.runner)
    new = local(2026, 3, 31, 11, 0)  # after the change to BST
    selfbook.reschedule_visit(visit.pk, start=new, actor=world.runner)
    visit.refresh_from_db()
    assert (visit.start, visit.sequence) == (new, 1)
    assert mail.outbox[-1].subject.startswith("Your visit has moved")
    assert "Tuesday 31 March 2026, 11:00" in mail.outbox[-1].body
    reminders = VisitReminder.objects.filter(visit=visit)
    assert sorted(reminders.filter(skipped="").values_list("due_at", flat=True)) == [
        new - timedelta(hours=24),
        new - timedelta(hours=2),
    ]
    assert reminders.exclude(skipped="").count() == 2
    assert old in [s.start for s in slots_for(world.clinic, types["Follow-up"])]
    for user in (world.runner, world.therapist):
        event = feed_events(client, user)[f"{visit.uid}@stridecare"]
        assert event["sequence"] == 1 and event.decoded("dtstart") == new and str(event["status"]) == "CONFIRMED"
        assert sorted(a.decoded("trigger") for a in event.walk("VALARM")) == [timedelta(hours=-24), timedelta(hours=-2)]


def test_cancelling_shows_cancelled_in_the_feed_and_offers_the_time_to_the_waiting_list_in_order(world, types, client):
    start = local(2026, 3, 26, 10, 0)
    visit = book(types["Follow-up"], world.therapist, start, runner=world.runner)
    first = selfbook.join_waitlist(visit_type=types["Follow-up"], runner=None, name="Ann First", email="ann@x.test")
    second = selfbook.join_waitlist(visit_type=types["Follow-up"], runner=world.clinic_mate, name="", email="")
    actions.cancel_request(visit.request, world.runner)
    event = feed_events(client, world.runner)[f"{visit.uid}@stridecare"]
    assert str(event["status"]) == "CANCELLED" and event["sequence"] == 1 and not event.walk("VALARM")
    first.refresh_from_db()
    assert first.status == WaitlistEntry.Status.OFFERED and first.offered_start == start
    offers = [m for m in mail.outbox if m.subject.startswith("An earlier time is free")]
    assert [m.to for m in offers] == [["ann@x.test"]] and "Thursday 26 March 2026, 10:00" in offers[0].body
    # Held for Ann: nobody else sees or books it.
    assert start not in [s.start for s in slots_for(world.clinic, types["Follow-up"])]
    with pytest.raises(actions.BookingError):
        book(types["Follow-up"], world.therapist, start, runner=world.clinic_mate)
    # Ann lets it go: the next in line gets it and books it through the offer page.
    client.post(reverse("booking:offer", args=[first.token]), {"action": "decline"})
    second.refresh_from_db()
    assert second.status == WaitlistEntry.Status.OFFERED and mail.outbox[-1].to == [world.clinic_mate.email]
    assert "held for you" in mail.outbox[-1].body
    response = client.post(reverse("booking:offer", args=[second.token]), {"action": "take"})
    booked = Visit.objects.get(runner=world.clinic_mate)
    assert booked.start == start and booked.status == Visit.Status.CONFIRMED
    assert response["Location"] == reverse("booking:status", args=[booked.request.status_token])
    second.refresh_from_db()
    assert second.status == WaitlistEntry.Status.BOOKED


def test_an_offer_nobody_takes_in_time_goes_to_the_next_person(world, types, frozen):
    start = local(2026, 3, 30, 10, 0)
    visit = book(types["Follow-up"], world.therapist, start)
    first = selfbook.join_waitlist(visit_type=types["Follow-up"], runner=None, name="Ann", email="ann@x.test")
    second = selfbook.join_waitlist(visit_type=types["Follow-up"], runner=None, name="Ben", email="ben@x.test")
    selfbook.cancel_visit(visit.pk, actor=world.therapist)
    frozen.shift(timedelta(hours=12, minutes=1))
    assert selfbook.expire_offers() == 1
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.WITHDRAWN and second.status == WaitlistEntry.Status.OFFERED
    with pytest.raises(actions.BookingError, match="offer has ended"):
        selfbook.take_offer(first.token, submission_token="late")


def test_changes_online_close_at_the_clinics_notice(world, types, client):
    visit = book(types["Follow-up"], world.therapist, local(2026, 3, 23, 15, 0), runner=world.runner)  # in 7 hours
    with pytest.raises(actions.BookingError, match="until 24 hours before"):
        selfbook.reschedule_visit(visit.pk, start=local(2026, 3, 27, 10, 0), actor=world.runner)
    with pytest.raises(actions.BookingError, match="until 24 hours before"):
        actions.cancel_request(visit.request, None)
    page = client.get(reverse("booking:status", args=[visit.request.status_token])).content.decode()
    assert "please call the clinic" in page and "Move to another time" not in page
    # The clinic itself can still move it.
    selfbook.reschedule_visit(visit.pk, start=local(2026, 3, 27, 10, 0), actor=world.therapist)


def test_a_visitor_books_through_the_pages(world, types, client):
    page = client.get(reverse("booking:book", args=[world.clinic.slug]) + f"?type={types['Follow-up'].pk}")
    body = page.content.decode()
    assert page.status_code == 200 and "Tuesday 24 March" in body and "Priya Shah" in body
    assert reverse("booking:request_form", args=[world.clinic.slug]) in body  # none of these times suit me
    start = local(2026, 3, 24, 9, 0)
    chosen = {"type": types["Follow-up"].pk, "therapist": world.therapist.pk, "start": start.isoformat()}
    confirm = client.get(reverse("booking:book", args=[world.clinic.slug]), chosen).content.decode()
    assert "Tuesday 24 March 2026, 09:00" in confirm and "Your name" in confirm
    form = {
        "visit_type": types["Follow-up"].pk,
        "therapist": world.therapist.pk,
        "start": start.isoformat(),
        "submission_token": "tok-1",
    }
    missing = client.post(reverse("booking:book", args=[world.clinic.slug]), form)
    assert missing.status_code == 200 and "This field is required" in missing.content.decode()
    form.update(name="Vera Visitor", email="vera@visitor.test", reason="Shin pain")
    done = client.post(reverse("booking:book", args=[world.clinic.slug]), form)
    visit = Visit.objects.get()
    assert done["Location"] == reverse("booking:status", args=[visit.request.status_token])
    again = client.post(reverse("booking:book", args=[world.clinic.slug]), form)  # the same form twice
    assert again["Location"] == done["Location"] and Visit.objects.count() == 1
    status = client.get(done["Location"]).content.decode()
    assert "Move to another time" in status and "Confirmed" in status


def test_booking_pages_refuse_nonsense(world, types, client):
    url = reverse("booking:book", args=[world.clinic.slug])
    assert client.get(url, {"type": types["Follow-up"].pk, "page": "99"}).status_code == 404
    assert client.get(url, {"type": "x", "start": "nonsense"}).status_code == 200
    bad = client.post(url, {"visit_type": types["Follow-up"].pk, "therapist": "1", "start": "2026-03-24T09:00"})
    assert bad.status_code == 302  # naive time: choose again


def test_a_home_visit_booked_online_needs_an_address_in_the_clinics_area(world, types, client):
    url = reverse("booking:book", args=[world.clinic.slug])
    start = local(2026, 3, 25, 8, 0)
    form = {
        "visit_type": types["Home visit"].pk,
        "therapist": world.therapist.pk,
        "start": start.isoformat(),
        "submission_token": "tok-home",
        "name": "Vera Visitor",
        "email": "vera@visitor.test",
    }
    page = client.post(url, form).content.decode()
    assert "needs the address" in page and "Enter your postcode" in page
    page = client.post(url, dict(form, address="4 Elm Road", postcode="N1 9GU")).content.decode()
    assert "does not make home visits to N1 9GU" in page
    assert client.post(url, dict(form, address="4 Elm Road", postcode="SW1A 1AA")).status_code == 302
    visit = Visit.objects.get()
    assert (visit.address, visit.request.postcode, visit.status) == ("4 Elm Road", "SW1A 1AA", Visit.Status.PENDING)
