"""The runner's record for the therapist: one page with contact, screenings, alerts, programs,
outcomes, load, gait, notes, visits and requests, reached from the runner list, inbox and caseload."""

from __future__ import annotations

import datetime as dt
import html

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.inbox.test_caseload import crisis, login, screening, spike


def record(world, user=None) -> str:
    response = login(user or world.therapist).get(reverse("accounts:runner_detail", args=[world.runner.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_record_gives_contact_details_with_a_phone_to_tap(world):
    world.runner.phone = "+44 7700 900123"
    world.runner.save()
    page = record(world)
    assert 'href="tel:+447700900123"' in page and 'href="mailto:sam@runner.test"' in page
    assert "Therapist: Priya Shah" in page


def test_screenings_show_plain_flag_names_rule_ids_readable_answers_and_a_clear_button(world):
    saved = screening(world.runner, "15_rf01_groin_night_pain.json")
    page = record(world)
    card = page[page.index(f'id="screening-{saved.pk}"') :]
    card = card[: card.index("</article>")]
    assert "Same day" in card and "same_day" not in card
    assert "Suspected femoral neck bone stress injury" in card and "RF-01" in card
    assert "Does the pain wake you, and stay even when you change position?" in card  # the question, not night_pain
    assert "night_pain" not in card and "Night pain" not in card
    assert "Review and clear" in card and reverse("screening:clear", args=[saved.pk]) in card


def test_every_section_is_there_with_its_content(world):
    from stridecare.care.models import ClinicalNote
    from stridecare.outcomes.models import OutcomeResponse
    from stridecare.programs import actions

    actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    for day, score in ((20, 2), (5, 6)):
        OutcomeResponse.objects.create(
            runner=world.runner,
            measure="nprs",
            items=[score],
            score=score,
            complete=True,
            completed_on=timezone.localdate() - dt.timedelta(days=day),
            interpretation="",
        )
    spike(world.runner, timezone.localdate() - dt.timedelta(days=2))
    ClinicalNote.objects.create(
        runner=world.runner, clinic=world.clinic, author=world.therapist, kind="follow_up", content={}
    )
    alert = crisis(world.runner, "Sam pressed help")
    page = record(world)
    for section in ("alerts", "screenings", "programs", "outcomes", "load", "gait", "notes", "visits", "requests"):
        assert f'id="{section}"' in page, section
    assert "Patellofemoral" in page and "Numeric Pain Rating Scale" in page and "worsened" in page
    assert "Sam's pain (NPRS) went from 2 on" in page  # needs attention, in the third person
    assert "Sam's 23.0 km run on" in page and "Your 23.0 km" not in page
    assert "Follow-up (SOAP)" in page and "draft" in page
    assert f'action="{reverse("inbox:acknowledge", args=[alert.pk])}"' in page
    assert 'id="record-urgent"' in page and "Record the follow-up" in page


def test_the_record_is_reached_from_the_runner_list_inbox_and_caseload(world):
    crisis(world.runner, "Sam pressed help")
    url = reverse("accounts:runner_detail", args=[world.runner.pk])
    client = login(world.therapist)
    for page in (
        reverse("accounts:runners"),
        reverse("inbox:inbox"),
        reverse("home"),
        reverse("training:needs_attention"),
    ):
        assert f'href="{url}' in client.get(page).content.decode(), page
    runners = client.get(reverse("accounts:runners")).content.decode()
    assert f'href="{url}#record-urgent"><span class="badge red">1</span>' in runners


def test_another_clinic_gets_404_and_sees_nothing_of_the_runner(world):
    screening(world.runner, "15_rf01_groin_night_pain.json")
    url = reverse("accounts:runner_detail", args=[world.runner.pk])
    for user in (world.other_therapist, world.other_admin, world.other_runner, world.admin, world.clinic_mate):
        assert login(user).get(url).status_code == 404, user.email
    assert Client().get(url).status_code == 302


def test_a_runner_without_records_gets_plain_empty_states(world):
    page = record(world)
    for text in (
        "No open alerts.",
        "No screenings yet.",
        "No programs yet.",
        "No questionnaires answered yet.",
        "No runs imported yet.",
        "No gait analyses yet.",
        "No notes yet.",
        "No visits.",
        "No requests.",
        "No phone number on file",
    ):
        assert text in page, text
