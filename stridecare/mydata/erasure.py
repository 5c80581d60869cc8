"""Erasure of a runner's data. A runner of a clinic asks and the clinic confirms; a runner without
a clinic erases their own account at once. Signed clinical notes (with their versions, addenda and
treatments) and final letters of an episode of care (with their episode) are kept: the law makes the clinic keep clinical records for its retention period.
Each is marked in RetainedRecord with the reason; the account is then kept only as an anonymised
shell the notes hang on. Everything else the runner owns goes (rows found from the ORM, as the
export finds them) and every stored file with it, after the transaction commits. The
ErasureRequest stays as the audit entry: who asked, who confirmed, when, what went, what stayed."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils import timezone

from stridecare.core.errors import StridecareError

from . import schema
from .export import stored_files
from .models import DataExport, ErasureRequest, RetainedRecord

RETENTION_REASON = "Signed clinical note: the clinic must keep clinical records for its legal retention period."
# The clinic's audit trail of who read or changed clinical records is append-only: it stays.
KEPT_AUDIT = ("audit.AuditEntry",)
LETTER_RETENTION_REASON = (
    "Final letter of an episode of care (discharge summary or referral): a clinical record the clinic must keep "
    "for its legal retention period."
)
KEPT_WITH_LETTERS = ("episodes.Episode", "episodes.Letter")
KEPT_WITH_NOTES = ("care.ClinicalNote", "care.NoteVersion", "care.NoteAddendum", "care.TreatmentEntry")


class ErasureError(StridecareError):
    pass


def request_erasure(runner) -> ErasureRequest:
    """The runner asks their clinic to erase their data (one open request at a time)."""
    if runner.clinic_id is None:
        raise ErasureError("You have no clinic: delete your account yourself below.")
    with transaction.atomic():
        open_request = ErasureRequest.objects.filter(runner=runner, status=ErasureRequest.Status.REQUESTED).first()
        if open_request:
            return open_request
        return ErasureRequest.objects.create(runner=runner, runner_ref=runner.pk, clinic_id=runner.clinic_id)


def confirm_erasure(erasure_id: int, by) -> ErasureRequest:
    """The clinic confirms: the runner's data is erased now."""
    with transaction.atomic():
        erasure = (
            ErasureRequest.objects.select_for_update()
            .filter(pk=erasure_id, clinic_id=by.clinic_id, status=ErasureRequest.Status.REQUESTED)
            .first()
        )
        if erasure is None or erasure.runner is None:
            raise ErasureError("This request was already handled.")
        return _erase(erasure, by)


def erase_own_account(runner) -> ErasureRequest:
    """A runner without a clinic deletes their account and everything in it."""
    if runner.clinic_id is not None:
        raise ErasureError("Your clinic keeps your clinical record: ask it to erase your data.")
    with transaction.atomic():
        erasure = ErasureRequest.objects.create(runner=runner, runner_ref=runner.pk)
        return _erase(erasure, runner)


def _signed_records(runner) -> dict[str, set[int]]:
    from stridecare.care.models import ClinicalNote, NoteAddendum, NoteVersion, TreatmentEntry

    notes = set(ClinicalNote.objects.filter(runner=runner, signed_at__isnull=False).values_list("pk", flat=True))
    return {
        "care.ClinicalNote": notes,
        "care.NoteVersion": set(NoteVersion.objects.filter(note__in=notes).values_list("pk", flat=True)),
        "care.NoteAddendum": set(NoteAddendum.objects.filter(note__in=notes).values_list("pk", flat=True)),
        "care.TreatmentEntry": set(TreatmentEntry.objects.filter(note__in=notes).values_list("pk", flat=True)),
        **_final_letters(runner),
    }


def _final_letters(runner) -> dict[str, set[int]]:
    """Final letters and the episodes they belong to: kept like signed notes."""
    from stridecare.episodes.models import Letter

    final = Letter.objects.filter(episode__runner=runner, finalised_at__isnull=False)
    return {
        "episodes.Episode": set(final.values_list("episode_id", flat=True)),
        "episodes.Letter": set(final.values_list("pk", flat=True)),
    }


def _erase(erasure: ErasureRequest, by) -> ErasureRequest:
    runner = erasure.runner
    if runner is None:  # the account is gone already: a done request
        raise ValueError(f"erasure request {erasure.pk} has no account left to erase")
    kept = _signed_records(runner)
    everything = {label: rows for label, rows in _owned_rows(runner).items()}
    exports = list(DataExport.objects.filter(runner=runner).exclude(file=""))
    files = [name for name, _ in stored_files(everything)] + [e.file.name for e in exports]
    removed: dict[str, int] = {}
    for label, rows in everything.items():
        if label in ("accounts.User", "mydata.ErasureRequest", "mydata.RetainedRecord", *KEPT_AUDIT):
            continue
        doomed = [o.pk for o in rows if o.pk not in kept.get(label, set())]
        if doomed:
            model = apps.get_model(label)
            # the base manager: the notes' guards refuse queryset deletes of signed notes only
            _, counts = model._base_manager.filter(pk__in=doomed).delete()
            for name, n in counts.items():
                removed[name] = removed.get(name, 0) + n
    DataExport.objects.filter(runner=runner).delete()
    for label, pks in kept.items():
        RetainedRecord.objects.bulk_create(
            [
                RetainedRecord(
                    erasure=erasure,
                    model_label=label,
                    object_id=pk,
                    reason=LETTER_RETENTION_REASON if label in KEPT_WITH_LETTERS else RETENTION_REASON,
                )
                for pk in pks
            ],
            ignore_conflicts=True,
        )
    keeps_account = bool(kept["care.ClinicalNote"] or kept["episodes.Letter"])
    erasure.status, erasure.decided_by, erasure.done_at = ErasureRequest.Status.DONE, by, timezone.now()
    erasure.summary = {
        "rows_removed": dict(sorted(removed.items())),
        "files_removed": len(set(files)),
        "records_retained": {label: len(pks) for label, pks in kept.items() if pks},
        "retention_reason": " ".join(
            reason
            for reason, kept_rows in (
                (RETENTION_REASON, kept["care.ClinicalNote"]),
                (LETTER_RETENTION_REASON, kept["episodes.Letter"]),
            )
            if kept_rows
        ),
        "audit_trail": "kept: the clinic's record of who read or changed the notes is append-only",
        "account": "kept anonymised for the retained notes" if keeps_account else "deleted",
    }
    erasure.save()
    if keeps_account:
        _anonymise(runner)
    else:
        get_user_model()._base_manager.filter(pk=runner.pk).delete()
    transaction.on_commit(lambda: _remove_files(set(files)))
    return erasure


def _owned_rows(runner) -> dict[str, list[models.Model]]:
    out = {}
    for label, paths in schema.runner_models().items():
        model = apps.get_model(label)
        pks: set = set()
        for path in paths:
            pks |= set(model._base_manager.filter(**{path: runner.pk}).values_list("pk", flat=True))
        out[label] = list(model._base_manager.filter(pk__in=pks))
    return out


def _anonymise(runner) -> None:
    get_user_model()._base_manager.filter(pk=runner.pk).update(
        email=f"erased-{runner.pk}@erased.invalid",
        full_name=f"Erased runner #{runner.pk}",
        phone="",
        is_active=False,
        password=make_password(None),
        primary_therapist=None,
    )


def _remove_files(names: set[str]) -> None:
    for name in sorted(names):
        default_storage.delete(name)
