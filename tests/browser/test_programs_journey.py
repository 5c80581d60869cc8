"""Exercise programs in the browser: the therapist prescribes from the patellofemoral protocol, the
runner logs today's exercises with pain 6/10, the therapist sees the flare-up alert and the "regress"
suggestion; a runner answers PHQ-9 item 9 with 1 and sees the crisis resources on the same page.

Until the programs app is in the real settings, run with ``--ds tests.programs.settings_local``."""

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def phone_shot(shot, page, name):
    """A screenshot, and the page must not scroll sideways at 375 px (phones first)."""
    shot(page, name)
    assert page.evaluate(OVERFLOW_JS) <= 0, f"{name}: wider than the phone"


def test_prescribe_log_pain_6_therapist_sees_flare_up_and_regress(live_server, live_world, new_page, shot):
    base = live_server.url
    runner = live_world.runner
    therapist = new_page()
    log_in(therapist, base, "priya@riverside.test", PASSWORD)
    therapist.goto(f"{base}/clinic/runners/{runner.pk}/programs/")
    therapist.get_by_label("Condition").select_option("pfp")
    therapist.get_by_label("Start from").select_option("pfp:P1")
    for day in WEEKDAYS:  # every day, so today is an exercise day whatever the date
        therapist.get_by_label(day, exact=True).check()
    phone_shot(shot, therapist, "programs-01-therapist-prescribes")
    therapist.get_by_role("button", name="Start program").click()
    therapist.wait_for_url("**/clinic/programs/*/")
    assert "Phase 1: calm" in therapist.locator("#phase").inner_text()
    assert "Move on when" in therapist.locator("#criteria").inner_text()
    program_url = therapist.url

    page = new_page()
    log_in(page, base, "sam@runner.test", PASSWORD)
    page.goto(f"{base}/today/")
    cards = page.locator("article.today-exercise")
    count = cards.count()
    assert count == 5  # PFP P1: 5 exercises
    assert page.locator("article.today-exercise svg").count() == count
    phone_shot(shot, page, "programs-02-runner-today")
    for i in range(count):
        card = page.locator("article.today-exercise").nth(i)
        card.locator("summary", has_text="Log it").click()  # folded on the phone, the day's list first
        card.get_by_label("Pain during (0-10)").select_option("6")
        card.get_by_role("button", name="Save").click()
        page.wait_for_load_state()
    assert page.locator("article.today-exercise .badge", has_text="done").count() == count
    advice = page.locator(".flare-advice").first.inner_text()
    assert "What to do today" in advice and "easier version" in advice
    phone_shot(shot, page, "programs-03-runner-flare-advice")

    therapist.goto(f"{base}/clinic/inbox/")
    flare = therapist.locator("article[data-kind=flare_up]")
    assert flare.count() == count and "Flare-up" in flare.first.inner_text()
    phone_shot(shot, therapist, "programs-04-therapist-inbox")
    therapist.goto(program_url)
    suggestion = therapist.locator(".suggestion").first
    assert "Suggested: regress" in suggestion.inner_text() and "above the ceiling 3/10" in suggestion.inner_text()
    suggestion.get_by_role("button", name="Accept: regress").click()
    therapist.locator(".suggestion", has_text="Accepted").first.wait_for()
    phone_shot(shot, therapist, "programs-05-therapist-accepts-regress")


def test_phq9_item9_shows_crisis_resources_on_the_same_page(live_server, live_world, new_page, shot):
    from tests.programs.conftest import load_test_forms

    load_test_forms(live_world.clinic, "phq-9", "gad-7")  # the clinic's official forms (test wording)
    base = live_server.url
    page = new_page()
    log_in(page, base, "sam@runner.test", PASSWORD)
    page.goto(f"{base}/wellbeing/")
    check_in = page.locator("#check-in")
    for name in ("sleep", "energy", "stress", "mood", "motivation", "soreness"):
        check_in.locator(f"input[name={name}][value='3']").check()
    for name, value in (("phq_1", "2"), ("phq_2", "2"), ("gad_1", "0"), ("gad_2", "0")):
        check_in.locator(f"input[name={name}][value='{value}']").check()
    check_in.get_by_label("None of these").check()
    phone_shot(shot, page, "programs-06-runner-check-in")
    check_in.get_by_role("button", name="Send check-in").click()
    page.wait_for_url("**/wellbeing/check-ins/*/")
    for i in range(1, 9):
        page.locator(f"#id_phq-9-item_{i}").select_option("1")
    page.locator("#id_phq-9-item_9").select_option("1")
    follow_up_url = page.url
    page.get_by_role("button", name="Send answers").click()
    page.locator("#crisis-resources").wait_for()
    assert page.url == follow_up_url  # the same page, at once
    assert page.locator("#crisis-resources a[href='tel:999']").count() == 1  # the London clinic's number, tap-to-call
    phone_shot(shot, page, "programs-07-runner-crisis-resources")


def test_library_and_program_pages_fit_a_phone(live_server, live_world, new_page, shot):
    from stridecare.programs import actions

    base = live_server.url
    program = actions.start_program(
        live_world.runner, live_world.therapist, "achilles_midportion", "P2", (0, 1, 2, 3, 4, 5, 6)
    )
    page = new_page()
    log_in(page, base, "sam@runner.test", PASSWORD)
    for path in (
        "/exercises/",
        "/exercises/EX19/",
        "/exercises/routines/",
        "/program/",
        "/return-to-running/",
        "/measures/",
        "/measures/visa-a/",
        "/wellbeing/",
        "/today/",
    ):
        assert page.goto(base + path).status == 200, path
        phone_shot(shot, page, "programs-phone-runner-" + path.strip("/").replace("/", "-"))
    staff = new_page()
    log_in(staff, base, "priya@riverside.test", PASSWORD)
    pages = {
        "program": f"/clinic/programs/{program.pk}/",
        "return-to-running": f"/clinic/programs/{program.pk}/return-to-running/",
        "programs": "/clinic/programs/",
        "wellbeing": f"/clinic/runners/{live_world.runner.pk}/wellbeing/",
        "referrals": "/clinic/referrals/",
    }
    for name, path in pages.items():
        assert staff.goto(base + path).status == 200, path
        phone_shot(shot, staff, "programs-phone-therapist-" + name)
