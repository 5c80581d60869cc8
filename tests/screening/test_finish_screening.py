"""finish_screening saves a screening whole: the session, the clinic's alert and the crisis alert with
their email jobs are written together, or none of them (a failure half-way)."""

import json
import pathlib

import pytest

from stridecare.inbox.models import CRISIS, Alert
from stridecare.jobs.models import Job
from stridecare.screening.models import ScreeningSession
from stridecare.screening.state import finish_screening

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"


def self_harm_and_saddle_numbness() -> dict:
    answers = json.loads((VIGNETTES / "22_rf05_saddle_numbness.json").read_text())  # RF-05: emergency
    return {**answers, "self_harm_indicator": True}


def test_a_failure_after_the_first_writes_leaves_no_screening_alert_or_job(world, monkeypatch):
    def crisis_unreachable(*args, **kwargs):
        raise RuntimeError("the crisis alert could not be written")

    # the screening and the clinic's alert (with its email job) are written before the crisis alert fails
    monkeypatch.setattr("stridecare.inbox.alerts.raise_crisis_alert", crisis_unreachable)
    with pytest.raises(RuntimeError):
        finish_screening(world.runner, self_harm_and_saddle_numbness())
    assert not ScreeningSession.objects.exists() and not Alert.objects.exists() and not Job.objects.exists()


def test_an_emergency_with_a_self_harm_answer_tells_the_clinic_and_raises_the_crisis_alert(world):
    saved = finish_screening(world.runner, self_harm_and_saddle_numbness(), stopped_early=True)
    assert saved.urgency == "emergency" and saved.result["stopped_early"] is True
    assert saved.clinic_notified_at is not None
    assert sorted(Alert.objects.values_list("kind", flat=True)) == sorted(["screening", CRISIS])
    assert Job.objects.filter(kind="alert_email").count() == 2
