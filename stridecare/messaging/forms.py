from django import forms

from .actions import MAX_BODY_CHARS


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Your message",
        required=False,
        max_length=MAX_BODY_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachment = forms.FileField(
        allow_empty_file=True,  # refused by check_attachment, with the file's name
        label="Add a photo or PDF (optional)",
        required=False,
        help_text="JPEG, PNG, WebP or PDF.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
