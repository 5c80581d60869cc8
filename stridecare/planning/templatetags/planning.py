"""The plan's card on the runner's home page: one tag, so the home page needs only one line."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("planning/_home_card.html", takes_context=True)
def plan_card(context) -> dict:
    from stridecare.planning.actions import runner_today
    from stridecare.planning.calendar import plan_calendar
    from stridecare.planning.models import TrainingPlan

    user = context["user"]
    plan = TrainingPlan.objects.filter(runner=user).first()
    out = {"plan": plan, "units": user.units}
    if plan is not None:
        out |= plan_calendar(plan, runner_today(user))
    return out
