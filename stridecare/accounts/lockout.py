"""Login lock-out on django-axes: failures are counted per (account, source address), so guesses
from a stranger's address lock that address out of the account and never the real user on theirs.

- After ``LOGIN_LOCKOUT_FAILURES`` failures the pair is locked for ``LOGIN_LOCKOUT_MINUTES``; every
  further round of failures during a lock doubles the cool-off (up to ``LOGIN_LOCKOUT_MAX_HOURS``).
- One address may fail ``RATE_LIMITS["login_failures:ip"]`` times per window across all accounts.
- Attempts from one address are serialised (``attempt_lock``), so parallel guesses are counted
  exactly: the lock, the check, the password check and the count are one step.
- A successful password reset clears the account's failures on every address (``clear_failures``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import ratelimit


def username_of(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The account a login attempt is for, the way accounts store it (lower case)."""
    credentials = credentials or {}
    raw = credentials.get("username") or credentials.get("email")
    if raw is None and request is not None:
        raw = request.POST.get("email")
    return raw.strip().lower() if raw else None


def _failures_of_pair(request: HttpRequest) -> int:
    from axes.models import AccessAttempt

    username = getattr(request, "login_email", None) or username_of(request)
    ip = getattr(request, "axes_ip_address", None) or ratelimit.client_ip(request)
    if not username:
        return 0
    counts = AccessAttempt.objects.filter(username=username, ip_address=ip).values_list(
        "failures_since_start", flat=True
    )
    return max(counts, default=0)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """``LOGIN_LOCKOUT_MINUTES`` for the first lock of a pair, doubled for each further round of
    ``LOGIN_LOCKOUT_FAILURES`` failures made while it is locked. An attempt during a lock counts as
    a failure and starts the wait again (axes' AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT)."""
    base = timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    if request is None:
        return base
    limit = settings.LOGIN_LOCKOUT_FAILURES
    rounds = max(0, _failures_of_pair(request) - limit) // limit
    return min(base * 2 ** min(rounds, 16), timedelta(hours=settings.LOGIN_LOCKOUT_MAX_HOURS))


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    minutes = int(cool_off(request).total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@contextmanager
def attempt_lock(request: HttpRequest) -> Iterator[None]:
    """One login attempt at a time per address, inside one transaction. PostgreSQL: an advisory
    lock on the address; SQLite: the IMMEDIATE transaction already holds the write lock."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            key = int.from_bytes(hashlib.sha256(f"login:{ratelimit.client_ip(request)}".encode()).digest()[:8], "big")
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key - 2**63])
        yield


def clear_failures(email: str) -> int:
    """Forget the account's failed logins from every address (after a successful password reset)."""
    from axes.utils import reset

    return reset(username=email.strip().lower())
