"""RF-20's second clause in the weekly check-in: worse in 2 consecutive check-ins alerts the clinic
and tells the runner to contact it (REFERENCE.md 2.2 RF-20, 2.3 rule 1)."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stridecare.inbox.models import Alert
from stridecare.outcomes.models import CheckIn

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
    "red_flags": ["none"],
}


def _check_in(client, trend: str, weeks_ago: int):
    response = client.post(reverse("programs:wellbeing"), {**CALM, "trend": trend}, follow=True)
    CheckIn.objects.filter(pk=CheckIn.objects.order_by("-pk").first().pk).update(
        completed_on=timezone.localdate() - dt.timedelta(weeks=weeks_ago)
    )
    return response


def _runner(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_check_in_asks_how_the_problem_is_going_and_stores_it(world):
    client = _runner(world.runner)
    page = client.get(reverse("programs:wellbeing")).content.decode()
    assert 'name="trend"' in page and 'value="worse"' in page
    _check_in(client, "static", 0)
    assert CheckIn.objects.get(runner=world.runner).trend == "static"


def test_worse_twice_in_a_row_raises_an_rf20_alert_and_tells_the_runner(world):
    client = _runner(world.runner)
    _check_in(client, "worse", 1)
    assert not Alert.objects.filter(kind="rf20_trend").exists()  # one worse week is not enough
    page = _check_in(client, "worse", 0).content.decode()
    alert = Alert.objects.get(runner=world.runner, kind="rf20_trend")
    assert "RF-20" in alert.title and "RF-20" in alert.source and alert.clinic_id == world.clinic.pk
    assert "contact your clinic" in page


def test_worse_after_a_better_week_does_not_alert(world):
    client = _runner(world.runner)
    _check_in(client, "worse", 2)
    _check_in(client, "improving", 1)
    page = _check_in(client, "worse", 0).content.decode()
    assert not Alert.objects.filter(kind="rf20_trend").exists() and "contact your clinic" not in page


def test_a_check_in_without_an_answer_breaks_the_run(world):
    client = _runner(world.runner)
    _check_in(client, "worse", 2)
    _check_in(client, "", 1)
    _check_in(client, "worse", 0)
    assert not Alert.objects.filter(kind="rf20_trend").exists()


def test_a_runner_without_a_clinic_is_told_to_seek_a_review_and_no_alert_is_raised(world):
    client = _runner(world.lone_runner)
    _check_in(client, "worse", 1)
    page = _check_in(client, "worse", 0).content.decode()
    assert not Alert.objects.filter(kind="rf20_trend").exists()
    assert "physical therapist or doctor" in page and "let your therapist know" not in page
