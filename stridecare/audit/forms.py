from __future__ import annotations

from typing import cast

from django import forms

from stridecare.accounts.access import clinic_id_of, clinic_staff
from stridecare.accounts.models import User

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    """The clinic admin's filters: runner, person (staff), action and a date range (clinic days)."""

    runner = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Every runner")
    person = forms.ModelChoiceField(queryset=User.objects.none(), required=False, empty_label="Everyone")
    action = forms.ChoiceField(choices=[("", "Every action"), *AuditEntry.Action.choices], required=False)
    date_from = forms.DateField(label="From", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="To", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, admin: User, data=None):
        super().__init__(data)
        cast(forms.ModelChoiceField, self.fields["runner"]).queryset = User.objects.filter(
            role=User.Role.RUNNER, clinic_id=clinic_id_of(admin)
        )
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = clinic_staff(admin)

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("The 'From' date is after the 'To' date.")
        return cleaned

    def apply(self, entries):
        if not self.is_valid():
            return entries.none()
        data = self.cleaned_data
        if data["runner"]:
            entries = entries.filter(runner_id=data["runner"].pk)
        if data["person"]:
            entries = entries.filter(actor_id=data["person"].pk)
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries
