"""``{% load plainwords %}``: the reference's texts in a runner's words (stridecare.core.programs.wording).

``{{ exercise.used_for|plain }}`` writes condition, phase and exercise ids as names and drops
section numbers, rule ids and evidence tags; ``{{ program.condition|condition_name }}`` names a condition.
"""

from __future__ import annotations

from django import template

from stridecare.core.programs.wording import condition_label, plain_text

register = template.Library()


@register.filter
def plain(value: object) -> str:
    return plain_text(str(value or ""))


@register.filter
def condition_name(value: object) -> str:
    return condition_label(str(value or ""))
