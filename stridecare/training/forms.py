from typing import cast

from django import forms

from .models import Activity, Shoe


class ActivityNoteForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["rpe", "note", "shoe"]
        labels = {"rpe": "Effort (RPE 0-10)", "note": "Note", "shoe": "Shoes"}
        help_texts = {"rpe": "How hard was the whole session? 0 rest, 5 hard, 10 maximal (Foster's CR-10)."}
        widgets = {"rpe": forms.NumberInput(attrs={"min": 0, "max": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["shoe"]).queryset = Shoe.objects.filter(runner=self.instance.runner)
        self.fields["shoe"].required = False

    def clean_rpe(self):
        rpe = self.cleaned_data.get("rpe")
        if rpe is not None and not 0 <= rpe <= 10:
            raise forms.ValidationError("Effort is rated from 0 to 10.")
        return rpe


METRES_PER_UNIT = {"km": 1000.0, "mi": 1609.344}
UNIT_WORDS = {"km": "km", "mi": "miles"}


class ShoeForm(forms.ModelForm):
    """A pair of shoes, with its distances asked in the runner's unit (``units``: "km" or "mi").

    The distance fields are named with their unit (``start_distance_km`` or ``start_distance_mi``,
    ``retire_at_km`` or ``retire_at_mi``); the model keeps metres.
    """

    class Meta:
        model = Shoe
        fields = ["name", "model", "is_default"]
        labels = {"is_default": "Use for new runs"}

    def __init__(self, *args, units: str = "km", **kwargs) -> None:
        if units not in METRES_PER_UNIT:
            raise ValueError(f"units must be 'km' or 'mi', not {units!r}")
        super().__init__(*args, **kwargs)
        self.units = units
        per_unit, word = METRES_PER_UNIT[units], UNIT_WORDS[units]
        # 700 km is the default replacement distance; the rule of thumb is 480-800 km (about 300-500 miles).
        self.fields[f"start_distance_{units}"] = forms.FloatField(
            label=f"Distance already run in them ({word})", min_value=0, initial=0
        )
        self.fields[f"retire_at_{units}"] = forms.FloatField(
            label=f"Replace at ({word})",
            min_value=round(50_000 / per_unit),
            initial=round(700_000 / per_unit),
            help_text="A rule of thumb (480-800 km, about 300-500 miles); no study ties a number to injuries.",
        )
        if self.instance.pk:
            self.initial.update(
                {
                    f"start_distance_{units}": round(self.instance.start_distance_m / per_unit, 1),
                    f"retire_at_{units}": round(self.instance.retire_at_m / per_unit, 1),
                }
            )

    def save(self, commit: bool = True) -> Shoe:
        shoe = super().save(commit=False)
        per_unit = METRES_PER_UNIT[self.units]
        shoe.start_distance_m = self.cleaned_data[f"start_distance_{self.units}"] * per_unit
        shoe.retire_at_m = self.cleaned_data[f"retire_at_{self.units}"] * per_unit
        if commit:
            shoe.save()
        return shoe


class LoadSettingsForm(forms.Form):
    """The clinic-default ([H]) load thresholds; published ones are shown but not editable."""

    def __init__(self, rows: list[dict], current: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            if "[H]" not in row["tag"]:
                continue
            name, default = row["name"], row["default"]
            field: forms.Field
            if isinstance(default, str):
                field = forms.ChoiceField(
                    choices=[("distance_km", "distance (km)"), ("duration_min", "duration (min)")]
                )
            elif isinstance(default, int):
                field = forms.IntegerField(min_value=1)
            else:
                field = forms.FloatField(min_value=0.0001)
            field.label = name.replace("_", " ").capitalize()
            field.help_text = f"{row['doc']} Default {default}. Evidence: {row['tag']}."
            field.initial = current.get(name, default)
            field.required = True
            self.fields[name] = field

    def overrides(self) -> dict:
        defaults = {row["name"]: row["default"] for row in self.rows}
        return {name: value for name, value in self.cleaned_data.items() if value != defaults[name]}
