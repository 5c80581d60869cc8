"""The public evidence page and the ``plain_source`` filter that links to it."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from stridecare.core.evidence import references

pytestmark = pytest.mark.django_db


def test_a_visitor_reads_the_evidence_page_with_an_anchor_per_reference():
    response = Client().get(reverse("evidence"))
    body = response.content.decode()
    assert response.status_code == 200
    for ref_id in references():
        assert f'id="{ref_id}"' in body, ref_id
    assert 'id="strength"' in body and 'id="clinical-reference"' in body
    assert "checked against the published study" in body and "a default the clinic can change" in body
    frandsen = body[body.index('id="R01"') : body.index('id="R02"')]
    assert "Frandsen et al., Br J Sports Med 2025" in frandsen and "How much running is too much?" in frandsen
    assert 'href="https://doi.org/10.1136/bjsports-2024-109380"' in frandsen
    assert reverse("inbox:help_now") in body  # the site layout, with its way to help


def test_the_page_shows_no_tags_and_no_unverified_doi():
    body = Client().get(reverse("evidence")).content.decode()
    assert not re.search(r"\[(V|K|H)(:[RW]\d+)?\]|REFERENCE\.md|DOI unverified", body)
    nielsen = body[body.index('id="R02"') : body.index('id="R03"')]
    assert "doi.org" not in nielsen  # the reference recalled this DOI from memory


def render(template: str, **context) -> str:
    return Template("{% load evidence %}" + template).render(Context(context))


def test_the_filter_links_each_reference_to_its_entry():
    html = render(
        "{{ s|plain_source:e }}", s="Frandsen et al., Br J Sports Med 2025;59(17):1203-1210 [V:R01]", e="[V:R01]"
    )
    assert html == (
        '<span class="plain-source"><a href="/evidence/#R01">Frandsen et al., Br J Sports Med 2025</a> '
        '(<a href="/evidence/#strength">checked against the published study</a>)</span>'
    )


def test_the_filter_names_the_clinical_reference_for_a_bare_section():
    html = render("{{ s|plain_source }}", s="REFERENCE.md 6.4 knee_flex_ic_deg")
    assert (
        html
        == '<span class="plain-source"><a href="/evidence/#clinical-reference">Stridecare clinical reference</a></span>'
    )


def test_the_filter_escapes_plain_words_and_drops_codes():
    assert (
        render("{{ s|plain_source }}", s="added by <the> therapist")
        == '<span class="plain-source">added by &lt;the&gt; therapist</span>'
    )
    assert render("{{ s|plain_source }}", s="booking:request") == ""
    assert (
        render("{{ s|plain_source_text }}", s="REFERENCE.md 3.1 [K]")
        == "Stridecare clinical reference (established clinical knowledge)"
    )
