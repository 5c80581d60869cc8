"""A runner with six weeks of runs sets a half-marathon goal, sees the plan, imports today's run and
sees it ticked; the home page shows this week of the plan. Screenshots at 375 and 1280 px."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from stridecare.planning.models import PlanRunRow
from stridecare.training.imports import refresh_load
from stridecare.training.models import Activity
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.core.plan.gpxrun import gpx_run

WIDE = {"width": 1280, "height": 900}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def test_runner_sets_a_goal_sees_the_plan_and_an_import_ticks_a_run(live_server, live_world, new_page, shot, tmp_path):
    runner = live_world.runner
    runner.timezone = "Europe/London"
    runner.save()
    now = dt.datetime.now(ZoneInfo("Europe/London"))
    today = now.date()
    monday = today - dt.timedelta(days=today.weekday())
    for w in range(6, 0, -1):  # Tuesday 5 km, Thursday 6 km, Sunday 9 km
        for offset, m in ((1, 5000), (3, 6000), (6, 9000)):
            day = monday - dt.timedelta(days=7 * w - offset)
            start = dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC)
            Activity.objects.create(
                runner=runner,
                sport="running",
                start_utc=start,
                distance_m=m,
                moving_time_s=m / 2.8,
                elapsed_time_s=m / 2.8,
                fingerprint=f"run:{start:%Y%m%dT%H%M}",
            )
    refresh_load(runner)

    page = new_page()
    log_in(page, live_server.url, "sam@runner.test", PASSWORD)
    page.get_by_role("link", name="Set a running goal").click()
    page.get_by_label("Goal distance").select_option("21097.5")
    page.get_by_label("Race date").fill((today + dt.timedelta(weeks=16)).isoformat())
    page.get_by_label("Running days a week").select_option("4")
    page.get_by_label("Long-run day").select_option(str(today.weekday()))  # so today has a planned run
    shot(page, "plan-01-goal-375")
    page.get_by_role("button", name="Make my plan").click()
    page.wait_for_url(f"{live_server.url}/plan/")
    assert "weeks to your 21.1 km race" in page.locator("#plan-message").inner_text()
    todays = page.locator(f"#run-{today.isoformat()}")
    assert "Long run" in todays.inner_text() and "today" in todays.inner_text()
    assert "a tenth more than your longest run" in todays.inner_text()
    shot(page, "plan-02-plan-375")

    planned = PlanRunRow.objects.get(week__plan__runner=runner, on=today)
    started = max(now - dt.timedelta(hours=1), dt.datetime.combine(today, dt.time(0, 5), tzinfo=now.tzinfo))
    gpx = tmp_path / "todays-run.gpx"
    gpx.write_bytes(gpx_run(started.astimezone(dt.UTC), planned.distance_m))
    page.goto(f"{live_server.url}/runs/upload/")
    page.set_input_files("#files", [str(gpx)])
    page.wait_for_function(
        "() => document.querySelectorAll('#upload-list > li > .job-done').length === 1", timeout=30000
    )

    page.goto(f"{live_server.url}/plan/")
    todays = page.locator(f"#run-{today.isoformat()}")
    assert "done" in todays.locator(".badge").inner_text()
    shot(page, "plan-03-ticked-375")

    wide = new_page(WIDE)
    log_in(wide, live_server.url, "sam@runner.test", PASSWORD)
    card = wide.locator("#card-plan")
    assert "Your plan this week" in card.inner_text() and "done" in card.inner_text()
    shot(wide, "plan-04-home-1280")
    wide.goto(f"{live_server.url}/plan/")
    shot(wide, "plan-05-plan-1280")

    staff = new_page(WIDE)
    log_in(staff, live_server.url, "priya@riverside.test", PASSWORD)
    staff.goto(f"{live_server.url}/clinic/runners/{runner.pk}/plan/")
    assert "Source: REFERENCE.md 5.3" in staff.locator(f"#run-{today.isoformat()}").inner_text()
    shot(staff, "plan-06-therapist-1280")
    staff.locator(".plan-week").nth(1).get_by_role("link", name="Edit or lock").click()
    staff.get_by_label("Lock this week").check()
    staff.get_by_role("button", name="Save").click()
    staff.wait_for_url(f"{live_server.url}/clinic/runners/{runner.pk}/plan/")
    assert "set by Priya Shah" in staff.locator(".plan-week").nth(1).inner_text()
