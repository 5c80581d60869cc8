"""Every page each role can open, loaded in Chromium under the Content-Security-Policy: not one
CSP violation (an inline script, style or handler left behind would be refused and reported), and
the behaviour moved out of inline scripts still works."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from stridecare.booking import actions
from stridecare.training.demo import generate_history
from stridecare.training.imports import refresh_load, save_activities
from stridecare.training.models import Activity
from tests.accounts.test_access_rules import all_views, app_access_values, make_runner_records, url_for
from tests.booking.helpers import make_request
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

WATCH_JS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + (e.sourceFile || location.pathname) + ":" + e.lineNumber);
});
"""


def _values(world) -> dict:
    req = make_request(world.clinic, world.runner, reason="Knee pain on stairs")
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    visit = actions.confirm_request(req.pk, therapist=world.therapist, start=start, minutes=45, actor=None)
    save_activities(world.runner, generate_history("csp", timezone.localdate(), spike=True), None)
    refresh_load(world.runner)
    _, stored, shoe = make_runner_records(world.runner)
    activity = Activity.objects.filter(runner=world.runner).filter(samples_row__isnull=False).first()
    values = {
        "activity_id": activity.pk,
        "file_id": stored.pk,
        "shoe_id": shoe.pk,
        "runner_id": world.runner.pk,
        "request_id": req.pk,
        "visit_id": visit.pk,
        "slug": "riverside",
        "status_token": req.status_token,
        "action": "accept",
        "uidb64": "MQ",
        "token": "set-token",
        "job_id": 0,
        "staff_id": world.therapist.pk,
    }
    values.update(app_access_values(world))
    return values


def _watched(new_page, viewport=None):
    page = new_page(viewport) if viewport else new_page()
    page.add_init_script(WATCH_JS)
    console = []
    page.on(
        "console",
        lambda m: console.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
    )
    return page, console


def test_no_page_breaks_the_content_security_policy(live_server, live_world, new_page, shot):
    world = live_world
    values = _values(world)
    people = {"anonymous": None, "runner": world.runner, "therapist": world.therapist, "clinic_admin": world.admin}
    violations, visited = [], 0
    for role, user in people.items():
        page, console = _watched(new_page)
        if user:
            log_in(page, live_server.url, user.email, PASSWORD)
        for name, pattern in all_views():
            access = pattern.callback.access
            allowed = access == "public" or (
                user is not None
                and role
                in access.split(":")[1].split(",")
                + (["runner", "therapist", "clinic_admin"] if access == "roles:member" else [])
            )
            if not allowed or name == "logout":
                continue
            url = url_for(name, pattern, values, {})
            probe = page.request.get(live_server.url + url, max_redirects=0)
            if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
                continue
            assert "script-src 'self'" in probe.headers["content-security-policy"], url
            page.goto(live_server.url + url)
            page.wait_for_load_state("load")
            visited += 1
            found = page.evaluate("() => window.__csp") + console
            console.clear()
            if found:
                violations.append(f"{role} {url}: {found}")
                shot(page, f"csp-{role}-{name.replace(':', '-')}")
    assert visited >= 40
    assert violations == []


def test_the_watch_catches_a_violation(live_server, live_world, new_page):
    """The negative control: an inline style put in by a script is refused and reported."""
    page, console = _watched(new_page)
    page.goto(live_server.url + "/login/")
    page.evaluate("() => { document.body.insertAdjacentHTML('beforeend', '<p id=x style=\"color:red\">x</p>'); }")
    page.wait_for_function("() => window.__csp.length > 0")
    assert "style-src" in page.evaluate("() => window.__csp")[0]


def test_moved_scripts_still_work(live_server, live_world, new_page, shot):
    world = live_world
    page, console = _watched(new_page)
    # The error summary takes the focus (was an inline script in _error_summary.html).
    page.goto(live_server.url + "/login/")
    page.get_by_label("Email").fill(world.runner.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector(".error-summary")
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    # The appointment form's "Use my location" button (was onclick=) answers.
    world.clinic.mobile_radius_km = 10
    world.clinic.save()
    page.goto(live_server.url + "/c/riverside/request/")
    page.locator("#use-location").click()
    page.wait_for_function("() => document.getElementById('location-status').textContent.length > 0")
    shot(page, "csp-request-form-location")
    # The evaluation form folds its sections on a phone (was an inline script).
    phone, phone_console = _watched(new_page)
    log_in(phone, live_server.url, world.therapist.email, PASSWORD)
    phone.goto(f"{live_server.url}/clinic/runners/{world.runner.pk}/notes/evaluation/?region=anterior_knee")
    assert phone.locator("#evaluation-form details.fold").count() > 0
    assert phone.evaluate("() => [...document.querySelectorAll('#evaluation-form details.fold')].every(d => !d.open)")
    shot(phone, "csp-evaluation-phone")
    wide, _ = _watched(new_page, {"width": 1280, "height": 900})
    log_in(wide, live_server.url, world.therapist.email, PASSWORD)
    wide.goto(f"{live_server.url}/clinic/runners/{world.runner.pk}/notes/evaluation/?region=anterior_knee")
    columns = wide.evaluate("() => getComputedStyle(document.querySelector('.eval-layout')).gridTemplateColumns")
    assert len(columns.split()) == 2, columns  # the side panel beside the form (was a <style> block)
    shot(wide, "csp-evaluation-wide")
    for p in (page, phone, wide):
        assert p.evaluate("() => window.__csp") == []
    assert console == [] and phone_console == []
