from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from stridecare.booking import actions
from stridecare.booking.models import AppointmentRequest, Visit
from tests.booking.helpers import make_request


def slot(therapist, start, action="confirm", minutes=45):
    return {
        "action": action,
        "therapist": therapist.pk,
        "date": start.date().isoformat(),
        "time": start.strftime("%H:%M"),
        "minutes": minutes,
    }


def test_therapist_confirms_and_the_runner_is_emailed_and_sees_it(world, client, tomorrow_10am):
    req = make_request(world.clinic)
    client.force_login(world.therapist)
    response = client.post(reverse("booking:request_detail", args=[req.pk]), slot(world.therapist, tomorrow_10am))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.therapist, visit.start, visit.end - visit.start) == (
        world.therapist,
        tomorrow_10am,
        timedelta(minutes=45),
    )
    assert [m.subject.split(" - ")[0] for m in mail.outbox] == [
        "We received your appointment request",
        "Your visit is confirmed",
    ]
    assert "10:00" in mail.outbox[1].body
    status = client.get(reverse("booking:status", args=[req.status_token])).content.decode()
    assert "Confirmed" in status and tomorrow_10am.strftime("%-d %B %Y, 10:00") in status


def test_a_therapist_cannot_be_booked_twice_for_overlapping_times(world, tomorrow_10am):
    first, second = make_request(world.clinic), make_request(world.clinic)
    actions.confirm_request(first.pk, therapist=world.therapist, start=tomorrow_10am, minutes=45, actor=None)
    with pytest.raises(actions.BookingError, match="already has a visit"):
        actions.confirm_request(
            second.pk, therapist=world.therapist, start=tomorrow_10am + timedelta(minutes=30), minutes=45, actor=None
        )
    # Back to back is fine, and so is another therapist at the same time.
    actions.confirm_request(
        second.pk, therapist=world.therapist, start=tomorrow_10am + timedelta(minutes=45), minutes=45, actor=None
    )
    third = make_request(world.clinic)
    actions.confirm_request(third.pk, therapist=world.therapist2, start=tomorrow_10am, minutes=45, actor=None)
    assert Visit.objects.count() == 3
    assert AppointmentRequest.objects.get(pk=second.pk).status == "confirmed"


def test_the_clash_is_shown_next_to_the_form(world, client, tomorrow_10am):
    actions.confirm_request(
        make_request(world.clinic).pk, therapist=world.therapist, start=tomorrow_10am, minutes=60, actor=None
    )
    req = make_request(world.clinic)
    client.force_login(world.therapist)
    response = client.post(
        reverse("booking:request_detail", args=[req.pk]), slot(world.therapist, tomorrow_10am + timedelta(minutes=15))
    )
    assert response.status_code == 200
    assert "already has a visit" in response.content.decode()
    assert AppointmentRequest.objects.get(pk=req.pk).status == "new"


def test_propose_then_the_runner_accepts(world, client, tomorrow_10am):
    req = make_request(world.clinic)
    client.force_login(world.therapist)
    client.post(
        reverse("booking:request_detail", args=[req.pk]),
        slot(world.therapist2, tomorrow_10am, action="propose", minutes=30),
    )
    req.refresh_from_db()
    assert (req.status, req.proposed_therapist, req.proposed_minutes) == ("proposed", world.therapist2, 30)
    anonymous = client.__class__()
    anonymous.post(reverse("booking:status_action", args=[req.status_token, "accept"]))
    visit = Visit.objects.get(request=req)
    assert (visit.therapist, visit.end - visit.start) == (world.therapist2, timedelta(minutes=30))
    assert [m.subject.split(" - ")[0] for m in mail.outbox][-2:] == [
        "A time is proposed for your visit",
        "Your visit is confirmed",
    ]


def test_a_proposal_whose_therapist_was_removed_is_refused_not_an_error(world, client, tomorrow_10am):
    req = make_request(world.clinic)
    client.force_login(world.therapist)
    client.post(
        reverse("booking:request_detail", args=[req.pk]),
        slot(world.therapist2, tomorrow_10am, action="propose", minutes=30),
    )
    world.therapist2.delete()  # the proposal keeps its time, but no one to see the runner
    anonymous = client.__class__()
    response = anonymous.post(reverse("booking:status_action", args=[req.status_token, "accept"]), follow=True)
    assert response.status_code == 200
    assert "There is no proposed time to accept." in response.content.decode()
    assert not Visit.objects.filter(request=req).exists()


def test_decline_needs_a_reason_and_tells_the_runner(world, client):
    req = make_request(world.clinic)
    client.force_login(world.therapist)
    empty = client.post(reverse("booking:request_detail", args=[req.pk]), {"action": "decline", "reason": ""})
    assert "required" in " ".join(empty.context["decline_form"].errors["reason"])
    client.post(
        reverse("booking:request_detail", args=[req.pk]),
        {"action": "decline", "reason": "We do not treat under-16s; see your GP."},
    )
    req.refresh_from_db()
    assert req.status == "declined" and "under-16s" in mail.outbox[-1].body
    with pytest.raises(actions.BookingError):
        actions.confirm_request(
            req.pk, therapist=world.therapist, start=req.created_at + timedelta(days=2), minutes=30, actor=None
        )


def test_past_slots_are_refused(world, client, tomorrow_10am):
    req = make_request(world.clinic)
    client.force_login(world.therapist)
    response = client.post(
        reverse("booking:request_detail", args=[req.pk]), slot(world.therapist, tomorrow_10am - timedelta(days=3))
    )
    assert "in the past" in response.content.decode() and not Visit.objects.exists()


def test_cancelling_frees_the_therapist(world, tomorrow_10am):
    req = make_request(world.clinic)
    actions.confirm_request(req.pk, therapist=world.therapist, start=tomorrow_10am, minutes=45, actor=None)
    actions.cancel_request(req, None)
    other = make_request(world.clinic)
    actions.confirm_request(other.pk, therapist=world.therapist, start=tomorrow_10am, minutes=45, actor=None)
    assert list(Visit.objects.values_list("status", flat=True).order_by("pk")) == ["cancelled", "confirmed"]


def test_calendar_feeds_and_downloads_are_valid_icalendar(world, client, tomorrow_10am):
    req = make_request(world.clinic, world.runner)
    visit = actions.confirm_request(req.pk, therapist=world.therapist, start=tomorrow_10am, minutes=45, actor=None)
    for url in (
        reverse("booking:feed", args=[world.therapist.calendar_token]),
        reverse("booking:feed", args=[world.runner.calendar_token]),
        reverse("booking:status_ics", args=[req.status_token]),
    ):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == 1
        assert events[0].decoded("dtstart") == visit.start and events[0].decoded("dtend") == visit.end
        assert "ZEBRA" not in response.content.decode()  # the reason never leaves Stridecare
    assert client.get(reverse("booking:feed", args=[world.therapist2.calendar_token])).status_code == 200
    assert (
        Calendar.from_ical(client.get(reverse("booking:feed", args=[world.therapist2.calendar_token])).content).walk(
            "VEVENT"
        )
        == []
    )


def test_therapist_home_shows_queue_and_today(world, client):
    from django.utils import timezone

    req = make_request(world.clinic, name="Queue Person")
    today = make_request(world.clinic, name="Today Person")
    start = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    Visit.objects.create(
        clinic=world.clinic,
        therapist=world.therapist,
        request=today,
        name="Today Person",
        email="t@t.test",
        visit_type="clinic",
        start=start,
        end=start + timedelta(minutes=30),
    )
    client.force_login(world.therapist)
    page = client.get(reverse("home")).content.decode()
    assert "Queue Person" in page and "Today Person" in page and req.pk


def test_queue_filter_answers_htmx_with_rows_only(world, client):
    make_request(world.clinic, name="Open One")
    client.force_login(world.therapist)
    response = client.get(reverse("booking:queue") + "?status=declined", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "Open One" not in body and "No requests here" in body
