"""``{% load evidence %}``: sources in people's words, linked to the evidence page.

``{{ finding.source|plain_source }}`` or, with a separate evidence tag,
``{{ finding.source|plain_source:finding.evidence }}`` renders e.g.
``<a href="/evidence/#R01">Frandsen et al., Br J Sports Med 2025</a> (checked against the published study)``.
Section numbers, evidence tags, rule ids and codes never reach the page.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from stridecare.core.evidence import PlainSource, strip_tags
from stridecare.core.evidence import plain_source as read_source

register = template.Library()


def render_source(source: PlainSource) -> str:
    """The HTML of one plain source: each reference linked to its entry on the evidence page."""
    if source.is_empty:
        return ""
    page = reverse("evidence")
    if source.references:
        names = format_html_join("; ", '<a href="{}#{}">{}</a>', ((page, r.id, r.short) for r in source.references))
    elif source.cites_clinical_reference or source.strengths:
        names = format_html('<a href="{}#clinical-reference">{}</a>', page, source.names[0])
    else:
        names = format_html("{}", source.names[0])
    strength = (
        format_html(' (<a href="{}#strength">{}</a>)', page, "; ".join(source.strength_words))
        if source.strengths
        else ""
    )
    return format_html('<span class="plain-source">{}{}</span>', names, strength)


@register.filter
def plain_source(value: object, evidence: object = "") -> str:
    return render_source(read_source(str(value or ""), str(evidence or "")))


@register.filter
def plain_source_text(value: object, evidence: object = "") -> str:
    """The same in plain text, for attributes and emails."""
    return read_source(str(value or ""), str(evidence or "")).text()


@register.filter
def without_tags(value: object) -> str:
    """Text with its evidence tags removed ("30 s (clinic may require >= 20 s [V:W34])" -> "... >= 20 s)")."""
    return strip_tags(str(value or ""))
