"""Forms of the clinical notes. Each note form validates the structured parts and turns them into
the note's ``content`` JSON (``content()``), and back into initial values (``initial_from``)."""

from __future__ import annotations

from typing import cast

from django import forms

from stridecare.accounts.models import User
from stridecare.booking.models import Visit
from stridecare.core.care import (
    BALANCE_MEASURES,
    CONDITIONS,
    HOME_CARE,
    SQUAT_ITEMS,
    SQUAT_MAX_ITEMS_DEFAULT,
    SQUAT_MAX_PAIN_NPRS_DEFAULT,
    TEST_RESULTS,
    TREATMENT_AREAS,
    ClinicalTest,
    Region,
    score_single_leg_squat,
)
from stridecare.core.evidence import plain_source

from .models import SIDE_CHOICES, TreatmentEntry

RESULT_CHOICES = list(TEST_RESULTS)
SIDE_BLANK = [("", "Side")] + SIDE_CHOICES
ROWS = 3
SQUAT_SIDES = (("L", "left"), ("R", "right"))
BALANCE_FIELDS = BALANCE_MEASURES
STRENGTH_UNITS = [("reps", "repetitions"), ("kg", "kg"), ("N", "newtons"), ("s", "seconds")]
OTHER = "other"


def _text(
    label: str, required: bool = True, rows: int = 3, help_text: str = "", max_length: int = 8000
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _test_help(test: ClinicalTest) -> str:
    parts = [
        f"Positive: {test.positive_means}.",
        test.note,
        f"Source: {plain_source(test.section, test.evidence).text()}.",
    ]
    return " ".join(p for p in parts if p)


class _VisitField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Visit) -> str:
        return f"{obj.start:%d %b %Y %H:%M} with {obj.therapist.full_name}"


class _NoteForm(forms.Form):
    visit = _VisitField(
        label="Visit",
        queryset=Visit.objects.none(),
        required=False,
        help_text="The booked visit this note belongs to, if any.",
    )

    def __init__(self, runner: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        visit = cast(forms.ModelChoiceField, self.fields["visit"])
        visits = (
            Visit.objects.filter(runner=runner, clinic_id=runner.clinic_id)
            if runner.clinic_id
            else Visit.objects.none()
        )
        visit.queryset = visits.select_related("therapist").order_by("-start")

    def rows(self, *names: str) -> list:
        return [self[name] for name in names]


class EvaluationForm(_NoteForm):
    """Initial evaluation of one body region (REFERENCE.md section 1 key tests, 7.4 squat)."""

    def __init__(
        self,
        runner: User,
        region: Region,
        *args,
        squat_max_items: int = SQUAT_MAX_ITEMS_DEFAULT,
        squat_max_pain_nprs: int = SQUAT_MAX_PAIN_NPRS_DEFAULT,
        **kwargs,
    ):
        self.region = region
        self.squat_limits = {"max_items": squat_max_items, "max_pain_nprs": squat_max_pain_nprs}
        super().__init__(runner, *args, **kwargs)
        f = self.fields
        f["history"] = _text(
            "History",
            rows=5,
            help_text="Onset, course, aggravating and easing factors, training and previous injuries.",
        )
        for test in region.tests:
            f[f"test_{test.code}"] = forms.ChoiceField(
                label=test.name, choices=RESULT_CHOICES, initial="not_tested", help_text=_test_help(test)
            )
            f[f"side_{test.code}"] = forms.ChoiceField(label=f"{test.name}: side", choices=SIDE_BLANK, required=False)
        for i in range(1, ROWS + 1):
            f[f"rom_{i}_movement"] = forms.CharField(
                label=f"Range of motion {i}: movement", max_length=80, required=False
            )
            f[f"rom_{i}_left_deg"] = forms.IntegerField(
                label=f"Movement {i}: left (degrees)", min_value=-90, max_value=180, required=False
            )
            f[f"rom_{i}_right_deg"] = forms.IntegerField(
                label=f"Movement {i}: right (degrees)", min_value=-90, max_value=180, required=False
            )
        for i in range(1, ROWS + 1):
            f[f"strength_{i}_test"] = forms.CharField(label=f"Strength {i}: test", max_length=80, required=False)
            f[f"strength_{i}_left"] = forms.FloatField(
                label=f"Strength {i}: left", min_value=0, max_value=10000, required=False
            )
            f[f"strength_{i}_right"] = forms.FloatField(
                label=f"Strength {i}: right", min_value=0, max_value=10000, required=False
            )
            f[f"strength_{i}_unit"] = forms.ChoiceField(
                label=f"Strength {i}: unit", choices=STRENGTH_UNITS, required=False
            )
        for side, word in SQUAT_SIDES:
            for code, label in SQUAT_ITEMS:
                f[f"sls_{side}_{code}"] = forms.BooleanField(label=label, required=False)
            f[f"sls_{side}_pain"] = forms.IntegerField(
                label=f"Single-leg squat, {word}: pain (0-10)",
                min_value=0,
                max_value=10,
                required=False,
                help_text="Leave empty when this side was not tested.",
            )
        for key, words in BALANCE_FIELDS:
            f[f"balance_{key}_s"] = forms.FloatField(
                label=f"Single-leg balance, {words} (s)", min_value=0, max_value=300, required=False
            )
        f["diagnosis_code"] = forms.ChoiceField(
            label="Working diagnosis",
            required=False,
            choices=[("", "Choose")] + [(c.code, c.name) for c in CONDITIONS] + [(OTHER, "Other (write it below)")],
        )
        f["diagnosis_text"] = forms.CharField(
            label="Working diagnosis in your words",
            max_length=300,
            required=False,
            help_text="Needed for 'Other'; optional detail otherwise.",
        )
        f["goals"] = _text("Goals")
        f["plan"] = _text("Plan of care", rows=4)
        f["runner_summary"] = _text(
            "Summary for the runner",
            required=False,
            rows=4,
            help_text="Plain language. The runner reads this after you sign; nothing else of the note is shown to them.",
        )

    # The fields of each section that folds on phones: a section with an error stays open.
    FOLDING_SECTIONS = {
        "tests": ("test_", "side_"),
        "rom": ("rom_",),
        "strength": ("strength_",),
        "squat": ("sls_",),
        "balance": ("balance_",),
    }

    def sections_with_errors(self) -> set[str]:
        names = set(self.errors) if self.is_bound else set()
        return {
            section for section, prefixes in self.FOLDING_SECTIONS.items() if any(n.startswith(prefixes) for n in names)
        }

    def test_rows(self) -> list:
        return [(test, self[f"test_{test.code}"], self[f"side_{test.code}"]) for test in self.region.tests]

    def rom_rows(self) -> list:
        return [self.rows(f"rom_{i}_movement", f"rom_{i}_left_deg", f"rom_{i}_right_deg") for i in range(1, ROWS + 1)]

    def strength_rows(self) -> list:
        return [
            self.rows(f"strength_{i}_test", f"strength_{i}_left", f"strength_{i}_right", f"strength_{i}_unit")
            for i in range(1, ROWS + 1)
        ]

    def squat_sides(self) -> list:
        return [
            (word, self[f"sls_{side}_pain"], [self[f"sls_{side}_{code}"] for code, _ in SQUAT_ITEMS])
            for side, word in SQUAT_SIDES
        ]

    def balance_fields(self) -> list:
        return [self[f"balance_{key}_s"] for key, _ in BALANCE_FIELDS]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for test in self.region.tests:
            if data.get(f"test_{test.code}") in {"positive", "negative"} and not data.get(f"side_{test.code}"):
                self.add_error(f"side_{test.code}", "Choose the side you tested.")
        for i in range(1, ROWS + 1):
            self._check_row(data, f"rom_{i}_movement", (f"rom_{i}_left_deg", f"rom_{i}_right_deg"), "movement")
            self._check_row(data, f"strength_{i}_test", (f"strength_{i}_left", f"strength_{i}_right"), "test")
            if data.get(f"strength_{i}_left") is not None or data.get(f"strength_{i}_right") is not None:
                if not data.get(f"strength_{i}_unit"):
                    self.add_error(f"strength_{i}_unit", "Choose the unit of these values.")
        for side, _ in SQUAT_SIDES:
            if any(data.get(f"sls_{side}_{code}") for code, _ in SQUAT_ITEMS) and data.get(f"sls_{side}_pain") is None:
                self.add_error(f"sls_{side}_pain", "Enter the pain (0-10) to score this side, or clear its boxes.")
        code, text = data.get("diagnosis_code"), (data.get("diagnosis_text") or "").strip()
        if not code and not text:
            self.add_error(
                "diagnosis_code", "Choose a working diagnosis from the list, or choose 'Other' and write it."
            )
        elif code == OTHER and not text:
            self.add_error("diagnosis_text", "Write the working diagnosis.")
        return data

    def _check_row(self, data: dict, name_field: str, value_fields: tuple[str, str], word: str) -> None:
        has_values = any(data.get(v) is not None for v in value_fields)
        if has_values and not (data.get(name_field) or "").strip():
            self.add_error(name_field, f"Name the {word} these values belong to.")
        elif (
            (data.get(name_field) or "").strip()
            and not has_values
            and not self.has_error(value_fields[0])
            and not self.has_error(value_fields[1])
        ):
            self.add_error(value_fields[0], "Enter a value for at least one side.")

    def content(self) -> dict:
        d = self.cleaned_data
        squat = {}
        for side, _ in SQUAT_SIDES:
            if d.get(f"sls_{side}_pain") is not None:
                items = {code: bool(d.get(f"sls_{side}_{code}")) for code, _ in SQUAT_ITEMS}
                score = score_single_leg_squat(items, d[f"sls_{side}_pain"], **self.squat_limits)
                squat[side] = {
                    "items": list(score.items),
                    "total": score.total,
                    "pain_nprs": score.pain_nprs,
                    "passed": score.is_pass,
                    **self.squat_limits,
                }
        return {
            "history": d["history"],
            "tests": [
                {
                    "code": t.code,
                    "name": t.name,
                    "result": d[f"test_{t.code}"],
                    "side": d.get(f"side_{t.code}") or "",
                    "section": t.section,
                    "evidence": t.evidence,
                }
                for t in self.region.tests
            ],
            "rom": [
                {
                    "movement": d[f"rom_{i}_movement"].strip(),
                    "left_deg": d[f"rom_{i}_left_deg"],
                    "right_deg": d[f"rom_{i}_right_deg"],
                }
                for i in range(1, ROWS + 1)
                if (d.get(f"rom_{i}_movement") or "").strip()
            ],
            "strength": [
                {
                    "test": d[f"strength_{i}_test"].strip(),
                    "left": d[f"strength_{i}_left"],
                    "right": d[f"strength_{i}_right"],
                    "unit": d[f"strength_{i}_unit"],
                }
                for i in range(1, ROWS + 1)
                if (d.get(f"strength_{i}_test") or "").strip()
            ],
            "single_leg_squat": squat,
            "balance_s": {
                key: d[f"balance_{key}_s"] for key, _ in BALANCE_FIELDS if d.get(f"balance_{key}_s") is not None
            },
            "diagnosis_code": d.get("diagnosis_code") or "",
            "diagnosis_text": (d.get("diagnosis_text") or "").strip(),
            "goals": d["goals"],
            "plan": d["plan"],
            "runner_summary": d.get("runner_summary") or "",
        }

    @staticmethod
    def initial_from(content: dict) -> dict:
        initial = {
            k: content.get(k, "")
            for k in ("history", "diagnosis_code", "diagnosis_text", "goals", "plan", "runner_summary")
        }
        for test in content.get("tests", []):
            initial[f"test_{test['code']}"], initial[f"side_{test['code']}"] = test["result"], test["side"]
        for i, row in enumerate(content.get("rom", []), start=1):
            initial.update(
                {
                    f"rom_{i}_movement": row["movement"],
                    f"rom_{i}_left_deg": row["left_deg"],
                    f"rom_{i}_right_deg": row["right_deg"],
                }
            )
        for i, row in enumerate(content.get("strength", []), start=1):
            initial.update({f"strength_{i}_{k}": row[k] for k in ("test", "left", "right", "unit")})
        for side, score in content.get("single_leg_squat", {}).items():
            initial[f"sls_{side}_pain"] = score["pain_nprs"]
            initial.update({f"sls_{side}_{code}": True for code in score["items"]})
        initial.update({f"balance_{key}_s": value for key, value in content.get("balance_s", {}).items()})
        return initial


class FollowUpForm(_NoteForm):
    """A follow-up visit in SOAP format."""

    subjective = _text(
        "Subjective", help_text="What the runner reports: pain, function, training since the last visit."
    )
    pain_nprs = forms.IntegerField(label="Pain now (0-10)", min_value=0, max_value=10, required=False)
    objective = _text("Objective", required=False, help_text="Findings of today's examination and tests.")
    assessment = _text("Assessment")
    plan = _text("Plan")
    runner_summary = _text(
        "Summary for the runner",
        required=False,
        rows=4,
        help_text="Plain language. The runner reads this after you sign; nothing else of the note is shown to them.",
    )

    FIELDS = ("subjective", "pain_nprs", "objective", "assessment", "plan", "runner_summary")

    def content(self) -> dict:
        return {
            k: self.cleaned_data.get(k) if k == "pain_nprs" else (self.cleaned_data.get(k) or "") for k in self.FIELDS
        }

    @classmethod
    def initial_from(cls, content: dict) -> dict:
        return {k: content.get(k) for k in cls.FIELDS}


class RegionForm(forms.Form):
    region = forms.ChoiceField(label="Body region", widget=forms.RadioSelect)

    def __init__(self, regions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["region"]).choices = [(r.code, r.name) for r in regions]


class TreatmentForm(forms.ModelForm):
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=1,
        max_value=180,
        error_messages={"min_value": "At least 1 minute.", "max_value": "At most 180 minutes in one entry."},
    )

    class Meta:
        model = TreatmentEntry
        fields = ["technique", "body_area", "side", "minutes", "response"]
        labels = {"body_area": "Body region", "response": "The runner's response"}
        widgets = {"response": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["body_area"]).choices = [("", "---------")] + list(TREATMENT_AREAS)


class SignForm(forms.Form):
    """Signing is final, so the therapist confirms it on the form (the server checks the box)."""

    confirm = forms.BooleanField(
        label="I have reviewed this note; signed notes cannot be changed",
        required=True,
        error_messages={"required": "Tick the box to confirm you have reviewed the note before signing it."},
    )


class AddendumForm(forms.Form):
    text = _text(
        "Addendum", max_length=4000, help_text="Dated and signed with your name; the note itself stays as signed."
    )


class CareSettingsForm(forms.Form):
    """A clinic's values for the [H] squat thresholds (REFERENCE.md 7.4) and its own wording of the
    clinic-editable home-care texts; an empty text keeps Stridecare's neutral one."""

    squat_max_items = forms.IntegerField(
        label="Single-leg squat: most items present for a pass",
        min_value=0,
        max_value=5,
        help_text=f"Stridecare's starting value: {SQUAT_MAX_ITEMS_DEFAULT}.",
    )
    squat_max_pain_nprs = forms.IntegerField(
        label="Single-leg squat: most pain for a pass (0-10)",
        min_value=0,
        max_value=10,
        help_text=f"Stridecare's starting value: {SQUAT_MAX_PAIN_NPRS_DEFAULT}/10.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for entry in HOME_CARE:
            if entry.clinic_editable:
                self.fields[entry.key] = _text(
                    f"Home care: {entry.title}",
                    required=False,
                    rows=3,
                    max_length=2000,
                    help_text=f"Default: {entry.text}",
                )

    def home_care_texts(self) -> dict[str, str]:
        return {entry.key: self.cleaned_data[entry.key] for entry in HOME_CARE if entry.clinic_editable}
