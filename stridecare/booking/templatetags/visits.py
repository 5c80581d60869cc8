"""What the runner's visit page offers around a visit: the telehealth link, moving it online."""

from __future__ import annotations

from django import template
from django.utils import timezone

from stridecare.booking.models import BookingSettings, Visit
from stridecare.booking.selfbook import can_change

register = template.Library()


@register.simple_tag
def visit_actions(visit: Visit | None) -> dict:
    if visit is None:
        return {}
    now = timezone.now()
    rules = BookingSettings.for_clinic(visit.clinic)
    notice = rules.change_notice_hours
    online = visit.booked_type_id is not None and visit.is_held
    opens = visit.start - Visit.JOIN_OPENS_BEFORE
    return {
        "join_url": visit.join_url(now),
        "join_opens_at": opens
        if rules.telehealth_url_template
        and visit.is_telehealth
        and visit.status == Visit.Status.CONFIRMED
        and now < opens
        else None,
        "can_change": online and can_change(visit, now),
        "too_late": online and not can_change(visit, now) and now < visit.start,
        "notice_hours": notice,
    }
