"""Show times in the person's own time zone: a runner's profile zone, a clinic's zone for its staff."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone


class UserTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = _zone_name(request.user) if request.user.is_authenticated else None
        try:
            if name:
                timezone.activate(ZoneInfo(name))
            else:
                timezone.deactivate()
        except ZoneInfoNotFoundError:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def _zone_name(user) -> str | None:
    if not user.is_runner and user.clinic_id:
        return user.clinic.timezone
    return user.timezone or None
