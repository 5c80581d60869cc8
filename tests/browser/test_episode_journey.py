"""A therapist opens an episode of care from the runner's record, discharges it, writes and edits
the discharge summary, makes it final and downloads its PDF; the runner then downloads the same
summary from their visits page (issue 18 point 6). The PDFs are drawn to PNG for a person to look at."""

import datetime as dt
import shutil
import subprocess

import pytest
from django.utils import timezone

from stridecare.care import notes
from stridecare.outcomes.models import OutcomeResponse
from tests.browser.conftest import ARTIFACTS, log_in
from tests.conftest import PASSWORD

WIDE = {"width": 1280, "height": 900}


def add_records(world, opened: dt.date) -> None:
    """A signed follow-up with one treatment and two LEFS scores inside the episode."""
    note = notes.create_note(runner=world.runner, author=world.therapist, kind="follow_up", content={})
    notes.add_treatment(
        note.pk, author=world.therapist, technique="kinesiology_taping", body_area="knee", side="L", minutes=10
    )
    notes.sign_note(note.pk, signer=world.therapist)
    for day, score in ((opened, 38), (timezone.localdate(), 61)):
        OutcomeResponse.objects.create(
            runner=world.runner,
            measure="lefs",
            items=[],
            completed_on=day,
            score=score,
            complete=True,
            interpretation="",
        )


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def to_png(pdf_path, name: str) -> None:
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf_path), str(ARTIFACTS / name)], check=True)


@pytest.mark.parametrize("viewport", [None, WIDE], ids=["375", "1280"])
def test_an_episode_is_discharged_and_its_letter_renders(live_server, live_world, new_page, shot, tmp_path, viewport):
    world = live_world
    world.clinic.phone = "020 7946 0000"
    world.clinic.save()
    width = "1280" if viewport else "375"
    opened = timezone.localdate() - dt.timedelta(days=28)
    add_records(world, opened)
    page = new_page(viewport) if viewport else new_page()
    log_in(page, live_server.url, "priya@riverside.test", PASSWORD)
    page.goto(f"{live_server.url}/clinic/runners/{world.runner.pk}/")
    if not page.locator("#episodes").evaluate("d => d.open"):
        page.locator("#episodes > summary").click()  # folded on a phone while no episode is open
    page.locator("#episode-new").click()
    page.get_by_label("Opened on").fill(opened.isoformat())
    page.get_by_label("Working diagnosis").fill("Patellofemoral pain, right knee.")
    page.get_by_label("Goals, one per line").fill("Run 10 km without pain\nStairs without pain")
    page.get_by_role("button", name="Open episode").click()
    page.wait_for_url("**/clinic/episodes/*/")
    assert "LEFS 61" in page.locator("#episode-window").inner_text()
    assert fits(page), f"episode page wider than {width} px"
    shot(page, f"episode-open-{width}")

    page.get_by_label("Goals met").check()
    page.get_by_label("Note (needed for 'Other')").fill("Back to parkrun.")
    page.get_by_role("button", name="Discharge", exact=True).click()
    page.wait_for_selector("#episode-status:has-text('Discharged: Goals met')")
    page.locator("#write-discharge").click()
    page.wait_for_url("**/clinic/letters/*/")
    text = page.get_by_label("Letter text")
    assert "Lower Extremity Functional Scale: 38" in text.input_value()
    text.fill(text.input_value() + "\n\nSam ran 10 km last Sunday without pain.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Letter saved.")
    assert fits(page), f"letter editor wider than {width} px"
    shot(page, f"letter-draft-{width}")
    page.get_by_label("I have read the letter; once final it cannot be changed.").check()
    page.get_by_role("button", name="Make final").click()
    page.wait_for_selector("#final")
    assert "without pain." in page.locator("#letter-text").inner_text()
    shot(page, f"letter-final-{width}")
    with page.expect_download() as info:
        page.locator("#letter-pdf").click()
    pdf = tmp_path / f"discharge-{width}.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")
    to_png(pdf, f"discharge-summary-{width}")

    runner = new_page(viewport) if viewport else new_page()
    log_in(runner, live_server.url, "sam@runner.test", PASSWORD)
    runner.goto(f"{live_server.url}/my/visits/")
    runner.locator("#my-letters").click()
    runner.wait_for_url("**/my/letters/")
    assert fits(runner), f"runner's letters wider than {width} px"
    shot(runner, f"my-letters-{width}")
    with runner.expect_download() as info:
        runner.get_by_role("link", name="(PDF)").first.click()
    mine = tmp_path / f"mine-{width}.pdf"
    info.value.save_as(mine)
    assert mine.read_bytes() == pdf.read_bytes() or mine.read_bytes().startswith(b"%PDF-")
