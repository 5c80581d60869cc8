"""A runner sets a privacy zone around home, sees the route drawn without it, prepares a copy of
their data and downloads it (once)."""

import json
import zipfile

from stridecare.mydata.models import PrivacyZone
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.mydata.helpers import GPX, make_run


def test_runner_sets_a_privacy_zone_exports_and_downloads(live_server, live_world, new_page, shot, tmp_path):
    run = make_run(live_world.runner)
    for width, viewport in (("375", None), ("1280", {"width": 1280, "height": 900})):
        page = new_page(viewport) if viewport else new_page()
        log_in(page, live_server.url, "sam@runner.test", PASSWORD)
        page.goto(f"{live_server.url}/me/")
        page.locator("#my-data").click()
        page.wait_for_url("**/me/data/")
        if width == "375":
            page.get_by_label("Name").fill("Home")
            page.get_by_label("Latitude").fill("51.5072")
            page.get_by_label("Longitude").fill("-0.1276")
            page.get_by_label("Radius (metres)").fill("300")
            page.get_by_role("button", name="Add the zone").click()
            page.wait_for_url("**/me/data/")
            assert "routes near it are now hidden" in page.content()
        assert page.locator("#zones li").count() == 1
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        shot(page, f"60-mydata-zone-{width}")
        page.goto(f"{live_server.url}/runs/{run.pk}/")
        route = page.locator("svg.route")
        assert route.count() == 1 and route.locator("polyline").count() >= 1
        shot(page, f"61-mydata-route-hidden-{width}")
        page.goto(f"{live_server.url}/me/data/")
        page.locator("#export-start").click()
        page.wait_for_url("**/me/data/")
        link = page.locator("#export a[id^=download-]")
        link.first.wait_for()
        shot(page, f"62-mydata-export-ready-{width}")
        with page.expect_download() as info:
            link.first.click()
        path = tmp_path / f"export-{width}.zip"
        info.value.save_as(path)
        with zipfile.ZipFile(path) as zf:
            records = json.loads(zf.read("records.json"))["records"]
            assert [z["name"] for z in records["mydata.PrivacyZone"]] == ["Home"]
            assert zf.read(f"files/{run.source.file.name}") == GPX
            assert json.loads(zf.read(f"tracks/activity-{run.pk}.json"))["channels"]["lat_deg"][0] is None
        page.goto(f"{live_server.url}/me/data/")
        assert page.locator("#export a[id^=download-]").count() == 0  # used once
        assert "downloaded" in page.locator("#export").inner_text()
    assert PrivacyZone.objects.filter(runner=live_world.runner).count() == 1
