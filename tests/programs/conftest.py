"""Fixtures for the programs tests."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def therapist_client(client, world):
    client.force_login(world.therapist)
    return client


@pytest.fixture
def runner_client(world):
    from django.test import Client

    c = Client()
    c.force_login(world.runner)
    return c


@pytest.fixture
def pfp_program(world):
    """The patellofemoral protocol's first phase, every day of the week (so today is always a session day)."""
    from stridecare.programs import actions

    return actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 1, 2, 3, 4, 5, 6))


def log_payload(prescribed_id: int, pain: int, baseline: int = 0, all_reps: bool = True, form_ok: bool = True) -> dict:
    prefix = f"ex{prescribed_id}-"
    data = {prefix + "sets": "3", prefix + "reps": "15", prefix + "baseline_pain": str(baseline), prefix + "pain_during": str(pain)}
    if all_reps:
        data[prefix + "reps_completed_all"] = "on"
    if form_ok:
        data[prefix + "form_ok"] = "on"
    return data


def days_ago(n: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=n)
