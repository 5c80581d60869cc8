"""Each kind of clinical action writes its own word: create, change, sign, clear, export."""

from __future__ import annotations

from django.urls import reverse

from stridecare.audit.models import AuditEntry
from stridecare.care import notes
from stridecare.programs import actions
from stridecare.screening.models import ScreeningSession
from tests.accounts.test_access_rules import client_for


def _last(view_name: str) -> AuditEntry:
    return AuditEntry.objects.filter(view_name=view_name).first()


def test_a_note_written_and_signed_and_a_screening_cleared_and_a_pdf_printed(world):
    client = client_for(world.therapist)
    note = notes.create_note(runner=world.runner, author=world.therapist, kind="follow_up", content={})
    assert client.post(reverse("care:note_sign", args=[note.pk]), {"confirm": "on"}).status_code == 302
    signed = _last("care:note_sign")
    assert (signed.action, signed.record_type, signed.record_id) == ("sign", "clinical note", note.pk)

    screening = ScreeningSession.objects.create(
        runner=world.runner, clinic=world.clinic, result={"red_flags": [{"id": "RF-02"}]}, urgency="soon"
    )
    response = client.post(reverse("screening:clear", args=[screening.pk]), {"note": "Checked: no night pain."})
    assert response.status_code == 302
    assert [e.action for e in AuditEntry.objects.filter(view_name="screening:clear")] == ["clear"]

    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    assert client.get(reverse("programs:program_pdf", args=[program.pk])).status_code == 200
    printed = _last("programs:program_pdf")
    assert (printed.action, printed.record_id, printed.runner_id) == ("export", program.pk, world.runner.pk)


def test_an_invalid_form_is_a_read_not_a_change(world):
    note = notes.create_note(runner=world.runner, author=world.therapist, kind="follow_up", content={})
    client_for(world.therapist).post(reverse("care:note_sign", args=[note.pk]), {})
    assert [e.action for e in AuditEntry.objects.filter(view_name="care:note_sign")] == ["read"]


def test_another_clinics_therapist_writes_nothing_and_gets_404(world):
    url = reverse("care:notes", args=[world.runner.pk])
    assert client_for(world.other_therapist).get(url).status_code == 404
    assert not AuditEntry.objects.exists()
