"""The treatment log of a note: add and remove while unsigned, minutes validated."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stridecare.care.models import TreatmentEntry

from .helpers import assert_error_next_to, client_for, make_note

pytestmark = pytest.mark.django_db

ENTRY = {
    "technique": "dry_needling",
    "body_area": "calf",
    "side": "R",
    "minutes": "15",
    "response": "Less tight afterwards",
}


def test_a_treatment_is_added_with_a_version(world):
    note = make_note(world)
    response = client_for(world.therapist).post(reverse("care:treatment_add", args=[note.pk]), ENTRY)
    entry = TreatmentEntry.objects.get()
    assert response.status_code == 302
    assert (entry.technique, entry.body_area, entry.side, entry.minutes, entry.response) == (
        "dry_needling",
        "calf",
        "R",
        15,
        "Less tight afterwards",
    )
    assert note.versions.order_by("-number").first().change == "Treatment added: Dry needling, 15 min"


@pytest.mark.parametrize(
    "minutes, message",
    [
        ("0", "At least 1 minute."),
        ("181", "At most 180 minutes"),
        ("ten", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_minutes_are_validated_next_to_the_field(world, minutes, message):
    note = make_note(world)
    response = client_for(world.therapist).post(
        reverse("care:treatment_add", args=[note.pk]), dict(ENTRY, minutes=minutes)
    )
    assert response.status_code == 200
    assert_error_next_to(response.content.decode(), "id_minutes", message)
    assert TreatmentEntry.objects.count() == 0


def test_an_unknown_technique_is_refused(world):
    note = make_note(world)
    response = client_for(world.therapist).post(
        reverse("care:treatment_add", args=[note.pk]), dict(ENTRY, technique="cupping")
    )
    assert_error_next_to(response.content.decode(), "id_technique", "Select a valid choice")
    assert TreatmentEntry.objects.count() == 0


def test_a_treatment_is_removed_while_unsigned(world):
    note = make_note(world)
    client = client_for(world.therapist)
    client.post(reverse("care:treatment_add", args=[note.pk]), ENTRY)
    entry = TreatmentEntry.objects.get()
    client.post(reverse("care:treatment_remove", args=[note.pk, entry.pk]))
    assert TreatmentEntry.objects.count() == 0
    assert note.versions.order_by("-number").first().change == "Treatment removed: Dry needling"


def test_a_treatment_of_another_note_is_404(world):
    note, other = make_note(world), make_note(world)
    client = client_for(world.therapist)
    client.post(reverse("care:treatment_add", args=[other.pk]), ENTRY)
    entry = TreatmentEntry.objects.get()
    assert client.post(reverse("care:treatment_remove", args=[note.pk, entry.pk])).status_code == 404
    assert TreatmentEntry.objects.count() == 1


def test_removing_after_signing_is_refused(world):
    note = make_note(world)
    client = client_for(world.therapist)
    client.post(reverse("care:treatment_add", args=[note.pk]), ENTRY)
    client.post(reverse("care:note_sign", args=[note.pk]), {"confirm": "on"})
    entry = TreatmentEntry.objects.get()
    response = client.post(reverse("care:treatment_remove", args=[note.pk, entry.pk]), follow=True)
    assert TreatmentEntry.objects.count() == 1 and "signed" in response.content.decode()
