"""Alerts for the clinic's therapists (flare-ups, well-being, crisis) and the crisis audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

CRISIS = "self_harm"
URGENT_SCREENING_URGENCIES = ("emergency", "same_day")


class AlertQuerySet(models.QuerySet):
    def urgent(self) -> AlertQuerySet:
        """What must reach a person first (the caseload's "Urgent" and the inbox count): crisis alerts
        until someone records the follow-up; flare-ups and emergency or same-day screening results
        until someone reads them (clearing the screening's flags reads its alerts)."""
        screening = models.Q(kind="screening") & (
            models.Q(severity=Alert.Severity.RED) | models.Q(screening__urgency__in=URGENT_SCREENING_URGENCIES)
        )
        unread = models.Q(read_at__isnull=True) & (models.Q(kind="flare_up") | screening)
        return self.filter(models.Q(kind=CRISIS, acknowledged_at__isnull=True) | unread)


class Alert(models.Model):
    class Severity(models.TextChoices):
        INFO = "info", "Information"
        AMBER = "amber", "Needs attention"
        RED = "red", "Urgent"

    clinic = models.ForeignKey(
        "accounts.Clinic", null=True, blank=True, on_delete=models.CASCADE, related_name="alerts"
    )
    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=30, db_index=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.AMBER)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Crisis alerts need a human follow-up (REFERENCE.md 8.3, 2): who acknowledged, when, and what they did.
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.TextField(blank=True)
    # 8.3 rule 2: the follow-up deadline (end of the clinic's working day [H]) and the escalation to
    # the clinic's backup contact when nobody acknowledged by then.
    follow_up_due_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.CharField(max_length=500, blank=True)
    # A screening alert opens its screening, where the therapist reviews and clears the flags.
    screening = models.ForeignKey(
        "screening.ScreeningSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def needs_follow_up(self) -> bool:
        return self.kind == CRISIS and self.acknowledged_at is None

    @property
    def is_overdue(self) -> bool:
        return self.needs_follow_up and self.follow_up_due_at is not None and self.follow_up_due_at <= timezone.now()
