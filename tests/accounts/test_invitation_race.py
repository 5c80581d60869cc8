"""Six people (or six taps) accept one invitation at the same moment: one account is made, the
others are told the invitation has been used; nobody gets a server error (issue 14, point 6).
Real concurrent transactions, on SQLite (its write lock) and on PostgreSQL (the row lock). The
in-memory SQLite test database cannot queue writers (shared-cache tables lock at once), so there the
test runs again in a child pytest on a SQLite file, as the product runs."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from stridecare.accounts import invitations
from stridecare.accounts.models import Invitation, User

pytestmark = pytest.mark.django_db(transaction=True)
IN_MEMORY_SQLITE = connection.vendor == "sqlite" and not os.environ.get("STRIDECARE_TEST_SQLITE")


@pytest.mark.skipif(IN_MEMORY_SQLITE, reason="runs in test_six_simultaneous_accepts_on_a_sqlite_file")
def test_six_simultaneous_accepts_make_one_account(world, monkeypatch):
    invitation = Invitation.objects.create(
        clinic=world.clinic, kind="runner", email="six@runner.test", invited_by=world.therapist
    )
    url = reverse("accounts:accept_invitation", args=[invitation.token])
    real_create = User.objects.create_user

    def slow_create(*args, **kwargs):
        # widen the window between reading the invitation and saving the account
        threading.Event().wait(0.2)
        return real_create(*args, **kwargs)

    monkeypatch.setattr(User.objects, "create_user", slow_create)
    barrier = threading.Barrier(6)
    answers: list[tuple[int, str]] = []

    def accept(i: int) -> None:
        client = Client(raise_request_exception=False)
        client.get(url)
        barrier.wait()
        try:
            response = client.post(
                url,
                {
                    "full_name": f"Runner {i}",
                    "password1": "long-enough-pass-2026",
                    "password2": "long-enough-pass-2026",
                },
            )
            answers.append((response.status_code, response.content.decode()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    codes = sorted(code for code, _ in answers)
    assert codes == [302, 410, 410, 410, 410, 410], codes
    assert all(invitations.ALREADY_USED.split(".")[0] in body for code, body in answers if code == 410)
    assert User.objects.filter(email="six@runner.test").count() == 1


def test_an_account_made_meanwhile_gives_a_clear_message(world):
    invitation = Invitation.objects.create(
        clinic=world.clinic, kind="runner", email="twice@runner.test", invited_by=world.therapist
    )
    other = Invitation.objects.create(
        clinic=world.other_clinic, kind="runner", email="twice@runner.test", invited_by=world.other_therapist
    )
    invitations.accept_new(other, "First", "long-enough-pass-2026")
    with pytest.raises(invitations.InvitationError, match="already exists"):
        invitations.accept_new(invitation, "Second", "long-enough-pass-2026")
    assert User.objects.filter(email="twice@runner.test").count() == 1


@pytest.mark.skipif(not IN_MEMORY_SQLITE, reason="the main run already uses a database that queues writers")
def test_six_simultaneous_accepts_on_a_sqlite_file(tmp_path):
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
            f"{__file__}::test_six_simultaneous_accepts_make_one_account",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=repo,
        timeout=300,
    )
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-3000:]
