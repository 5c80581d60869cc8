"""A runner opens the report for a therapist from My data, downloads the PDF, switches sharing on;
a therapist of their clinic then reads the same report from the runner's record (issue 18 point 7)."""

import datetime as dt

from django.utils import timezone

from stridecare.training.models import Activity
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

WIDE = {"width": 1280, "height": 900}


def add_runs(runner) -> None:
    """Three runs in the last three weeks: 6, 8 and 10 km."""
    now = timezone.now()
    for days_ago, km in ((17, 6), (10, 8), (3, 10)):
        start = now - dt.timedelta(days=days_ago)
        Activity.objects.create(
            runner=runner,
            sport="running",
            start_utc=start,
            distance_m=km * 1000,
            moving_time_s=km * 330,
            elapsed_time_s=km * 340,
            fingerprint=f"run:{days_ago}",
        )


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_runner_downloads_the_report_and_shares_it_with_their_clinic(live_server, live_world, new_page, shot, tmp_path):
    add_runs(live_world.runner)
    for width, viewport in (("375", None), ("1280", WIDE)):
        page = new_page(viewport) if viewport else new_page()
        log_in(page, live_server.url, "sam@runner.test", PASSWORD)
        page.goto(f"{live_server.url}/me/data/")
        page.get_by_role("button", name="Report for a therapist").click()
        page.wait_for_url("**/me/report/")
        assert page.get_by_label("Last 8 weeks").is_checked()  # the default
        page.get_by_label("Last 4 weeks").check()
        with page.expect_download() as info:
            page.locator("#handoff-pdf").click()
        download = info.value
        assert download.suggested_filename.startswith("running-report-") and download.suggested_filename.endswith(
            ".pdf"
        )
        path = tmp_path / f"report-{width}.pdf"
        download.save_as(path)
        assert path.read_bytes().startswith(b"%PDF-")
        page.locator("#handoff-preview").click()
        page.wait_for_url("**/me/report/?weeks=4")
        assert page.locator("#report-span").inner_text().startswith("4 weeks, ")
        assert "24.0 km" in page.locator("#handoff-report").inner_text()  # 6 + 8 + 10 km
        if width == "375":
            page.locator("#share-on").click()
            page.wait_for_url("**/me/report/")
            assert "can now read this report" in page.content()
        assert page.locator("#share-off").is_visible()
        assert fits(page), f"the report page is wider than {width} px"
        shot(page, f"70-handoff-runner-{width}")
    for width, viewport in (("375", None), ("1280", WIDE)):
        page = new_page(viewport) if viewport else new_page()
        log_in(page, live_server.url, "priya@riverside.test", PASSWORD)
        page.goto(f"{live_server.url}/clinic/runners/{live_world.runner.pk}/")
        page.locator("#handoff-link").click()
        page.wait_for_url(f"**/clinic/runners/{live_world.runner.pk}/report/")
        assert "Running report: Sam Rivera" in page.locator("#handoff-report").inner_text()
        page.get_by_role("link", name="Last 4 weeks").click()
        page.wait_for_url("**/report/?weeks=4")
        assert "24.0 km" in page.locator("#handoff-report").inner_text()
        assert fits(page), f"the therapist's report page is wider than {width} px"
        shot(page, f"71-handoff-therapist-{width}")
