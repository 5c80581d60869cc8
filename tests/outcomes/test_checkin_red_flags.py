"""REFERENCE.md 2.3 rule 1: red flags are evaluated at every weekly check-in, with the screening's own
questions and engine; a fired rule is handled as a screening result (alert, acknowledgement,
clearance, paused exercises)."""

from django.test import Client
from django.urls import reverse

from stridecare.core.screening import screen
from stridecare.inbox.models import Alert
from stridecare.outcomes.models import CheckIn
from stridecare.screening.models import ScreeningSession
from stridecare.screening.state import exercise_suspension

CALM = {
    "checkin": "1",
    "mood": "4",
    "stress": "4",
    "sleep": "4",
    "motivation": "4",
    "energy": "4",
    "soreness": "4",
    "phq_1": "0",
    "phq_2": "0",
    "gad_1": "0",
    "gad_2": "0",
    "note": "",
}


def _post(runner, **extra):
    client = Client()
    client.force_login(runner)
    return client.post(reverse("programs:wellbeing"), {**CALM, **extra})


def test_none_of_these_saves_the_check_in_and_no_screening(world):
    response = _post(world.runner, red_flags=["none"])
    assert response.status_code == 302 and response["Location"] == reverse("programs:wellbeing")
    assert CheckIn.objects.get().red_flags == []
    assert not ScreeningSession.objects.exists() and not Alert.objects.exists()


def test_the_block_must_be_answered_and_none_excludes_the_others(world):
    page = _post(world.runner).content.decode()
    assert "This field is required" in page
    page = _post(world.runner, red_flags=["none", "fever"]).content.decode()
    assert "untick one of them" in page
    assert not CheckIn.objects.exists()  # nothing saved from a form with an error


def test_unable_to_walk_is_a_same_day_result_with_the_clinic_told(world):
    # RF-19: weight_bearing_ok == false -> same day (red_flags.yaml)
    response = _post(world.runner, red_flags=["cannot_walk"])
    saved = ScreeningSession.objects.get()
    assert response["Location"] == reverse("screening:result", args=[saved.pk])
    assert saved.source == "check_in" and saved.urgency == "same_day" and saved.fired_rule_ids() == ["RF-19"]
    assert saved.answers["weight_bearing_ok"] is False and saved.answers["night_pain"] is False
    alert = Alert.objects.get(kind="screening")
    assert "weekly check-in red-flag questions" in alert.title and "RF-19" in alert.title
    assert exercise_suspension(world.runner) is not None  # paused until a clinician clears it (0.2.2)
    assert CheckIn.objects.get().red_flags == ["cannot_walk"]


def test_saddle_numbness_is_an_emergency(world):
    _post(world.runner, red_flags=["saddle_numbness"])
    saved = ScreeningSession.objects.get()
    assert saved.urgency == "emergency" and saved.fired_rule_ids() == ["RF-05"]


def test_the_region_of_the_latest_screening_is_carried(world):
    # night pain alone is RF-02 (soon); with the groin region of the earlier screening RF-01 (same day) fires too
    earlier = {"region": "groin", "pain_walking": 0}
    result = screen(earlier)
    ScreeningSession.objects.create(
        runner=world.runner,
        clinic=world.clinic,
        answers=earlier,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )
    _post(world.runner, red_flags=["night_pain"])
    saved = ScreeningSession.objects.filter(source="check_in").get()
    assert (
        saved.answers["region"] == "groin"
        and saved.fired_rule_ids() == ["RF-01", "RF-02"]
        and saved.urgency == "same_day"
    )


def test_crisis_resources_come_first_and_the_red_flag_is_still_saved(world):
    page = _post(world.runner, red_flags=["exertional_chest_pain"], note="some days I want to die").content.decode()
    assert 'id="crisis-resources"' in page
    saved = ScreeningSession.objects.get()
    assert saved.fired_rule_ids() == ["RF-17"] and saved.urgency == "same_day"
    assert set(Alert.objects.values_list("kind", flat=True)) == {"self_harm", "screening"}
