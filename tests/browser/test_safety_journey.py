"""The safety journeys of a clinic day, in Chromium at 375 and 1280 px.

A runner's weekly check-in mentions ending their life (the crisis path) and their self-screening
says they cannot take four steps (a same-day red flag); their therapist sees both on the home page,
clears the flag in two clicks and records the crisis follow-up. A visitor reads the landing page and
requests a visit."""

from tests.browser.conftest import PHONE, log_in
from tests.browser.test_screening_journey import answer_steps
from tests.conftest import PASSWORD

DESKTOP = {"width": 1280, "height": 900}
OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def both_widths(shot, page, name):
    """A screenshot at the phone's and the desktop's width; neither may scroll sideways."""
    start = page.viewport_size
    for label, size in (("375", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        shot(page, f"{name}-{label}")
        assert page.evaluate(OVERFLOW_JS) <= 0, f"{name} at {label} px is wider than the screen"
    page.set_viewport_size(start)


def test_crisis_check_in_and_same_day_flag_reach_the_therapist_who_clears_and_follows_up(
    live_server, live_world, new_page, shot
):
    base = live_server.url
    runner = new_page()
    log_in(runner, base, "sam@runner.test", PASSWORD)

    # The check-in: Stridecare's own questions (no official screener loaded) and a note with self-harm language.
    runner.goto(f"{base}/wellbeing/")
    check_in = runner.locator("#check-in")
    for name in ("sleep", "energy", "stress", "mood", "motivation", "soreness"):
        check_in.locator(f"input[name={name}][value='2']").check()
    check_in.get_by_label("None of these").check()
    check_in.get_by_label("Anything else this week? (optional)").fill(
        "Everything hurts and some days I want to end my life."
    )
    check_in.get_by_role("button", name="Send check-in").click()
    resources = runner.locator("#crisis-resources")
    resources.wait_for()
    assert resources.locator("a[href^='tel:']").count() >= 2  # emergency and crisis line, tap-to-call
    both_widths(shot, runner, "safety-01-runner-crisis-resources")

    # The screening stops at "cannot take four steps" and shows the same-day advice at once.
    runner.get_by_role("link", name="Should I see someone?").click()
    answers = {
        "side": "left",
        "age": 41,
        "sex": "male",
        "pain_now": 8,
        "onset": "sudden",
        "duration_days": 1,
        "trend": "worse",
        "trauma": False,
        "weight_bearing_ok": False,
        "pain_walking": 8,
        "limp": True,
    }
    answer_steps(runner, answers, "front_left_shin")
    urgency = runner.locator("#urgency")
    assert urgency.get_attribute("data-urgency") == "same_day"
    assert (
        "hop" not in runner.locator("body").inner_text().lower().split("why")[0]
    )  # no later questions were needed first
    both_widths(shot, runner, "safety-02-runner-same-day-result")
    runner.get_by_role("button", name="I have read this").click()

    # The therapist's first screen shows both, urgent first; the inbox link counts them.
    therapist = new_page(DESKTOP)
    log_in(therapist, base, "priya@riverside.test", PASSWORD)
    assert therapist.url.rstrip("/") == base  # the caseload is the home page
    urgent = therapist.locator("#urgent")
    crisis = urgent.locator("[data-kind=crisis]")
    flag = urgent.locator("[data-kind=red_flag]")
    assert crisis.count() == 1 and flag.count() == 1
    assert "Sam Rivera" in crisis.inner_text() and "Sam Rivera" in flag.inner_text()
    assert "Follow up by" in crisis.inner_text() or "Overdue" in crisis.inner_text()
    assert therapist.locator("#inbox-urgent-count").inner_text().strip() == "2"
    both_widths(shot, therapist, "safety-03-therapist-caseload")

    # Clearing the flag: click 1 opens the note, click 2 clears it.
    flag.get_by_text("Review and clear").click()
    flag.get_by_label("Clearance note").fill(
        "Phoned Sam: X-ray today at the fracture clinic showed no fracture; walking with crutches, review Friday."
    )
    both_widths(shot, therapist, "safety-04-therapist-clearing")
    flag.get_by_role("button", name="Clear the flags").click()
    therapist.wait_for_load_state()
    assert "Flags cleared" in therapist.locator(".messages").inner_text()
    assert therapist.locator("#urgent [data-kind=red_flag]").count() == 0

    # Recording the crisis follow-up takes it off the urgent list and the inbox count.
    crisis = therapist.locator("#urgent [data-kind=crisis]")
    crisis.get_by_label("What did you do?").fill(
        "Called Sam at 14:10: safe, with his partner; GP appointment tomorrow morning."
    )
    crisis.get_by_role("button", name="Record follow-up").click()
    therapist.wait_for_load_state()
    assert therapist.locator("#urgent [data-kind=crisis]").count() == 0
    assert therapist.locator("#urgent-empty").count() == 1
    assert therapist.locator("#inbox-urgent-count").count() == 0
    both_widths(shot, therapist, "safety-05-therapist-caseload-after")

    # The runner's pages agree the flag is cleared: the screening result says who cleared it.
    runner.reload()
    assert runner.locator("#clearance").count() == 1


def test_a_visitor_reads_what_stridecare_is_and_requests_a_visit(live_server, live_world, new_page, shot):
    base = live_server.url
    page = new_page()
    page.goto(f"{base}/")
    assert page.locator("#for-runners").count() == 1 and page.locator("#for-clinics").count() == 1
    assert "not a diagnosis" in page.locator("body").inner_text()
    both_widths(shot, page, "visitor-01-landing")

    page.locator(".landing-hero").get_by_role("button", name="Request a visit").click()
    page.locator("article", has_text="Riverside Running Clinic").get_by_role("button", name="Request a visit").click()
    page.locator("#request-form").wait_for()
    both_widths(shot, page, "visitor-02-request-form")
    page.get_by_label("Your name").fill("Robin Visitor")
    page.get_by_label("Email").fill("robin@example.test")
    page.get_by_label("In the clinic").check()
    page.get_by_label("What is bothering you?").fill("Pain on the inside of my shin after long runs for three weeks.")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(f"{base}/r/**")
    assert "Robin" in page.locator("body").inner_text() or "request" in page.locator("body").inner_text().lower()
    both_widths(shot, page, "visitor-03-request-sent")
