"""Questionnaire forms a runner fills in: outcome measures (section 4), the PHQ/GAD screeners (8.1)
and the weekly check-in. Item wording and the words of answer scales come only from the clinic's
official form file; Stridecare's own words are used only for its own well-being questions and the
two ratings the reference defines (NPRS, PSFS)."""

from __future__ import annotations

from typing import cast

from django import forms

from stridecare.core.outcomes.forms import OfficialForm
from stridecare.core.outcomes.measures import VISA_A_Q7_VALUES, VISA_Q8_BANDS, get_measure, needs_official_form
from stridecare.core.outcomes.wellbeing import WELLBEING_NOTE, WELLBEING_QUESTIONS

NPRS_QUESTION = "Your pain over the last 24 hours: 0 means no pain, 10 the worst pain you can imagine."


def scale_choices(values: list[float], official: OfficialForm | None, item: int) -> list[tuple[str, str]]:
    """Answer choices of one item: the item's own options, else the numbers with the form's words
    for them where the form gives any ("0: <the form's words>"), else the bare numbers."""
    if official and official.items[item - 1].options:
        return [
            (f"{o.points:g}", f"{o.points:g}: {o.wording}" if o.wording else f"{o.points:g}")
            for o in official.items[item - 1].options
        ]
    words = official.anchor_words() if official else {}
    return [(f"{v:g}", f"{v:g}: {words[v]}" if v in words else f"{v:g}") for v in values]


class MeasureForm(forms.Form):
    """One questionnaire with the clinic's official wording, answers stored item by item.

    An outcome measure (section 4) may be saved with items left blank: core scores it by the measure's
    own rule (FAAM allows some N/A, 4.5) or marks it "incomplete" (4.0). The well-being screeners
    (PHQ-9, GAD-7) still need every item. An answer outside the item's choices is refused at its field.
    A measure that needs an official form cannot be built without one (no placeholder items).
    """

    def __init__(self, measure: str, official: OfficialForm | None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_official_form(measure) and (official is None or not official.has_wording):
            raise ValueError(f"{measure}: no official wording loaded; the runner must not be asked it")
        self.measure, self.official = measure, official
        spec = get_measure(measure)
        if measure == "psfs":
            for i in range(1, 6):
                self.fields[f"label_{i}"] = forms.CharField(
                    label=f"Activity {i} you find hard", required=i <= 3, max_length=100
                )
                self.fields[f"item_{i}"] = forms.TypedChoiceField(
                    label=f"Activity {i}: how well can you do it now? (0 unable, 10 as well as before the injury)",
                    choices=[("", "- (not rated)")] + [(k, str(k)) for k in range(11)],
                    coerce=int,
                    required=False,
                    empty_value=None,
                )
            return
        count = 7 if measure == "visa-a" else spec.item_count
        screener = measure.startswith(("phq", "gad"))
        for i in range(1, count + 1):
            wording = official.items[i - 1].wording if official else NPRS_QUESTION
            if measure == "visa-a" and i == 7 and not (official and official.items[6].options):
                choices = scale_choices([float(v) for v in VISA_A_Q7_VALUES], official, i)
            else:
                high = 30 if measure == "visa-p" and i == 8 else int(spec.answer_max)
                choices = scale_choices([float(v) for v in range(int(spec.answer_min), high + 1)], official, i)
            blank = "N/A" if spec.allows_missing else "- (not answered)"
            self.fields[f"item_{i}"] = forms.TypedChoiceField(
                label=f"{i}. {wording}",
                choices=[("", blank)] + choices,
                coerce=float,
                empty_value=None,
                required=screener,
            )
        if measure == "visa-a":
            self.fields["q8_branch"] = forms.ChoiceField(
                label="8. Sport and activity: which describes you?",
                required=False,
                choices=[
                    ("", "- (not answered)"),
                    ("A", "A: no pain while doing sport"),
                    ("B", "B: pain, but I can finish"),
                    ("C", "C: pain stops me"),
                ],
            )
            self.fields["q8_band"] = forms.TypedChoiceField(
                label="8. For how long?",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "- (not answered)")] + list(enumerate(VISA_Q8_BANDS)),
            )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if self.measure == "psfs":
            for i in range(1, 6):
                if data.get(f"item_{i}") is not None and not data.get(f"label_{i}") and f"label_{i}" not in self.errors:
                    self.add_error(f"label_{i}", "Name the activity you rated.")
        if self.measure == "visa-a" and bool(data.get("q8_branch")) != (data.get("q8_band") is not None):
            self.add_error(
                "q8_band" if data.get("q8_branch") else "q8_branch",
                "Question 8 has two parts: answer both, or leave both blank.",
            )
        return data

    def raw_answers(self) -> dict:
        data = self.cleaned_data
        if self.measure == "psfs":  # a named activity left unrated is a missing item
            items = [data.get(f"item_{i}") for i in range(1, 6) if data.get(f"label_{i}")]
            return {"items": items}
        items = [data.get(f"item_{i}") for i in range(1, len([k for k in self.fields if k.startswith("item_")]) + 1)]
        items = [int(x) if x is not None and float(x).is_integer() else x for x in items]
        raw: dict = {"items": items}
        if self.measure == "visa-a" and data.get("q8_branch"):
            raw["q8"] = {"branch": data["q8_branch"], "band": data["q8_band"]}
        return raw

    def labels(self) -> list[str]:
        return (
            [self.cleaned_data[f"label_{i}"] for i in range(1, 6) if self.cleaned_data.get(f"label_{i}")]
            if self.measure == "psfs"
            else []
        )


class CheckInForm(forms.Form):
    """The weekly check-in: Stridecare's own questions every week, the first two items of the PHQ-9
    and GAD-7 (the PHQ-2 and GAD-2, 8.1) only where the clinic loaded their official forms."""

    note = forms.CharField(
        label="Anything else this week? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    trend = forms.ChoiceField(
        label="How is your pain or injury going since last week?",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("improving", "Improving"),
            ("static", "About the same"),
            ("worse", "Worse"),
            ("", "No injury / not sure"),
        ],
    )
    red_flags = forms.MultipleChoiceField(
        label='Since last week: tick each that applies, or "None of these"',
        widget=forms.CheckboxSelectMultiple,
        help_text="Asked every week before your exercises: any of these needs a clinician first.",
    )

    def __init__(self, *args, phq: OfficialForm | None = None, gad: OfficialForm | None = None, **kwargs):
        from stridecare.core.care.checkin_flags import choices

        super().__init__(*args, **kwargs)
        own = {
            q.key: forms.TypedChoiceField(choices=q.choices(), coerce=int, label=q.question, widget=forms.RadioSelect)
            for q in WELLBEING_QUESTIONS
        }
        screeners: dict[str, forms.Field] = {}
        self.screeners = {
            name: form for name, form in (("phq", phq), ("gad", gad)) if form is not None and form.has_wording
        }
        for name, official in self.screeners.items():
            for i in (1, 2):
                screeners[f"{name}_{i}"] = forms.TypedChoiceField(
                    label=official.items[i - 1].wording,
                    coerce=int,
                    widget=forms.RadioSelect,
                    choices=[(int(float(v)), label) for v, label in scale_choices([0.0, 1.0, 2.0, 3.0], official, i)],
                )
        self.fields = {**own, **screeners, **self.fields}
        cast(forms.ChoiceField, self.fields["red_flags"]).choices = choices()

    def groups(self) -> list[tuple[str, str, list]]:
        """(title, lead-in, bound fields) in page order: own questions, each loaded screener, the rest."""
        own = [self[q.key] for q in WELLBEING_QUESTIONS]
        out = [("Your week", WELLBEING_NOTE, own)]
        titles = {
            "phq": "Mood (PHQ-2, from your clinic's official form)",
            "gad": "Worry (GAD-2, from your clinic's official form)",
        }
        for name, official in self.screeners.items():
            out.append((titles[name], official.instructions, [self[f"{name}_1"], self[f"{name}_2"]]))
        out.append(("Your injury", "", [self["trend"], self["red_flags"], self["note"]]))
        return out

    def clean_red_flags(self):
        from stridecare.core.care.checkin_flags import NONE

        ticked = self.cleaned_data["red_flags"]
        if NONE in ticked and len(ticked) > 1:
            raise forms.ValidationError('You ticked "None of these" and another item: untick one of them.')
        return [t for t in ticked if t != NONE]
