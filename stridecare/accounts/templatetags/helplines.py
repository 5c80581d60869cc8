"""The one place numbers become links: every emergency, urgent, crisis or clinic number a page
shows goes through ``phone_links`` (or ``call_button``), so none is left as plain text
(REFERENCE.md 8.3: crisis resources at once, tap-to-call)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from stridecare.core.care.helplines import CountryHelplines, helplines_for, number_href, phone_segments

register = template.Library()


@register.filter(needs_autoescape=True)
def phone_links(text: object, autoescape: bool = True) -> SafeString:
    """Text with each number in it as a ``tel:`` link (``sms:`` where it says to text it)."""
    segments = phone_segments("" if text is None else str(text))
    return format_html_join("", "{}", ((_segment_html(s.text, s.href),) for s in segments))


def _segment_html(text: str, href: str | None) -> SafeString:
    if href is None:
        return format_html("{}", text)
    return format_html('<a class="phone" href="{}">{}</a>', href, text)


@register.simple_tag
def call_button(number: str, words: str = "Call") -> SafeString:
    """A big tap-to-call button: "Call 999"."""
    return format_html('<a role="button" class="call" href="{}">{} {}</a>', number_href(number), words, number)


@register.simple_tag(takes_context=True)
def helplines(context, clinic=None) -> CountryHelplines:
    """The numbers for this page: the given clinic's, else the signed-in person's clinic's, else
    the server's country (``STRIDECARE_COUNTRY``)."""
    if clinic is None:
        user = context.get("user")
        clinic = getattr(user, "clinic", None) if user is not None and user.is_authenticated else None
    if clinic is not None:
        return clinic.helplines()
    defaults = helplines_for(settings.STRIDECARE_COUNTRY)
    if settings.DEFAULT_EMERGENCY_NUMBER != defaults.emergency:
        return CountryHelplines(
            defaults.code,
            defaults.name,
            settings.DEFAULT_EMERGENCY_NUMBER,
            "",
            defaults.urgent,
            defaults.crisis,
            defaults.sources,
        )
    return defaults
