"""``{% load plain %}``: small helpers that keep codes off the page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def words(value: object) -> str:
    """A stored code in words: "same_day" -> "same day", "anterior_knee" -> "anterior knee"."""
    return str(value if value is not None else "").replace("_", " ")
