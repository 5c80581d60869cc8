from django import forms

from .analysis import ACCEPTED_SUFFIXES, ACCEPTED_TYPES, max_upload_mb
from .models import GaitAnalysis


class VideoUploadForm(forms.Form):
    video = forms.FileField(label="Running video", help_text="MP4, MOV, M4V or WebM straight from the phone.")
    height_cm = forms.FloatField(label="Runner's height (cm)", required=False, min_value=100, max_value=230,
                                 help_text="Optional: gives vertical oscillation in centimetres (REFERENCE.md 6.2).")
    pose_model = forms.ChoiceField(label="Pose model", choices=GaitAnalysis.PoseModel.choices, initial=GaitAnalysis.PoseModel.FULL,
                                   required=False, help_text="Full suits most videos; heavy is slower and a little more accurate.")
    label = forms.CharField(label="Label", required=False, max_length=100, help_text="Optional, e.g. 'before retraining' or 'week 4'.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["video"].widget.attrs.update({
            "accept": ",".join(ACCEPTED_TYPES + ACCEPTED_SUFFIXES), "data-max-bytes": str(max_upload_mb() * 1024 * 1024),
            "data-max-mb": str(max_upload_mb()), "data-suffixes": ",".join(ACCEPTED_SUFFIXES),
        })
        self.fields["video"].help_text += f" At most {max_upload_mb()} MB."

    def clean_pose_model(self) -> str:
        return self.cleaned_data.get("pose_model") or GaitAnalysis.PoseModel.FULL
