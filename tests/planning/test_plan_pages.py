"""Runner plan pages, the home card, the feed and FIT workouts, and the therapist's view, edit and lock."""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib

import fitdecode
import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from stridecare.core.screening import screen
from stridecare.planning.models import PlanRunRow, TrainingPlan
from stridecare.screening.models import ScreeningSession
from tests.training.helpers import add_activity

NOW = dt.datetime(2027, 1, 6, 9, 0, tzinfo=dt.UTC)  # a Wednesday
VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"
GOAL = {"distance": "21097.5", "race_on": "2027-04-11", "days_per_week": "4", "long_run_weekday": "6"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def runner(world):
    """Six weeks of Tuesday 5 km, Thursday 6 km and Sunday 9 km before this week."""
    monday = dt.date(2027, 1, 4)
    for w in range(6, 0, -1):
        for offset, m in ((1, 5000), (3, 6000), (6, 9000)):
            day = monday - dt.timedelta(days=7 * w - offset)
            add_activity(world.runner, dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC), m, m / 2.8)
    return world.runner


def login(client, user):
    client.force_login(user)
    return client


def test_a_runner_without_a_goal_is_sent_to_the_goal_form(client, runner):
    response = login(client, runner).get(reverse("planning:mine"))
    assert response.status_code == 302 and response["Location"] == reverse("planning:goal")
    home = client.get(reverse("home")).content.decode()
    assert "Set a running goal" in home and reverse("planning:goal") in home


def test_setting_a_goal_makes_the_plan_with_reasons_and_no_codes(client, runner):
    response = login(client, runner).post(reverse("planning:goal"), GOAL)
    assert response.status_code == 302
    plan = TrainingPlan.objects.get(runner=runner)
    assert plan.status == "ok"
    body = client.get(reverse("planning:mine")).content.decode()
    assert "weeks to your 21.1 km race" in body
    assert "Long run" in body and "9.9 km" in body and "a tenth more than your longest run" in body
    assert "REFERENCE" not in body and "[V:" not in body and "[H]" not in body and "LF-0" not in body
    first = PlanRunRow.objects.filter(week__plan=plan).order_by("on").first()
    assert first.on >= dt.date(2027, 1, 6)
    home = client.get(reverse("home")).content.decode()
    assert 'id="card-plan"' in home and "Your plan this week" in home


def test_the_home_card_says_so_when_the_plan_has_no_week_now(client, runner):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False):  # after the race
        card = login(client, runner).get(reverse("home")).content.decode()
    card = card.split('id="card-plan"')[1].split("</article>")[0]
    assert "Your plan this week" in card and "No runs are planned for this week" in card


def test_an_unsafe_goal_offers_the_safer_alternatives(client, runner):
    login(client, runner).post(reverse("planning:goal"), GOAL | {"distance": "42195", "race_on": "2027-03-14"})
    body = client.get(reverse("planning:mine")).content.decode()
    assert "This goal is not safe yet" in body and "A later date" in body and "A shorter race" in body
    assert not PlanRunRow.objects.filter(week__plan__runner=runner).exists()


def test_an_imported_run_on_a_planned_day_is_ticked(client, runner):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    first = PlanRunRow.objects.filter(week__plan__runner=runner).order_by("on").first()
    with time_machine.travel(dt.datetime.combine(first.on, dt.time(18), tzinfo=dt.UTC), tick=False):
        add_activity(runner, dt.datetime.combine(first.on, dt.time(8), tzinfo=dt.UTC), first.distance_m, 1800)
        body = client.get(reverse("planning:mine")).content.decode()
    item = body[body.index(f'id="run-{first.on.isoformat()}"') :][:600]
    assert "done" in item and "not run" not in item


def test_a_red_flag_pauses_the_plan(client, runner):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    answers = json.loads((VIGNETTES / "15_rf01_groin_night_pain.json").read_text())
    result = screen(answers)
    ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )
    body = client.get(reverse("planning:mine")).content.decode()
    assert "Plan paused" in body and "warning sign" in body
    assert not PlanRunRow.objects.filter(week__plan__runner=runner, on__gte=dt.date(2027, 1, 6)).exists()


def test_illness_days_get_no_runs(client, runner):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    client.post(reverse("planning:illness"), {"first_day": "2027-01-06", "last_day": "2027-01-09"})
    runs = PlanRunRow.objects.filter(week__plan__runner=runner, on__lte=dt.date(2027, 1, 9))
    assert not runs.exists()
    assert (
        client.post(reverse("planning:illness"), {"first_day": "2027-01-09", "last_day": "2027-01-06"}).status_code
        == 400
    )


def test_the_feed_lists_the_planned_runs_behind_a_secret_token(client, runner):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    plan = TrainingPlan.objects.get(runner=runner)
    response = client.get(reverse("planning:feed", args=[plan.feed_token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == PlanRunRow.objects.filter(week__plan=plan).count()
    assert any(str(e["summary"]) == "Race 21.1 km" for e in events)
    assert client.get(reverse("planning:feed", args=["not-a-real-token"])).status_code == 404
    old = plan.feed_token
    client.post(reverse("planning:reset_feed"))
    assert client.get(reverse("planning:feed", args=[old])).status_code == 404


def test_a_planned_run_downloads_as_a_fit_workout(client, runner, world):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    run = PlanRunRow.objects.filter(week__plan__runner=runner, kind="long").first()
    response = client.get(reverse("planning:workout_fit", args=[run.pk]))
    assert response.status_code == 200
    with fitdecode.FitReader(io.BytesIO(response.content)) as reader:
        steps = [f for f in reader if isinstance(f, fitdecode.FitDataMessage) and f.name == "workout_step"]
    assert steps[0].get_value("duration_distance") == run.distance_m
    assert login(client, world.clinic_mate).get(reverse("planning:workout_fit", args=[run.pk])).status_code == 404


def test_the_therapist_sees_sources_and_locks_an_edited_week(client, runner, world):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    plan = TrainingPlan.objects.get(runner=runner)
    staff = login(client, world.therapist)
    body = staff.get(reverse("planning:staff_plan", args=[runner.pk])).content.decode()
    assert "Source: REFERENCE.md 5.3" in body and "Edit or lock" in body
    week = plan.weeks.get(week_start=dt.date(2027, 1, 11))
    runs = list(week.runs.all())
    data = {f"run_{r.pk}": str(round(r.distance_m / 1000, 1)) for r in runs}
    long_run = next(r for r in runs if r.kind == "long")
    data[f"run_{long_run.pk}"] = "14"  # a spike over the 9.9 km long run of the week before
    data["lock"] = "on"
    response = staff.post(reverse("planning:staff_week", args=[runner.pk, week.pk]), data)
    assert response.status_code == 302
    week.refresh_from_db()
    assert week.locked and week.locked_by == world.therapist
    assert week.runs.get(pk=long_run.pk).distance_m == 14000
    body = staff.get(reverse("planning:staff_plan", args=[runner.pk])).content.decode()
    assert "Edited weeks that break the load rules" in body and "moderate_spike" in body
    assert "set by Priya Shah" in body
    # the runner's recomputation keeps the locked week
    login(client, runner).post(reverse("planning:illness"), {"first_day": "2027-01-06", "last_day": "2027-01-06"})
    assert plan.weeks.get(pk=week.pk).runs.get(pk=long_run.pk).distance_m == 14000
    assert "set by your therapist" in client.get(reverse("planning:mine")).content.decode()


def test_another_clinics_therapist_gets_404(client, runner, world):
    login(client, runner).post(reverse("planning:goal"), GOAL)
    week = TrainingPlan.objects.get(runner=runner).weeks.first()
    other = login(client, world.other_therapist)
    assert other.get(reverse("planning:staff_plan", args=[runner.pk])).status_code == 404
    assert other.get(reverse("planning:staff_week", args=[runner.pk, week.pk])).status_code == 404


def test_a_bad_goal_form_says_what_is_wrong(client, runner):
    response = login(client, runner).post(reverse("planning:goal"), GOAL | {"race_on": "2026-12-01"})
    assert response.status_code == 200 and "Choose a race date after today." in response.content.decode()


def test_the_demo_clinic_has_a_plan_and_a_paused_plan(db):
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    plans = {p.runner.email: p for p in TrainingPlan.objects.select_related("runner")}
    assert plans["jo@runner.example"].status == "ok" and plans["jo@runner.example"].weeks.exists()
    assert plans["kai@runner.example"].status == "paused"  # the walk-run return comes first


def test_a_check_in_that_says_worse_makes_the_next_week_lighter(client, runner):
    from stridecare.outcomes.models import CheckIn

    login(client, runner).post(reverse("planning:goal"), GOAL | {"race_on": "2027-05-30"})
    plan = TrainingPlan.objects.get(runner=runner)
    planned = plan.weeks.get(week_start=dt.date(2027, 1, 11)).planned_m
    for run in PlanRunRow.objects.filter(week__plan=plan, on__lt=dt.date(2027, 1, 11)):  # done as planned
        add_activity(runner, dt.datetime.combine(run.on, dt.time(7), tzinfo=dt.UTC), run.distance_m, 1800)
    CheckIn.objects.create(
        runner=runner, completed_on=dt.date(2027, 1, 6), mood=3, stress=3, sleep=3, motivation=3, trend="worse"
    )
    with time_machine.travel(dt.datetime(2027, 1, 11, 9, tzinfo=dt.UTC), tick=False):
        body = login(client, runner).get(reverse("planning:mine")).content.decode()  # sessions are short
    week = plan.weeks.get(week_start=dt.date(2027, 1, 11))
    assert week.kind == "reduce" and week.planned_m < planned
    assert "you said the pain was worse" in body


def test_the_clinics_own_guard_applies(client, runner, world):
    from stridecare.training.models import ClinicLoadSettings

    ClinicLoadSettings.objects.create(clinic=world.clinic, values={"planning_guard_factor": 1.05})
    login(client, runner).post(reverse("planning:goal"), GOAL | {"distance": "10000"})
    first_long = PlanRunRow.objects.filter(week__plan__runner=runner, kind="long").order_by("on").first()
    assert first_long.distance_m == 9400  # 1.05 x 9 km = 9.45 km, rounded down to 100 m
