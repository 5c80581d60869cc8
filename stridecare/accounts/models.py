"""People and clinics. A user is a runner or a member of a clinic's staff; staff can be a
physical therapist, a clinic admin, or both."""

from __future__ import annotations

import secrets
from datetime import time as dt_time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone as dj_timezone

from stridecare.core.geo import normalise_postcode


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    address = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    default_visit_minutes = models.PositiveIntegerField(default=45)
    # Mobile (home) visits: a list of postcodes (or their leading part), or a radius around the clinic.
    mobile_postcodes = models.TextField(blank=True, help_text="Postcodes served, one per line or comma separated. A prefix such as 'SW1' covers 'SW1A 1AA'.")
    mobile_radius_km = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    emergency_number = models.CharField(max_length=20, default="112")
    crisis_line = models.CharField(max_length=300, blank=True, help_text="Crisis line shown by 'I need help now', e.g. '116 123 (Samaritans, free, 24/7)'.")
    # REFERENCE.md 8.3: a crisis alert needs a human follow-up by the end of the working day [H];
    # unacknowledged by then, it goes to the backup contact [H]. The phrase list is the clinic's own.
    working_day_ends = models.TimeField(default=dt_time(18, 0), help_text="Crisis alerts must be followed up by this time on the same working day (Monday to Friday).")
    crisis_backup_name = models.CharField("Crisis backup contact", max_length=150, blank=True)
    crisis_backup_email = models.EmailField("Crisis backup email", blank=True, help_text="Gets an unacknowledged crisis alert when the follow-up time has passed. Empty: every therapist and admin of the clinic.")
    self_harm_phrases = models.TextField(blank=True, help_text="One phrase per line, matched in runners' free text (false positives are acceptable). Empty: Stridecare's starting list.")

    def __str__(self) -> str:
        return self.name

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

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
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
    primary_therapist = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="caseload")
    units = models.CharField(max_length=2, choices=Units.choices, default=Units.KM)
    timezone = models.CharField(max_length=64, default="UTC")
    calendar_token = models.CharField(max_length=64, unique=True, default=new_token)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin site.")
    date_joined = models.DateTimeField(default=dj_timezone.now)

    objects = UserManager()
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
        labels = [label for flag, label in ((self.is_therapist, "Physical therapist"), (self.is_clinic_admin, "Clinic admin")) if flag]
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


class LoginFailure(models.Model):
    """One failed login, kept to lock an account out after repeated failures."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=dj_timezone.now, db_index=True)
