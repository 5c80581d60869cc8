"""Charts on a 375 px phone: every label drawn at 12 px or more (measured as rendered: the font size
times the SVG's scale on screen), a tap on a bar or the line shows its value, nothing wider than
the screen; and the same pages at 1280 px."""

from django.utils import timezone

from stridecare.training.demo import generate_history
from stridecare.training.imports import refresh_load, save_activities
from stridecare.training.models import Activity
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD

OVERFLOW_JS = "() => document.documentElement.scrollWidth - window.innerWidth"
# Rendered size of each text drawn now: computed font size x the text's scale to the screen.
TEXT_SIZES_JS = """() => [...document.querySelectorAll('svg.chart text')]
  .filter(t => getComputedStyle(t).display !== 'none' && t.getBBox().width > 0)
  .map(t => ({text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
              height: t.getBoundingClientRect().height}))"""


def _check_charts(page, url, shot, name):
    page.goto(url)
    assert page.locator("svg.chart").count() >= 1, f"{url}: no chart"
    sizes = page.evaluate(TEXT_SIZES_JS)
    assert len(sizes) >= 10
    small = [s for s in sizes if s["px"] < 12 or s["height"] < 12]
    assert small == [], f"{url}: text under 12 px: {small[:5]}"
    assert page.evaluate(OVERFLOW_JS) <= 0, f"{url}: wider than the phone"
    shot(page, name)
    return sizes


def test_charts_are_readable_and_answer_a_tap_at_375px(live_server, live_world, new_page, shot):
    runner = live_world.runner
    save_activities(runner, generate_history("charts", timezone.localdate(), spike=True), None)
    refresh_load(runner)
    run = Activity.objects.filter(runner=runner).filter(samples_row__isnull=False).first()
    page = new_page()
    log_in(page, live_server.url, runner.email, PASSWORD)
    sizes = _check_charts(page, f"{live_server.url}/training/", shot, "charts-dashboard-375")
    texts = {s["text"] for s in sizes}
    assert {"km per week", "so far", "week starting Monday", "weeks before today"} <= texts

    bar = page.locator("svg.chart .pt").nth(5)
    readout = bar.locator(".readout")
    assert not readout.is_visible()
    bar.click()
    assert readout.is_visible() and readout.inner_html().startswith("Week of ")
    shot(page, "charts-dashboard-375-tapped")

    _check_charts(page, f"{live_server.url}/runs/{run.pk}/", shot, "charts-run-375")
    stretch = page.locator("svg.chart").first.locator(".pt").nth(10)
    stretch.click()
    assert "/km" in stretch.locator(".readout").inner_html()

    wide = new_page({"width": 1280, "height": 900})
    log_in(wide, live_server.url, runner.email, PASSWORD)
    sizes = _check_charts(wide, f"{live_server.url}/training/", shot, "charts-dashboard-1280")
    assert max(s["px"] for s in sizes) < 16  # not blown up on a wide screen either
