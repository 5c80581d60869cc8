"""Form fields for the questions of the self-screening (types from the screening vocabulary)."""

from __future__ import annotations

from typing import Any

from django import forms

from stridecare.core.screening import Question

UNSURE = ""
BOOL_CHOICES = [("yes", "Yes"), ("no", "No"), (UNSURE, "Not sure")]
PAIN_CHOICES = [(str(i), str(i)) for i in range(11)]


def label_of(value: str) -> str:
    return value.replace("_", " ").capitalize()


def field_for(question: Question, body_map_choices: list[tuple[str, str]]) -> forms.Field:
    kind = question.type
    if kind == "bool":
        field: forms.Field = forms.ChoiceField(choices=BOOL_CHOICES, widget=forms.RadioSelect, required=False)
    elif kind == "pain":
        field = forms.TypedChoiceField(
            choices=[(UNSURE, "-")] + PAIN_CHOICES, coerce=int, empty_value=None, required=False
        )
    elif kind == "hop_pain":
        field = forms.ChoiceField(
            choices=[(UNSURE, "-")] + PAIN_CHOICES + [("cannot", "I could not hop")], required=False
        )
    elif kind in ("int", "number"):
        kwargs: dict[str, Any] = {
            k: v for k, v in (("min_value", question.minimum), ("max_value", question.maximum)) if v is not None
        }
        field = (forms.IntegerField if kind == "int" else forms.FloatField)(required=False, **kwargs)
    elif kind == "enum":
        field = forms.ChoiceField(
            choices=[(v, label_of(v)) for v in question.options] + [(UNSURE, "Not sure")],
            widget=forms.RadioSelect,
            required=False,
        )
    elif kind == "set":
        field = forms.MultipleChoiceField(
            choices=[(v, label_of(v)) for v in question.options], widget=forms.CheckboxSelectMultiple, required=False
        )
    else:  # body_map
        field = forms.MultipleChoiceField(choices=body_map_choices, widget=forms.CheckboxSelectMultiple, required=False)
    field.label = question.topic
    return field


class StepForm(forms.Form):
    """The questions of one step; an empty answer means "not sure" (unknown, never "no")."""

    def __init__(self, questions: list[Question], body_map_choices: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.id] = field_for(question, body_map_choices)

    def answers(self) -> dict[str, object]:
        """Typed answers of this step (None for not sure)."""
        out: dict[str, object] = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.id)
            if question.type == "bool":
                value = value == "yes" if value in ("yes", "no") else None
            elif question.type == "hop_pain" and value not in (None, UNSURE, "cannot"):
                value = int(value)
            elif question.type in ("set", "body_map"):
                value = list(value) if value else ([] if question.type == "set" else None)
            elif value == UNSURE:
                value = None
            out[question.id] = value
        return out


class ClearanceForm(forms.Form):
    """A clinician's note clearing the fired red flags of a screening (2.3 rule 4)."""

    note = forms.CharField(
        label="Clearance note (what you checked, why the flags can be cleared)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
