"""Writes across notes, treatment entries, versions and addenda. Every function is one transaction
that locks the note row first, so a note cannot be signed while another request edits it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from stridecare.accounts.models import Clinic, User
from stridecare.booking.models import Visit

from .models import (
    ClinicalNote,
    ClinicCareSettings,
    HomeCareOverride,
    NoteAddendum,
    NoteError,
    NoteLockedError,
    NoteVersion,
    TreatmentEntry,
)


def _locked_note(note_id: int) -> ClinicalNote:
    note = ClinicalNote.objects.select_for_update().get(pk=note_id)
    if note.is_signed:
        raise NoteLockedError("This note is signed and cannot be changed; add an addendum instead.")
    return note


def _record_version(note: ClinicalNote, author: User, change: str, at: datetime | None = None) -> NoteVersion:
    last = note.versions.aggregate(n=Max("number"))["n"] or 0
    return NoteVersion.objects.create(
        note=note,
        number=last + 1,
        content=note.snapshot(),
        author=author,
        change=change,
        created_at=at or timezone.now(),
    )


def create_note(
    *,
    runner: User,
    author: User,
    kind: str,
    content: dict,
    region: str = "",
    visit: Visit | None = None,
    at: datetime | None = None,
) -> ClinicalNote:
    """A new unsigned note in the runner's clinic, with its first version. ``at``: when it was
    written, for records entered afterwards (default now)."""
    at = at or timezone.now()
    if runner.clinic_id is None:
        raise ValueError("a clinical note belongs to the runner's clinic, and this runner has none")
    with transaction.atomic():
        note = ClinicalNote.objects.create(
            runner=runner,
            clinic_id=runner.clinic_id,
            author=author,
            kind=kind,
            region=region,
            content=content,
            visit=visit,
            created_at=at,
            updated_at=at,
        )
        _record_version(note, author, "Created", at)
    return note


def update_note(note_id: int, *, author: User, content: dict, visit: Visit | None) -> ClinicalNote:
    with transaction.atomic():
        note = _locked_note(note_id)
        note.content, note.visit, note.updated_at = content, visit, timezone.now()
        note.save()
        _record_version(note, author, "Edited")
    return note


def add_treatment(
    note_id: int,
    *,
    author: User,
    technique: str,
    body_area: str,
    side: str,
    minutes: int,
    response: str = "",
    at: datetime | None = None,
) -> TreatmentEntry:
    at = at or timezone.now()
    with transaction.atomic():
        note = _locked_note(note_id)
        entry = TreatmentEntry.objects.create(
            note=note,
            technique=technique,
            body_area=body_area,
            side=side,
            minutes=minutes,
            response=response,
            created_at=at,
        )
        _record_version(note, author, f"Treatment added: {entry.get_technique_display()}, {minutes} min", at)
    return entry


def remove_treatment(note_id: int, treatment_id: int, *, author: User) -> None:
    with transaction.atomic():
        note = _locked_note(note_id)
        entry = note.treatments.get(pk=treatment_id)
        label = entry.get_technique_display()
        entry.delete()
        _record_version(note, author, f"Treatment removed: {label}")


def sign_note(note_id: int, *, signer: User, at: datetime | None = None) -> ClinicalNote:
    """Sign the note: from now on it is read-only and takes only addenda. ``at``: when it was
    signed, for records entered afterwards (default now)."""
    at = at or timezone.now()
    with transaction.atomic():
        note = _locked_note(note_id)
        note.signed_at, note.signed_by = at, signer
        note.save()
        _record_version(note, signer, "Signed", at)
    return note


def add_addendum(note_id: int, *, author: User, text: str) -> NoteAddendum:
    """Amend a signed note (an unsigned note is simply edited)."""
    with transaction.atomic():
        note = ClinicalNote.objects.select_for_update().get(pk=note_id)
        if not note.is_signed:
            raise NoteError("This note is not signed yet: edit it instead of adding an addendum.")
        return NoteAddendum.objects.create(note=note, author=author, text=text)


def save_care_settings(
    clinic: Clinic, *, squat_max_items: int, squat_max_pain_nprs: int, home_care: dict[str, str]
) -> None:
    """Store a clinic's squat thresholds and its wording of the clinic-editable home-care texts;
    an empty text restores Stridecare's neutral default."""
    with transaction.atomic():
        ClinicCareSettings.objects.update_or_create(
            clinic=clinic, defaults={"squat_max_items": squat_max_items, "squat_max_pain_nprs": squat_max_pain_nprs}
        )
        for key, text in home_care.items():
            if text.strip():
                HomeCareOverride.objects.update_or_create(clinic=clinic, key=key, defaults={"text": text.strip()})
            else:
                HomeCareOverride.objects.filter(clinic=clinic, key=key).delete()
