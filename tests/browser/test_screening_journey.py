"""Self-screening journeys: urgent groin night pain; ITB syndrome that books a visit, and the
therapist reads the answers on the request."""

import json
import pathlib

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"


def answer_steps(page, answers, body_spot, shot=None, prefix=""):
    page.locator(f'.spot[data-region="{body_spot}"]').click()
    if shot:
        shot(page, f"{prefix}-body-map")
    for _ in range(40):
        if page.locator("#urgency").count():
            return
        for field in page.locator("#screening-form [name]").all():
            name, kind = field.get_attribute("name"), field.get_attribute("type")
            value = answers.get(name)
            if value is None or name in ("csrfmiddlewaretoken", "finish", "body_map"):
                continue
            if kind == "radio":
                wanted = {True: "yes", False: "no"}.get(value, str(value))
                if field.get_attribute("value") == wanted:
                    field.check()
            elif kind == "checkbox":
                if field.get_attribute("value") in value:
                    field.check()
            elif field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(str(value))
            else:
                field.fill(str(value))
        page.locator("#next").click()
        page.wait_for_load_state()
    raise AssertionError("the questionnaire did not end")


def test_groin_night_pain_after_more_mileage_gets_the_urgent_result(live_server, live_world, new_page, shot):
    page = new_page()
    log_in(page, live_server.url, "sam@runner.test", PASSWORD)
    page.get_by_role("link", name="Should I see someone?").click()
    answers = {
        "side": "right",
        "age": 34,
        "sex": "female",
        "pain_now": 4,
        "onset": "gradual",
        "duration_days": 14,
        "trend": "worse",
        "trauma": False,
        "weight_bearing_ok": True,
        "pain_walking": 3,
        "limp": True,
        "pain_stage": "walking",
        "night_pain_any": True,
        "night_pain": True,
        "pain_activity_related": True,
        "training_changes": ["more_distance"],
        "hop_pain": "cannot",
    }
    answer_steps(page, answers, "front_right_groin", shot, "21-groin")
    urgency = page.locator("#urgency")
    assert urgency.get_attribute("data-urgency") in {"emergency", "same_day"}
    assert page.locator('#red-flags [data-rule="RF-01"]').count() == 1
    shot(page, "22-groin-urgent-result")


def test_itb_pain_books_a_visit_and_the_therapist_sees_the_answers(live_server, live_world, new_page, shot):
    answers = json.loads((VIGNETTES / "03_itbs.json").read_text())
    page = new_page()
    log_in(page, live_server.url, "sam@runner.test", PASSWORD)
    page.goto(f"{live_server.url}/screening/start/")
    answer_steps(page, answers, "front_left_lateral_knee")
    shot(page, "23-itbs-result")
    listed = page.locator("#conditions [data-condition]")
    top3 = [listed.nth(i).get_attribute("data-condition") for i in range(min(3, listed.count()))]
    assert "itbs" in top3
    shot(page, "23-itbs-result")
    page.locator("#book-visit").click()
    page.locator("#screening-carried").wait_for()
    page.get_by_label("In the clinic").check()
    page.get_by_label("What is bothering you?").fill("Outer knee pain that starts at 6 km every run.")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(f"{live_server.url}/r/**")
    shot(page, "24-itbs-request-sent")

    therapist = new_page()
    log_in(therapist, live_server.url, "priya@riverside.test", PASSWORD)
    therapist.goto(f"{live_server.url}/clinic/requests/")
    therapist.get_by_role("link", name="Sam Rivera").first.click()
    section = therapist.locator("#screening-answers")
    assert "iliotibial" in section.inner_text().lower()
    assert "starts at set point" in section.inner_text().lower() or "set point" in section.inner_text().lower()
    shot(therapist, "25-therapist-sees-screening-answers")
