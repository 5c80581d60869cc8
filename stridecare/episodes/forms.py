from __future__ import annotations

from typing import cast

from django import forms

from stridecare.care.models import ClinicalNote

from .models import Episode


class _IntakeField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ClinicalNote) -> str:
        return f"{obj.created_at:%d %b %Y}: {obj.region_name() or 'evaluation'}"


class EpisodeForm(forms.Form):
    opened_on = forms.DateField(label="Opened on", widget=forms.DateInput(attrs={"type": "date"}))
    intake = _IntakeField(
        queryset=ClinicalNote.objects.none(),
        required=False,
        label="Intake evaluation",
        empty_label="None yet",
    )
    working_diagnosis = forms.CharField(
        label="Working diagnosis", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
    goals = forms.CharField(
        label="Goals, one per line", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    plan = forms.CharField(label="Plan", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False)

    def __init__(self, runner, clinic_id, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["intake"])
        field.queryset = ClinicalNote.objects.filter(
            runner=runner, clinic_id=clinic_id, kind=ClinicalNote.Kind.EVALUATION
        ).order_by("-created_at")


class DischargeForm(forms.Form):
    closed_on = forms.DateField(label="Discharged on", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label="Reason", choices=Episode.DischargeReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label="Note (needed for 'Other')", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class ReferralForm(forms.Form):
    recipient_name = forms.CharField(label="Physician's name", max_length=200)
    recipient_address = forms.CharField(
        label="Physician's address", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )
    reason = forms.CharField(label="Reason for referral", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class LetterForm(forms.Form):
    recipient_name = forms.CharField(label="Physician's name", max_length=200, required=False)
    recipient_address = forms.CharField(
        label="Physician's address", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )
    text = forms.CharField(label="Letter text", widget=forms.Textarea(attrs={"rows": 24}), max_length=20000)


class FinaliseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I have read the letter; once final it cannot be changed.",
        error_messages={"required": "Tick the box to confirm: a final letter cannot be changed."},
    )
