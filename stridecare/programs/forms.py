"""Forms for programs, logs, return to running and the clinic's outcome settings (questionnaires
a runner fills in are in questionnaire_forms.py)."""

from __future__ import annotations

from typing import cast

from django import forms

from stridecare.core.care import SQUAT_ITEMS
from stridecare.core.outcomes.schedule import SCHEDULE_BOUNDS, ScheduleSettings, schedule_problems
from stridecare.core.programs.library import BODY_REGION_NAMES, BODY_REGIONS, load_library
from stridecare.core.programs.protocols import load_protocols
from stridecare.core.programs.rtr import RTR_CRITERIA
from stridecare.core.programs.wording import plain_text

from .models import CONDITION_CHOICES, WEEKDAY_NAMES, ExerciseLog, PrescribedExercise, Referral
from .rtr import RED_FLAG_CRITERION

PAIN_CHOICES = [(i, str(i)) for i in range(11)]
WEEKDAY_CHOICES = [(i, name) for i, name in enumerate(WEEKDAY_NAMES)]


def exercise_choices() -> list[tuple[str, str]]:
    return [(e.id, f"{e.id} {e.name}") for e in load_library().values()]


def phase_choices() -> list:
    """ "From scratch", then each protocol (by its condition's name) with its phases ("Phase 1: calm")."""
    protocols = sorted(load_protocols().values(), key=lambda p: p.name)
    return [("", "From scratch (no protocol)")] + [
        (p.name, [(f"{p.condition}:{ph.id}", ph.label) for ph in p.phases]) for p in protocols
    ]


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    region = forms.ChoiceField(
        label="Body region", required=False, choices=[("", "Any")] + [(r, BODY_REGION_NAMES[r]) for r in BODY_REGIONS]
    )
    target = forms.ChoiceField(label="Target", required=False)
    equipment = forms.ChoiceField(label="Equipment", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        library = load_library().values()
        targets = sorted({t for e in library for t in e.target_groups})
        equipment = sorted({t for e in library for t in e.equipment_tags})
        cast(forms.ChoiceField, self.fields["target"]).choices = [("", "Any")] + [
            (t, t.replace("_", " ")) for t in targets
        ]
        cast(forms.ChoiceField, self.fields["equipment"]).choices = [("", "Any")] + [
            (t, t.replace("_", " ")) for t in equipment
        ]


class StartProgramForm(forms.Form):
    condition = forms.ChoiceField(
        choices=CONDITION_CHOICES,
        label="Condition",
        help_text="Sets the progression rule: 4.7 pain monitoring for tendinopathies and plantar heel pain, else 0.5.",
    )
    protocol_phase = forms.ChoiceField(label="Start from", required=False)
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        coerce=int,
        initial=[0, 2, 4],
        widget=forms.CheckboxSelectMultiple,
        label="Exercise days",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["protocol_phase"]).choices = phase_choices()

    def clean(self):
        super().clean()
        data = self.cleaned_data
        choice = data.get("protocol_phase")
        if choice and data.get("condition") and not choice.startswith(data["condition"] + ":"):
            self.add_error(
                "protocol_phase", "Pick a phase of the protocol for the chosen condition, or start from scratch."
            )
        return data

    def phase_id(self) -> str | None:
        choice = self.cleaned_data.get("protocol_phase")
        return choice.split(":", 1)[1] if choice else None


class AddExerciseForm(forms.Form):
    exercise_id = forms.ChoiceField(label="Exercise", choices=exercise_choices)
    dose = forms.CharField(label="Dose", required=False, max_length=500, help_text="Empty: the library's default dose.")
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES, coerce=int, initial=[0, 2, 4], widget=forms.CheckboxSelectMultiple, label="Days"
    )


class PrescribedForm(forms.ModelForm):
    weekday_set = forms.TypedMultipleChoiceField(
        choices=WEEKDAY_CHOICES, coerce=int, widget=forms.CheckboxSelectMultiple, label="Days"
    )

    class Meta:
        model = PrescribedExercise
        fields = ["dose", "sets", "reps", "hold_s", "load_kg"]
        labels = {"dose": "Prescribed dose text", "hold_s": "Hold (s)", "load_kg": "Load (kg)"}
        help_texts = {
            "dose": "The runner reads the sets, reps, hold and load below with the days; this text adds ranges "
            '("15-20"), "each side" and times a day.'
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["weekday_set"] = self.instance.weekday_list

    def save(self, commit=True):
        item = super().save(commit=False)
        item.weekdays = ",".join(str(d) for d in sorted(self.cleaned_data["weekday_set"]))
        if commit:
            item.save()
        return item


class ExerciseLogForm(forms.ModelForm):
    pain_during = forms.TypedChoiceField(
        choices=PAIN_CHOICES, coerce=int, label="Pain during (0-10)", help_text="0 no pain, 10 worst imaginable."
    )
    baseline_pain = forms.TypedChoiceField(
        choices=PAIN_CHOICES, coerce=int, initial=0, label="Your usual pain before today (0-10)"
    )

    class Meta:
        model = ExerciseLog
        fields = ["sets", "reps", "hold_s", "load_kg", "reps_completed_all", "form_ok", "baseline_pain", "pain_during"]
        labels = {
            "sets": "Sets done",
            "reps": "Reps per set",
            "hold_s": "Hold (s)",
            "load_kg": "Load (kg)",
            "reps_completed_all": "I did every set and rep",
            "form_ok": "My form was good (as in the steps)",
        }


class MorningPainForm(forms.Form):
    pain_next_morning = forms.TypedChoiceField(choices=PAIN_CHOICES, coerce=int, label="Pain this morning (0-10)")


class RtrChecklistForm(forms.Form):
    """7.1 entry criteria: yes / no / not checked yet (never treated as met)."""

    def __init__(self, *args, answers: dict, runner_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for c in RTR_CRITERIA:
            if c.id == RED_FLAG_CRITERION:  # computed from the runner's screenings, never ticked by hand
                continue
            if runner_only and (not c.self_testable or c.id == "RTR-06"):  # RTR-06 via the 7.4 squat score
                continue
            current = answers.get(c.id, {}).get("met") if isinstance(answers.get(c.id), dict) else None
            label, help_text = (
                (c.criterion.capitalize(), plain_text(c.threshold))
                if runner_only
                else (f"{c.id} {c.criterion}", f"{c.threshold} ({c.source})")
            )
            self.fields[c.id] = forms.ChoiceField(
                label=label,
                required=False,
                help_text=help_text,
                choices=[("", "Not checked yet"), ("yes", "Met"), ("no", "Not met")],
                initial={True: "yes", False: "no", None: ""}.get(current, ""),
            )
        if not runner_only:
            self.fields["bsi_high_risk"] = forms.BooleanField(
                label="High-risk bone stress injury (needs imaging)", required=False
            )

    def answers(self) -> dict[str, bool | None]:
        return {k: {"yes": True, "no": False}.get(v) for k, v in self.cleaned_data.items() if k.startswith("RTR-")}


class SingleLegSquatForm(forms.Form):
    """7.4: five faults watched over 5 reps, plus pain; passes with at most 1 fault and pain <= 2/10."""

    side = forms.ChoiceField(choices=[("left", "Left leg"), ("right", "Right leg")], label="Leg tested")
    pain = forms.TypedChoiceField(
        choices=[(i, str(i)) for i in range(11)], coerce=int, label="Pain during the squats (0-10)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i, (_code, label) in enumerate(SQUAT_ITEMS):
            self.fields[f"fault_{i}"] = forms.BooleanField(label=f"Seen: {label[0].lower()}{label[1:]}", required=False)

    def faults(self) -> dict[str, bool]:
        return {code: self.cleaned_data[f"fault_{i}"] for i, (code, _label) in enumerate(SQUAT_ITEMS)}


class WalkRunLogForm(forms.Form):
    intervals_completed = forms.BooleanField(label="I ran every interval", required=False, initial=True)
    baseline_pain = forms.TypedChoiceField(
        choices=PAIN_CHOICES, coerce=int, initial=0, label="Usual pain before the run (0-10)"
    )
    pain_during = forms.TypedChoiceField(choices=PAIN_CHOICES, coerce=int, label="Pain during the run (0-10)")
    limp_or_gait_change = forms.BooleanField(label="I limped or ran differently", required=False)
    night_pain = forms.BooleanField(label="Pain woke me at night", required=False)
    focal_bone_pain = forms.BooleanField(label="Pain on one spot of a bone", required=False)


class DischargeForm(forms.Form):
    """The therapist's discharge date: the 4.9 discharge measures come due that day. Empty = not discharged."""

    discharged_on = forms.DateField(
        label="Discharge date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The runner's discharge questionnaires (REFERENCE.md 4.9) come due on this day.",
    )

    def __init__(self, *args, started_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.started_on = started_on

    def clean_discharged_on(self):
        day = self.cleaned_data["discharged_on"]
        if day is not None and day < self.started_on:
            raise forms.ValidationError(
                f"The program started on {self.started_on:%d %b %Y}: discharge cannot come before it."
            )
        return day


class ClinicScheduleForm(forms.Form):
    """The clinic's outcome-measure schedule (REFERENCE.md 4.9 [H]), checked by core.outcomes.schedule."""

    interval_days = forms.IntegerField(
        label="4.9 measures repeated every (days)",
        min_value=SCHEDULE_BOUNDS["interval_days"][0],
        max_value=SCHEDULE_BOUNDS["interval_days"][1],
        help_text="[H], default 14 (every 2 weeks)",
    )
    follow_up_days = forms.IntegerField(
        label="4.9 follow-up after baseline (days)",
        min_value=SCHEDULE_BOUNDS["follow_up_days"][0],
        max_value=SCHEDULE_BOUNDS["follow_up_days"][1],
        help_text="[H], default 91 (3 months)",
    )
    window_days = forms.IntegerField(
        label="Answers within this many days of a due date count (days)",
        min_value=SCHEDULE_BOUNDS["window_days"][0],
        max_value=SCHEDULE_BOUNDS["window_days"][1],
        help_text="[H], default 3",
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if not self.errors:
            for name, problem in schedule_problems(self.schedule()).items():
                self.add_error(name, problem)
        return data

    def schedule(self) -> ScheduleSettings:
        return ScheduleSettings(**{name: self.cleaned_data[name] for name in SCHEDULE_BOUNDS})


class ClinicFormUpload(forms.Form):
    file = forms.FileField(
        label="Official form file (JSON)",
        help_text="The measure's official wording; for the AKPS also the option weights.",
    )


class WhyIRunForm(forms.Form):
    text = forms.CharField(
        label="Why I run",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A few words for yourself; shown back to you on hard weeks.",
    )


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["kind", "name", "contact", "notes"]


class HandReferralForm(forms.Form):
    referral = forms.ModelChoiceField(queryset=Referral.objects.none(), label="Referral to hand over")

    def __init__(self, clinic, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["referral"]).queryset = Referral.objects.filter(clinic=clinic)


class ClinicRulesForm(forms.Form):
    """The [H] boundaries of the progression rules a clinic may change (0.5, 0.6, 4.7, 7.2)."""

    green_max_during = forms.IntegerField(min_value=0, max_value=10, label="4.7 green zone: pain during up to")
    amber_max_during = forms.IntegerField(min_value=0, max_value=10, label="4.7 amber zone: pain during up to")
    regress_morning_delta = forms.IntegerField(
        min_value=1, max_value=10, label="0.5 regress when next-morning pain rises by at least"
    )
    progress_sessions_required = forms.IntegerField(
        min_value=1, max_value=10, label="0.5 sessions settled before progressing"
    )
    walk_run_successes_to_advance = forms.IntegerField(
        min_value=1, max_value=5, label="7.2 successes per stage to advance"
    )
    patellofemoral_group_ceiling = forms.IntegerField(
        min_value=0, max_value=10, label="0.6 ceiling: patellofemoral group ([H], default 3)"
    )
    muscle_strain_ceiling = forms.IntegerField(
        min_value=0, max_value=10, label="0.6 ceiling: muscle strain ([H], default 2)"
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if (
            data.get("green_max_during") is not None
            and data.get("amber_max_during") is not None
            and data["green_max_during"] >= data["amber_max_during"]
        ):
            self.add_error("amber_max_during", "The amber zone must end above the green zone.")
        return data
