"""What a runner decides about their own data: privacy zones on routes, how long gait videos are
kept, exports of everything they own, and requests to erase it (with the audit entry that stays)."""

from __future__ import annotations

import random
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.core import privacy


class PrivacyZone(models.Model):
    """A place (home, work) whose surroundings are hidden on every drawing and export of a route.

    ``lat_deg``/``lon_deg`` are the place as the runner gave it, shown to the runner alone; the
    hidden circle is centred on ``hidden_lat_deg``/``hidden_lon_deg``, drawn once at random when the
    place is set (core/privacy.py) and kept, so many runs cannot be averaged back to the place."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="privacy_zones")
    name = models.CharField(max_length=60, help_text="For example 'Home' or 'Work'.")
    lat_deg = models.FloatField(help_text="Latitude of the place, in degrees.")
    lon_deg = models.FloatField(help_text="Longitude of the place, in degrees.")
    radius_m = models.PositiveIntegerField(help_text="Everything within this distance of the place is hidden.")
    hidden_lat_deg = models.FloatField(help_text="Latitude of the randomly moved centre of the hidden circle.")
    hidden_lon_deg = models.FloatField(help_text="Longitude of the randomly moved centre of the hidden circle.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def place(self, lat_deg: float, lon_deg: float, radius_m: int, rng: random.Random | None = None) -> None:
        """Set the place and radius; the hidden centre is drawn again only when they change."""
        changed = (self.lat_deg, self.lon_deg, self.radius_m) != (lat_deg, lon_deg, radius_m)
        self.lat_deg, self.lon_deg, self.radius_m = lat_deg, lon_deg, radius_m
        if changed or self.hidden_lat_deg is None:
            rng = rng or random.SystemRandom()
            self.hidden_lat_deg, self.hidden_lon_deg = privacy.random_centre(lat_deg, lon_deg, radius_m, rng)

    def circle(self) -> privacy.HiddenCircle:
        return privacy.hidden_circle(self.hidden_lat_deg, self.hidden_lon_deg, self.radius_m)


class DataSettings(models.Model):
    """The runner's choices about their data (one row per runner, created on first change)."""

    class VideoRetention(models.TextChoices):
        AFTER_ANALYSIS = "after_analysis", "Delete the video once it is analysed (keep the results and key frames)"
        DAYS_30 = "days_30", "Keep the video for 30 days after the analysis"
        KEEP = "keep", "Keep the video until I delete it"

    runner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_settings")
    video_retention = models.CharField(
        max_length=16,
        choices=VideoRetention.choices,
        default=VideoRetention.KEEP,
        help_text="How long gait videos are kept.",
    )
    # The clinic the runner shares their live hand-off report with (issue 18 point 7); empty: shared with no one.
    report_shared_with = models.ForeignKey(
        "accounts.Clinic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The clinic whose therapists may read the runner's live hand-off report; empty: none.",
    )
    updated_at = models.DateTimeField(auto_now=True)


class VideoRemoval(models.Model):
    """A gait video (and its overlay video) removed by the runner's retention choice; the analysis
    keeps its report and key frames."""

    analysis = models.OneToOneField("gaitlab.GaitAnalysis", on_delete=models.CASCADE, related_name="video_removal")
    removed_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=200)


def export_path(instance: DataExport, filename: str) -> str:
    return f"exports/{instance.runner_id}/{uuid.uuid4().hex}/{filename}"


class DataExport(models.Model):
    """One ZIP of everything a runner owns, built by a background job, downloadable once by the
    person who asked for it until ``expires_at``; the file is removed after the download."""

    class Status(models.TextChoices):
        BUILDING = "building", "Being prepared"
        READY = "ready", "Ready to download"
        DOWNLOADED = "downloaded", "Downloaded"
        EXPIRED = "expired", "Expired"
        FAILED = "failed", "Could not be prepared"

    class Kind(models.TextChoices):
        EVERYTHING = "everything", "Everything I own"
        REFERRAL = "referral", "The clinic's record, for a referral"

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.EVERYTHING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BUILDING)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(upload_to=export_path, max_length=400, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def is_downloadable(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.READY
            and bool(self.file.name)
            and self.expires_at is not None
            and now < self.expires_at
        )


class ErasureRequest(models.Model):
    """A runner's request to erase their data, and (once carried out) the audit entry that stays:
    who asked, who confirmed, when, how many rows and files went, which records were kept and why.
    ``runner_ref`` keeps the account number when the account itself is gone."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Waiting for the clinic"
        DONE = "done", "Erased"
        CANCELLED = "cancelled", "Cancelled"

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="erasure_requests"
    )
    runner_ref = models.PositiveBigIntegerField(help_text="The runner's account number, kept after erasure.")
    clinic = models.ForeignKey("accounts.Clinic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="Rows and files removed, records retained.")

    class Meta:
        ordering = ["-requested_at"]


class RetainedRecord(models.Model):
    """A record kept through an erasure because the law requires the clinic to keep it."""

    erasure = models.ForeignKey(ErasureRequest, on_delete=models.CASCADE, related_name="retained")
    model_label = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model_label", "object_id"], name="one_retention_mark_per_record")
        ]
