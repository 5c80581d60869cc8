"""Clearing a red flag in two clicks from where the therapist meets it (2.3 rule 4): the alert in the
inbox, the caseload, the runner's record. Click 1 opens the form folded into the page, click 2 posts it."""

from __future__ import annotations

import html
import importlib
import re

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from stridecare.inbox.models import Alert
from stridecare.screening.models import ScreeningSession

from .test_caseload import login, screening


def clear_action_in(page: str, marker: str) -> str:
    """The clear form's target inside the element carrying ``marker`` (what the therapist clicks)."""
    start = page.index(marker)
    end = page.index("</article>", start)
    match = re.search(r'<form method="post" action="(/clinic/screenings/\d+/clear/)">', page[start:end])
    assert match, f"no clearance form in {marker}"
    return match.group(1)


def test_a_screening_alert_links_its_screening(world):
    saved = screening(world.runner, "15_rf01_groin_night_pain.json")
    alert = Alert.objects.get(kind="screening", runner=world.runner)
    assert alert.screening == saved and "screening " + str(saved.pk) not in alert.body


def test_clearing_from_the_inbox_alert_is_one_post_with_the_note(world):
    saved = screening(world.runner, "15_rf01_groin_night_pain.json")
    alert = Alert.objects.get(kind="screening", runner=world.runner)
    client = login(world.therapist)
    inbox = client.get(reverse("inbox:inbox")).content.decode()
    action = clear_action_in(inbox, f'id="alert-{alert.pk}"')
    assert action == reverse("screening:clear", args=[saved.pk]) and "Review and clear" in inbox
    assert "Suspected femoral neck bone stress injury" in inbox and "RF-01" in inbox
    response = client.post(action, {"note": "Examined: hop test pain-free, MRI clear.", "next": reverse("inbox:inbox")})
    assert response.status_code == 302 and response["Location"] == reverse("inbox:inbox")
    saved.refresh_from_db()
    alert.refresh_from_db()
    assert saved.cleared_by == world.therapist and "MRI clear" in saved.clearance_note
    assert alert.read_by == world.therapist  # cleared flags are no longer urgent in the inbox
    assert list(Alert.objects.filter(clinic=world.clinic).urgent().values_list("kind", "title")) == []
    page = client.get(reverse("inbox:inbox")).content.decode()
    assert 'id="inbox-urgent-count"' not in page
    assert "Flags cleared by Priya Shah" in client.get(reverse("inbox:inbox") + "?show=all").content.decode()


def test_clearing_from_the_caseload_returns_to_the_caseload(world):
    saved = screening(world.runner, "22_rf05_saddle_numbness.json")  # emergency
    client = login(world.therapist)
    action = clear_action_in(client.get("/").content.decode(), f'data-screening="{saved.pk}"')
    response = client.post(action, {"note": "Seen in A&E, cauda equina excluded.", "next": "/"})
    assert response["Location"] == "/"
    assert ScreeningSession.objects.get(pk=saved.pk).is_cleared
    assert "Nothing urgent." in client.get("/").content.decode()


def test_clearing_from_the_runner_record(world):
    saved = screening(world.runner, "08_tibial_bsi_low_risk.json")  # soon: on the record, not urgent
    client = login(world.therapist)
    record = reverse("accounts:runner_detail", args=[world.runner.pk])
    action = clear_action_in(client.get(record).content.decode(), f'id="screening-{saved.pk}"')
    assert (
        client.post(action, {"note": "No focal tenderness; walk-run from stage 1.", "next": record})["Location"]
        == record
    )
    page = html.unescape(client.get(record).content.decode())
    assert "Cleared by Priya Shah" in page and "walk-run from stage 1" in page


def test_an_empty_note_keeps_the_flags_and_says_why(world):
    saved = screening(world.runner, "15_rf01_groin_night_pain.json")
    response = login(world.therapist).post(reverse("screening:clear", args=[saved.pk]), {"note": " ", "next": "/"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not ScreeningSession.objects.get(pk=saved.pk).is_cleared


def test_another_clinic_cannot_clear_or_read_the_alert(world):
    saved = screening(world.runner, "15_rf01_groin_night_pain.json")
    alert = Alert.objects.get(kind="screening", runner=world.runner)
    other = login(world.other_therapist)
    assert other.post(reverse("screening:clear", args=[saved.pk]), {"note": "fine", "next": "/"}).status_code == 404
    assert other.post(reverse("inbox:mark_read", args=[alert.pk]), {"next": "/"}).status_code == 404
    assert other.post(reverse("inbox:acknowledge", args=[alert.pk]), {"response": "x"}).status_code == 404
    assert f'id="alert-{alert.pk}"' not in other.get(reverse("inbox:inbox")).content.decode()
    alert.refresh_from_db()
    assert not ScreeningSession.objects.get(pk=saved.pk).is_cleared and alert.read_at is None


def test_mark_read_from_the_caseload_returns_there(world):
    from stridecare.inbox.alerts import raise_alert

    flare = raise_alert(runner=world.runner, kind="flare_up", title="Flare-up: Wall sit")
    response = login(world.therapist).post(reverse("inbox:mark_read", args=[flare.pk]), {"next": "/"})
    flare.refresh_from_db()
    assert response["Location"] == "/" and flare.read_by == world.therapist


def test_alerts_raised_before_the_link_are_linked_by_the_migration(world):
    mine = ScreeningSession.objects.create(
        runner=world.runner, clinic=world.clinic, result={"red_flags": [{"id": "RF-02"}]}, urgency="soon"
    )
    theirs = ScreeningSession.objects.create(runner=world.other_runner, urgency="soon")
    old = Alert.objects.create(
        clinic=world.clinic,
        runner=world.runner,
        kind="screening",
        title="old",
        body=f"Fired rules: RF-02.\nOpen the runner's screening to review it and clear the flags (screening {mine.pk}).",
    )
    wrong = Alert.objects.create(
        clinic=world.clinic,
        runner=world.runner,
        kind="screening",
        title="wrong",
        body=f"... clear the flags (screening {theirs.pk}).",
    )
    migration = importlib.import_module("stridecare.inbox.migrations.0003_alert_screening")
    # the models as that migration saw them (ScreeningSession was still in care then)
    state = MigrationExecutor(connection).loader.project_state(("inbox", "0003_alert_screening"))
    migration.link_existing_screening_alerts(state.apps, None)
    old.refresh_from_db()
    wrong.refresh_from_db()
    assert old.screening == mine and wrong.screening is None


def test_an_anonymous_visitor_is_sent_to_log_in(world):
    saved = screening(world.runner, "15_rf01_groin_night_pain.json")
    response = Client().post(reverse("screening:clear", args=[saved.pk]), {"note": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
