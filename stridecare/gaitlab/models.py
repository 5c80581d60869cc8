"""A gait analysis: the uploaded video (stored untouched), its background job and, once done,
the JSON report and the rendered files (key frames, overlay video) in a private folder."""

from __future__ import annotations

import pathlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.core.gait.flag_settings import REFERENCE_DEFAULTS, GaitFlagSettings


def video_upload_path(instance: GaitAnalysis, filename: str) -> str:
    return f"gait/{instance.runner_id}/{uuid.uuid4().hex}/{pathlib.Path(filename).name}"


class GaitAnalysis(models.Model):
    """One video of one runner and what the gait engine made of it (REFERENCE.md 6)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Analysing"
        DONE = "done", "Done"
        FAILED = "failed", "Could not be analysed"

    class PoseModel(models.TextChoices):
        LITE = "lite", "Lite (fastest)"
        FULL = "full", "Full (recommended)"
        HEAVY = "heavy", "Heavy (most accurate, slowest)"

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gait_analyses")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    original_name = models.CharField(max_length=255)
    video = models.FileField(upload_to=video_upload_path, max_length=400)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    height_cm = models.FloatField(null=True, blank=True)
    pose_model = models.CharField(max_length=5, choices=PoseModel.choices, default=PoseModel.FULL)
    label = models.CharField(max_length=100, blank=True, help_text="For example 'before retraining' or 'week 4'.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    report = models.JSONField(null=True, blank=True)
    outputs_dir = models.CharField(
        max_length=300, blank=True, help_text="Storage folder (a storage name, not a path) of the rendered files."
    )
    outputs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%Y-%m-%d})"

    @property
    def is_finished(self) -> bool:
        return self.state()["done"]

    def state(self) -> dict:
        """Status for people and for the progress poll; attempts and failures come from the job."""
        job = self.job
        if self.status == self.Status.DONE:
            return {
                "status": "done",
                "label": self.get_status_display(),
                "percent": 100,
                "done": True,
                "error": "",
                "attempts": job.attempts if job else 0,
            }
        if self.status == self.Status.FAILED:
            return {
                "status": "failed",
                "label": self.get_status_display(),
                "percent": 100,
                "done": True,
                "error": self.error,
                "attempts": job.attempts if job else 0,
            }
        if job is None:
            return {
                "status": self.status,
                "label": self.get_status_display(),
                "percent": 0,
                "done": False,
                "error": "",
                "attempts": 0,
            }
        if job.status == job.Status.FAILED:  # a crash that used up every attempt
            return {
                "status": "failed",
                "label": self.Status.FAILED.label,
                "percent": 100,
                "done": True,
                "error": f"The analysis failed {job.attempts} times ({job.last_error}). Try again later, or ask the clinic.",
                "attempts": job.attempts,
            }
        label = job.progress_message or self.get_status_display()
        if job.status == job.Status.RETRYING:
            label = f"Waiting to retry (attempt {job.attempts} of {job.max_attempts} failed)"
        return {
            "status": self.status,
            "label": label,
            "percent": job.progress_percent,
            "done": False,
            "error": "",
            "attempts": job.attempts,
        }

    def output_name(self, name: str) -> str | None:
        """Storage name of one rendered file, or None when this analysis has no such file."""
        if not self.outputs_dir or name not in self.output_names():
            return None
        return f"{self.outputs_dir}/{name}"

    def output_names(self) -> set[str]:
        names = {name for side in self.outputs.get("key_frames", {}).values() for name in side.values()}
        if self.outputs.get("overlay_video"):
            names.add(self.outputs["overlay_video"])
        return names


class ClinicGaitSettings(models.Model):
    """A clinic's overrides of the [H] gait flag thresholds of REFERENCE.md 6.4 (clinic defaults):
    only the values that differ from the reference are stored, as stridecare.core.gait.flag_settings
    names them; a missing name means REFERENCE.md's default."""

    clinic = models.OneToOneField("accounts.Clinic", on_delete=models.CASCADE, related_name="gait_settings")
    values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Gait flag thresholds of {self.clinic}"

    @classmethod
    def for_clinic(cls, clinic_id: int | None) -> ClinicGaitSettings:
        """The clinic's stored overrides, or none (unsaved, REFERENCE.md's defaults)."""
        stored = cls.objects.filter(clinic_id=clinic_id).first() if clinic_id else None
        return stored or (cls(clinic_id=clinic_id) if clinic_id else cls())

    def as_dataclass(self) -> GaitFlagSettings:
        return GaitFlagSettings.from_dict(self.values) if self.values else REFERENCE_DEFAULTS
