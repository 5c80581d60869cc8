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


def start_walk_run(therapist_client, program) -> None:
    """The therapist marks every 7.1 item met (RTR-01 is read from the screenings) and starts the walk-run program."""
    from django.urls import reverse

    from stridecare.core.programs.rtr import RTR_CRITERIA

    url = reverse("programs:staff_rtr", args=[program.pk])
    therapist_client.post(url, {c.id: "yes" for c in RTR_CRITERIA if c.id != "RTR-01"})
    therapist_client.post(url, {"start_walk_run": "1"})
    program.refresh_from_db()
    assert program.walk_run_started_on is not None
