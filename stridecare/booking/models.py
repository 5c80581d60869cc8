"""Appointment requests (the clinic's "request an appointment" form) and confirmed visits."""

from __future__ import annotations

from datetime import datetime, timedelta

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
        PENDING = "pending", "Waiting for the clinic to approve"

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
    # Self-booking: the clinic's visit type it was booked as; the calendar feeds' SEQUENCE, raised
    # on every reschedule and cancellation so calendar apps replace the old event.
    booked_type = models.ForeignKey(
        "BookableVisitType", null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    sequence = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)
    # Telehealth: the secret part of the video link (the clinic's URL template puts it in the room name).
    join_token = models.CharField(max_length=64, default=new_token)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="visit_ends_after_start"),
            # The last word on double booking: even a path that skipped the therapist's row lock
            # cannot hold the same therapist twice at the same start.
            models.UniqueConstraint(
                fields=["therapist", "start"],
                condition=models.Q(status__in=["confirmed", "pending"]),
                name="one_held_visit_per_therapist_and_start",
            ),
        ]

    HOLDING = ("confirmed", "pending")

    @property
    def is_held(self) -> bool:
        return self.status in self.HOLDING

    @property
    def is_telehealth(self) -> bool:
        return self.visit_type == VisitType.TELEHEALTH

    JOIN_OPENS_BEFORE = timedelta(minutes=10)

    def join_url(self, now: datetime | None = None) -> str:
        """The telehealth link from the clinic's URL template, from 10 minutes before the start
        until the end of a confirmed telehealth visit; empty otherwise."""
        now = now or timezone.now()
        if not (self.is_telehealth and self.status == self.Status.CONFIRMED):
            return ""
        if not self.start - self.JOIN_OPENS_BEFORE <= now < self.end:
            return ""
        settings_ = BookingSettings.for_clinic(self.clinic)
        return settings_.join_url_for(self)

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


class BookingSettings(models.Model):
    """A clinic's rules for self-booking, reminders and telehealth."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="booking_settings")
    reminder_hours = models.CharField(
        "Reminders (hours before)",
        max_length=100,
        default="24, 2",
        blank=True,
        help_text="Email reminders this many hours before each visit, comma separated (24, 2). Empty: none.",
    )
    change_notice_hours = models.PositiveIntegerField(
        "Notice to reschedule or cancel (hours)",
        default=24,
        help_text="Runners can move or cancel a visit online until this many hours before it; after that they call.",
    )
    booking_notice_hours = models.PositiveIntegerField("Earliest online booking (hours ahead)", default=2)
    horizon_days = models.PositiveIntegerField("Online booking opens (days ahead)", default=28)
    slot_step_minutes = models.PositiveIntegerField("Slots start every (minutes)", default=15)
    offer_hold_hours = models.PositiveIntegerField(
        "A freed slot is held for the waiting list (hours)",
        default=12,
        help_text="The first person waiting gets the slot offered by email and has this long to take it.",
    )
    telehealth_url_template = models.CharField(
        "Telehealth link template",
        max_length=300,
        blank=True,
        help_text="Your video provider's room link with {token} (or {visit_id}), for example "
        "https://meet.example.org/riverside-{token}. Runners open it in their browser.",
    )

    def __str__(self) -> str:
        return f"Booking settings of {self.clinic}"

    @classmethod
    def for_clinic(cls, clinic: Clinic) -> BookingSettings:
        """The clinic's settings; the defaults (unsaved) for a clinic that never changed them."""
        found = cls.objects.filter(clinic=clinic).first()
        return found if found is not None else cls(clinic=clinic)

    def reminder_offsets_minutes(self) -> list[int]:
        """Reminder offsets in minutes, largest first; entries that are not numbers were refused by the form."""
        values = []
        for part in self.reminder_hours.replace(";", ",").split(","):
            part = part.strip()
            if part:
                values.append(round(float(part) * 60))
        return sorted({v for v in values if v > 0}, reverse=True)

    def join_url_for(self, visit: Visit) -> str:
        if not self.telehealth_url_template:
            return ""
        return self.telehealth_url_template.replace("{token}", visit.join_token).replace("{visit_id}", str(visit.pk))


class BookableVisitType(models.Model):
    """A kind of visit runners can book: how long it lasts and the gap kept after it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="visit_types")
    name = models.CharField(max_length=100)
    mode = models.CharField("Where", max_length=12, choices=VisitType.choices)
    duration_minutes = models.PositiveIntegerField(default=45)
    buffer_minutes = models.PositiveIntegerField(
        default=15, help_text="Kept free around the visit (notes, cleaning, travel)."
    )
    is_self_bookable = models.BooleanField("Runners can book it online", default=True)
    needs_approval = models.BooleanField(
        "Online bookings wait for approval",
        default=False,
        help_text="The time is held, and the visit is confirmed once a therapist approves it.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["clinic", "name"], name="visit_type_name_unique_in_clinic")]

    def __str__(self) -> str:
        return f"{self.name} ({self.duration_minutes} min)"


class WeeklyHours(models.Model):
    """A therapist's working hours on one weekday, for one kind of visit, in the clinic's time zone."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="weekly_hours")
    therapist = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weekly_hours")
    mode = models.CharField("Kind of visit", max_length=12, choices=VisitType.choices)
    weekday = models.PositiveSmallIntegerField(choices=[(i, name) for i, (_, name) in enumerate(WEEKDAYS)])
    start_time = models.TimeField("From")
    end_time = models.TimeField("To")
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="weekly_hours_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M} ({self.get_mode_display()})"


class TimeOff(models.Model):
    """Whole days a therapist is away (leave), or the whole clinic is closed (holiday: no therapist)."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="time_off")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="time_off"
    )
    first_day = models.DateField()
    last_day = models.DateField()
    reason = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")), name="time_off_ends_after_start"
            )
        ]


class VisitReminder(models.Model):
    """One reminder email of one visit at one offset. The row, locked while it is sent, is what
    makes it go out once: every job that runs for it checks ``sent_at`` under the lock."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="reminders")
    offset_minutes = models.PositiveIntegerField()
    visit_start = models.DateTimeField()  # the start it reminds of: a rescheduled visit gets new rows
    due_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "offset_minutes", "visit_start"], name="one_reminder_per_visit_offset_and_start"
            )
        ]


class WaitlistEntry(models.Model):
    """A person waiting for an earlier time of a visit type; freed slots are offered in order."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        OFFERED = "offered", "A time is offered"
        BOOKED = "booked", "Booked"
        WITHDRAWN = "withdrawn", "Left the waiting list"

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="waitlist")
    visit_type = models.ForeignKey(BookableVisitType, on_delete=models.CASCADE, related_name="waitlist")
    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    offered_therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offered_start = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
