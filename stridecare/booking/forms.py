from __future__ import annotations

from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone

from stridecare.accounts.models import Clinic, User
from stridecare.core.geo import distance_km, postcode_served

from .models import DAY_PARTS, WEEKDAYS, BookableVisitType, BookingSettings, VisitType


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def mobile_coverage(clinic: Clinic) -> str:
    """Where the clinic's mobile service goes, in the words the request form shows next to it:
    its postcodes (or their leading parts) or its distance from the clinic."""
    postcodes = clinic.postcode_list()
    if postcodes:
        return f"we come to your home in postcode{'s' if len(postcodes) > 1 else ''} {_join(postcodes)} (and the postcodes that start with them)."
    if clinic.mobile_radius_km is not None:
        where = f" ({clinic.address})" if clinic.address else ""
        return f"we come to your home within {clinic.mobile_radius_km:g} km of the clinic{where}."
    return ""


class RequestForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Email", help_text="We send the clinic's answer here.")
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    visit_type = forms.ChoiceField(label="Kind of visit", choices=VisitType.choices, widget=forms.RadioSelect)
    address = forms.CharField(
        label="Home address", max_length=300, required=False, help_text="Needed for a mobile visit."
    )
    postcode = forms.CharField(label="Postcode", max_length=20, required=False)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="What is bothering you?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="In your own words: where it hurts, since when, what makes it worse.",
    )
    preferred_days = forms.MultipleChoiceField(
        label="Days that suit you", choices=WEEKDAYS, required=False, widget=forms.CheckboxSelectMultiple
    )
    preferred_times = forms.MultipleChoiceField(
        label="Times that suit you", choices=DAY_PARTS, required=False, widget=forms.CheckboxSelectMultiple
    )
    preferred_note = forms.CharField(label="Anything else about timing", max_length=200, required=False)
    submission_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, clinic: Clinic, *args, user: User | None = None, **kwargs):
        self.clinic = clinic
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            for field in ("name", "email"):
                self.fields[field].disabled = True
            self.initial.setdefault("name", user.full_name)
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("phone", user.phone)
        if not clinic.has_mobile_service():
            cast(forms.ChoiceField, self.fields["visit_type"]).choices = [
                c for c in VisitType.choices if c[0] != VisitType.MOBILE
            ]
        else:
            self.fields["visit_type"].help_text = f"{VisitType.MOBILE.label}: {mobile_coverage(clinic)}"

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("visit_type") == VisitType.MOBILE:
            self._check_mobile(data)
        return data

    def _check_mobile(self, data: dict) -> None:
        if not (data.get("address") or "").strip():
            self.add_error("address", "A mobile visit needs the address where the therapist should come.")
        postcodes = self.clinic.postcode_list()
        lat, lon = data.get("latitude"), data.get("longitude")
        if postcodes:
            if not (data.get("postcode") or "").strip():
                self.add_error("postcode", "Enter your postcode so we can check that we come to your area.")
            elif not postcode_served(data["postcode"], postcodes):
                self.add_error(
                    "postcode",
                    f"{self.clinic.name} does not make home visits to {data['postcode'].upper()}. Choose an in-clinic or telehealth visit.",
                )
        elif self.clinic.mobile_radius_km is not None:
            # Without a shared location the clinic checks the address itself (the request says so).
            if (
                lat is not None
                and lon is not None
                and self.clinic.latitude is not None  # both set with a radius (ClinicSettingsForm)
                and self.clinic.longitude is not None
                and distance_km(lat, lon, self.clinic.latitude, self.clinic.longitude) > self.clinic.mobile_radius_km
            ):
                self.add_error(
                    "address",
                    f"This address is outside our {self.clinic.mobile_radius_km:g} km mobile service area. Choose an in-clinic or telehealth visit.",
                )


class _TherapistField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class SlotForm(forms.Form):
    """A therapist's slot for a request: confirm it or propose it to the runner."""

    therapist = _TherapistField(label="Therapist", queryset=User.objects.none())
    date = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label="Length (minutes)", min_value=15, max_value=240)

    def __init__(self, clinic: Clinic, therapists, *args, **kwargs):
        self.clinic = clinic
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["therapist"]).queryset = therapists

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date") and data.get("time"):
            start = datetime.combine(data["date"], data["time"]).replace(tzinfo=ZoneInfo(self.clinic.timezone))
            if start < timezone.now():
                self.add_error("date", "This time is in the past.")
            data["start"] = start
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Reason (the runner reads it)", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )


class BookSlotForm(forms.Form):
    """Booking one free slot: the slot itself (hidden) and, for a visitor, who they are."""

    visit_type = forms.IntegerField(widget=forms.HiddenInput)
    therapist = forms.IntegerField(widget=forms.HiddenInput)
    start = forms.DateTimeField(widget=forms.HiddenInput)
    submission_token = forms.CharField(widget=forms.HiddenInput)
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Email", help_text="We send the confirmation and the reminders here.")
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    address = forms.CharField(
        label="Home address", max_length=300, required=False, help_text="Where the therapist comes."
    )
    postcode = forms.CharField(label="Postcode", max_length=20, required=False)
    reason = forms.CharField(
        label="What is the visit about?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text="A few words for the therapist (optional).",
    )

    def __init__(self, *args, user: User | None = None, visit_type: BookableVisitType | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.bookable_type = visit_type
        if user is not None:
            for field in ("name", "email"):
                self.fields[field].disabled = True
            self.initial.setdefault("name", user.full_name)
            self.initial.setdefault("email", user.email)
            self.initial.setdefault("phone", user.phone)
        if visit_type is None or visit_type.mode != VisitType.MOBILE:
            del self.fields["address"], self.fields["postcode"]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if "address" in self.fields and self.bookable_type is not None:  # a home visit
            if not (data.get("address") or "").strip():
                self.add_error("address", "A home visit needs the address where the therapist should come.")
            clinic, postcode = self.bookable_type.clinic, (data.get("postcode") or "").strip()
            if clinic.postcode_list():
                if not postcode:
                    self.add_error("postcode", "Enter your postcode so we can check that we come to your area.")
                elif not postcode_served(postcode, clinic.postcode_list()):
                    self.add_error(
                        "postcode",
                        f"{clinic.name} does not make home visits to {postcode.upper()}. Choose a visit in the clinic or a video call.",
                    )
        return data

    def clean_start(self):
        start = self.cleaned_data["start"]
        if timezone.is_naive(start):
            raise forms.ValidationError("The time of the slot is missing its time zone: choose the slot again.")
        return start


class WaitlistForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150)
    email = forms.EmailField(label="Email", help_text="We email you when an earlier time comes free.")


class WeeklyHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label="Day", coerce=int, choices=[(i, name) for i, (_, name) in enumerate(WEEKDAYS)]
    )
    mode = forms.ChoiceField(label="Kind of visit", choices=VisitType.choices)
    start_time = forms.TimeField(label="From", widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label="To", widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("start_time") and data.get("end_time") and data["end_time"] <= data["start_time"]:
            self.add_error("end_time", "The hours must end after they start.")
        return data


class TimeOffForm(forms.Form):
    first_day = forms.DateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label="Last day", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Reason (staff only)", max_length=100, required=False)
    whole_clinic = forms.BooleanField(label="The whole clinic is closed (holiday)", required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", "The last day cannot be before the first day.")
        return data


class BookingSettingsForm(forms.ModelForm):
    class Meta:
        model = BookingSettings
        fields = [
            "reminder_hours",
            "change_notice_hours",
            "booking_notice_hours",
            "horizon_days",
            "slot_step_minutes",
            "offer_hold_hours",
            "telehealth_url_template",
        ]

    def clean_reminder_hours(self):
        text = self.cleaned_data["reminder_hours"]
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                hours = float(part)
            except ValueError:
                raise forms.ValidationError(f"{part!r} is not a number of hours: write them like 24, 2.") from None
            if not 0 < hours <= 24 * 14:
                raise forms.ValidationError(f"{part} hours: a reminder goes between 0 and 336 hours (14 days) before.")
        return text

    def clean_slot_step_minutes(self):
        step = self.cleaned_data["slot_step_minutes"]
        if not 5 <= step <= 240:
            raise forms.ValidationError("Slots start every 5 to 240 minutes.")
        return step

    def clean_telehealth_url_template(self):
        url = self.cleaned_data["telehealth_url_template"].strip()
        if url and not url.startswith("https://"):
            raise forms.ValidationError("The link must start with https:// (video calls need a secure link).")
        if url and "{token}" not in url and "{visit_id}" not in url:
            raise forms.ValidationError("Put {token} in the link where each visit's own room name goes.")
        return url


class VisitTypeForm(forms.ModelForm):
    class Meta:
        model = BookableVisitType
        fields = ["name", "mode", "duration_minutes", "buffer_minutes", "is_self_bookable", "needs_approval"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = BookableVisitType.objects.filter(clinic_id=self.instance.clinic_id, name__iexact=name)
        if same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"The clinic already has a visit type called {name}.")
        return name

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 10 <= minutes <= 240:
            raise forms.ValidationError("A visit lasts 10 to 240 minutes.")
        return minutes
