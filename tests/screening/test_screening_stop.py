"""Danger first (REFERENCE.md 2.3 rule 2, 0.3): the screening stops at the first emergency or
same-day red flag and shows the advice at once; a routine path still asks every question."""

import json
import pathlib

from django.urls import reverse

from stridecare.inbox.models import Alert
from stridecare.screening.models import ScreeningSession

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"


def walk(client, answers: dict, limit: int = 40) -> tuple[list[list[str]], object]:
    """Answer step after step; returns the field names of every step shown and the last response."""
    response = client.get(reverse("screening:start"), follow=True)
    steps = []
    for _ in range(limit):
        if "form" not in (response.context or {}):
            return steps, response
        fields = list(response.context["form"].fields)
        steps.append(fields)
        data = {}
        for name in fields:
            value = answers.get(name)
            if isinstance(value, bool):
                data[name] = "yes" if value else "no"
            elif value is not None:
                data[name] = value
        response = client.post(reverse("screening:question"), data, follow=True)
    raise AssertionError("the questionnaire did not end")


def knee(**changes) -> dict:
    answers = json.loads((VIGNETTES / "01_pfp_classic.json").read_text())
    answers["body_map"] = ["front_left_anterior_knee"]
    return answers | changes


def test_cannot_take_four_steps_shows_the_same_day_advice_right_after_that_step(world, client):
    client.force_login(world.runner)
    steps, response = walk(client, knee(weight_bearing_ok=False, pain_walking=8, hop_pain=None))
    assert "weight_bearing_ok" in steps[-1]  # the last step shown is the one with the answer
    assert not any("pain_next_morning" in step for step in steps)  # later groups were never asked
    saved = ScreeningSession.objects.get(runner=world.runner)
    assert saved.urgency == "same_day" and "RF-19" in saved.fired_rule_ids()
    page = response.content.decode()
    assert response.request["PATH_INFO"] == reverse("screening:result", args=[saved.pk])
    assert 'data-urgency="same_day"' in page and 'id="acknowledge"' in page
    assert 'id="stopped-early"' in page and saved.result["stopped_early"] is True
    assert "could reach" not in page and "(1.12)" not in page  # no rule-engine wording for the runner
    assert 'href="tel:999"' in page and 'href="tel:111"' in page  # emergency and NHS 111 of the GB clinic, tap-to-call
    assert saved.clinic_notified_at is not None and Alert.objects.filter(runner=world.runner, kind="screening").exists()


def test_an_emergency_answer_still_stops_at_once(world, client):
    client.force_login(world.runner)
    steps, response = walk(client, knee(heat_illness_signs=True))
    saved = ScreeningSession.objects.get(runner=world.runner)
    assert saved.urgency == "emergency" and any("heat_illness_signs" in step for step in steps[-1:])
    assert '<a role="button" class="call" href="tel:999">Call 999</a>' in response.content.decode()


def test_a_routine_knee_path_is_asked_every_question(world, client):
    client.force_login(world.runner)
    steps, response = walk(client, knee())
    saved = ScreeningSession.objects.get(runner=world.runner)
    assert saved.urgency in {"routine", "soon"}
    asked = {name for step in steps for name in step}
    assert {"weight_bearing_ok", "pain_next_morning", "run_pain_course"} <= asked
    assert saved.result["stopped_early"] is False and 'id="stopped-early"' not in response.content.decode()
    assert len(steps) >= 6
