"""Appointment requests (the clinic's "request an appointment" form) and confirmed visits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.accounts.models import Clinic, new_token

WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
DAY_PARTS = [("morning", "Morning (8-12)"), ("afternoon", "Afternoon (12-17)"), ("evening", "Evening (17-20)")]


class VisitType(models.TextChoices):
    CLINIC = "clinic", "In the clinic"
    MOBILE = "mobile", "Mobile (at home)"
    TELEHEALTH = "telehealth", "Telehealth (video call)"


class AppointmentRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Waiting for the clinic"
        PROPOSED = "proposed", "Time proposed"
        CONFIRMED = "confirmed", "Confirmed"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="requests")
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="appointment_requests"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    visit_type = models.CharField(max_length=12, choices=VisitType.choices)
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    reason = models.TextField()
    preferred_days = models.JSONField(default=list)
    preferred_times = models.JSONField(default=list)
    preferred_note = models.CharField(max_length=200, blank=True)
    screening = models.JSONField(
        null=True, blank=True, help_text="Self-screening answers and result carried into the request."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    proposed_start = models.DateTimeField(null=True, blank=True)
    proposed_minutes = models.PositiveIntegerField(null=True, blank=True)
    proposed_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    status_token = models.CharField(max_length=64, unique=True, default=new_token)
    # One per rendered form: a second submission of the same form finds the first request.
    submission_token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Request #{self.pk} from {self.name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NEW, self.Status.PROPOSED}

    @property
    def needs_area_check(self) -> bool:
        """A mobile visit in a radius-served clinic whose location was not shared: staff check the address."""
        return self.visit_type == VisitType.MOBILE and not self.clinic.postcode_list() and self.latitude is None

    def preferred_days_display(self) -> str:
        names = dict(WEEKDAYS)
        return ", ".join(names.get(d, d) for d in self.preferred_days) or "Any day"

    def preferred_times_display(self) -> str:
        names = dict(DAY_PARTS)
        return ", ".join(names.get(t, t) for t in self.preferred_times) or "Any time"


class Visit(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="visits")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits_as_therapist"
    )
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="visits_as_runner"
    )
    request = models.OneToOneField(
        AppointmentRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="visit"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    visit_type = models.CharField(max_length=12, choices=VisitType.choices)
    address = models.CharField(max_length=300, blank=True)
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    uid = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="visit_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.name} with {self.therapist.full_name} at {self.start:%Y-%m-%d %H:%M}"


class RequestEvent(models.Model):
    """The history of a request, shown to the clinic and (in plain words) to the runner."""

    request = models.ForeignKey(AppointmentRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["at", "pk"]
