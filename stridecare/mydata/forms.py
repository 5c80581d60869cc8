from __future__ import annotations

from django import forms

from stridecare.core import privacy
from stridecare.core.handoff import DEFAULT_SPAN_WEEKS, SPAN_WEEKS

from .models import DataSettings


class PrivacyZoneForm(forms.Form):
    name = forms.CharField(max_length=60, initial="Home", help_text="For example Home or Work.")
    lat_deg = forms.FloatField(
        label="Latitude", min_value=-89.9, max_value=89.9, help_text="In degrees, for example 51.5072."
    )
    lon_deg = forms.FloatField(
        label="Longitude", min_value=-180, max_value=180, help_text="In degrees, for example -0.1276."
    )
    radius_m = forms.IntegerField(
        label="Radius (metres)",
        min_value=privacy.MIN_RADIUS_M,
        max_value=privacy.MAX_RADIUS_M,
        initial=400,
        help_text=f"Everything this close to the place is hidden ({privacy.MIN_RADIUS_M} to {privacy.MAX_RADIUS_M} m); "
        "a somewhat larger circle around a nearby point is hidden, so the place itself cannot be found.",
    )


class RetentionForm(forms.ModelForm):
    class Meta:
        model = DataSettings
        fields = ["video_retention"]
        widgets = {"video_retention": forms.RadioSelect}
        labels = {"video_retention": "How long to keep my gait videos"}
        help_texts = {"video_retention": "Videos are used for their own analysis and nothing else."}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, help_text="Your password, to confirm it is you.")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class HandoffSpanForm(forms.Form):
    weeks = forms.TypedChoiceField(
        label="How many weeks",
        choices=[(w, f"Last {w} weeks") for w in SPAN_WEEKS],
        coerce=int,
        initial=DEFAULT_SPAN_WEEKS,
        widget=forms.RadioSelect,
        help_text="Weeks run Monday to Sunday; the current week counts up to today.",
    )
