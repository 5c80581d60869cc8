"""People and clinics. A user is a runner or a member of a clinic's staff; staff can be a
physical therapist, a clinic admin, or both."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import time as dt_time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone as dj_timezone

from stridecare.core.care.helplines import COUNTRY_CHOICES, CountryHelplines, guess_country, helplines_for
from stridecare.core.geo import normalise_postcode

from .zones import is_known_zone


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    country = models.CharField(
        max_length=2,
        choices=COUNTRY_CHOICES,
        blank=True,
        help_text="Sets the emergency, urgent and crisis numbers below when they are left empty.",
    )
    timezone = models.CharField("Time zone", max_length=64, default="UTC")
    default_visit_minutes = models.PositiveIntegerField(default=45)
    # Mobile (home) visits: a list of postcodes (or their leading part), or a radius around the clinic.
    mobile_postcodes = models.TextField(
        blank=True,
        help_text="Postcodes served, one per line or comma separated. A prefix such as 'SW1' covers 'SW1A 1AA'.",
    )
    mobile_radius_km = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # REFERENCE.md 0.3 and 8.3: numbers configured per clinic; empty ones are filled from the country.
    emergency_number = models.CharField(max_length=20, blank=True, help_text="Empty: the country's emergency number.")
    urgent_number = models.CharField(
        "Urgent, not an emergency",
        max_length=200,
        blank=True,
        help_text="A line for 'see a doctor today, not an emergency' (the UK's NHS line, for example). Empty: the country's, where it has one.",
    )
    crisis_line = models.TextField(
        "Crisis lines",
        blank=True,
        help_text="One per line, as runners read it: name, number, when it is open. Write 'text WORD to NUMBER' "
        "for a line that takes text messages. Every number becomes a tap-to-call (or text) "
        "link. Empty: the country's lines.",
    )
    # REFERENCE.md 8.3: a crisis alert needs a human follow-up by the end of the working day [H];
    # unacknowledged by then, it goes to the backup contact [H]. The phrase list is the clinic's own.
    working_day_ends = models.TimeField(
        default=dt_time(18, 0),
        help_text="Crisis alerts must be followed up by this time on the same working day (Monday to Friday).",
    )
    crisis_backup_name = models.CharField("Crisis backup contact", max_length=150, blank=True)
    crisis_backup_email = models.EmailField(
        "Crisis backup email",
        blank=True,
        help_text="Gets an unacknowledged crisis alert when the follow-up time has passed. Empty: every therapist and admin of the clinic.",
    )
    self_harm_phrases = models.TextField(
        blank=True,
        help_text="One phrase per line, matched in runners' free text (false positives are acceptable). Empty: Stridecare's starting list.",
    )

    # The zone stored when it is not a known IANA name (it then reads as UTC); None when it is fine.
    stored_invalid_timezone: str | None = None

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        """A zone saved before zones were checked ("London") reads as UTC instead of breaking every
        page that shows a time; the settings page says so (``stored_invalid_timezone``)."""
        instance = super().from_db(db, field_names, values)
        zone = instance.__dict__.get("timezone")
        if zone is not None and not is_known_zone(zone):
            instance.stored_invalid_timezone, instance.timezone = zone, "UTC"
        return instance

    def save(self, *args, **kwargs):
        self.fill_numbers()
        super().save(*args, **kwargs)

    def fill_numbers(self) -> None:
        """Empty country and numbers come from the clinic's zone and the country's defaults."""
        if not self.country:
            self.country = guess_country(self.timezone, self.emergency_number, settings.STRIDECARE_COUNTRY)
        defaults = helplines_for(self.country)
        self.emergency_number = self.emergency_number.strip() or defaults.emergency
        self.urgent_number = self.urgent_number.strip() or defaults.urgent
        self.crisis_line = self.crisis_line.strip() or "\n".join(defaults.crisis)

    def helplines(self) -> CountryHelplines:
        """The numbers runners of this clinic are shown, the clinic's own over the country's."""
        defaults = helplines_for(
            self.country or guess_country(self.timezone, self.emergency_number, settings.STRIDECARE_COUNTRY)
        )
        emergency = self.emergency_number.strip() or defaults.emergency
        crisis = tuple(line.strip() for line in self.crisis_line.splitlines() if line.strip()) or defaults.crisis
        return CountryHelplines(
            defaults.code,
            defaults.name,
            emergency,
            defaults.emergency_note if emergency == defaults.emergency else "",
            self.urgent_number.strip() or defaults.urgent,
            crisis,
            defaults.sources,
        )

    def postcode_list(self) -> list[str]:
        raw = self.mobile_postcodes.replace(",", "\n").splitlines()
        return [normalise_postcode(p) for p in raw if p.strip()]

    def phrase_list(self) -> tuple[str, ...]:
        """The clinic's self-harm phrases (8.3), or Stridecare's starting list when none are set."""
        from stridecare.core.outcomes.wellbeing import DEFAULT_SELF_HARM_PHRASES

        own = tuple(line.strip() for line in self.self_harm_phrases.splitlines() if line.strip())
        return own or DEFAULT_SELF_HARM_PHRASES

    def has_mobile_service(self) -> bool:
        return bool(self.postcode_list()) or (self.mobile_radius_km is not None and self.latitude is not None)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True, role=User.Role.STAFF)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        RUNNER = "runner", "Runner"
        STAFF = "staff", "Clinic staff"

    class Units(models.TextChoices):
        KM = "km", "Kilometres"
        MI = "mi", "Miles"

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.RUNNER)
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.PROTECT, related_name="members")
    is_therapist = models.BooleanField(default=False)
    is_clinic_admin = models.BooleanField(default=False)
    primary_therapist = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="caseload"
    )
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KM)
    timezone = models.CharField(max_length=64, default="UTC")
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site.")
    date_joined = models.DateTimeField(default=dj_timezone.now)
    # Kept by two_factor.note_devices whenever an authenticator or recovery codes are saved or removed, so
    # that every page need not look in both device tables to know whether a second factor is owed. The
    # database default lets code that predates the column (an older process mid-upgrade) still add users.
    has_second_factor = models.BooleanField(default=False, db_default=False, editable=False)

    objects = UserManager()
    is_verified: Callable[[], bool]  # put on the request's user by django_otp's OTPMiddleware
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    @property
    def is_runner(self) -> bool:
        return self.role == self.Role.RUNNER

    def role_label(self) -> str:
        if self.is_runner:
            return "Runner"
        labels = [
            label
            for flag, label in ((self.is_therapist, "Physical therapist"), (self.is_clinic_admin, "Clinic admin"))
            if flag
        ]
        return " and ".join(labels) or "Clinic staff"


class Invitation(models.Model):
    class Kind(models.TextChoices):
        THERAPIST = "therapist", "Physical therapist"
        RUNNER = "runner", "Runner"

    token = models.CharField(max_length=64, unique=True, default=new_token)
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=dj_timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    def save(self, *args, **kwargs):
        if not self.expires_at:
            self.expires_at = dj_timezone.now() + timedelta(days=settings.INVITATION_DAYS)
        self.email = self.email.lower()
        super().save(*args, **kwargs)

    @property
    def is_expired(self) -> bool:
        return dj_timezone.now() >= self.expires_at

    def __str__(self) -> str:
        return f"{self.kind} invitation for {self.email}"


class RateCounter(models.Model):
    """How many times one key (a form and an address, email or user) was used in one time window.
    One row per key and window, raised by a single upsert so every process counts the same."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_key_window")]


class TwoFactorReset(models.Model):
    """A person's second factor removed by a clinic admin (or the reset_two_factor command):
    who did it, for whom, when and from where. Rows are never changed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="two_factor_resets")
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=20, choices=[("web", "Staff page"), ("command", "Command line")])
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=dj_timezone.now)

    class Meta:
        ordering = ["-at"]
