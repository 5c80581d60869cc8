"""The error summary of ``_form.html``: at the top of a bound form with errors, one link per
error to its field, field errors kept where they are."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


class Example(forms.Form):
    name = forms.CharField(label="Your name")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(label="Days", choices=[("mon", "Monday")], widget=forms.CheckboxSelectMultiple)
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The whole form is wrong.")


def render(form) -> str:
    return Template('{% include "_form.html" %}').render(Context({"form": form}))


def test_an_unbound_form_has_no_summary():
    assert "error-summary" not in render(Example())


def test_a_form_with_errors_starts_with_a_summary_linking_each_field():
    html = render(Example(data={}))
    summary = html[: html.index("</div>")]
    assert (
        html.index('class="error-summary"') < html.index("<input")
        and 'role="alert"' in summary
        and 'tabindex="-1"' in summary
    )
    assert "Please fix these 5 things before you go on" in summary
    assert "<li>The whole form is wrong.</li>" in summary
    assert '<a href="#id_name">Your name: This field is required.</a>' in summary
    assert '<a href="#id_kind_0">Kind: This field is required.</a>' in summary  # the first radio button
    assert '<a href="#id_days_0">Days: This field is required.</a>' in summary
    assert (
        "Token: This field is required." in summary and 'href="#id_token"' not in summary
    )  # hidden: nothing to jump to
    assert 'id="id_name_error"' in html  # the field-level error stays next to its field


def test_the_request_form_shows_the_summary_above_the_fields(world):
    response = Client().post(
        reverse("booking:request_form", args=["riverside"]),
        {"name": "Vera", "email": "nope", "visit_type": "mobile", "reason": "Shin", "submission_token": "t"},
    )
    body = response.content.decode()
    start = body.index('id="request-form"')
    summary_at = body.index('class="error-summary"', start)
    assert summary_at < body.index('name="name"', start)
    summary = body[summary_at : body.index("</div>", summary_at)]
    for target in ("#id_email", "#id_address", "#id_postcode"):
        assert f'href="{target}"' in summary, target


def test_a_question_label_is_not_followed_by_a_colon(world):
    response = Client().post(
        reverse("booking:request_form", args=["riverside"]), {"visit_type": "clinic", "submission_token": "t"}
    )
    assert "What is bothering you? This field is required." in response.content.decode()
