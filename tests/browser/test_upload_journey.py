"""A runner drops three files (one malformed): two import, one clear error, and the dashboard
shows the spike the new run makes."""

import datetime as dt

from stridecare.core.io import read_activity
from stridecare.training.imports import refresh_load
from stridecare.training.models import Activity
from tests.browser.conftest import log_in
from tests.conftest import ACTIVITIES, PASSWORD

DATA = ACTIVITIES


def test_runner_uploads_three_files_and_sees_the_spike(live_server, live_world, new_page, shot, tmp_path):
    spike_file = DATA / "sports-lib__6914538454.fit"  # 4.33 km (MANIFEST)
    start = read_activity(spike_file).start_utc
    # The 40 days before it: 2 km every other day, so 4.33 km is > 100% over the 30-day longest run (large spike).
    for day in range(2, 42, 2):
        when = start - dt.timedelta(days=day)
        Activity.objects.create(
            runner=live_world.runner,
            sport="running",
            start_utc=when,
            distance_m=2000,
            moving_time_s=660,
            elapsed_time_s=680,
            fingerprint=f"run:{when:%Y%m%dT%H%M}",
        )
    refresh_load(live_world.runner)
    broken = tmp_path / "broken-run.fit"
    broken.write_bytes(b"\x0e\x10 definitely not a FIT file " * 20)

    page = new_page()
    log_in(page, live_server.url, "sam@runner.test", PASSWORD)
    page.goto(f"{live_server.url}/runs/upload/")
    page.set_input_files("#files", [str(spike_file), str(DATA / "sports-lib__2067489619.fit"), str(broken)])
    rows = page.locator("#upload-list > li")
    page.wait_for_function(
        "() => document.querySelectorAll('#upload-list > li > .job-done, #upload-list > li > .job-failed').length === 3",
        timeout=30000,
    )
    results = {rows.nth(i).locator(".name").inner_text(): rows.nth(i).locator(".job") for i in range(3)}
    shot(page, "11-runner-upload-three-files")
    for name in ("sports-lib__6914538454.fit", "sports-lib__2067489619.fit"):
        done = results[name]
        assert "job-done" in done.get_attribute("class") and "Imported" in done.inner_text()
        run = Activity.objects.get(runner=live_world.runner, source__original_name=name)
        assert done.locator(f'a[href="/runs/{run.pk}/"]').count() == 1  # links to its run
    failed = results["broken-run.fit"]
    assert (
        "job-failed" in failed.get_attribute("class") and failed.locator("progress").count() == 0
    )  # red, no full blue bar
    assert "Not imported" in failed.inner_text() and "broken-run.fit:" in failed.locator(".job-reason").inner_text()
    # A failure on the file itself offers no "Try again" (it would fail the same way).
    assert failed.get_by_role("button", name="Try again").count() == 0
    assert Activity.objects.filter(runner=live_world.runner).count() == 20 + 2

    page.goto(f"{live_server.url}/training/")
    spike = page.locator('#spike-history [data-code="LF-01"]').first
    assert "Frandsen" in spike.inner_text()
    shot(page, "12-runner-dashboard-spike")
