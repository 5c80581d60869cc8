"""Signed records: versions before signing, a lock after it (model and views), addenda."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stridecare.care import notes
from stridecare.care.models import ClinicalNote, NoteAddendum, NoteError, NoteLockedError, NoteVersion, TreatmentEntry

from .helpers import client_for, followup_post, make_note

pytestmark = pytest.mark.django_db
SIGN = {"confirm": "on"}


def test_every_edit_before_signing_keeps_a_version_with_the_full_content(world):
    note = make_note(world)
    client = client_for(world.therapist)
    client.post(reverse("care:note_edit", args=[note.pk]), followup_post(assessment="First change"))
    client.post(reverse("care:note_edit", args=[note.pk]), followup_post(assessment="Second change"))
    versions = list(NoteVersion.objects.filter(note=note).order_by("number"))
    assert [v.change for v in versions] == ["Created", "Edited", "Edited"]
    assert [v.content["content"]["assessment"] for v in versions] == [
        "CONFIDENTIAL-REASONING",
        "First change",
        "Second change",
    ]
    assert all(v.author == world.therapist for v in versions)


def test_the_history_is_shown_on_the_note(world):
    note = make_note(world)
    client_for(world.therapist2).post(
        reverse("care:note_edit", args=[note.pk]), followup_post(assessment="Changed by Tom")
    )
    body = client_for(world.therapist).get(reverse("care:note", args=[note.pk])).content.decode()
    history = body[body.index('id="history"') :]
    assert "Edited (Tom Becker)" in history and "Created (Priya Shah)" in history and "Changed by Tom" in history


def test_a_signed_note_refuses_every_change_at_model_level(world):
    note = make_note(world)
    entry = notes.add_treatment(
        note.pk, author=world.therapist, technique="education", body_area="knee", side="L", minutes=5
    )
    notes.sign_note(note.pk, signer=world.therapist)
    stale = ClinicalNote.objects.get(pk=note.pk)
    stale.content = {"assessment": "rewritten"}
    with pytest.raises(NoteLockedError):
        stale.save()
    with pytest.raises(NoteLockedError):
        stale.delete()
    # an instance loaded before signing is refused too: the stored row decides
    note.content = {"assessment": "rewritten"}
    with pytest.raises(NoteLockedError):
        note.save()
    with pytest.raises(NoteLockedError):
        TreatmentEntry.objects.create(note=note, technique="education", body_area="knee", side="L", minutes=5)
    with pytest.raises(NoteLockedError):
        entry.delete()
    with pytest.raises(NoteLockedError):
        notes.update_note(note.pk, author=world.therapist, content={}, visit=None)
    with pytest.raises(NoteLockedError):
        ClinicalNote.objects.filter(pk=note.pk).update(content={})
    with pytest.raises(NoteLockedError):
        note.treatments.all().delete()
    assert ClinicalNote.objects.get(pk=note.pk).content["assessment"] == "CONFIDENTIAL-REASONING"
    assert TreatmentEntry.objects.filter(note=note).count() == 1


def test_a_signed_note_cannot_be_edited_through_the_views(world):
    note = make_note(world)
    notes.sign_note(note.pk, signer=world.therapist)
    client = client_for(world.therapist)
    get = client.get(reverse("care:note_edit", args=[note.pk]))
    post = client.post(reverse("care:note_edit", args=[note.pk]), followup_post(assessment="Sneaky change"))
    assert (
        get.status_code == 302 and post.status_code == 302 and post["Location"] == reverse("care:note", args=[note.pk])
    )
    add = client.post(
        reverse("care:treatment_add", args=[note.pk]),
        {"technique": "education", "body_area": "knee", "side": "L", "minutes": "5"},
    )
    assert add.status_code == 302
    note.refresh_from_db()
    assert note.content["assessment"] == "CONFIDENTIAL-REASONING" and note.treatments.count() == 0
    detail = client.get(reverse("care:note", args=[note.pk])).content.decode()
    assert "Edit note" not in detail and 'id="treatment-form"' not in detail and 'id="addendum-form"' in detail


def test_a_signed_note_takes_a_dated_addendum(world):
    note = make_note(world)
    client = client_for(world.therapist)
    assert client.post(reverse("care:note_sign", args=[note.pk]), SIGN).status_code == 302
    client_for(world.therapist2).post(
        reverse("care:addendum_add", args=[note.pk]), {"text": "Runner phoned: pain settled."}
    )
    addendum = NoteAddendum.objects.get(note=note)
    assert addendum.author == world.therapist2 and addendum.created_at is not None
    body = client.get(reverse("care:note", args=[note.pk])).content.decode()
    assert "Runner phoned: pain settled." in body and "Tom Becker" in body
    addendum.text = "changed"
    with pytest.raises(NoteLockedError):
        addendum.save()


def test_an_empty_addendum_shows_the_error_and_saves_nothing(world):
    note = make_note(world)
    notes.sign_note(note.pk, signer=world.therapist)
    response = client_for(world.therapist).post(reverse("care:addendum_add", args=[note.pk]), {"text": ""})
    assert "This field is required." in response.content.decode() and NoteAddendum.objects.count() == 0


def test_an_unsigned_note_takes_no_addendum(world):
    note = make_note(world)
    with pytest.raises(NoteError, match="not signed"):
        notes.add_addendum(note.pk, author=world.therapist, text="x")


def test_signing_records_the_signer_and_a_last_version(world):
    note = make_note(world)
    client_for(world.therapist).post(reverse("care:note_sign", args=[note.pk]), SIGN)
    note.refresh_from_db()
    assert note.signed_by == world.therapist and note.is_signed
    assert note.versions.order_by("-number").first().change == "Signed"


def test_only_the_author_signs(world):
    note = make_note(world)
    client_for(world.therapist2).post(reverse("care:note_sign", args=[note.pk]), SIGN)
    note.refresh_from_db()
    assert not note.is_signed


def test_signing_without_the_confirmation_signs_nothing_and_says_why(world):
    note = make_note(world)
    response = client_for(world.therapist).post(reverse("care:note_sign", args=[note.pk]), {})
    note.refresh_from_db()
    body = response.content.decode()
    assert response.status_code == 200 and not note.is_signed and note.versions.count() == 1
    summary = body[body.index('class="error-summary"') :]
    assert 'href="#id_confirm"' in summary and "Tick the box to confirm you have reviewed the note" in summary
    assert 'id="id_confirm_error"' in body


def test_the_note_page_asks_for_the_confirmation_before_signing(world):
    note = make_note(world)
    body = client_for(world.therapist).get(reverse("care:note", args=[note.pk])).content.decode()
    sign_form = body[body.index('id="sign-form"') :]
    assert 'name="confirm"' in sign_form and "I have reviewed this note; signed notes cannot be changed" in sign_form


def test_another_clinics_therapist_gets_404_on_every_note_page(world):
    note = make_note(world)
    client = client_for(world.other_therapist)
    for name in ("care:note", "care:note_edit", "care:note_sign", "care:addendum_add", "care:treatment_add"):
        assert client.get(reverse(name, args=[note.pk])).status_code == 404, name
        assert client.post(reverse(name, args=[note.pk])).status_code == 404, name
    note.refresh_from_db()
    assert not note.is_signed
