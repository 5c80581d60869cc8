"""Runs, the files they came from, shoes, and the precomputed weekly totals and load findings.

Everything is stored in SI units; pages convert to the runner's chosen unit."""

from __future__ import annotations

import io
import re
import uuid

import numpy as np
from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.accounts.models import Clinic
from stridecare.core.load.settings import LoadSettings
from stridecare.core.models import FOOT_SPORTS

# REFERENCE.md section 9, S5 and the [H] encoding below it: a neutral reminder at 600-800 km.
SHOE_RETIRE_DEFAULT_M = 700_000
SHOE_REMINDER_SOURCE = "REFERENCE.md 9 (S5, rule of thumb 480-800 km; reminder at 600-800 km) [V:W26] [H]"


def activity_upload_path(instance: ActivityFile, filename: str) -> str:
    return f"activity-files/{instance.runner_id}/{uuid.uuid4().hex}/{filename}"


class ActivityFile(models.Model):
    """An uploaded file, stored untouched, and what became of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        PROCESSING = "processing", "Reading"
        IMPORTED = "imported", "Imported"
        DUPLICATE = "duplicate", "Already imported"
        FAILED = "failed", "Could not be read"

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_files")
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=activity_upload_path, max_length=400)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(blank=True)
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    # An unfinished FIT file (the watch stopped while recording) is refused with the number of records
    # it still holds; the runner may then ask to import them (``recover``).
    recoverable_records = models.PositiveIntegerField(default=0)
    recover = models.BooleanField(default=False)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Shoe(models.Model):
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shoes")
    name = models.CharField(max_length=100)
    model = models.CharField(max_length=100, blank=True)
    start_distance_m = models.FloatField(default=0, help_text="Distance already run in them before Stridecare.")
    retire_at_m = models.FloatField(default=SHOE_RETIRE_DEFAULT_M)
    is_default = models.BooleanField(default=False)
    is_retired = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["is_retired", "-is_default", "name"]

    def __str__(self) -> str:
        return self.name

    def distance_m(self) -> float:
        total = self.activities.aggregate(total=models.Sum("distance_m"))["total"] or 0.0
        return self.start_distance_m + total

    def reminder(self, distance_m: float | None = None) -> str | None:
        """A neutral note as the pair nears its retire-at distance (90% of it or more)."""
        done = self.distance_m() if distance_m is None else distance_m
        if self.is_retired or done < 0.9 * self.retire_at_m:
            return None
        return "These shoes are near the distance you set to replace them. That number is a rule of thumb, not a proven injury limit: check how they feel."


# The run list's filter: runs (what the load engine counts), rides, and every other sport.
RIDE_SPORTS = frozenset({"cycling", "e_biking"})
SPORT_WORDS = {
    "running": "Run",
    "cycling": "Ride",
    "e_biking": "E-bike ride",
    "walking": "Walk",
    "hiking": "Hike",
    "swimming": "Swim",
    "generic": "Other",
}


class Activity(models.Model):
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities")
    source = models.ForeignKey(
        ActivityFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    shoe = models.ForeignKey(Shoe, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities")
    sport = models.CharField(max_length=40)
    sub_sport = models.CharField(max_length=40, blank=True)
    device = models.CharField(max_length=100, blank=True)
    start_utc = models.DateTimeField(db_index=True)
    utc_offset_s = models.IntegerField(null=True, blank=True)
    distance_m = models.FloatField(null=True, blank=True)
    moving_time_s = models.FloatField()
    elapsed_time_s = models.FloatField()
    elevation_gain_m = models.FloatField(null=True, blank=True)
    avg_hr_bpm = models.FloatField(null=True, blank=True)
    max_hr_bpm = models.FloatField(null=True, blank=True)
    avg_cadence_spm = models.FloatField(null=True, blank=True)
    avg_power_w = models.FloatField(null=True, blank=True)
    avg_gct_ms = models.FloatField(null=True, blank=True)
    avg_gct_balance_left_pct = models.FloatField(null=True, blank=True)
    avg_vertical_oscillation_cm = models.FloatField(null=True, blank=True)
    avg_vertical_ratio_pct = models.FloatField(null=True, blank=True)
    avg_step_length_m = models.FloatField(null=True, blank=True)
    sources = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    fingerprint = models.CharField(max_length=64)
    rpe = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-start_utc"]
        constraints = [models.UniqueConstraint(fields=["runner", "fingerprint"], name="one_activity_per_fingerprint")]
        # The run list and the dashboard read a runner's runs newest first: served by this index, not a sort.
        # The sport filter's counts: one grouped count read from this index alone.
        indexes = [
            models.Index(fields=["runner", "-start_utc"], name="activity_runner_newest"),
            models.Index(fields=["runner", "sport"], name="activity_runner_sport"),
        ]

    def __str__(self) -> str:
        return f"{self.sport} {self.start_utc:%Y-%m-%d %H:%M}"

    def samples(self) -> dict[str, np.ndarray]:
        """The chart samples (one query of their own: no list of runs ever reads them)."""
        npz = ActivitySamples.objects.filter(activity_id=self.pk).values_list("npz", flat=True).first()
        if not npz:
            return {}
        with np.load(io.BytesIO(bytes(npz))) as data:
            return {name: data[name] for name in data.files}

    @property
    def is_foot_sport(self) -> bool:
        """Running, walking, hiking: read as a pace; rides and the rest as a speed."""
        return self.sport in FOOT_SPORTS

    @property
    def sport_label(self) -> str:
        """The sport in a word for the runner ("Run", "Ride"), never the file's code."""
        return SPORT_WORDS.get(self.sport, self.sport.replace("_", " ").capitalize())


class ActivitySamples(models.Model):
    """An activity's chart samples (compressed numpy arrays, ~18 KB a run), in a table of their own so that
    lists of runs and the dashboard never read past them (their cost stays flat as history grows)."""

    activity = models.OneToOneField(Activity, primary_key=True, on_delete=models.CASCADE, related_name="samples_row")
    npz = models.BinaryField(editable=False)


class WeekTotal(models.Model):
    """Precomputed weekly running totals (the dashboard reads these, never the runs)."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="week_totals")
    week_start = models.DateField()
    distance_m = models.FloatField()
    duration_s = models.FloatField()
    runs = models.PositiveIntegerField()
    longest_run_m = models.FloatField()
    change_pct = models.FloatField(null=True)
    long_run_share = models.FloatField(null=True)
    srpe_load_au = models.FloatField(null=True)
    monotony = models.FloatField(null=True)
    strain = models.FloatField(null=True)

    class Meta:
        ordering = ["week_start"]
        constraints = [models.UniqueConstraint(fields=["runner", "week_start"], name="one_total_per_week")]


# "Recent" for the dashboard, the runner's home and the clinic's needs-attention list alike.
RECENT_FINDINGS_DAYS = 28
# Within one severity, the primary load-risk signal first: the session spike (REFERENCE.md 5.3, 5.6),
# then a return after a break, then the weekly and monotony guidelines.
CODE_PRIORITY = {"LF-01": 4, "LF-04": 3, "LF-05": 2, "LF-03": 1}


class LoadFinding(models.Model):
    """A finding of the load engine, recomputed after every import or RPE change."""

    SEVERITY_RANK = {"info": 0, "amber": 1, "red": 2}

    @classmethod
    def most_serious(cls, findings):
        """The finding to show first: severity, then the signal's weight, then the newest."""
        return max(findings, key=lambda f: (f.severity_rank, CODE_PRIORITY.get(f.code, 0), f.date), default=None)

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="load_findings")
    code = models.CharField(max_length=20)
    severity = models.CharField(max_length=10)
    severity_rank = models.PositiveSmallIntegerField()
    date = models.DateField()
    message = models.TextField()
    therapist_note = models.TextField()
    source = models.CharField(max_length=300)
    evidence = models.CharField(max_length=60, blank=True)
    activity = models.ForeignKey(Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="findings")
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-severity_rank", "-date"]

    @property
    def headline(self) -> str:
        """The message's first sentence: what happened, without the advice that follows it."""
        return _SENTENCE_END.split(self.message.strip(), maxsplit=1)[0]


# A sentence ends at ". " before a capital letter; "8.0 km" and "(16.3 km)." inside one do not end it.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


class LoadSnapshot(models.Model):
    """The uncoupled EWMA acute:chronic ratio of the last 12 weeks (REFERENCE.md 5.4), shown as
    context only; recomputed with the findings."""

    runner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="load_snapshot")
    first_day = models.DateField()
    ratios = models.JSONField(default=list, help_text="One value per day from first_day; null while warming up.")
    computed_at = models.DateTimeField(default=timezone.now)
    # New on every recomputation: what the cached dashboard body is keyed on (training/views.py).
    version = models.UUIDField(default=uuid.uuid4, editable=False)

    @property
    def latest(self) -> float | None:
        return next((r for r in reversed(self.ratios) if r is not None), None) if self.ratios else None


class ClinicLoadSettings(models.Model):
    """A clinic's overrides of the [H] load thresholds (REFERENCE.md 0.1: clinic defaults)."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="load_settings")
    values = models.JSONField(default=dict)

    @classmethod
    def for_clinic(cls, clinic_id: int | None) -> ClinicLoadSettings:
        """The clinic's stored overrides, or none (unsaved, REFERENCE.md's defaults)."""
        stored = cls.objects.filter(clinic_id=clinic_id).first() if clinic_id else None
        return stored or (cls(clinic_id=clinic_id) if clinic_id else cls())

    def as_dataclass(self) -> LoadSettings:
        return LoadSettings.from_dict(self.values)
