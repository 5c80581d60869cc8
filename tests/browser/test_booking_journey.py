"""A visitor requests a mobile visit; a therapist confirms it; the visitor's page shows the time."""

from datetime import timedelta

from django.utils import timezone

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD


def test_visitor_requests_mobile_visit_therapist_confirms_runner_sees_time(live_server, live_world, new_page, shot):
    base = live_server.url
    visitor = new_page()
    visitor.goto(f"{base}/c/riverside/request/")
    visitor.get_by_label("Your name").fill("Vera Visitor")
    visitor.get_by_label("Email").fill("vera@visitor.test")
    visitor.get_by_label("Phone").fill("0700 000000")
    visitor.get_by_label("Mobile (at home)").check()
    visitor.get_by_label("Home address").fill("4 Elm Road, London")
    visitor.get_by_label("Postcode").fill("SW1A 1AA")
    visitor.get_by_label("What is bothering you?").fill("Outer knee pain from 6 km into every run.")
    visitor.get_by_label("Wednesday").check()
    visitor.get_by_label("Evening (17-20)").check()
    shot(visitor, "01-visitor-request-form")
    visitor.get_by_role("button", name="Send request").click()
    visitor.wait_for_url(f"{base}/r/**")
    assert visitor.locator("#request-status").inner_text() == "Waiting for the clinic"
    status_url = visitor.url
    shot(visitor, "02-visitor-request-sent")

    therapist = new_page()
    log_in(therapist, base, "priya@riverside.test", PASSWORD)
    therapist.get_by_role("link", name="Vera Visitor").first.click()
    assert "Outer knee pain" in therapist.locator("#request-reason").inner_text()
    day = timezone.localdate() + timedelta(days=2)
    therapist.get_by_label("Date").fill(day.isoformat())
    therapist.get_by_label("Start time").fill("17:30")
    shot(therapist, "03-therapist-request-detail")
    therapist.get_by_role("button", name="Confirm visit").click()
    therapist.locator("#visit").wait_for()
    assert "Confirmed" in therapist.locator("#visit").inner_text()
    shot(therapist, "04-therapist-confirmed")

    visitor.goto(status_url)
    confirmed = visitor.locator("#confirmed-visit").inner_text()
    assert f"{day:%A} {day.day} {day:%B %Y}, 17:30" in confirmed and "Priya Shah" in confirmed
    assert visitor.locator("#request-status").inner_text() == "Confirmed"
    shot(visitor, "05-visitor-sees-confirmed-time")
