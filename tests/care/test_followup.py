"""Follow-up visits in SOAP format."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stridecare.booking import actions
from stridecare.care.models import ClinicalNote
from tests.booking.helpers import make_request

from .helpers import assert_error_next_to, client_for, followup_post

pytestmark = pytest.mark.django_db


def test_a_soap_note_is_saved_and_linked_to_a_visit(world, tomorrow_10am):
    visit = actions.confirm_request(
        make_request(world.clinic, world.runner).pk,
        therapist=world.therapist,
        start=tomorrow_10am,
        minutes=45,
        actor=world.therapist,
    )
    response = client_for(world.therapist).post(
        reverse("care:followup_new", args=[world.runner.pk]), followup_post(visit=str(visit.pk))
    )
    note = ClinicalNote.objects.get()
    assert response.status_code == 302 and note.kind == "follow_up" and note.visit == visit
    assert note.content == {
        "subjective": "Better on stairs.",
        "pain_nprs": 2,
        "objective": "Squat pain-free.",
        "assessment": "Improving.",
        "plan": "Progress to step-downs.",
        "runner_summary": "Keep going.",
    }


def test_a_visit_of_another_runner_cannot_be_linked(world, tomorrow_10am):
    other = actions.confirm_request(
        make_request(world.clinic, None, name="Someone Else").pk,
        therapist=world.therapist,
        start=tomorrow_10am,
        minutes=30,
        actor=None,
    )
    response = client_for(world.therapist).post(
        reverse("care:followup_new", args=[world.runner.pk]), followup_post(visit=str(other.pk))
    )
    assert_error_next_to(response.content.decode(), "id_visit", "Select a valid choice")
    assert ClinicalNote.objects.count() == 0


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"assessment": ""}, "id_assessment", "This field is required."),
        ({"pain_nprs": "12"}, "id_pain_nprs", "less than or equal to 10"),
    ],
)
def test_invalid_soap_input_shows_errors_next_to_fields_and_saves_nothing(world, overrides, field, message):
    response = client_for(world.therapist).post(
        reverse("care:followup_new", args=[world.runner.pk]), followup_post(**overrides)
    )
    assert response.status_code == 200
    assert_error_next_to(response.content.decode(), field, message)
    assert ClinicalNote.objects.count() == 0


def test_another_clinics_therapist_gets_404(world):
    assert (
        client_for(world.other_therapist)
        .post(reverse("care:followup_new", args=[world.runner.pk]), followup_post())
        .status_code
        == 404
    )


def test_a_visit_in_the_link_is_preselected(world, tomorrow_10am):
    visit = actions.confirm_request(
        make_request(world.clinic, world.runner).pk,
        therapist=world.therapist,
        start=tomorrow_10am,
        minutes=45,
        actor=world.therapist,
    )
    body = (
        client_for(world.therapist)
        .get(reverse("care:followup_new", args=[world.runner.pk]) + f"?visit={visit.pk}")
        .content.decode()
    )
    assert f'<option value="{visit.pk}" selected>' in body
