"""Forty wrong passwords for one account from one address at the same moment: exactly five are
checked, all forty are counted, the rest are refused without a password check. Real concurrent
transactions: PostgreSQL (advisory lock per address) and SQLite (its write lock). The in-memory
SQLite test database cannot queue writers, so there the test runs again in a child pytest on a
SQLite file, as the product runs (as tests/accounts/test_invitation_race.py does). The rate
counter of the forms is raced the same way."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import threading

import pytest
from axes.models import AccessAttempt
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from stridecare.accounts.backends import EmailBackend

pytestmark = pytest.mark.django_db(transaction=True)
IN_MEMORY_SQLITE = connection.vendor == "sqlite" and not os.environ.get("STRIDECARE_TEST_SQLITE")
GUESSES = 40


@pytest.mark.skipif(IN_MEMORY_SQLITE, reason="runs in test_parallel_guesses_on_a_sqlite_file")
def test_parallel_guesses_are_counted_exactly(world, monkeypatch):
    checked, lock = [0], threading.Lock()
    real_authenticate = EmailBackend.authenticate

    def counting_authenticate(self, request, username=None, password=None, **kwargs):
        with lock:
            checked[0] += 1
        threading.Event().wait(0.05)  # widen the window between the check and the count, as argon2 does
        return real_authenticate(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(EmailBackend, "authenticate", counting_authenticate)
    barrier = threading.Barrier(GUESSES)
    codes: list[int] = []

    def guess(i: int) -> None:
        client = Client(REMOTE_ADDR="203.0.113.9", raise_request_exception=False)
        barrier.wait()
        try:
            response = client.post(reverse("login"), {"email": "priya@riverside.test", "password": f"guess-{i}"})
            codes.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(GUESSES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert checked[0] == 5, f"{checked[0]} passwords checked"
    assert sorted(codes) == [200] * 4 + [429] * (GUESSES - 4), codes
    attempt = AccessAttempt.objects.get(username="priya@riverside.test")
    assert attempt.failures_since_start == GUESSES


@pytest.mark.skipif(IN_MEMORY_SQLITE, reason="runs in test_parallel_guesses_on_a_sqlite_file")
def test_parallel_uses_of_a_form_are_counted_exactly(db, settings):
    """The rate counter: twenty requests at once each get their own number, none lost."""
    from stridecare.accounts import ratelimit

    settings.RATE_LIMITS = {"signup:ip": (1000, 3600)}
    barrier, counts = threading.Barrier(20), []

    def use() -> None:
        barrier.wait()
        try:
            counts.append(ratelimit.hit("signup:ip", "203.0.113.10"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(counts) == list(range(1, 21))


@pytest.mark.skipif(not IN_MEMORY_SQLITE, reason="the main run already uses a database that queues writers")
def test_parallel_guesses_on_a_sqlite_file(tmp_path):
    repo = pathlib.Path(__file__).resolve().parents[2]
    env = {**os.environ, "STRIDECARE_TEST_SQLITE": str(tmp_path / "race.sqlite3"), "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            __file__,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo,
        timeout=300,
    )
    assert done.returncode == 0 and "2 passed" in done.stdout, done.stdout[-3000:]
