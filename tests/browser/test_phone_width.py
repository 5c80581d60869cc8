"""Phones first: at 375 px no page may scroll sideways, for any role."""

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

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"


def test_no_page_scrolls_sideways_at_375px(live_server, live_world, new_page, shot):
    world = live_world
    req = make_request(
        world.clinic,
        world.runner,
        reason="A long reason " * 40 + "withaverylongwordthatcouldbreakthelayoutifnotwrapped" * 3,
    )
    start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    visit = actions.confirm_request(req.pk, therapist=world.therapist, start=start, minutes=45, actor=None)
    open_req = make_request(world.clinic, None, name="Open Request")
    save_activities(world.runner, generate_history("phone", timezone.localdate(), spike=True), None)
    refresh_load(world.runner)
    _, stored, shoe = make_runner_records(world.runner)
    activity = Activity.objects.filter(runner=world.runner).filter(samples_row__isnull=False).first()
    values = {
        "activity_id": activity.pk,
        "file_id": stored.pk,
        "shoe_id": shoe.pk,
        "runner_id": world.runner.pk,
        "request_id": open_req.pk,
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
    people = {"anonymous": None, "runner": world.runner, "therapist": world.therapist, "clinic_admin": world.admin}
    problems, visited = [], 0
    for role, user in people.items():
        page = new_page()
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
                continue  # POST-only actions, redirects and downloads have no page to lay out
            page.goto(live_server.url + url)
            visited += 1
            if name in {"training:dashboard", "training:activity", "training:staff_dashboard", "home"}:
                shot(page, f"phone-{role}-{name.replace(':', '-')}")
            overflow = page.evaluate(OVERFLOW_JS)
            if overflow > 0:
                problems.append(f"{role} {url}: {overflow}px too wide")
                shot(page, f"overflow-{role}-{name.replace(':', '-')}")
    assert visited >= 20
    assert problems == []
