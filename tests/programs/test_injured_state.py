"""One injured state: while the runner has a screening with fired red flags no clinician has cleared,
Today shows no walk-run session and no paused exercise (one plain line instead), a walk-run session is
refused on the server, the checklist's "no active red flag" is read from the screenings (never ticked
by hand) and the walk-run program cannot start until the checklist is met. "Why I run" shows in a hard week."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stridecare.core.screening import screen
from stridecare.outcomes.models import CheckIn, WhyIRun
from stridecare.programs.models import WalkRunLog
from stridecare.programs.rtr import checklist_for
from stridecare.screening.models import ScreeningSession
from tests.programs.conftest import start_walk_run

RUN = {"log_run": "1", "intervals_completed": "on", "baseline_pain": "0", "pain_during": "1"}


def _flag(runner, answers=None) -> ScreeningSession:
    answers = answers or {"night_pain": True}  # RF-02 fires; no region: the whole list is paused
    result = screen(answers)
    saved = ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )
    assert saved.has_red_flags
    return saved


def _clear(saved, therapist) -> None:
    saved.cleared_at, saved.cleared_by, saved.clearance_note = timezone.now(), therapist, "examined: no concern"
    saved.save()


def _status(program, criterion="RTR-01") -> str:
    return next(i.status for i in checklist_for(program).items if i.criterion.id == criterion)


def test_today_hides_the_run_and_the_paused_exercises_with_one_line_why(
    world, therapist_client, runner_client, pfp_program
):
    start_walk_run(therapist_client, pfp_program)
    assert 'id="run-today"' in runner_client.get(reverse("programs:today")).content.decode()
    saved = _flag(world.runner)
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert 'id="run-today"' not in body and "Walk-run" not in body
    assert not any(
        item.exercise.name in body for item in pfp_program.exercises.all()
    )  # none listed, not even as "paused"
    banner = body[body.index('id="exercise-suspension"') :].split("</p>")[0]
    assert (
        "Your exercises and running are paused" in banner
        and "until a clinician has checked" in banner
        and "RF-02" not in banner
    )
    _clear(saved, world.therapist)
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert 'id="run-today"' in body and 'id="exercise-suspension"' not in body


def test_a_walk_run_session_is_refused_on_the_server_while_a_flag_is_open(
    world, therapist_client, runner_client, pfp_program
):
    start_walk_run(therapist_client, pfp_program)
    _flag(world.runner)
    page = runner_client.post(reverse("programs:my_rtr"), RUN, follow=True).content.decode()
    assert not WalkRunLog.objects.exists() and "Running is on hold" in page and "nothing was logged" in page
    assert 'name="log_run"' not in page  # the log form is not offered either


def test_no_active_red_flag_is_read_from_the_screenings(world, therapist_client, pfp_program):
    assert _status(pfp_program) == "met"  # no screening fired anything
    saved = _flag(world.runner)
    assert _status(pfp_program) == "not_met"
    therapist_client.post(reverse("programs:staff_rtr", args=[pfp_program.pk]), {"RTR-01": "yes"})  # a hand-made tick
    pfp_program.refresh_from_db()
    assert "RTR-01" not in pfp_program.rtr_answers and _status(pfp_program) == "not_met"
    page = therapist_client.get(reverse("programs:staff_rtr", args=[pfp_program.pk])).content.decode()
    assert (
        'name="RTR-01"' not in page and "read from the runner's screenings" in page and 'id="running-on-hold"' in page
    )
    _clear(saved, world.therapist)
    assert _status(pfp_program) == "met"


def test_the_walk_run_cannot_start_until_the_checklist_is_met(world, therapist_client, pfp_program):
    url = reverse("programs:staff_rtr", args=[pfp_program.pk])
    page = therapist_client.post(url, {"start_walk_run": "1"}, follow=True).content.decode()
    pfp_program.refresh_from_db()
    assert pfp_program.walk_run_started_on is None and "Not met yet: pain at rest and in daily life" in page
    assert 'name="start_walk_run"' not in page and 'id="walk-run-locked"' in page
    saved = _flag(world.runner)
    from stridecare.core.programs.rtr import RTR_CRITERIA

    therapist_client.post(url, {c.id: "yes" for c in RTR_CRITERIA if c.id != "RTR-01"})
    page = therapist_client.post(url, {"start_walk_run": "1"}, follow=True).content.decode()
    pfp_program.refresh_from_db()
    assert (
        pfp_program.walk_run_started_on is None and "Not met yet: no active red flag." in page
    )  # every other item met
    _clear(saved, world.therapist)
    therapist_client.post(url, {"start_walk_run": "1"})
    pfp_program.refresh_from_db()
    assert pfp_program.walk_run_started_on == timezone.localdate()


def test_the_runners_program_page_agrees_that_running_is_on_hold(world, runner_client, pfp_program):
    _flag(world.runner)
    body = runner_client.get(reverse("programs:my_program")).content.decode()
    assert (
        'id="exercise-suspension"' in body
        and body.count('<span class="badge">paused</span>') == pfp_program.exercises.count()
    )


def _checkin(runner, mood: int, motivation: int, days_ago: int = 0) -> CheckIn:
    return CheckIn.objects.create(
        runner=runner,
        completed_on=timezone.localdate() - dt.timedelta(days=days_ago),
        mood=mood,
        stress=3,
        sleep=3,
        motivation=motivation,
        phq2_items=[0, 0],
        gad2_items=[0, 0],
        phq2_score=0,
        gad2_score=0,
    )


def test_why_i_run_shows_on_today_in_a_hard_week_only(world, runner_client, pfp_program):
    WhyIRun.objects.create(runner=world.runner, text="Sunday mornings by the river with my sister")
    _checkin(world.runner, mood=4, motivation=4)
    assert 'id="why-shown"' not in runner_client.get(reverse("programs:today")).content.decode()  # a good week
    CheckIn.objects.all().delete()
    _checkin(world.runner, mood=4, motivation=2)  # motivation 2/5: a hard week (CheckIn.is_hard_week)
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert 'id="why-shown"' in body and "Sunday mornings by the river" in body
    CheckIn.objects.all().delete()
    _checkin(world.runner, mood=1, motivation=1, days_ago=8)  # last week's hard check-in speaks for last week
    assert 'id="why-shown"' not in runner_client.get(reverse("programs:today")).content.decode()


def test_why_i_run_shows_while_an_injury_keeps_the_runner_from_running(world, runner_client):
    WhyIRun.objects.create(runner=world.runner, text="Because it clears my head")
    assert 'id="why-shown"' not in runner_client.get(reverse("programs:today")).content.decode()
    _flag(world.runner)
    assert (
        "Because it clears my head" in runner_client.get(reverse("programs:today")).content.decode()
    )  # even without a program


def test_why_i_run_shows_on_the_well_being_page_in_a_hard_week_and_after_a_hard_check_in(world, runner_client):
    WhyIRun.objects.create(runner=world.runner, text="Sunday mornings by the river with my sister")
    page = reverse("programs:wellbeing")
    assert 'id="why-shown"' not in runner_client.get(page).content.decode()  # no check-in this week
    _checkin(world.runner, mood=2, motivation=4)  # mood 2/5: a hard week
    assert "Sunday mornings by the river" in runner_client.get(page).content.decode()
    CheckIn.objects.all().delete()
    answers = {
        "checkin": "1",
        "sleep": "3",
        "energy": "3",
        "stress": "3",
        "mood": "1",
        "motivation": "3",
        "soreness": "3",
        "red_flags": ["none"],
    }
    body = runner_client.post(page, answers, follow=True).content.decode()  # the check-in just sent is the hard one
    assert 'id="why-shown"' in body
