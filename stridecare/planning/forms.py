from __future__ import annotations

import datetime as dt

from django import forms

from .models import WEEKDAY_CHOICES

DISTANCE_CHOICES = [
    ("5000", "5 km"),
    ("10000", "10 km"),
    ("21097.5", "Half marathon (21.1 km)"),
    ("42195", "Marathon (42.2 km)"),
    ("other", "Another distance"),
]


class GoalForm(forms.Form):
    distance = forms.ChoiceField(label="Goal distance", choices=DISTANCE_CHOICES, initial="10000")
    other_km = forms.FloatField(label="Other distance (km)", required=False, min_value=1, max_value=100)
    race_on = forms.DateField(
        label="Race date (leave empty to build up to the distance)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    days_per_week = forms.TypedChoiceField(
        label="Running days a week", coerce=int, choices=[(n, str(n)) for n in range(2, 8)], initial=3
    )
    long_run_weekday = forms.TypedChoiceField(label="Long-run day", coerce=int, choices=WEEKDAY_CHOICES, initial=6)
    target_weekly_km = forms.FloatField(
        label="Weekly distance to build towards (km, optional)", required=False, min_value=1, max_value=300
    )
    usual_week_km = forms.FloatField(
        label="No runs imported lately? Your usual week (km)", required=False, min_value=1, max_value=300
    )
    usual_longest_km = forms.FloatField(
        label="and your usual longest run (km)", required=False, min_value=1, max_value=100
    )

    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("distance") == "other" and not data.get("other_km"):
            self.add_error("other_km", "Enter the distance in km.")
        race_on = data.get("race_on")
        if race_on and race_on <= self.today:
            self.add_error("race_on", "Choose a race date after today.")
        if race_on and race_on > self.today + dt.timedelta(weeks=52):
            self.add_error("race_on", "Choose a race date within a year.")
        if bool(data.get("usual_week_km")) != bool(data.get("usual_longest_km")):
            self.add_error("usual_longest_km", "Give both your usual week and your usual longest run, or neither.")
        elif data.get("usual_week_km") and data["usual_longest_km"] > data["usual_week_km"]:
            self.add_error("usual_longest_km", "Your longest run cannot be more than your whole week.")
        return data

    @property
    def distance_m(self) -> float:
        d = self.cleaned_data["distance"]
        return self.cleaned_data["other_km"] * 1000 if d == "other" else float(d)


class IllnessForm(forms.Form):
    first_day = forms.DateField(label="Unwell from", widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label="until (expected)", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("first_day") and data.get("last_day"):
            if data["last_day"] < data["first_day"]:
                self.add_error("last_day", "The last day cannot be before the first.")
            elif (data["last_day"] - data["first_day"]).days > 60:
                self.add_error("last_day", "For more than two months, talk to your therapist instead.")
        return data


class WeekEditForm(forms.Form):
    """One distance field per run of the week (``run_<pk>`` in km) and the lock."""

    lock = forms.BooleanField(label="Lock this week (keep it as set when the plan is recomputed)", required=False)

    def __init__(self, *args, week=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.week = week
        for run in week.runs.all():
            self.fields[f"run_{run.pk}"] = forms.FloatField(
                label=f"{run.on:%a %d %b} {run.words} (km)",
                min_value=0,
                max_value=100,
                initial=round(run.distance_m / 1000, 1),
            )
        self.fields["lock"].initial = week.locked

    def distances_m(self) -> dict[int, float]:
        return {int(k[4:]): round(v * 1000, 0) for k, v in self.cleaned_data.items() if k.startswith("run_")}
