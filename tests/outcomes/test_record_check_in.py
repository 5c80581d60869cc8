"""record_check_in saves a weekly check-in whole: the check-in, its RF-20 alert, its red-flag screening
and their alerts and email jobs are written together, or none of them (a failure half-way)."""

import pytest

from stridecare.inbox.models import CRISIS, Alert
from stridecare.jobs.models import Job
from stridecare.outcomes.checkins import record_check_in
from stridecare.outcomes.models import CheckIn
from stridecare.screening.models import ScreeningSession


def answers(**extra):
    calm = {"mood": 4, "stress": 4, "sleep": 4, "motivation": 4, "energy": 4, "soreness": 4, "note": "", "trend": ""}
    return {**calm, "red_flags": [], **extra}


def test_a_failure_after_the_first_writes_leaves_nothing_of_the_check_in(world, monkeypatch):
    record_check_in(world.runner, answers(trend="worse"))
    assert not Alert.objects.exists()

    def clinic_unreachable(*args, **kwargs):
        raise RuntimeError("the clinic alert could not be written")

    # the check-in row, the RF-20 alert and the screening are written before the clinic alert fails
    monkeypatch.setattr("stridecare.screening.state.notify_clinic", clinic_unreachable)
    with pytest.raises(RuntimeError):
        record_check_in(world.runner, answers(trend="worse", red_flags=["cannot_walk"]))
    assert CheckIn.objects.count() == 1  # only the first week's
    assert not ScreeningSession.objects.exists() and not Alert.objects.exists() and not Job.objects.exists()


def test_one_check_in_raises_the_trend_the_red_flag_and_the_crisis_alerts_together(world):
    record_check_in(world.runner, answers(trend="worse"))
    saved = record_check_in(
        world.runner, answers(trend="worse", red_flags=["cannot_walk"], note="I want to kill myself")
    )
    assert saved.rf20 == "clinic_told" and saved.flagged.fired_rule_ids() == ["RF-19"] and saved.crisis_detail
    kinds = sorted(Alert.objects.values_list("kind", flat=True))
    assert kinds == sorted(["rf20_trend", "screening", CRISIS])
    assert Job.objects.filter(kind="crisis_escalation").count() == 1  # the crisis follow-up deadline


def test_a_runner_without_a_clinic_is_told_to_book_a_review_and_no_alert_is_raised(world):
    record_check_in(world.lone_runner, answers(trend="worse"))
    saved = record_check_in(world.lone_runner, answers(trend="worse"))
    assert saved.rf20 == "no_clinic" and not Alert.objects.exists()
