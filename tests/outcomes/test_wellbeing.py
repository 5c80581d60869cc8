"""Weekly check-in, PHQ-9/GAD-7 follow-up and the self-harm path at every place it can be answered:
PHQ-9 item 9 (complete or not), the check-in's free text and the "why I run" note (REFERENCE.md 8.3)."""

import pytest
from django.test import Client
from django.urls import reverse

from stridecare.inbox.models import Alert
from stridecare.outcomes.models import CheckIn, OutcomeResponse, WhyIRun
from stridecare.programs.models import HandedReferral, Referral
from tests.programs.conftest import OWN_CALM

CALM = {
    "checkin": "1",
    **OWN_CALM,
    "phq_1": "0",
    "phq_2": "1",
    "gad_1": "0",
    "gad_2": "0",
    "note": "",
    "red_flags": ["none"],
}

pytestmark = pytest.mark.usefixtures(
    "screener_forms"
)  # the validated path; the fallback is in test_checkin_fallback.py


def assert_crisis_shown(response, world, where: str):
    body = response.content.decode()
    assert response.status_code == 200 and 'id="crisis-resources"' in body, where
    assert f'href="tel:{world.clinic.emergency_number}"' in body
    alert = Alert.objects.get(runner=world.runner, kind="self_harm")
    assert alert.severity == "red" and alert.clinic_id == world.clinic.pk and alert.read_at is None


def phq9(item9: str, others: str = "1") -> dict:
    data = {f"phq-9-item_{i}": others for i in range(1, 9)}
    data["phq-9-item_9"] = item9
    return data


def positive_checkin(runner_client) -> CheckIn:
    response = runner_client.post(reverse("programs:wellbeing"), CALM | {"phq_1": "2", "phq_2": "2"})
    checkin = CheckIn.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programs:follow_up", args=[checkin.pk])
    return checkin


def test_negative_check_in_asks_nothing_more(world, runner_client):
    response = runner_client.post(reverse("programs:wellbeing"), CALM)
    checkin = CheckIn.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("programs:wellbeing")
    assert (checkin.phq2_score, checkin.gad2_score, checkin.follow_ups) == (1, 0, []) and not Alert.objects.exists()


def test_positive_phq2_asks_for_the_phq9_and_positive_gad2_for_the_gad7(world, runner_client):
    runner_client.post(reverse("programs:wellbeing"), CALM | {"phq_1": "2", "phq_2": "1", "gad_1": "3", "gad_2": "0"})
    assert CheckIn.objects.get().follow_ups == ["phq-9", "gad-7"]  # PHQ-2 3 and GAD-2 3 are both positive (>= 3)


def test_phq9_item9_above_zero_shows_crisis_resources_on_the_same_page(world, runner_client):
    checkin = positive_checkin(runner_client)
    response = runner_client.post(reverse("programs:follow_up", args=[checkin.pk]), phq9("1"))
    assert_crisis_shown(response, world, "PHQ-9 item 9")
    row = OutcomeResponse.objects.get(measure="phq-9")
    assert row.self_harm and row.score == 9 and row.items[8] == 1  # 8 x 1 + 1 = 9, minimal-mild total still triggers


def test_phq9_item9_triggers_even_when_other_items_are_missing(world, runner_client):
    checkin = positive_checkin(runner_client)
    data = phq9("2")
    del data["phq-9-item_4"]
    response = runner_client.post(reverse("programs:follow_up", args=[checkin.pk]), data)
    assert_crisis_shown(response, world, "incomplete PHQ-9")
    assert 'id="id_phq-9-item_4_error"' in response.content.decode()


def test_phq9_item9_zero_shows_no_crisis(world, runner_client):
    checkin = positive_checkin(runner_client)
    response = runner_client.post(reverse("programs:follow_up", args=[checkin.pk]), phq9("0", others="2"), follow=True)
    assert 'id="crisis-resources"' not in response.content.decode()
    assert not Alert.objects.filter(kind="self_harm").exists()
    # 8 x 2 = 16 >= 10: a positive screen alerts the therapist as a well-being alert
    assert Alert.objects.get(kind="wellbeing").severity == "amber"


def test_self_harm_words_in_the_check_in_note_show_crisis_resources(world, runner_client):
    response = runner_client.post(reverse("programs:wellbeing"), CALM | {"note": "Some days I want to die."})
    assert_crisis_shown(response, world, "check-in note")


def test_self_harm_words_in_the_why_i_run_note_show_crisis_resources(world, runner_client):
    response = runner_client.post(
        reverse("programs:wellbeing"),
        {"why": "1", "text": "Running is all that stops me from hurting... I might hurt myself"},
    )
    assert_crisis_shown(response, world, "why I run")
    assert WhyIRun.objects.get(runner=world.runner).text.startswith("Running")


def test_why_i_run_is_shown_back_on_a_hard_week(world, runner_client):
    WhyIRun.objects.create(runner=world.runner, text="Sunrise runs by the river with my dog.")
    checkin = positive_checkin(runner_client)
    body = runner_client.get(reverse("programs:follow_up", args=[checkin.pk])).content.decode()
    assert "Sunrise runs by the river" in body


def test_therapist_hands_a_referral_and_the_runner_sees_it(world, therapist_client, runner_client):
    therapist_client.post(
        reverse("programs:referrals"), {"kind": "sport_psychologist", "name": "Dr Ada Mind", "contact": "ada@mind.test"}
    )
    referral = Referral.objects.get(clinic=world.clinic)
    therapist_client.post(reverse("programs:staff_wellbeing", args=[world.runner.pk]), {"referral": referral.pk})
    assert HandedReferral.objects.get().runner == world.runner
    assert "Dr Ada Mind" in runner_client.get(reverse("programs:wellbeing")).content.decode()


def test_other_clinic_cannot_hand_or_read(world, therapist_client):
    therapist_client.post(reverse("programs:referrals"), {"kind": "counsellor", "name": "Cal", "contact": "1"})
    outsider = Client()
    outsider.force_login(world.other_therapist)
    referral = Referral.objects.get()
    assert outsider.get(reverse("programs:staff_wellbeing", args=[world.runner.pk])).status_code == 404
    assert outsider.post(reverse("programs:referral_remove", args=[referral.pk])).status_code == 404
    other_runner = Client()
    other_runner.force_login(world.other_runner)
    checkin = CheckIn.objects.create(
        runner=world.runner,
        mood=3,
        stress=3,
        sleep=3,
        motivation=3,
        phq2_items=[2, 2],
        gad2_items=[0, 0],
        phq2_score=4,
        gad2_score=0,
        follow_ups=["phq-9"],
    )
    assert other_runner.post(reverse("programs:follow_up", args=[checkin.pk]), phq9("1")).status_code == 404


def test_a_runner_without_a_clinic_still_sees_crisis_resources(world):
    client = Client()
    client.force_login(world.lone_runner)
    response = client.post(reverse("programs:wellbeing"), CALM | {"note": "thinking about suicide"})
    body = response.content.decode()
    assert 'id="crisis-resources"' in body and "116 123" in body
    assert Alert.objects.get(runner=world.lone_runner, kind="self_harm").clinic_id is None


def test_the_weekly_check_in_is_offered_on_today_until_done(world, runner_client):
    assert 'id="checkin-due"' in runner_client.get(reverse("programs:today")).content.decode()
    runner_client.post(reverse("programs:wellbeing"), CALM)
    assert 'id="checkin-due"' not in runner_client.get(reverse("programs:today")).content.decode()
