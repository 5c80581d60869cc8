"""A runner's training plan: the goal, its weeks and runs as last computed (core.plan), the weeks a
therapist locked or edited, and the secret token of its calendar feed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.accounts.models import new_token
from stridecare.core.plan import Goal, PlannedRun, Step
from stridecare.core.plan.models import RUN_WORDS, WEEK_WORDS

WEEKDAY_CHOICES = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class TrainingPlan(models.Model):
    class Status(models.TextChoices):
        OK = "ok", "On track"
        UNSAFE = "unsafe", "Goal not safe"
        PAUSED = "paused", "Paused"
        NEEDS_START = "needs_start", "Needs a starting point"

    runner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_plan")
    goal_distance_m = models.FloatField()
    race_on = models.DateField(null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(default=3)
    long_run_weekday = models.PositiveSmallIntegerField(default=6, choices=WEEKDAY_CHOICES)
    target_weekly_m = models.FloatField(null=True, blank=True)
    usual_week_m = models.FloatField(null=True, blank=True)
    usual_longest_m = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OK)
    message = models.TextField(blank=True)
    source = models.TextField(blank=True)
    alternatives = models.JSONField(default=list, blank=True)
    ill_from = models.DateField(null=True, blank=True)
    ill_until = models.DateField(null=True, blank=True)
    inputs_key = models.CharField(max_length=200, blank=True)
    """What the last computation saw (runs, check-ins, holds, locks, the day): recompute when it changes."""
    feed_token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Plan of {self.runner}"

    @property
    def goal(self) -> Goal:
        return Goal(self.goal_distance_m, self.race_on, self.days_per_week, self.long_run_weekday, self.target_weekly_m)


class PlanWeekRow(models.Model):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="weeks")
    week_start = models.DateField()
    kind = models.CharField(max_length=12)
    reason = models.TextField(blank=True)
    source = models.TextField(blank=True)
    planned_m = models.FloatField(default=0)
    total_m = models.FloatField(default=0)
    change_pct = models.FloatField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["week_start"]
        constraints = [models.UniqueConstraint(fields=["plan", "week_start"], name="one_plan_week_per_monday")]

    @property
    def words(self) -> str:
        return WEEK_WORDS.get(self.kind, self.kind)

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


class PlanRunRow(models.Model):
    week = models.ForeignKey(PlanWeekRow, on_delete=models.CASCADE, related_name="runs")
    on = models.DateField()
    kind = models.CharField(max_length=10)
    distance_m = models.FloatField()
    reason = models.TextField(blank=True)
    source = models.TextField(blank=True)
    steps = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["on", "pk"]

    @property
    def words(self) -> str:
        return RUN_WORDS.get(self.kind, self.kind)

    def to_core(self) -> PlannedRun:
        steps = tuple(Step(**s) for s in self.steps)
        return PlannedRun(self.on, self.kind, self.distance_m, self.reason, self.source, steps, locked=self.week.locked)  # type: ignore[arg-type]
