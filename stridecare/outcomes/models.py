"""Outcome measures and well-being (sections 4 and 8): completed questionnaires with every answer,
the clinic's official wording, weekly check-ins and the runner's "why I run". Scoring and the check-in
rules live in stridecare.core.outcomes; these rows store what was answered. The tables keep the names
they had when these models lived in the programs app (no data moved)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.core.outcomes.measures import MEASURE_IDS


class OutcomeResponse(models.Model):
    """One completed questionnaire with every item answer stored (section 4, 8.1)."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outcome_responses")
    measure = models.CharField(max_length=12, choices=[(m, m) for m in MEASURE_IDS])
    items = models.JSONField()
    q8 = models.JSONField(null=True, blank=True)
    labels = models.JSONField(default=list, blank=True, help_text="PSFS activity names")
    completed_on = models.DateField(default=timezone.localdate)
    score = models.FloatField(null=True, blank=True)
    complete = models.BooleanField(default=False)
    interpretation = models.CharField(max_length=500)
    self_harm = models.BooleanField(default=False)
    checkin = models.ForeignKey("CheckIn", null=True, blank=True, on_delete=models.CASCADE, related_name="responses")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "programs_outcomeresponse"
        ordering = ["-completed_on", "-pk"]

    @property
    def missing_items(self) -> list[int]:
        """1-based numbers of the unanswered items (VISA-A's Q8 counts as item 8)."""
        missing = [i for i, x in enumerate(self.items, 1) if x is None]
        if self.measure == "visa-a" and self.q8 is None:
            missing.append(8)
        return missing

    def missing_text(self) -> str:
        if self.measure == "psfs":
            return ", ".join(
                self.labels[i - 1] if i <= len(self.labels) else f"activity {i}" for i in self.missing_items
            )
        return ", ".join(f"question {i}" for i in self.missing_items)


class ClinicForm(models.Model):
    """Official wording (and AKPS weights) a clinic loaded as a data file; validated by core before use."""

    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="outcome_forms")
    measure = models.CharField(max_length=12)
    raw = models.JSONField()
    filename = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "programs_clinicform"
        ordering = ["-uploaded_at", "-pk"]


class CheckIn(models.Model):
    """Weekly well-being check-in: Stridecare's own 1-5 questions (core.outcomes.wellbeing, 5 the
    good end), plus the PHQ-2 and GAD-2 (8.1) where the clinic has loaded their official wording
    (empty otherwise)."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    completed_on = models.DateField(default=timezone.localdate)
    mood = models.PositiveSmallIntegerField()
    stress = models.PositiveSmallIntegerField()  # 1 very stressed ... 5 not stressed at all
    sleep = models.PositiveSmallIntegerField()
    motivation = models.PositiveSmallIntegerField()
    energy = models.PositiveSmallIntegerField(null=True, blank=True)
    soreness = models.PositiveSmallIntegerField(null=True, blank=True)  # 1 very sore ... 5 not sore at all
    phq2_items = models.JSONField(null=True, blank=True)
    gad2_items = models.JSONField(null=True, blank=True)
    phq2_score = models.PositiveSmallIntegerField(null=True, blank=True)
    gad2_score = models.PositiveSmallIntegerField(null=True, blank=True)
    follow_ups = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True)
    # 2.1 `trend` of the runner's problem this week; blank = no problem or not sure (RF-20, 2.2).
    trend = models.CharField(
        max_length=10,
        blank=True,
        choices=[("improving", "Improving"), ("static", "About the same"), ("worse", "Worse")],
    )
    # 2.3 rule 1: the red-flag items ticked this week (core.care.checkin_flags; empty = none of them)
    red_flags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "programs_checkin"
        ordering = ["-completed_on", "-pk"]

    @property
    def is_hard_week(self) -> bool:
        return min(self.mood, self.motivation) <= 2 or bool(self.follow_ups)


class WhyIRun(models.Model):
    """The runner's own note of why they run, shown back to them in a hard week."""

    runner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="why_i_run")
    text = models.TextField(max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "programs_whyirun"


HARD_WEEK_DAYS = 7  # a weekly check-in speaks for the week it was sent in


def why_i_run_this_week(runner, day: dt.date, is_injured: bool = False) -> WhyIRun | None:
    """The runner's "why I run" note when this is a hard week, else None. A hard week: the check-in of the
    last 7 days was a hard one (CheckIn.is_hard_week: low mood or motivation, or a positive screen), or an
    injury keeps them from running (an uncleared red flag; 8.2: injury is a recognised stressor)."""
    latest = CheckIn.objects.filter(
        runner=runner, completed_on__gt=day - dt.timedelta(days=HARD_WEEK_DAYS), completed_on__lte=day
    ).first()
    if not is_injured and not (latest and latest.is_hard_week):
        return None
    return WhyIRun.objects.filter(runner=runner).exclude(text="").first()
