"""Counters in the database for forms that send email or create rows for visitors, and for failed
logins per address. One upsert raises a counter and returns its new value, so every process and
thread counts the same (SQLite 3.35+ and PostgreSQL both have INSERT ... ON CONFLICT ... RETURNING).

Limits live in ``settings.RATE_LIMITS`` as ``"form:scope": (count, seconds)``; windows are fixed
(the clock divided into ``seconds``-long slots)."""

from __future__ import annotations

import hashlib
import logging
import math
import random
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .models import RateCounter

log = logging.getLogger(__name__)


class RateLimited(Exception):
    """Too many uses of one form from one address (or for one email, or by one user)."""

    def __init__(self, limit: str, retry_after_s: int):
        super().__init__(limit)
        self.limit, self.retry_after_s = limit, retry_after_s


def client_ip(request: HttpRequest | None) -> str | None:
    """The visitor's address, as django-axes resolves it (so both count the same address)."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request)


def _window(seconds: int, now: datetime) -> tuple[datetime, int]:
    slot = math.floor(now.timestamp() / seconds)
    start = datetime.fromtimestamp(slot * seconds, tz=UTC)
    return start, int((start + timedelta(seconds=seconds) - now).total_seconds()) + 1


def _key(limit: str, value: str) -> str:
    return f"{limit}:{hashlib.sha256(value.strip().lower().encode()).hexdigest()[:40]}"


def _upsert(key: str, window_start: datetime) -> int:
    table = RateCounter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, count) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key, window_start) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, connection.ops.adapt_datetimefield_value(window_start)],
        )
        return cursor.fetchone()[0]


def hit(limit: str, value: str | None) -> int:
    """Count one use of ``limit`` ("signup:ip") for ``value`` (an address, an email, a user id) and
    raise RateLimited when it goes past the limit. Nothing is counted for an empty value."""
    if not value:
        return 0
    allowed, seconds = settings.RATE_LIMITS[limit]
    now = timezone.now()
    start, retry_after_s = _window(seconds, now)
    count = _upsert(_key(limit, str(value)), start)
    if random.random() < 0.02:  # old windows are swept now and then; they are never read again
        RateCounter.objects.filter(window_start__lt=now - timedelta(days=2)).delete()
    if count > allowed:
        log.warning("rate limit %s reached (%d in %d s)", limit, count, seconds)
        raise RateLimited(limit, retry_after_s)
    return count


def used(limit: str, value: str | None) -> int:
    """How many times ``limit`` was counted for ``value`` in the current window."""
    if not value:
        return 0
    start, _ = _window(settings.RATE_LIMITS[limit][1], timezone.now())
    row = RateCounter.objects.filter(key=_key(limit, str(value)), window_start=start).first()
    return row.count if row else 0


def check_allowed(limit: str, value: str | None) -> None:
    """Raise RateLimited when ``limit`` is already used up for ``value`` (counts nothing)."""
    allowed, seconds = settings.RATE_LIMITS[limit]
    if value and used(limit, value) >= allowed:
        raise RateLimited(limit, _window(seconds, timezone.now())[1])


def check_form(request: HttpRequest, form: str, email: str | None = None) -> None:
    """Count one use of ``form`` by this visitor's address and, where set, for the email typed in
    and the logged-in user; raise RateLimited past any of its limits."""
    scopes = {
        "ip": client_ip(request),
        "email": email,
        "user": str(request.user.pk) if request.user.is_authenticated else None,
    }
    limits = [
        (f"{form}:{scope}", value) for scope, value in scopes.items() if f"{form}:{scope}" in settings.RATE_LIMITS
    ]
    for limit, value in limits:  # a use refused by one limit is not counted against the others
        check_allowed(limit, value)
    for limit, value in limits:
        hit(limit, value)


def too_many_requests(request: HttpRequest, err: RateLimited) -> HttpResponse:
    minutes = max(1, math.ceil(err.retry_after_s / 60))
    response = render(request, "accounts/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(err.retry_after_s)
    return response


class RateLimitMiddleware:
    """Turns RateLimited, raised anywhere in a view, into the 429 page in the site layout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception)
        return None
