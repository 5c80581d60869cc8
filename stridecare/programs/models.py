"""Exercise programs (issue 8): prescriptions, logs, progression suggestions, return to running and
the referrals a clinic hands out (outcome measures and check-ins are in stridecare.outcomes). Rules and
numbers live in stridecare.core.programs (the measures' schedule in core.outcomes); these rows store
what was prescribed, done and decided."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.core.outcomes.schedule import DEFAULT_SCHEDULE, ScheduleSettings
from stridecare.core.programs.dose import days_text, format_dose
from stridecare.core.programs.library import get_exercise
from stridecare.core.programs.progression import ExerciseLog as CoreExerciseLog
from stridecare.core.programs.settings import CONDITION_IDS, DEFAULT_SETTINGS, ProgressionSettings
from stridecare.core.programs.walkrun import WalkRunSession
from stridecare.core.programs.wording import condition_name, plain_text

CONDITION_CHOICES = sorted(((c, condition_name(c)) for c in CONDITION_IDS), key=lambda choice: choice[1])
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Program(models.Model):
    """A runner's exercise program, from a protocol phase (section 1) or from scratch."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programs")
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    condition = models.CharField(max_length=40, choices=CONDITION_CHOICES)
    from_protocol = models.BooleanField(default=True)
    phase = models.CharField(max_length=20, blank=True)
    started = models.DateField(default=timezone.localdate)
    is_active = models.BooleanField(default=True)
    # Return to running (7.1 checklist answers: criterion id -> true/false; self-tests are marked by whom)
    rtr_answers = models.JSONField(default=dict, blank=True)
    rtr_bsi_high_risk = models.BooleanField(default=False)
    walk_run_started_on = models.DateField(null=True, blank=True)
    # Set by the therapist: the 4.9 "at discharge" outcome measures come due on this day
    discharged_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_condition_display()} program of {self.runner.full_name}"

    @property
    def phase_label(self) -> str:
        """ "Phase 1: calm", or "" for a program built from scratch."""
        from stridecare.core.programs.protocols import get_protocol

        return get_protocol(self.condition).phase(self.phase).label if self.phase else ""


class PrescribedExercise(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="exercises")
    exercise_id = models.CharField(max_length=8)
    # 500: the library's own dose texts run to 201 characters (EX06), and an empty dose takes the library's
    dose = models.CharField(max_length=500, help_text="As the runner reads it, e.g. '3 x 15 each side'.")
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    load_kg = models.FloatField(null=True, blank=True)
    weekdays = models.CharField(max_length=20, default="0,2,4", help_text="0 = Monday ... 6 = Sunday")
    level = models.SmallIntegerField(default=0, help_text="Steps progressed (+) or regressed (-) since prescribed.")
    source = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    @property
    def exercise(self):
        return get_exercise(self.exercise_id)

    @property
    def weekday_list(self) -> list[int]:
        return [int(d) for d in self.weekdays.split(",") if d.strip().isdigit()]

    def weekday_names(self) -> str:
        return days_text(self.weekday_list)

    def dose_text(self) -> str:
        """What the runner reads on Today, the program page and the printed sheet: "3 x 15, Mon/Wed/Fri"."""
        return format_dose(self.dose, self.sets, self.reps, self.hold_s, self.load_kg, self.weekday_list)

    def is_due_on(self, day: dt.date) -> bool:
        return day.weekday() in self.weekday_list

    def level_text(self) -> str:
        steps = abs(self.level)
        if self.level > 0:
            return f"progressed {steps} step{'s' if steps > 1 else ''}: {plain_text(self.exercise.harder)}"
        if self.level < 0:
            return f"regressed {steps} step{'s' if steps > 1 else ''}: {plain_text(self.exercise.easier)}"
        return ""


class ExerciseLog(models.Model):
    prescribed = models.ForeignKey(PrescribedExercise, on_delete=models.CASCADE, related_name="logs")
    performed_on = models.DateField(default=timezone.localdate)
    sets = models.PositiveSmallIntegerField(null=True, blank=True)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    load_kg = models.FloatField(null=True, blank=True)
    reps_completed_all = models.BooleanField(default=True)
    form_ok = models.BooleanField(default=True)
    baseline_pain = models.PositiveSmallIntegerField(default=0)
    pain_during = models.PositiveSmallIntegerField()
    pain_next_morning = models.PositiveSmallIntegerField(null=True, blank=True)
    flare_up = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-performed_on", "-pk"]

    def to_core(self) -> CoreExerciseLog:
        return CoreExerciseLog(
            self.performed_on,
            self.reps_completed_all,
            self.form_ok,
            self.pain_during,
            self.baseline_pain,
            self.pain_next_morning,
            self.sets,
            self.reps,
            self.hold_s,
            self.load_kg,
        )


class ProgressionSuggestion(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the therapist"
        ACCEPTED = "accepted", "Accepted"
        CHANGED = "changed", "Changed by the therapist"

    ACTIONS = [("progress", "Progress"), ("hold", "Hold"), ("regress", "Regress")]
    prescribed = models.ForeignKey(PrescribedExercise, on_delete=models.CASCADE, related_name="suggestions")
    log = models.ForeignKey(ExerciseLog, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=10, choices=ACTIONS)
    step = models.CharField(max_length=200)
    rule = models.CharField(max_length=200)
    reason = models.CharField(max_length=500)
    source = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_action = models.CharField(max_length=10, choices=ACTIONS, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]


class ClinicProgressionSettings(models.Model):
    """A clinic's own boundaries of the [H] progression rules (0.5, 0.6, 4.7, 7.2); empty = the reference's."""

    clinic = models.OneToOneField("accounts.Clinic", on_delete=models.CASCADE, related_name="progression_settings")
    values = models.JSONField(default=dict, blank=True)
    # The clinic's 4.9 [H] outcome-measure schedule (ScheduleSettings fields); empty = the reference's defaults
    outcome_schedule = models.JSONField(default=dict, blank=True)

    @classmethod
    def for_clinic(cls, clinic_id: int | None) -> ClinicProgressionSettings:
        """The clinic's stored boundaries, or none (unsaved, REFERENCE.md's defaults)."""
        stored = cls.objects.filter(clinic_id=clinic_id).first() if clinic_id else None
        return stored or (cls(clinic_id=clinic_id) if clinic_id else cls())

    def as_dataclass(self) -> ProgressionSettings:
        return dataclasses.replace(DEFAULT_SETTINGS, **self.values)

    def as_schedule(self) -> ScheduleSettings:
        return dataclasses.replace(DEFAULT_SCHEDULE, **self.outcome_schedule)


def settings_for_clinic(clinic_id: int | None) -> ProgressionSettings:
    return ClinicProgressionSettings.for_clinic(clinic_id).as_dataclass()


def schedule_for_clinic(clinic_id: int | None) -> ScheduleSettings:
    """The clinic's outcome-measure schedule (REFERENCE.md 4.9 [H]), else the reference's defaults."""
    return ClinicProgressionSettings.for_clinic(clinic_id).as_schedule()


class WalkRunLog(models.Model):
    """One walk-run session the runner logged (7.2)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="walk_runs")
    performed_on = models.DateField(default=timezone.localdate)
    stage = models.PositiveSmallIntegerField()
    intervals_completed = models.BooleanField(default=True)
    baseline_pain = models.PositiveSmallIntegerField(default=0)
    pain_during = models.PositiveSmallIntegerField()
    next_morning_pain = models.PositiveSmallIntegerField(null=True, blank=True)
    limp_or_gait_change = models.BooleanField(default=False)
    night_pain = models.BooleanField(default=False)
    focal_bone_pain = models.BooleanField(default=False)

    class Meta:
        ordering = ["performed_on", "pk"]

    def to_core(self) -> WalkRunSession:
        return WalkRunSession(
            self.performed_on,
            self.stage,
            self.intervals_completed,
            self.pain_during,
            self.baseline_pain,
            self.next_morning_pain,
            self.limp_or_gait_change,
            self.night_pain,
            self.focal_bone_pain,
        )


class Referral(models.Model):
    """The clinic's referral list (8.2): people a therapist can hand to a runner."""

    KINDS = [
        ("counsellor", "Counsellor"),
        ("sport_psychologist", "Sport psychologist"),
        ("sports_physician", "Sports physician"),
        ("other", "Other"),
    ]
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(max_length=20, choices=KINDS)
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=300)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class HandedReferral(models.Model):
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handed_referrals")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="+")
    handed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    handed_at = models.DateTimeField(default=timezone.now)
