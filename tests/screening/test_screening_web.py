"""The runner's self-screening through the web: adaptive steps, red flags first, the result saved
whole, and the answers carried into an appointment request."""

import json
import pathlib

from django.core import mail
from django.urls import reverse

from stridecare.booking.models import AppointmentRequest
from stridecare.inbox.models import Alert
from stridecare.screening.models import ScreeningSession

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"


def answer_until_done(client, answers: dict, limit: int = 40):
    """Answer each step from ``answers`` (unknown questions left blank = not sure)."""
    response = client.get(reverse("screening:start"), follow=True)
    for _ in range(limit):
        if "form" not in (response.context or {}):
            return response
        data = {}
        for name in response.context["form"].fields:
            value = answers.get(name)
            if isinstance(value, bool):
                data[name] = "yes" if value else "no"
            elif value is not None:
                data[name] = value
        response = client.post(reverse("screening:question"), data, follow=True)
    raise AssertionError("the questionnaire did not end")


def test_the_first_step_is_the_body_map_and_only_relevant_questions_follow(world, client):
    client.force_login(world.runner)
    first = client.get(reverse("screening:start"), follow=True)
    fields = list(first.context["form"].fields)
    assert fields == ["body_map"]
    assert 'id="body-map"' in first.content.decode()
    second = client.post(reverse("screening:question"), {"body_map": ["front_left_anterior_knee"]}, follow=True)
    assert "dvt_risk" not in second.context["form"].fields  # calf questions only for the calf


def test_groin_night_pain_after_more_mileage_is_urgent_and_saved(world, client):
    client.force_login(world.runner)
    answers = {
        "body_map": ["front_right_groin"],
        "side": "right",
        "age": 34,
        "sex": "female",
        "pain_now": 4,
        "onset": "gradual",
        "duration_days": 14,
        "trend": "worse",
        "trauma": False,
        "weight_bearing_ok": True,
        "pain_walking": 3,
        "limp": True,
        "pain_stage": "walking",
        "night_pain_any": True,
        "night_pain": True,
        "pain_activity_related": True,
        "training_changes": ["more_distance"],
        "hop_pain": "cannot",
    }
    result = answer_until_done(client, answers)
    saved = ScreeningSession.objects.get(runner=world.runner)
    assert saved.urgency in {"emergency", "same_day"}
    assert any(f["id"] == "RF-01" for f in saved.result["red_flags"])
    page = result.content.decode()
    assert 'data-rule="RF-01"' in page and "not a diagnosis" in page


def test_lateral_knee_pain_at_a_set_distance_lists_itbs_and_books_with_the_answers(world, client):
    client.force_login(world.runner)
    answers = json.loads((VIGNETTES / "03_itbs.json").read_text())
    answers["body_map"] = ["front_left_lateral_knee"]
    answer_until_done(client, answers)
    saved = ScreeningSession.objects.get(runner=world.runner)
    assert "itbs" in [c["code"] for c in saved.result["conditions"][:3]]
    response = client.post(reverse("screening:request_visit", args=[saved.pk]), follow=True)
    assert 'id="screening-carried"' in response.content.decode()
    form = response.context["form"]
    data = {
        "visit_type": "clinic",
        "reason": "Outer knee pain at 6 km",
        "submission_token": form.initial["submission_token"],
        "phone": "",
    }
    client.post(reverse("booking:request_form", args=["riverside"]), data)
    req = AppointmentRequest.objects.get(runner=world.runner)
    assert req.screening["id"] == saved.pk and req.screening["answers"]["run_pain_course"] == answers["run_pain_course"]
    client.force_login(world.therapist)
    detail = client.get(reverse("booking:request_detail", args=[req.pk])).content.decode()
    assert 'id="screening-answers"' in detail and "iliotibial" in detail.lower()


def test_a_wrong_answer_is_shown_and_not_kept(world, client):
    client.force_login(world.runner)
    client.get(reverse("screening:start"))
    client.post(reverse("screening:question"), {"body_map": ["front_left_anterior_knee"]})
    response = client.post(reverse("screening:question"), {"age": "500"})
    assert response.status_code == 200 and response.context["form"].errors
    assert "age" not in client.session["screening"]["answers"]


def test_therapists_see_every_rule_with_version_and_citation(world, client):
    client.force_login(world.therapist)
    page = client.get(reverse("screening:rules")).content.decode()
    for rule_id in ("RF-01", "RF-14", "pfp", "itbs"):
        assert f'id="rule-{rule_id}"' in page
    assert "v1.1.0" in page and "[V:R" in page
    assert "weight_bearing_ok == false" in page  # the rule logic itself, not only its name (RF-01 escalation)
    assert 'id="differential"' in page and "septic joint (RF-08)" in page
    client.force_login(world.runner)
    assert client.get(reverse("screening:rules")).status_code == 404


def test_a_self_harm_answer_shows_crisis_resources_and_alerts(world, client):
    client.force_login(world.runner)
    answers = json.loads((VIGNETTES / "01_pfp_classic.json").read_text())
    answers["body_map"] = ["front_left_anterior_knee"]
    session = client.session
    session["screening"] = {
        "answers": {**{k: v for k, v in answers.items() if k != "body_map"}, "self_harm_indicator": True},
        "skipped": [],
    }
    session.save()
    page = client.get(reverse("screening:finish"), follow=True).content.decode()
    assert 'id="crisis-resources"' in page
    assert Alert.objects.filter(runner=world.runner, kind="self_harm").exists()
    assert mail.outbox
