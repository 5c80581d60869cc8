"""A runner books a free slot, gets the confirmation and both reminders (server time frozen and
moved on), moves the visit; the therapist's calendar and feed show the change. A telehealth visit
shows its join link from 10 minutes before, to both sides.

Frozen on Monday 22 March 2027, 08:00 GMT: the UK's clocks go forward on Sunday 28 March 2027, so
the visit moves across the change. (A date after today's real one, so the browser keeps cookies.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

LONDON = ZoneInfo("Europe/London")
FROZEN = datetime(2027, 3, 22, 8, 0, tzinfo=UTC)
WIDE = {"width": 1280, "height": 900}
TEMPLATE = "https://meet.example.org/riverside-{token}"


@pytest.fixture
def clock():
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


@pytest.fixture
def booking_clinic(live_world, clock):
    from stridecare.booking.models import BookingSettings
    from stridecare.booking.setup import set_up_availability

    set_up_availability(live_world.clinic, [live_world.therapist], telehealth_url_template=TEMPLATE)
    # This clinic lets runners move a visit online until 1 hour before it.
    BookingSettings.objects.filter(clinic=live_world.clinic).update(change_notice_hours=1)
    return live_world


def subjects():
    return [m.subject.split(" - ")[0] for m in mail.outbox]


def feed_event(page, base, user):
    body = page.request.get(f"{base}/calendar/{user.calendar_token}.ics").body()
    [event] = Calendar.from_ical(body).walk("VEVENT")
    return event


def log_in_if_asked(page, base, email):
    """After the clock moved: log in again only if the session has ended (runners stay logged in
    for 14 days of inactivity, STRIDECARE_IDLE_TIMEOUT_RUNNER_S)."""
    page.goto(f"{base}/login/")
    if "/login/" in page.url:
        log_in(page, base, email, PASSWORD)


def test_runner_books_is_reminded_twice_moves_the_visit_and_the_therapist_sees_it(
    live_server, booking_clinic, clock, new_page, shot
):
    from stridecare.booking.models import Visit
    from stridecare.booking.reminders import send_due_reminders

    base, world = live_server.url, booking_clinic
    runner = new_page()
    log_in(runner, base, world.runner.email, PASSWORD)
    assert runner.get_by_role("link", name="Book", exact=True).get_attribute("href") == "/c/riverside/book/"
    runner.goto(f"{base}/c/riverside/book/")
    runner.get_by_role("button", name="Follow-up (30 min)", exact=True).click()
    runner.locator("#free-slots").wait_for()
    assert "Wednesday 24 March" in runner.locator("#free-slots").inner_text()
    shot(runner, "booking-01-free-slots-375")
    runner.locator('a.slot[data-start="2027-03-24 10:00"]').click()
    assert "Wednesday 24 March 2027, 10:00" in runner.locator("#chosen-slot").inner_text()
    shot(runner, "booking-02-confirm-slot-375")
    runner.get_by_role("button", name="Book this time").click()
    runner.wait_for_url(f"{base}/r/**")
    assert runner.locator("#request-status").inner_text() == "Confirmed"
    assert "Wednesday 24 March 2027, 10:00" in runner.locator("#confirmed-visit").inner_text()
    status_url = runner.url
    shot(runner, "booking-03-booked-375")
    assert subjects() == ["Your visit is confirmed"]

    visit = Visit.objects.get(runner=world.runner)
    for hours, word in ((24, "24 hours"), (2, "2 hours")):
        clock.move_to(visit.start - timedelta(hours=hours))
        send_due_reminders()
        assert subjects()[-1].startswith("Reminder: your visit on Wed 24 Mar at 10:00")
        assert f"is in {word}" in mail.outbox[-1].body
    assert len([s for s in subjects() if s.startswith("Reminder")]) == 2

    # Two hours before, the runner moves it to the next Wednesday (after the clocks change).
    log_in_if_asked(runner, base, world.runner.email)
    runner.goto(status_url)
    runner.locator("#change-visit a").click()
    runner.get_by_role("link", name="Later times").click()
    runner.locator('button.slot[data-start="2027-03-31 11:00"]').wait_for()
    shot(runner, "booking-04-reschedule-375")
    runner.locator('button.slot[data-start="2027-03-31 11:00"]').click()
    runner.wait_for_url(status_url)
    assert "Wednesday 31 March 2027, 11:00" in runner.locator("#confirmed-visit").inner_text()
    shot(runner, "booking-05-moved-375")
    assert subjects()[-1] == "Your visit has moved"
    send_due_reminders()  # the old visit time's reminders are gone
    assert len([s for s in subjects() if s.startswith("Reminder")]) == 2

    therapist = new_page(WIDE)
    log_in(therapist, base, world.therapist.email, PASSWORD)
    therapist.goto(f"{base}/clinic/calendar/?week=1")
    assert "11:00-11:30" in therapist.locator(".card-grid").inner_text()
    assert "Sam Rivera" in therapist.locator(".card-grid").inner_text()
    shot(therapist, "booking-06-therapist-calendar-1280")
    therapist.goto(f"{base}/clinic/calendar/")
    assert "Sam Rivera" not in therapist.locator(".card-grid").inner_text()
    event = feed_event(therapist, base, world.therapist)
    assert event["sequence"] == 1 and str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == datetime(2027, 3, 31, 10, 0, tzinfo=UTC)  # 11:00 BST
    assert len(event.walk("VALARM")) == 2


def test_telehealth_link_shows_from_ten_minutes_before_to_both_sides(
    live_server, booking_clinic, clock, new_page, shot
):
    from stridecare.booking.models import BookableVisitType, Visit

    base, world = live_server.url, booking_clinic
    runner = new_page()
    log_in(runner, base, world.runner.email, PASSWORD)
    video = BookableVisitType.objects.get(clinic=world.clinic, name="Video follow-up")
    runner.goto(f"{base}/c/riverside/book/?type={video.pk}")
    runner.locator('a.slot[data-start="2027-03-23 17:00"]').click()
    runner.get_by_role("button", name="Book this time").click()
    runner.wait_for_url(f"{base}/r/**")
    status_url = runner.url
    visit = Visit.objects.get(runner=world.runner)
    link = TEMPLATE.replace("{token}", visit.join_token)

    clock.move_to(visit.start - timedelta(minutes=11))
    log_in_if_asked(runner, base, world.runner.email)
    runner.goto(status_url)
    assert runner.locator("#join-telehealth").count() == 0
    assert "from 16:50" in runner.locator("#join-later").inner_text()
    shot(runner, "telehealth-01-before-375")

    clock.move_to(visit.start - timedelta(minutes=10))
    for viewport, label in ((None, "375"), (WIDE, "1280")):
        page = runner
        if viewport:
            page = new_page(viewport)
            log_in(page, base, world.runner.email, PASSWORD)
        page.goto(status_url)
        assert page.locator("#join-telehealth a.join-link").get_attribute("href") == link
        shot(page, f"telehealth-02-link-open-{label}")
    scripts = runner.eval_on_selector_all("script[src]", "els => els.map(e => e.src)")
    assert all(src.startswith(base) for src in scripts)  # no third-party script

    therapist = new_page(WIDE)
    log_in(therapist, base, world.therapist.email, PASSWORD)
    therapist.goto(f"{base}/clinic/calendar/")
    assert therapist.locator("a.join-call").get_attribute("href") == link
    shot(therapist, "telehealth-03-therapist-calendar-1280")
