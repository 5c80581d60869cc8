"""The load dashboard: the current week "so far", weeks in the runner's own time zone, and the hold on
running (an uncleared red flag that stops running, a walk-run return to running) instead of advice."""

import datetime as dt
import json
import pathlib

import pytest
import time_machine
from django.urls import reverse

from stridecare.core.screening import screen
from stridecare.programs import actions
from stridecare.programs.models import WalkRunLog
from stridecare.screening.models import ScreeningSession
from stridecare.screening.state import clear_flags
from stridecare.training.imports import refresh_load
from stridecare.training.running_status import running_hold
from tests.training.helpers import add_activity

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"
NOW = dt.datetime(2026, 6, 10, 12, 0, tzinfo=dt.UTC)  # a Wednesday
ADVICE = "Build up step by step"  # the spike finding's training advice


def screening(runner, vignette: str) -> ScreeningSession:
    answers = json.loads((VIGNETTES / vignette).read_text())
    result = screen(answers)
    return ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )


@pytest.fixture
def spiky_runner(world):
    """Six weeks of 5 km runs, then a 12 km run on Monday of this week: a large session spike."""
    with time_machine.travel(NOW, tick=False):
        for day in range(2, 42, 3):
            add_activity(world.runner, NOW - dt.timedelta(days=44 - day), 5000, 1500)
        add_activity(world.runner, dt.datetime(2026, 6, 8, 7, tzinfo=dt.UTC), 12_000, 3600)
        refresh_load(world.runner)
    return world.runner


def page(client, user, url):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(url).content.decode()


def test_the_current_week_reads_so_far_not_a_fall_of_100_percent(world, client):
    with time_machine.travel(NOW, tick=False):
        add_activity(world.runner, NOW - dt.timedelta(days=7), 8000, 2400)  # last week only
        refresh_load(world.runner)
    body = page(client, world.runner, reverse("training:dashboard"))
    assert "-100 %" not in body and ">so far</td>" in body
    assert 'class="x-tick so-far-label">so far<' in body and "This week so far (since Mon 8 Jun): 0.0 km" in body


def test_weeks_follow_the_runners_time_zone(world, client):
    """Sunday 22:00 in Auckland is Sunday 10:00 UTC: that run belongs to the week before, and at
    01:00 on Monday in Auckland the new week has nothing so far."""
    world.runner.timezone = "Pacific/Auckland"
    world.runner.save()
    late_sunday = dt.datetime(2026, 6, 7, 10, 0, tzinfo=dt.UTC)
    monday_nz = dt.datetime(2026, 6, 7, 13, 0, tzinfo=dt.UTC)
    with time_machine.travel(monday_nz, tick=False):
        add_activity(world.runner, late_sunday, 10_000, 3000)
        refresh_load(world.runner)
        client.force_login(world.runner)
        home = client.get(reverse("home")).content.decode()
        dashboard = client.get(reverse("training:dashboard")).content.decode()
    assert "<strong>0.0 km</strong> so far" in home and "Last week: <strong>10.0 km</strong>" in home
    assert "This week so far (since Mon 8 Jun): 0.0 km" in dashboard


def test_without_a_hold_the_findings_carry_their_advice(spiky_runner, client):
    body = page(client, spiky_runner, reverse("training:dashboard"))
    assert ADVICE in body and 'id="running-hold"' not in body


def test_an_uncleared_red_flag_that_stops_running_replaces_the_advice_until_cleared(world, spiky_runner, client):
    flagged = screening(spiky_runner, "15_rf01_groin_night_pain.json")  # same day: stop running
    body = page(client, spiky_runner, reverse("training:dashboard"))
    assert "Hold running until a clinician clears you" in body and ADVICE not in body
    assert "longer than your longest run" in body  # the finding's facts stay
    assert reverse("screening:result", args=[flagged.pk]) in body
    staff = page(client, world.therapist, reverse("training:staff_dashboard", args=[spiky_runner.pk]))
    assert (
        "Running on hold until cleared" in staff
        and "RF-01" in staff
        and reverse("screening:clear", args=[flagged.pk]) in staff
    )
    clear_flags(flagged.pk, clinician=world.therapist, note="Examined: hip joint clear, no bone tenderness.")
    body = page(client, spiky_runner, reverse("training:dashboard"))
    assert 'id="running-hold"' not in body and ADVICE in body


def test_a_red_flag_that_does_not_stop_running_leaves_the_advice(spiky_runner, client):
    saved = screening(spiky_runner, "17_rf02_young_knee_night_ache.json")  # soon, running not stopped
    assert saved.has_red_flags and running_hold(spiky_runner) is None
    assert ADVICE in page(client, spiky_runner, reverse("training:dashboard"))


def test_the_hold_shows_on_the_runs_own_page_too(spiky_runner, client):
    screening(spiky_runner, "16_rf01_cannot_bear_weight.json")  # emergency
    spike = spiky_runner.activities.get(distance_m=12_000)
    body = page(client, spiky_runner, reverse("training:activity", args=[spike.pk]))
    assert "Hold running until a clinician clears you" in body and ADVICE not in body


def test_a_walk_run_under_way_holds_usual_running_and_a_stopped_one_all_running(world, spiky_runner, client):
    program = actions.start_program(spiky_runner, world.therapist, "pfp", "P1", (0, 2, 4))
    program.walk_run_started_on = dt.date(2026, 6, 9)
    program.save()
    body = page(client, spiky_runner, reverse("training:dashboard"))
    assert "Hold your usual running" in body and "step 1 of 8" in body and "(run 1 min + walk 4 min) x 5" in body
    assert ADVICE not in body
    WalkRunLog.objects.create(
        program=program, performed_on=dt.date(2026, 6, 9), stage=1, pain_during=2, night_pain=True
    )
    body = page(client, spiky_runner, reverse("training:dashboard"))
    assert "Your return-to-running plan was stopped" in body and ADVICE not in body


def test_another_clinics_therapist_gets_404(world, spiky_runner, client):
    client.force_login(world.other_therapist)
    assert client.get(reverse("training:staff_dashboard", args=[spiky_runner.pk])).status_code == 404


def test_runners_read_no_rule_ids_or_evidence_tags(spiky_runner, client):
    body = page(client, spiky_runner, reverse("training:dashboard"))
    assert "LF-0" not in body.replace('data-code="LF-0', "") and "REFERENCE" not in body and "EWMA" not in body
