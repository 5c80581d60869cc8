"""The therapist's clinical notes: evaluations, SOAP follow-ups, the
treatment log, versions and addenda. A signed note is locked: its row, its treatment entries and
its addenda refuse every later change (see ``NoteLockedError``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.accounts.models import Clinic
from stridecare.booking.models import Visit
from stridecare.core.care import (
    BALANCE_MEASURES,
    SIDES,
    SQUAT_ITEMS,
    SQUAT_MAX_ITEMS_DEFAULT,
    SQUAT_MAX_PAIN_NPRS_DEFAULT,
    TECHNIQUES,
    TEST_RESULTS,
    TREATMENT_AREAS,
    CareSettings,
    condition_by_code,
    home_care_for,
    region_by_code,
    technique_by_code,
)
from stridecare.core.errors import StridecareError

SIDE_CHOICES = list(SIDES)


class NoteError(StridecareError):
    """A note action that cannot be done; the message is for the therapist who tried."""


class NoteLockedError(NoteError):
    """A signed note (or its treatment entries or addenda) was about to change."""


class NoteQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        if self.filter(signed_at__isnull=False).exists():
            raise NoteLockedError("A signed note cannot be changed; add an addendum instead.")
        return super().update(**kwargs)


class TreatmentQuerySet(models.QuerySet):
    def _refuse_signed(self) -> None:
        if self.filter(note__signed_at__isnull=False).exists():
            raise NoteLockedError("The note is signed: its treatment log cannot change.")

    def update(self, **kwargs) -> int:
        self._refuse_signed()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_signed()
        return super().delete()


class ClinicalNote(models.Model):
    class Kind(models.TextChoices):
        EVALUATION = "evaluation", "Initial evaluation"
        FOLLOW_UP = "follow_up", "Follow-up (SOAP)"

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinical_notes")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="clinical_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_notes")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    region = models.CharField(max_length=40, blank=True, help_text="Body region of an initial evaluation.")
    content = models.JSONField(default=dict, help_text="The note's fields, validated by the evaluation or SOAP form.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.runner.full_name} ({self.created_at:%Y-%m-%d})"

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def region_name(self) -> str:
        return region_by_code(self.region).name if self.region else ""

    def evaluation_display(self) -> dict:
        """The structured parts of an evaluation with readable labels, for the note page."""
        results, sides, squat_items, balance = (
            dict(TEST_RESULTS),
            dict(SIDES),
            dict(SQUAT_ITEMS),
            dict(BALANCE_MEASURES),
        )
        c = self.content
        return {
            "tests": [
                dict(t, result_label=results.get(t["result"], t["result"]), side_label=sides.get(t["side"], ""))
                for t in c.get("tests", [])
            ],
            "squat": [
                dict(s, side_label=sides[side], item_labels=[squat_items[i] for i in s["items"]])
                for side, s in c.get("single_leg_squat", {}).items()
            ],
            "balance": [(balance[key], seconds) for key, seconds in c.get("balance_s", {}).items()],
        }

    def diagnosis_display(self) -> str:
        code, text = self.content.get("diagnosis_code", ""), self.content.get("diagnosis_text", "")
        name = condition_by_code(code).name if code and code != "other" else ""
        return " - ".join(part for part in (name, text) if part)

    def stored_is_signed(self) -> bool:
        """Whether the saved row is signed, whatever this instance holds in memory."""
        return self.pk is not None and ClinicalNote.objects.filter(pk=self.pk, signed_at__isnull=False).exists()

    def save(self, *args, **kwargs) -> None:
        if self.stored_is_signed():
            raise NoteLockedError("This note is signed and cannot be changed; add an addendum instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_is_signed():
            raise NoteLockedError("A signed note cannot be deleted.")
        return super().delete(*args, **kwargs)

    def plain_summary(self, overrides: dict[str, str] | None = None) -> dict:
        """What the runner may read once the note is signed: the date, the therapist, the summary
        the therapist wrote for them, what was done and the home care. No tests, diagnosis or
        reasoning beyond that summary."""
        treatments = list(self.treatments.all())
        done = [
            {
                "name": technique_by_code(t.technique).name,
                "plain": technique_by_code(t.technique).plain,
                "area": t.get_body_area_display(),
                "side": t.get_side_display(),
                "minutes": t.minutes,
            }
            for t in treatments
        ]
        return {
            "note_id": self.pk,
            "date": self.visit.start if self.visit else self.signed_at,
            "therapist": self.author.full_name,
            "kind": "First assessment" if self.kind == self.Kind.EVALUATION else "Follow-up visit",
            "summary": self.content.get("runner_summary", ""),
            "done": done,
            "home_care": home_care_for([t.technique for t in treatments], overrides),
        }

    def snapshot(self) -> dict:
        """The full content of the note, as kept in each version."""
        return {
            "kind": self.kind,
            "region": self.region,
            "visit_id": self.visit_id,
            "content": self.content,
            "treatments": [t.to_dict() for t in self.treatments.all()],
        }


class TreatmentEntry(models.Model):
    TECHNIQUE_CHOICES = [(t.code, t.name) for t in TECHNIQUES]

    note = models.ForeignKey(ClinicalNote, on_delete=models.CASCADE, related_name="treatments")
    technique = models.CharField(max_length=30, choices=TECHNIQUE_CHOICES)
    body_area = models.CharField(max_length=20, choices=TREATMENT_AREAS)
    side = models.CharField(max_length=4, choices=SIDE_CHOICES)
    minutes = models.PositiveSmallIntegerField()
    response = models.CharField(max_length=500, blank=True, help_text="The runner's response to the technique.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = TreatmentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(minutes__gte=1, minutes__lte=180), name="treatment_minutes_1_180")
        ]

    def save(self, *args, **kwargs) -> None:
        if self.note.stored_is_signed():
            raise NoteLockedError("The note is signed: its treatment log cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.note.stored_is_signed():
            raise NoteLockedError("The note is signed: its treatment log cannot change.")
        return super().delete(*args, **kwargs)

    def to_dict(self) -> dict:
        return {
            "technique": self.technique,
            "body_area": self.body_area,
            "side": self.side,
            "minutes": self.minutes,
            "response": self.response,
        }


class NoteVersion(models.Model):
    """The full content of a note after each change before (and at) signing."""

    note = models.ForeignKey(ClinicalNote, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    change = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["note", "number"], name="one_number_per_note_version")]


class NoteAddendum(models.Model):
    """A dated amendment to a signed note. Addenda are never edited."""

    note = models.ForeignKey(ClinicalNote, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and NoteAddendum.objects.filter(pk=self.pk).exists():
            raise NoteLockedError("An addendum cannot be changed; add another one.")
        super().save(*args, **kwargs)


class HomeCareOverride(models.Model):
    """A clinic's own wording of a clinic-editable home-care text (stridecare.core.care.HOME_CARE)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="home_care_texts")
    key = models.CharField(max_length=30)
    text = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["clinic", "key"], name="one_home_care_text_per_key")]

    @classmethod
    def texts_of(cls, clinic_id: int | None) -> dict[str, str]:
        """The clinic's own wording of the home-care texts (key -> text)."""
        return dict(cls.objects.filter(clinic_id=clinic_id).values_list("key", "text"))


class ClinicCareSettings(models.Model):
    """A clinic's values for the [H] defaults of the evaluation (REFERENCE.md 0.1: configurable)."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="care_settings")
    squat_max_items = models.PositiveSmallIntegerField(default=SQUAT_MAX_ITEMS_DEFAULT)
    squat_max_pain_nprs = models.PositiveSmallIntegerField(default=SQUAT_MAX_PAIN_NPRS_DEFAULT)

    @classmethod
    def for_clinic(cls, clinic_id: int | None) -> ClinicCareSettings:
        """The clinic's stored settings, or the Stridecare defaults (unsaved) when it has none."""
        stored = cls.objects.filter(clinic_id=clinic_id).first() if clinic_id else None
        return stored or (cls(clinic_id=clinic_id) if clinic_id else cls())

    def as_dataclass(self) -> CareSettings:
        return CareSettings(self.squat_max_items, self.squat_max_pain_nprs)
