"""The runner's plain-language visit summaries: only their own, only signed, no clinical reasoning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stridecare.care import notes
from stridecare.care.models import HomeCareOverride

from .helpers import client_for, make_note

pytestmark = pytest.mark.django_db


def _signed(world, runner=None, techniques=("heat_therapy", "cold_therapy")):
    note = make_note(world, runner=runner)
    for technique in techniques:
        notes.add_treatment(
            note.pk, author=world.therapist, technique=technique, body_area="calf", side="L", minutes=10
        )
    notes.sign_note(note.pk, signer=world.therapist)
    return note


def test_the_runner_sees_what_was_done_and_home_care(world):
    note = _signed(world)
    body = client_for(world.runner).get(reverse("care:my_summary", args=[note.pk])).content.decode()
    assert (
        "Keep walking daily." in body
        and "Heat therapy" in body
        and "Cold therapy" in body
        and "calf, left, 10 minutes" in body
    )
    # REFERENCE.md has no heat-versus-cold guidance: the neutral text, shown once
    assert body.count("When to use heat and when to use cold depends on your problem") == 1


def test_the_summary_shows_no_clinical_reasoning(world):
    note = _signed(world)
    for url in (reverse("care:my_summary", args=[note.pk]), reverse("care:my_summaries")):
        body = client_for(world.runner).get(url).content.decode()
        assert "CONFIDENTIAL-REASONING" not in body and "Sore" not in body


def test_the_list_holds_only_the_runners_own_signed_notes(world):
    own = _signed(world)
    make_note(world, content={"runner_summary": "DRAFT-NOT-SIGNED"})
    other_clinic_note = notes.create_note(
        runner=world.other_runner,
        author=world.other_therapist,
        kind="follow_up",
        content={"runner_summary": "OLGAS-SUMMARY"},
    )
    notes.sign_note(other_clinic_note.pk, signer=world.other_therapist)
    body = client_for(world.runner).get(reverse("care:my_summaries")).content.decode()
    assert reverse("care:my_summary", args=[own.pk]) in body
    assert "DRAFT-NOT-SIGNED" not in body and "OLGAS-SUMMARY" not in body


def test_another_runners_summary_and_an_unsigned_note_are_404(world):
    note = _signed(world)
    draft = make_note(world)
    assert client_for(world.other_runner).get(reverse("care:my_summary", args=[note.pk])).status_code == 404
    assert client_for(world.lone_runner).get(reverse("care:my_summary", args=[note.pk])).status_code == 404
    assert client_for(world.runner).get(reverse("care:my_summary", args=[draft.pk])).status_code == 404
    assert client_for(world.therapist).get(reverse("care:my_summary", args=[note.pk])).status_code == 404


def test_the_clinics_own_home_care_text_replaces_the_neutral_one(world):
    HomeCareOverride.objects.create(clinic=world.clinic, key="heat_cold", text="Clinic wording about heat and cold.")
    note = _signed(world)
    body = client_for(world.runner).get(reverse("care:my_summary", args=[note.pk])).content.decode()
    assert "Clinic wording about heat and cold." in body and "depends on your problem" not in body


def test_massage_brings_the_calf_warning(world):
    note = _signed(world, techniques=("soft_tissue_massage",))
    body = client_for(world.runner).get(reverse("care:my_summary", args=[note.pk])).content.decode()
    assert "do not massage or foam-roll it" in body


def test_the_pdf_summary_says_what_the_page_says_with_the_clinics_wording(world):
    from stridecare.care.pdf import visit_summary_pdf
    from tests.programs.test_pdf import _page_strings

    HomeCareOverride.objects.create(clinic=world.clinic, key="heat_cold", text="Clinic wording about heat and cold.")
    note = _signed(world)
    note.refresh_from_db()
    text = " ".join(_page_strings(visit_summary_pdf(note)))
    assert "Keep walking daily." in text and "Heat therapy" in text and "calf, left, 10 minutes" in text
    assert "Clinic wording about heat and cold." in text and "depends on your problem" not in text
    assert "CONFIDENTIAL-REASONING" not in text and "Sore" not in text


def test_an_unsigned_note_has_no_pdf_summary(world):
    from stridecare.care.pdf import visit_summary_pdf

    with pytest.raises(ValueError, match="not signed"):
        visit_summary_pdf(make_note(world))
