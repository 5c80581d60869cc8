"""``{% load form_errors %}``: the error summary at the top of a form (``_error_summary.html``).

``{% error_links form as errors %}`` gives one entry per error: the message, the field's label and
the id of the input to jump to (``#id_postcode``; the first choice of a radio or checkbox group).
Errors of hidden fields and of the whole form have no link target.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True, slots=True)
class ErrorLink:
    message: str
    label: str = ""
    target: str = ""

    @property
    def text(self) -> str:
        """ "Email: Enter a valid email address." ("What hurts? This field is required." after a question)."""
        if not self.label:
            return self.message
        return (
            f"{self.label} {self.message}"
            if self.label.rstrip().endswith(("?", "!", ".", ":"))
            else f"{self.label}: {self.message}"
        )


def _target(bound: forms.BoundField) -> str:
    if bound.is_hidden:
        return ""
    widget = bound.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0" if bound.auto_id else ""
    return bound.id_for_label or ""


@register.simple_tag
def error_links(*forms_with_errors: forms.BaseForm | None) -> list[ErrorLink]:
    """The errors of one or more bound forms, the whole-form ones first, fields in form order."""
    links: list[ErrorLink] = []
    for form in forms_with_errors:
        if form is None or not form.is_bound:
            continue
        links += [ErrorLink(str(message)) for message in form.non_field_errors()]
        for bound in form:
            links += [
                ErrorLink(str(message), str(bound.label or bound.name), _target(bound)) for message in bound.errors
            ]
    return links
