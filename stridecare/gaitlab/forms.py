from django import forms

from stridecare.core.gait.flag_settings import GaitFlagSettings, number_text, validate_flag_settings, value_text

from .analysis import ACCEPTED_SUFFIXES, ACCEPTED_TYPES, max_upload_mb
from .models import GaitAnalysis


class VideoUploadForm(forms.Form):
    video = forms.FileField(label="Running video", help_text="MP4, MOV, M4V or WebM straight from the phone.")
    height_cm = forms.FloatField(
        label="Runner's height (cm)",
        required=False,
        min_value=100,
        max_value=230,
        help_text="Optional: gives vertical oscillation in centimetres.",
    )
    pose_model = forms.ChoiceField(
        label="Pose model",
        choices=GaitAnalysis.PoseModel.choices,
        initial=GaitAnalysis.PoseModel.FULL,
        required=False,
        help_text="Full suits most videos; heavy is slower and a little more accurate.",
    )
    label = forms.CharField(
        label="Label", required=False, max_length=100, help_text="Optional, e.g. 'before retraining' or 'week 4'."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["video"].widget.attrs.update(
            {
                "accept": ",".join(ACCEPTED_TYPES + ACCEPTED_SUFFIXES),
                "data-max-bytes": str(max_upload_mb() * 1024 * 1024),
                "data-max-mb": str(max_upload_mb()),
                "data-suffixes": ",".join(ACCEPTED_SUFFIXES),
            }
        )
        self.fields["video"].help_text += f" At most {max_upload_mb()} MB."

    def clean_pose_model(self) -> str:
        return self.cleaned_data.get("pose_model") or GaitAnalysis.PoseModel.FULL


class GaitFlagSettingsForm(forms.Form):
    """The [H] gait flag thresholds of REFERENCE.md 6.4 (clinic defaults), each with the reference's
    default, rule and source beside it; the accepted ranges are checked by the core."""

    def __init__(self, current: GaitFlagSettings, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = GaitFlagSettings.describe()
        for row in self.rows:
            unit = row["unit"]
            # the range is checked by the core (validate_flag_settings) for one wording everywhere;
            # min/max here only guide the browser's number input
            field = forms.FloatField(label=f"{row['label']} ({unit})", required=True)
            field.help_text = (
                f"REFERENCE.md default {value_text(row['default'], unit)}: {row['reference']}. Evidence {row['evidence']}. "
                f"Source: {row['source']}. Accepted {number_text(row['low'])}-{value_text(row['high'], unit)}."
            )
            field.initial = getattr(current, row["name"])
            field.widget.attrs.update({"step": "any", "inputmode": "decimal", "min": row["low"], "max": row["high"]})
            self.fields[row["name"]] = field

    def clean(self) -> dict:
        super().clean()
        data = self.cleaned_data
        if self.errors:  # a field Django refused (empty, not a number): the set cannot be checked as a whole yet
            return data
        for name, problem in validate_flag_settings(data).items():
            self.add_error(name or None, problem)
        return data

    def settings(self) -> GaitFlagSettings:
        """The thresholds entered (call after is_valid())."""
        return GaitFlagSettings.from_dict(self.cleaned_data)
