from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth import authenticate, password_validation

from stridecare.core.care.helplines import COUNTRY_CHOICES

from .models import Clinic, Invitation, User


class LoginForm(forms.Form):
    email = forms.EmailField(label="Email", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}))
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)

    def clean(self):
        from . import lockout, ratelimit

        email = (self.cleaned_data.get("email") or "").lower()
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        self.request.login_email = email
        address = ratelimit.client_ip(self.request)
        with lockout.attempt_lock(self.request):
            # one address guessing across many accounts: refused before any password is checked
            ratelimit.check_allowed("login_failures:ip", address)
            self.user = authenticate(self.request, username=email, password=password)
            if self.user is None and not getattr(self.request, "axes_locked_out", False):
                try:
                    ratelimit.hit("login_failures:ip", address)
                except ratelimit.RateLimited:
                    pass  # this failure is counted; the next attempt from the address is refused
        if getattr(self.request, "axes_locked_out", False):
            raise forms.ValidationError(
                "Too many failed attempts for this account from your address. Wait, or reset your password.",
                code="locked",
            )
        if self.user is None:
            raise forms.ValidationError("That email and password do not match an account.", code="invalid_login")
        return self.cleaned_data


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password.",
    )
    password2 = forms.CharField(
        label="Password again", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_password2(self):
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError("The two passwords differ.")
        if p2:
            password_validation.validate_password(p2, self._user_for_validation())
        return p2

    def _user_for_validation(self):
        return User(email=self.cleaned_data.get("email", ""), full_name=self.cleaned_data.get("full_name", ""))


class SignupForm(PasswordPairMixin):
    full_name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Email")
    field_order = ["full_name", "email", "password1", "password2"]

    def clean_email(self):
        # no "exists already": the page answers the same either way (signups.py)
        return self.cleaned_data["email"].lower()


class AcceptInvitationForm(PasswordPairMixin):
    full_name = forms.CharField(label="Your name", max_length=150)
    field_order = ["full_name", "password1", "password2"]

    def __init__(self, invitation: Invitation, *args, **kwargs):
        self.invitation = invitation
        super().__init__(*args, **kwargs)

    def _user_for_validation(self):
        return User(email=self.invitation.email, full_name=self.cleaned_data.get("full_name", ""))


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Name", max_length=150)
    email = forms.EmailField(label="Email")

    def __init__(self, clinic: Clinic, kind: str, *args, **kwargs):
        self.clinic, self.kind = clinic, kind
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        # Only the clinic's own people are named (its staff see them anyway); for any other address
        # the form answers the same, and an account that cannot join is told by email (invitations.py).
        if User.objects.filter(email=email, clinic_id=self.clinic.pk).exists():
            raise forms.ValidationError("This person is already part of your clinic.")
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "units", "timezone"]
        labels = {"full_name": "Name", "units": "Distance unit", "timezone": "Time zone"}

    def clean_timezone(self):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        name = self.cleaned_data["timezone"].strip()
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(
                "Unknown time zone: use a name such as Europe/London or America/New_York."
            ) from None
        return name


class ClinicSettingsForm(forms.ModelForm):
    # A select of IANA names: a free-text "London" used to save and then break every page showing a time.
    timezone = forms.ChoiceField(
        label="Time zone", choices=(), help_text="Where the clinic is: visit times are shown in this zone."
    )

    class Meta:
        model = Clinic
        fields = [
            "name",
            "address",
            "phone",
            "country",
            "timezone",
            "default_visit_minutes",
            "mobile_postcodes",
            "mobile_radius_km",
            "latitude",
            "longitude",
            "emergency_number",
            "urgent_number",
            "crisis_line",
            "working_day_ends",
            "crisis_backup_name",
            "crisis_backup_email",
            "self_harm_phrases",
        ]
        widgets = {
            "mobile_postcodes": forms.Textarea(attrs={"rows": 3}),
            "self_harm_phrases": forms.Textarea(attrs={"rows": 8}),
            "crisis_line": forms.Textarea(attrs={"rows": 3}),
            "working_day_ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        labels = {
            "mobile_radius_km": "Mobile service radius (km)",
            "latitude": "Clinic latitude",
            "longitude": "Clinic longitude",
            "working_day_ends": "Crisis follow-up due by (same working day)",
            "self_harm_phrases": "Self-harm phrases (REFERENCE.md 8.3)",
        }

    def __init__(self, *args, **kwargs):
        from .zones import zone_choices

        super().__init__(*args, **kwargs)
        choices = list(zone_choices())
        zone = self.instance.timezone
        if zone and zone != "UTC" and zone not in {value for _, group in choices[1:] for value, _ in group}:
            choices.insert(1, (zone, zone))  # a valid alias the clinic already has ("US/Eastern") stays choosable
        cast(forms.ChoiceField, self.fields["timezone"]).choices = choices
        cast(forms.ChoiceField, self.fields["country"]).choices = [("", "- (from the time zone)"), *COUNTRY_CHOICES]
        if self.instance.pk and not self.instance.self_harm_phrases:
            # start the clinic's own list from Stridecare's (8.3: the list is maintained by the clinic)
            self.initial["self_harm_phrases"] = "\n".join(self.instance.phrase_list())

    def clean_timezone(self):
        from .zones import is_known_zone

        name = self.cleaned_data["timezone"].strip()
        if not is_known_zone(name):  # the select allows only known names; this says why to anyone posting another
            raise forms.ValidationError(
                f'"{name}" is not a time zone name: choose one from the list, e.g. Europe/London for London.'
            )
        return name

    def _post_clean(self):
        # A new country brings its own numbers, unless the clinic had typed its own (8.3 rule 6:
        # the numbers are the clinic's to choose); empty ones are filled from the country on save.
        from stridecare.core.care.helplines import helplines_for

        old, new = self.initial.get("country"), self.cleaned_data.get("country")
        if old and new and old != new:
            before, after = helplines_for(old), helplines_for(new)
            for field, was, now in (
                ("emergency_number", before.emergency, after.emergency),
                ("urgent_number", before.urgent, after.urgent),
                ("crisis_line", "\n".join(before.crisis), "\n".join(after.crisis)),
            ):
                if self.cleaned_data.get(field, "").strip() in ("", was.strip()):
                    self.cleaned_data[field] = now
        super()._post_clean()  # type: ignore[misc]  # ModelForm's hook, which django-stubs leaves out

    def clean_crisis_line(self):
        from stridecare.core.care.helplines import has_number

        lines = [" ".join(line.split()) for line in self.cleaned_data["crisis_line"].splitlines() if line.strip()]
        for number, line in enumerate(lines, 1):
            if not has_number(line):
                raise forms.ValidationError(
                    f'Line {number} ("{line}") has no phone number of at least 3 digits to call or text.'
                )
        return "\n".join(lines)

    def clean_emergency_number(self):
        number = self.cleaned_data["emergency_number"].strip()
        if number and (sum(ch.isdigit() for ch in number) < 2 or any(ch not in "0123456789 +-" for ch in number)):
            raise forms.ValidationError(
                "Digits only (spaces allowed), e.g. 999 or 112; leave empty for the country's number."
            )
        return number

    def clean_self_harm_phrases(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["self_harm_phrases"].splitlines()]
        lines = [line for line in lines if line]
        if any(len(line) < 3 for line in lines):
            raise forms.ValidationError(
                "Each phrase needs at least 3 characters (a shorter one would match inside ordinary words)."
            )
        if self.instance.self_harm_phrases and not lines:
            raise forms.ValidationError(
                "Keep at least one phrase: free text is one of the crisis triggers (REFERENCE.md 8.3)."
            )
        return "\n".join(dict.fromkeys(lines))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("mobile_radius_km") is not None and (data.get("latitude") is None or data.get("longitude") is None):
            self.add_error("mobile_radius_km", "A radius needs the clinic's latitude and longitude.")
        for field, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = data.get(field)
            if value is not None and not low <= value <= high:
                self.add_error(field, f"Must be between {low} and {high}.")
        return data


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text="6 digits from your authenticator app, or one of your recovery codes.",
    )
