"""Episodes of care: one runner's course of care at one clinic, from intake to discharge, and its
letters (the discharge summary, referral letters to a physician). Visits, programs, screenings and
outcome scores belong to an episode by date (opened..closed), not by a link. A final letter is
locked like a signed note: its row refuses every later change (see ``LetterLockedError``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.accounts.models import Clinic
from stridecare.care.models import ClinicalNote
from stridecare.core.errors import StridecareError


class EpisodeError(StridecareError):
    """An episode or letter action that cannot be done; the message is for the therapist."""


class LetterLockedError(EpisodeError):
    """A final letter was about to change."""


class Episode(models.Model):
    class DischargeReason(models.TextChoices):
        GOALS_MET = "goals_met", "Goals met"
        RUNNER_STOPPED = "runner_stopped", "The runner chose to stop"
        REFERRED_ON = "referred_on", "Referred on"
        DID_NOT_RETURN = "did_not_return", "Did not return"
        OTHER = "other", "Other"

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="episodes")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="episodes")
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField()
    intake = models.ForeignKey(
        ClinicalNote,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The initial evaluation the episode opened with, if any.",
    )
    working_diagnosis = models.TextField(blank=True, help_text="The therapist's working diagnosis, in their words.")
    goals = models.TextField(blank=True, help_text="The goals of care, one per line.")
    plan = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True)
    discharge_reason = models.CharField(max_length=20, choices=DischargeReason.choices, blank=True)
    discharge_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["runner", "clinic"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_episode_per_runner_and_clinic",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="episode_closes_on_or_after_opening",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True, discharge_reason="")
                | (models.Q(closed_on__isnull=False) & ~models.Q(discharge_reason="")),
                name="episode_closed_with_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Episode of {self.runner.full_name} from {self.opened_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    def window_end(self, today: dt.date) -> dt.date:
        """The last day records belong to the episode: its closing day, or today while open."""
        return self.closed_on or today


class LetterQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        if self.filter(finalised_at__isnull=False).exists():
            raise LetterLockedError("A final letter cannot be changed; write a new one.")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(finalised_at__isnull=False).exists():
            raise LetterLockedError("A final letter is a clinical record and cannot be deleted.")
        return super().delete()


class Letter(models.Model):
    class Kind(models.TextChoices):
        DISCHARGE = "discharge", "Discharge summary"
        REFERRAL = "referral", "Referral letter"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient_name = models.CharField(max_length=200, blank=True, help_text="The physician a referral goes to.")
    recipient_address = models.TextField(blank=True)
    reason = models.TextField(blank=True, help_text="The reason for referral.")
    text = models.TextField(help_text="The letter's body as the therapist wrote it.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = LetterQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.episode.runner.full_name}"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None

    def stored_is_final(self) -> bool:
        return self.pk is not None and Letter.objects.filter(pk=self.pk, finalised_at__isnull=False).exists()

    def save(self, *args, **kwargs) -> None:
        if self.stored_is_final():
            raise LetterLockedError("This letter is final and cannot be changed; write a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.stored_is_final():
            raise LetterLockedError("A final letter is a clinical record and cannot be deleted.")
        return super().delete(*args, **kwargs)
