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
        self.fields["shoe"].queryset = Shoe.objects.filter(runner=self.instance.runner)
        self.fields["shoe"].required = False

    def clean_rpe(self):
        rpe = self.cleaned_data.get("rpe")
        if rpe is not None and not 0 <= rpe <= 10:
            raise forms.ValidationError("Effort is rated from 0 to 10.")
        return rpe


class ShoeForm(forms.ModelForm):
    start_distance_km = forms.FloatField(label="Distance already run in them (km)", min_value=0, initial=0)
    retire_at_km = forms.FloatField(label="Replace at (km)", min_value=50, initial=700,
                                    help_text="A rule of thumb (480-800 km); no study ties a number to injuries.")

    class Meta:
        model = Shoe
        fields = ["name", "model", "is_default"]
        labels = {"is_default": "Use for new runs"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.update(start_distance_km=self.instance.start_distance_m / 1000, retire_at_km=self.instance.retire_at_m / 1000)

    def save(self, commit=True):
        shoe = super().save(commit=False)
        shoe.start_distance_m = self.cleaned_data["start_distance_km"] * 1000
        shoe.retire_at_m = self.cleaned_data["retire_at_km"] * 1000
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
            if isinstance(default, str):
                field = forms.ChoiceField(choices=[("distance_km", "distance (km)"), ("duration_min", "duration (min)")])
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
