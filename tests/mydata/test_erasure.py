"""Erasure: the runner asks, the clinic confirms; signed clinical notes stay, marked retained with
the reason; every other row and every stored file goes; the audit entry remains. A runner without
a clinic deletes their own account."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from stridecare.accounts.models import User
from stridecare.care.models import ClinicalNote, NoteAddendum, TreatmentEntry
from stridecare.mydata import erasure, export, schema
from stridecare.mydata.models import ErasureRequest, RetainedRecord
from tests.conftest import PASSWORD
from tests.mydata.helpers import full_record, make_run, make_zone


def _stored_names(runner) -> list[str]:
    from stridecare.mydata.models import DataExport

    records = export.collect_records(runner)
    exports = [e.file.name for e in DataExport.objects.filter(runner=runner).exclude(file="")]
    return [name for name, _ in export.stored_files(records)] + exports


def test_the_clinic_confirms_and_only_signed_notes_stay(world, client, django_capture_on_commit_callbacks):
    full_record(world)
    make_zone(world.runner)
    runner = world.runner
    draft = ClinicalNote.objects.create(runner=runner, clinic=world.clinic, author=world.therapist, kind="follow_up")
    files = _stored_names(runner)
    assert len(files) >= 5 and all(default_storage.exists(n) for n in files)
    signed = set(ClinicalNote.objects.filter(runner=runner, signed_at__isnull=False).values_list("pk", flat=True))
    assert signed

    client.force_login(runner)
    client.post(reverse("mydata:erase"))
    request = ErasureRequest.objects.get(runner=runner, status="requested")
    client.force_login(world.admin)
    assert "Sam Rivera" in client.get(reverse("mydata:erasure_queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mydata:erasure_confirm", args=[request.pk]))

    request.refresh_from_db()
    assert request.status == "done" and request.decided_by == world.admin and request.runner_ref == runner.pk
    # the signed notes, their treatments and addenda stay, each marked with the reason
    assert set(ClinicalNote.objects.filter(runner_id=runner.pk).values_list("pk", flat=True)) == signed
    assert not ClinicalNote.objects.filter(pk=draft.pk).exists()
    assert (
        TreatmentEntry.objects.filter(note__in=signed).exists()
        and NoteAddendum.objects.filter(note__in=signed).exists()
    )
    marks = RetainedRecord.objects.filter(erasure=request)
    assert {m.object_id for m in marks if m.model_label == "care.ClinicalNote"} == signed
    assert all("legal retention" in m.reason for m in marks)
    # every other row that reached the runner is gone
    left = {
        label: n
        for label, rows in erasure._owned_rows(User.objects.get(pk=runner.pk)).items()
        if (n := len(rows))
        and label
        not in (
            "accounts.User",
            *erasure.KEPT_WITH_NOTES,
            *erasure.KEPT_WITH_LETTERS,
            *erasure.KEPT_AUDIT,
            "mydata.ErasureRequest",
            "mydata.RetainedRecord",
        )
    }
    assert left == {}
    # every file is gone
    assert not any(default_storage.exists(n) for n in files)
    # the account is only an anonymised shell for the notes: nobody can sign in to it
    shell = User.objects.get(pk=runner.pk)
    assert shell.full_name == f"Erased runner #{runner.pk}" and "sam" not in shell.email and not shell.is_active
    assert not shell.check_password(PASSWORD) and not shell.has_usable_password()
    assert request.summary["files_removed"] == len(set(files)) and request.summary["records_retained"][
        "care.ClinicalNote"
    ] == len(signed)


def test_another_clinic_cannot_confirm(world, client):
    request = erasure.request_erasure(world.runner)
    client.force_login(world.other_admin)
    assert client.post(reverse("mydata:erasure_confirm", args=[request.pk])).status_code == 404
    request.refresh_from_db()
    assert request.status == "requested"


def test_a_runner_without_a_clinic_deletes_their_account(world, client, django_capture_on_commit_callbacks):
    runner = world.lone_runner
    run = make_run(runner)
    name = run.source.file.name
    client.force_login(runner)
    wrong = client.post(reverse("mydata:erase"), {"password": "nope"})
    assert wrong.status_code == 400 and User.objects.filter(pk=runner.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mydata:erase"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=runner.pk).exists()
    assert not default_storage.exists(name)
    audit = ErasureRequest.objects.get(runner_ref=runner.pk)
    assert audit.status == "done" and audit.runner is None and audit.summary["account"] == "deleted"


def test_a_runner_of_a_clinic_cannot_skip_the_clinic(world):
    with pytest.raises(erasure.ErasureError):
        erasure.erase_own_account(world.runner)


def test_the_erasure_reaches_every_model_the_export_does():
    """One list for both: what the export finds is what erasure removes."""
    assert set(schema.exported_models()) <= set(schema.runner_models())
