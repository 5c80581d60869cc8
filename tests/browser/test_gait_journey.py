"""A runner films a run, checks the advice, uploads the shared running clip and sees the report:
the overlay video plays in the page and the metrics are listed."""

from __future__ import annotations

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.gaitlab.conftest import RUNNING_CLIP


def test_runner_uploads_a_running_video_and_sees_the_report(live_server, live_world, new_page, shot, tmp_path):
    from stridecare.gaitlab.models import GaitAnalysis

    page = new_page()
    log_in(page, live_server.url, "sam@runner.test", PASSWORD)
    page.goto(f"{live_server.url}/gait/new/")
    assert page.locator("#capture-advice").get_by_text("lens at hip or knee height", exact=False).is_visible()
    shot(page, "gait-01-upload-advice")

    # Checked in the browser before anything is sent: a text file, then a video over the limit.
    notes = tmp_path / "notes.txt"
    notes.write_text("not a video")
    page.set_input_files("#id_video", str(notes))
    assert page.locator("#gait-error").inner_text().startswith("notes.txt: not a video we can read")
    page.evaluate("document.getElementById('id_video').dataset.maxBytes = '1000'")
    page.set_input_files("#id_video", str(RUNNING_CLIP))
    assert "MB is more than the" in page.locator("#gait-error").inner_text()
    page.get_by_role("button", name="Upload and analyse").click()
    assert GaitAnalysis.objects.count() == 0
    shot(page, "gait-02-refused-in-browser")

    page.evaluate("document.getElementById('id_video').dataset.maxBytes = String(200 * 1024 * 1024)")
    page.set_input_files("#id_video", [])
    page.set_input_files("#id_video", str(RUNNING_CLIP))
    assert page.locator("#gait-error").is_hidden(), page.locator("#gait-error").inner_text()
    page.get_by_label("Runner's height (cm)").fill("175")
    page.get_by_label("Label").fill("before retraining")
    page.get_by_role("button", name="Upload and analyse").click()
    page.wait_for_url(lambda url: "/gait/new/" not in url, timeout=60000)
    page.wait_for_selector("#overlay video", timeout=60000)

    item = GaitAnalysis.objects.get()
    assert item.status == "done" and item.runner == live_world.runner
    video = page.locator("#overlay video")
    assert video.get_attribute("playsinline") is not None and video.get_attribute("controls") is not None
    # The browser decodes the overlay MP4 served through the access-checked view.
    page.wait_for_function("() => document.querySelector('#overlay video').readyState >= 1", timeout=20000)
    assert page.evaluate("document.querySelector('#overlay video').duration") > 1.0
    # The runner reads the summary and what to work on first; the measurements are folded away.
    assert page.locator("#summary").is_visible() and page.locator("#work-on").is_visible()
    assert page.locator("#metric-list").is_hidden()
    page.locator("#details > summary").click()
    assert page.locator("#metric-list").is_visible()
    assert page.locator("#metric-list .metric").count() >= 8
    assert page.locator('#metric-list .metric[data-confidence="low"]').count() >= 1
    assert page.locator("#strides").inner_text() == str(item.report["quality"]["strides_analysed"])
    assert page.locator("#key-frames img").count() == 6
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shot(page, "gait-03-report")

    # The watch's running dynamics: three runs leaning on the right foot make a finding.
    from tests.gaitlab.test_dynamics import run

    for day, balance in enumerate((48.0, 48.2, 47.6)):
        run(live_world.runner, day, balance, gct=240.0 + day)
    page.goto(f"{live_server.url}/gait/watch/")
    assert page.locator("#balance-finding").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    shot(page, "gait-04-running-dynamics")
