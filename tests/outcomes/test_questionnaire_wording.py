"""No questionnaire is shown with placeholder items or copied wording: a runner is asked a measure or
screener only with the clinic's official form loaded; otherwise the check-in uses Stridecare's own
plain questions (not a validated screener) and keeps the crisis path (REFERENCE.md 4.0, 8.1, 8.3)."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from stridecare.core.outcomes.measures import MEASURES, OWN_WORDING
from stridecare.core.outcomes.wellbeing import WELLBEING_QUESTIONS
from stridecare.inbox.models import Alert
from stridecare.outcomes.models import CheckIn, ClinicForm
from stridecare.outcomes.views import OUTCOME_MEASURES
from tests.programs.conftest import OWN_CALM, load_test_forms, official_form_raw

PLACEHOLDER = re.compile(r"\bitem \d", re.IGNORECASE)
FALLBACK = {"checkin": "1", **OWN_CALM, "note": "", "red_flags": ["none"]}


def runner_pages(client) -> dict[str, str]:
    urls = [reverse("programs:my_outcomes"), reverse("programs:wellbeing"), reverse("programs:today")]
    urls += [reverse("programs:measure", args=[m]) for m in OUTCOME_MEASURES]
    return {url: client.get(url).content.decode() for url in urls}


def test_no_measure_carries_a_placeholder_topic():
    assert not [m for m, spec in MEASURES.items() for topic in spec.item_topics if PLACEHOLDER.search(topic)]


@pytest.mark.parametrize("loaded", [False, True])
def test_no_runner_questionnaire_page_shows_placeholders_or_reference_codes(world, runner_client, loaded):
    if loaded:
        load_test_forms(world.clinic, *MEASURES)
    for url, body in runner_pages(runner_client).items():
        assert not PLACEHOLDER.search(body), url
        assert "REFERENCE.md" not in body and not re.search(r"\[(V|K|H)(:|\])", body), url


def test_without_forms_only_stridecares_own_ratings_are_offered(world, runner_client):
    body = runner_client.get(reverse("programs:my_outcomes")).content.decode()
    offered = {m for m in OUTCOME_MEASURES if reverse("programs:measure", args=[m]) in body}
    assert offered == OWN_WORDING
    page = runner_client.get(reverse("programs:measure", args=["lefs"])).content.decode()
    assert 'id="not-loaded"' in page and 'name="item_1"' not in page
    load_test_forms(world.clinic, "lefs")
    assert (
        reverse("programs:measure", args=["lefs"])
        in runner_client.get(reverse("programs:my_outcomes")).content.decode()
    )


def test_a_form_file_without_wording_is_not_shown(world, runner_client):
    raw = official_form_raw("visa-p")
    raw["items"][3]["wording"] = ""
    ClinicForm.objects.create(clinic=world.clinic, measure="visa-p", raw=raw, filename="visa-p.json")
    assert 'id="not-loaded"' in runner_client.get(reverse("programs:measure", args=["visa-p"])).content.decode()


def test_answer_scales_show_the_words_the_form_gives_for_their_numbers(world, runner_client):
    load_test_forms(
        world.clinic, "lefs", anchors=[{"points": 0, "wording": "cannot do it"}, {"points": 4, "wording": "no trouble"}]
    )
    body = runner_client.get(reverse("programs:measure", args=["lefs"])).content.decode()
    assert '<option value="0">0: cannot do it</option>' in body and '<option value="4">4: no trouble</option>' in body
    assert '<option value="2">2</option>' in body  # the form gives no words for 2: the number alone, nothing made up
    assert "Test wording lefs question 1" in body and "Test instructions of the lefs form." in body
    assert "Source: Binkley et al. 1999." in body


def test_a_form_file_with_anchors_outside_the_scale_is_refused(world):
    admin = Client()
    admin.force_login(world.admin)
    raw = official_form_raw("lefs", anchors=[{"points": 7, "wording": "far too high"}])
    upload = SimpleUploadedFile("lefs.json", json.dumps(raw).encode(), content_type="application/json")
    body = admin.post(reverse("programs:clinic_forms"), {"file": upload}).content.decode()
    assert "lefs.json: anchor 1: 7 is outside the answer range 0-4" in body and not ClinicForm.objects.exists()


def test_the_check_in_without_screener_forms_asks_stridecares_own_questions(world, runner_client):
    body = runner_client.get(reverse("programs:wellbeing")).content.decode()
    assert (
        'name="phq_1"' not in body and 'name="gad_1"' not in body and "PHQ-2" not in body.split('id="no-screener"')[0]
    )
    assert "not a validated screener" in body
    for question in WELLBEING_QUESTIONS:
        assert question.question in body
    assert 'href="tel:999"' in body.split('id="checkin-help"')[1].split("</p>")[0]  # the crisis numbers sit in the form
    response = runner_client.post(reverse("programs:wellbeing"), FALLBACK)
    assert response.status_code == 302 and response["Location"] == reverse("programs:wellbeing")
    checkin = CheckIn.objects.get()
    assert (checkin.energy, checkin.soreness, checkin.phq2_score, checkin.follow_ups) == (4, 4, None, [])


def test_every_own_scale_label_agrees_with_its_number(world, runner_client):
    body = runner_client.get(reverse("programs:wellbeing")).content.decode()
    stress = next(q for q in WELLBEING_QUESTIONS if q.key == "stress")
    assert stress.choices()[0] == (1, "1: Very stressed") and stress.choices()[-1] == (5, "5: Not stressed at all")
    for question in WELLBEING_QUESTIONS:
        for number, label in question.choices():
            assert label.startswith(f"{number}: ") and f'value="{number}"' in body and label in body


def test_the_fallback_check_in_keeps_the_crisis_path(world, runner_client):
    response = runner_client.post(
        reverse("programs:wellbeing"), FALLBACK | {"note": "I keep thinking I would be better off dead"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="crisis-resources"' in body and 'href="tel:116123"' in body
    alert = Alert.objects.get(runner=world.runner, kind="self_harm")
    assert alert.severity == "red" and alert.clinic_id == world.clinic.pk


def test_with_the_screener_forms_loaded_the_check_in_asks_their_wording_and_anchors(
    world, runner_client, screener_forms
):
    body = runner_client.get(reverse("programs:wellbeing")).content.decode()
    assert (
        "Test wording phq-9 question 1" in body
        and "Test wording gad-7 question 2" in body
        and "0: test anchor 0" in body
    )
    assert 'id="no-screener"' not in body


def test_the_clinic_forms_page_tells_a_therapist_how_to_load_a_form_and_only_an_admin_loads(world):
    therapist = Client()
    therapist.force_login(world.therapist)
    body = therapist.get(reverse("programs:clinic_forms")).content.decode()
    assert "Load the official form, step by step" in body and body.count("<li><strong>") >= 4
    assert 'data-measure="lefs"' in body and "not loaded" in body and "JSON" in body
    upload = SimpleUploadedFile(
        "lefs.json", json.dumps(official_form_raw("lefs")).encode(), content_type="application/json"
    )
    assert therapist.post(reverse("programs:clinic_forms"), {"file": upload}).status_code == 404
    staff_page = therapist.get(reverse("programs:staff_outcomes", args=[world.runner.pk])).content.decode()
    assert 'id="forms-not-loaded"' in staff_page and "Load the official form" in staff_page


def test_another_clinics_form_is_not_used_and_its_staff_cannot_reach_this_runner(world, runner_client):
    load_test_forms(world.other_clinic, "lefs", "phq-9")
    assert 'id="not-loaded"' in runner_client.get(reverse("programs:measure", args=["lefs"])).content.decode()
    assert 'name="phq_1"' not in runner_client.get(reverse("programs:wellbeing")).content.decode()
    outsider = Client()
    outsider.force_login(world.other_therapist)
    assert outsider.get(reverse("programs:staff_outcomes", args=[world.runner.pk])).status_code == 404
    assert "Riverside" not in outsider.get(reverse("programs:clinic_forms")).content.decode()
