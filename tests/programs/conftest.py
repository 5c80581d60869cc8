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
    data = {
        prefix + "sets": "3",
        prefix + "reps": "15",
        prefix + "baseline_pain": str(baseline),
        prefix + "pain_during": str(pain),
    }
    if all_reps:
        data[prefix + "reps_completed_all"] = "on"
    if form_ok:
        data[prefix + "form_ok"] = "on"
    return data


def days_ago(n: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() - dt.timedelta(days=n)


# Stridecare's own weekly questions, all answered 4 (the good side of each 1-5 scale).
OWN_CALM = {"sleep": "4", "energy": "4", "stress": "4", "mood": "4", "motivation": "4", "soreness": "4"}


def official_form_raw(measure: str, anchors: list[dict] | None = None) -> dict:
    """A form file with made-up test wording (never a questionnaire's real wording)."""
    from stridecare.core.outcomes.measures import AKPS_ITEM_MAXIMA, get_measure

    count = get_measure(measure).item_count
    items = [{"wording": f"Test wording {measure} question {i}"} for i in range(1, count + 1)]
    if measure == "akps":  # the weights are checked against the reference's item maxima
        for item, top in zip(items, AKPS_ITEM_MAXIMA, strict=True):
            item["options"] = [{"wording": "test best", "points": top}, {"wording": "test worst", "points": 0}]
    return {
        "measure": measure,
        "version": "test",
        "language": "en",
        "licence": "test file",
        "instructions": f"Test instructions of the {measure} form.",
        "anchors": anchors or [],
        "items": items,
    }


def load_test_forms(clinic, *measures: str, anchors: list[dict] | None = None) -> None:
    from stridecare.outcomes.models import ClinicForm

    for measure in measures:
        ClinicForm.objects.create(
            clinic=clinic, measure=measure, raw=official_form_raw(measure, anchors), filename=f"{measure}.json"
        )


@pytest.fixture
def screener_forms(world):
    """The clinic loaded its official PHQ-9 and GAD-7 forms (test wording), so the check-in asks the PHQ-2 / GAD-2."""
    load_test_forms(
        world.clinic, "phq-9", "gad-7", anchors=[{"points": p, "wording": f"test anchor {p}"} for p in range(4)]
    )


def start_walk_run(therapist_client, program) -> None:
    """The therapist marks every 7.1 item met (RTR-01 is read from the screenings) and starts the walk-run program."""
    from django.urls import reverse

    from stridecare.core.programs.rtr import RTR_CRITERIA

    url = reverse("programs:staff_rtr", args=[program.pk])
    therapist_client.post(url, {c.id: "yes" for c in RTR_CRITERIA if c.id != "RTR-01"})
    therapist_client.post(url, {"start_walk_run": "1"})
    program.refresh_from_db()
    assert program.walk_run_started_on is not None
