"""Outcome measures through the web: item-level storage, exact scoring by core, the AKPS form file,
the change rule on the chart page and the schedule on the Today page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from stridecare.core.outcomes.measures import AKPS_ITEM_MAXIMA
from stridecare.outcomes.models import ClinicForm, OutcomeResponse
from tests.programs.conftest import days_ago, load_test_forms


@pytest.fixture(autouse=True)
def official_forms(world):
    """The clinic loaded the official forms of every item questionnaire but the AKPS (test wording)."""
    load_test_forms(world.clinic, "lefs", "visa-a", "visa-p", "faam-adl", "faam-sports")


def items(n: int, value) -> dict:
    return {f"item_{i}": str(value) for i in range(1, n + 1)}


def test_lefs_through_the_form_stores_items_and_scores_exactly(world, runner_client):
    answers = items(20, 3) | {"item_20": "4"}
    response = runner_client.post(reverse("programs:measure", args=["lefs"]), answers)
    assert response.status_code == 302
    row = OutcomeResponse.objects.get(runner=world.runner, measure="lefs")
    assert row.items == [3] * 19 + [4] and row.score == 61 and row.complete  # 19 x 3 + 4 = 61 of 80


def test_lefs_with_a_missing_item_is_stored_as_incomplete_with_its_answers(world, runner_client):
    answers = items(20, 2) | {"item_7": ""}
    response = runner_client.post(reverse("programs:measure", args=["lefs"]), answers, follow=True)
    row = OutcomeResponse.objects.get(runner=world.runner, measure="lefs")
    # LEFS allows no missing item (4.0): no score, but the 19 answers are kept item by item
    assert not row.complete and row.score is None and row.interpretation.startswith("incomplete")
    assert row.items == [2] * 6 + [None] + [2] * 13 and row.missing_items == [7]
    body = response.content.decode()
    assert "saved as incomplete, without a score (unanswered: question 7)" in body
    assert '<span class="badge incomplete">incomplete</span>' in body and "some questions were left out" in body


def test_lefs_out_of_range_answer_is_still_refused_at_its_field(runner_client):
    answers = items(20, 2) | {"item_3": "5", "item_9": ""}  # LEFS items are 0-4 (4.1)
    body = runner_client.post(reverse("programs:measure", args=["lefs"]), answers).content.decode()
    assert 'id="id_item_3_error"' in body and 'id="id_item_9_error"' not in body
    assert not OutcomeResponse.objects.exists()


def test_chart_and_changes_skip_an_incomplete_answer(world, runner_client):
    OutcomeResponse.objects.create(
        runner=world.runner,
        measure="lefs",
        items=[2] * 20,
        completed_on=days_ago(28),
        score=40,
        complete=True,
        interpretation="",
    )
    runner_client.post(reverse("programs:measure", args=["lefs"]), items(20, 4) | {"item_1": "", "item_2": ""})
    OutcomeResponse.objects.filter(complete=False).update(completed_on=days_ago(14))
    OutcomeResponse.objects.create(
        runner=world.runner,
        measure="lefs",
        items=[2] * 20,
        completed_on=days_ago(0),
        score=49,
        complete=True,
        interpretation="",
    )
    body = runner_client.get(reverse("programs:my_outcomes")).content.decode()
    # the incomplete answer in between is listed but not compared: 40 -> 49 is +9 = MCID 9 and MDC 9 (4.1)
    assert '9 points, improved <span class="badge confirmed meaningful">' in body
    assert body.count("points, improved") == 1 and body.count('class="meaningful"') == 1
    assert (
        body.count('<span class="badge incomplete">incomplete</span>') == 1 and "some questions were left out" in body
    )


def test_an_incomplete_answer_leaves_the_measure_due_on_today(world, runner_client, pfp_program):
    runner_client.post(reverse("programs:measure", args=["lefs"]), items(20, 3) | {"item_20": ""})
    assert OutcomeResponse.objects.get(measure="lefs").complete is False
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert reverse("programs:measure", args=["lefs"]) in body


def test_visa_a_without_q8_is_incomplete_and_half_a_q8_is_refused(runner_client):
    url = reverse("programs:measure", args=["visa-a"])
    body = runner_client.post(url, items(6, 10) | {"item_7": "7", "q8_branch": "B"}).content.decode()
    assert (
        'id="id_q8_band_error"' in body
        and "answer both, or leave both blank" in body
        and not OutcomeResponse.objects.exists()
    )
    runner_client.post(url, items(6, 10) | {"item_7": "7"})
    row = OutcomeResponse.objects.get(measure="visa-a")
    assert (
        row.q8 is None
        and row.score is None
        and not row.complete
        and row.items == [10] * 6 + [7]
        and row.missing_items == [8]
    )


def test_faam_adl_allows_two_missing_items(world, runner_client):
    answers = items(21, 4) | {"item_3": "", "item_12": ""}
    runner_client.post(reverse("programs:measure", args=["faam-adl"]), answers)
    row = OutcomeResponse.objects.get(measure="faam-adl")
    # 19 answered x 4 = 76 of 76 -> 100%; the 2 N/A items are stored as null
    assert row.score == 100 and row.items[2] is None and row.items[11] is None and row.complete


def test_visa_a_adds_the_q8_branch_points(runner_client):
    answers = items(6, 10) | {"item_7": "7", "q8_branch": "B", "q8_band": "2"}
    runner_client.post(reverse("programs:measure", args=["visa-a"]), answers)
    row = OutcomeResponse.objects.get(measure="visa-a")
    assert row.score == 6 * 10 + 7 + 10 and row.q8 == {"branch": "B", "band": 2}  # Q8 B band 2 = 10 points (4.2)


def test_psfs_scores_the_mean_of_the_named_activities(runner_client):
    data = {
        "label_1": "running",
        "item_1": "4",
        "label_2": "stairs",
        "item_2": "7",
        "label_3": "squatting",
        "item_3": "6",
    }
    runner_client.post(reverse("programs:measure", args=["psfs"]), data)
    row = OutcomeResponse.objects.get(measure="psfs")
    assert row.score == (4 + 7 + 6) / 3 and row.labels == ["running", "stairs", "squatting"]


def akps_file(maxima=AKPS_ITEM_MAXIMA) -> dict:
    return {
        "measure": "akps",
        "version": "test",
        "items": [
            {
                "wording": f"Official item {i}",
                "max_points": m,
                "options": [{"wording": "worst", "points": 0}, {"wording": "best", "points": m}],
            }
            for i, m in enumerate(maxima, 1)
        ],
    }


def test_akps_needs_the_clinics_form_and_a_bad_file_is_refused_with_the_reason(world, runner_client):
    body = runner_client.get(reverse("programs:measure", args=["akps"])).content.decode()
    assert "has not loaded its official form" in body and 'name="item_1"' not in body  # no item without its wording
    admin = Client()
    admin.force_login(world.admin)
    wrong = akps_file((5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 10))  # item 13 maximum 10, not 5
    upload = SimpleUploadedFile("akps.json", json.dumps(wrong).encode(), content_type="application/json")
    body = admin.post(reverse("programs:clinic_forms"), {"file": upload}).content.decode()
    assert "akps.json: item 13: maximum 10 points, the reference (4.4) gives 5" in body
    assert not ClinicForm.objects.filter(measure="akps").exists()
    upload = SimpleUploadedFile("akps.json", json.dumps(akps_file()).encode(), content_type="application/json")
    assert admin.post(reverse("programs:clinic_forms"), {"file": upload}).status_code == 302
    body = runner_client.get(reverse("programs:measure", args=["akps"])).content.decode()
    assert "Official item 1" in body and "best" in body
    answers = {f"item_{i}": str(m) for i, m in enumerate(AKPS_ITEM_MAXIMA, 1)} | {"item_1": "0"}
    runner_client.post(reverse("programs:measure", args=["akps"]), answers)
    assert OutcomeResponse.objects.get(measure="akps").score == 95  # all best (100) except item 1 worst (-5)


def test_chart_marks_a_change_meaningful_only_at_mcid_and_mdc(world, runner_client):
    for day, score in ((days_ago(28), 40), (days_ago(14), 45), (days_ago(0), 54)):
        OutcomeResponse.objects.create(
            runner=world.runner,
            measure="lefs",
            items=[2] * 20,
            completed_on=day,
            score=score,
            complete=True,
            interpretation="",
        )
    body = runner_client.get(reverse("programs:my_outcomes")).content.decode()
    # LEFS MCID 9 and MDC 9 (4.1): +5 is not meaningful, +9 is
    assert '5 points, improved <span class="badge">not a clear change yet' in body
    assert '9 points, improved <span class="badge confirmed meaningful">' in body
    assert body.count('class="meaningful"') == 1  # one filled dot on the chart: the +9 change


def test_due_measures_appear_on_today(world, runner_client, pfp_program):
    body = runner_client.get(reverse("programs:today")).content.decode()
    # PFP at baseline (4.9): AKPS, LEFS and NPRS; the AKPS only once its official form is loaded
    assert all(reverse("programs:measure", args=[m]) in body for m in ("lefs", "nprs"))
    assert reverse("programs:measure", args=["akps"]) not in body
    load_test_forms(world.clinic, "akps")
    assert reverse("programs:measure", args=["akps"]) in runner_client.get(reverse("programs:today")).content.decode()
    OutcomeResponse.objects.create(
        runner=world.runner, measure="lefs", items=[2] * 20, score=40, complete=True, interpretation=""
    )
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert reverse("programs:measure", args=["lefs"]) not in body


def test_other_clinic_therapist_cannot_see_outcomes(world):
    outsider = Client()
    outsider.force_login(world.other_therapist)
    assert outsider.get(reverse("programs:staff_outcomes", args=[world.runner.pk])).status_code == 404


def test_psfs_activity_named_but_not_rated_is_stored_as_incomplete(runner_client):
    data = {
        "label_1": "running",
        "item_1": "4",
        "label_2": "stairs",
        "item_2": "7",
        "label_3": "squatting",
        "item_3": "6",
        "label_4": "hopping",
    }
    response = runner_client.post(reverse("programs:measure", args=["psfs"]), data, follow=True)
    row = OutcomeResponse.objects.get(measure="psfs")
    assert row.items == [4, 7, 6, None] and row.labels == ["running", "stairs", "squatting", "hopping"]
    assert row.score is None and not row.complete and "unanswered: hopping" in response.content.decode()


def test_psfs_rating_without_an_activity_name_is_refused(runner_client):
    data = {
        "label_1": "running",
        "item_1": "4",
        "label_2": "stairs",
        "item_2": "7",
        "label_3": "squatting",
        "item_3": "6",
        "item_4": "3",
    }
    body = runner_client.post(reverse("programs:measure", args=["psfs"]), data).content.decode()
    assert 'id="id_label_4_error"' in body and not OutcomeResponse.objects.exists()


def test_akps_with_the_clinic_form_refuses_a_value_that_is_no_option_and_stores_a_blank_as_incomplete(
    world, runner_client
):
    ClinicForm.objects.create(clinic=world.clinic, measure="akps", raw=akps_file(), filename="akps.json")
    url = reverse("programs:measure", args=["akps"])
    answers = {f"item_{i}": str(m) for i, m in enumerate(AKPS_ITEM_MAXIMA, 1)}
    body = runner_client.post(url, answers | {"item_4": "3"}).content.decode()  # options of item 4 are 0 and 10
    assert 'id="id_item_4_error"' in body and not OutcomeResponse.objects.exists()
    runner_client.post(url, answers | {"item_4": ""})
    row = OutcomeResponse.objects.get(measure="akps")
    assert row.score is None and not row.complete and row.items[3] is None and row.items[0] == 5


def test_faam_adl_with_three_missing_items_is_stored_as_incomplete(runner_client):
    answers = items(21, 3) | {"item_1": "", "item_2": "", "item_3": ""}
    runner_client.post(reverse("programs:measure", args=["faam-adl"]), answers)
    row = OutcomeResponse.objects.get(measure="faam-adl")
    # 18 of 21 answered, fewer than the 19 FAAM-ADL needs (4.5 [H]): incomplete, no score
    assert row.score is None and not row.complete and row.interpretation.startswith("incomplete")
