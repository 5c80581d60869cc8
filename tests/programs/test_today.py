"""Today page, logging, progression suggestions through the web, flare-up alert and adherence."""

from django.test import Client
from django.urls import reverse

from stridecare.inbox.models import Alert
from stridecare.programs import actions
from stridecare.programs.models import ExerciseLog, ProgressionSuggestion
from tests.programs.conftest import days_ago, log_payload


def test_today_lists_the_exercises_with_pictures_and_a_log_form(runner_client, pfp_program):
    body = runner_client.get(reverse("programs:today")).content.decode()
    for item in pfp_program.exercises.all():
        assert item.exercise.name in body and reverse("programs:log", args=[item.pk]) in body
    assert body.count("<svg") >= pfp_program.exercises.count()
    assert 'for="id_ex' in body  # labelled fields


def test_pain_6_on_patellofemoral_pain_is_a_flare_up_regress_and_alert(world, runner_client, pfp_program):
    item = pfp_program.exercises.first()
    response = runner_client.post(reverse("programs:log", args=[item.pk]), log_payload(item.pk, pain=6), follow=True)
    body = response.content.decode()
    # PFP is in the patellofemoral group: ceiling 3/10 (0.6), so 6 > 3 regresses (0.5) and is a flare-up.
    suggestion = ProgressionSuggestion.objects.get(prescribed=item)
    assert (suggestion.action, suggestion.status, suggestion.rule) == (
        "regress",
        "pending",
        "0.5 progression state machine",
    )
    assert "above the ceiling 3/10" in suggestion.reason
    alert = Alert.objects.get(runner=world.runner, kind="flare_up")
    assert alert.clinic_id == world.clinic.pk and alert.read_at is None and item.exercise.name in alert.title
    assert "What to do today" in body and "take the easier version" in body
    # the therapist sees it on the program page, with the rule and its source
    therapist = Client()
    therapist.force_login(world.therapist)
    page = therapist.get(reverse("programs:program", args=[pfp_program.pk])).content.decode()
    assert "Suggested: regress" in page and "REFERENCE.md 0.5 state machine" in page


def test_state_machine_progresses_after_two_settled_sessions(world, runner_client, pfp_program):
    item = pfp_program.exercises.first()
    for n in (2, 1):
        ExerciseLog.objects.create(
            prescribed=item, performed_on=days_ago(n), pain_during=1, baseline_pain=1, pain_next_morning=1
        )
    # third session: its morning is not logged yet; the last 2 sessions include it, so hold (0.5 needs 2 settled)
    runner_client.post(reverse("programs:log", args=[item.pk]), log_payload(item.pk, pain=1, baseline=1))
    assert ProgressionSuggestion.objects.get(prescribed=item, status="pending").action == "hold"
    log = ExerciseLog.objects.filter(prescribed=item).first()
    log.performed_on = days_ago(1)
    log.save()
    ExerciseLog.objects.filter(prescribed=item, performed_on=days_ago(1)).exclude(pk=log.pk).update(
        performed_on=days_ago(3)
    )
    runner_client.post(reverse("programs:morning", args=[log.pk]), {f"m{log.pk}-pain_next_morning": "1"})
    # now the last two sessions settled at baseline 1/10, all reps, good form: progress
    suggestion = ProgressionSuggestion.objects.get(prescribed=item, status="pending")
    assert suggestion.action == "progress" and suggestion.log_id == log.pk
    assert ProgressionSuggestion.objects.filter(prescribed=item).count() == 1  # the old pending one was replaced


def test_pain_monitoring_model_for_achilles(world, runner_client):
    program = actions.start_program(world.runner, world.therapist, "achilles_midportion", "P1", tuple(range(7)))
    item = program.exercises.first()
    cases = [
        (4, 0, "hold"),
        (2, 0, "progress"),
        (6, 0, "regress"),
        (2, 2, "regress"),
    ]  # (during, morning, 4.7 decision)
    for during, morning, expected in cases:
        ExerciseLog.objects.filter(prescribed=item).delete()
        log = ExerciseLog(prescribed=item, performed_on=days_ago(1), pain_during=during, baseline_pain=0)
        actions.record_log(log)
        runner_client.post(reverse("programs:morning", args=[log.pk]), {f"m{log.pk}-pain_next_morning": str(morning)})
        suggestion = ProgressionSuggestion.objects.get(prescribed=item, status="pending")
        assert (suggestion.action, suggestion.rule) == (expected, "4.7 pain-monitoring model"), (during, morning)


def test_next_morning_pain_not_settled_is_a_flare_up(world, runner_client, pfp_program):
    item = pfp_program.exercises.first()
    log = ExerciseLog.objects.create(prescribed=item, performed_on=days_ago(1), pain_during=2, baseline_pain=1)
    runner_client.post(reverse("programs:morning", args=[log.pk]), {f"m{log.pk}-pain_next_morning": "3"})
    log.refresh_from_db()
    assert "not settled by the next morning" in log.flare_up
    assert Alert.objects.filter(runner=world.runner, kind="flare_up").count() == 1


def test_therapist_accepts_or_changes_with_one_click(world, therapist_client, runner_client, pfp_program):
    first, second = list(pfp_program.exercises.all())[:2]
    runner_client.post(reverse("programs:log", args=[first.pk]), log_payload(first.pk, pain=6))
    runner_client.post(reverse("programs:log", args=[second.pk]), log_payload(second.pk, pain=6))
    s1 = ProgressionSuggestion.objects.get(prescribed=first)
    s2 = ProgressionSuggestion.objects.get(prescribed=second)
    response = therapist_client.post(
        reverse("programs:suggestion", args=[s1.pk]), {"action": "regress"}, HTTP_HX_REQUEST="true"
    )
    assert (
        response.status_code == 200
        and "Accepted" in response.content.decode()
        and "<html" not in response.content.decode()
    )
    s1.refresh_from_db()
    first.refresh_from_db()
    assert (s1.status, s1.decided_action, s1.decided_by, first.level) == ("accepted", "regress", world.therapist, -1)
    therapist_client.post(reverse("programs:suggestion", args=[s2.pk]), {"action": "hold"})
    s2.refresh_from_db()
    second.refresh_from_db()
    assert (s2.status, s2.decided_action, second.level) == ("changed", "hold", 0)


def test_runner_cannot_log_another_runners_exercise(world, pfp_program):
    other = Client()
    other.force_login(world.other_runner)
    item = pfp_program.exercises.first()
    assert other.post(reverse("programs:log", args=[item.pk]), log_payload(item.pk, pain=1)).status_code == 404
    assert not ExerciseLog.objects.exists()


def test_weekly_adherence_is_encouraging_for_a_missed_week(world, runner_client, pfp_program):
    pfp_program.started = days_ago(14)
    pfp_program.save()
    body = runner_client.get(reverse("programs:today")).content.decode()
    # two full weeks planned every day and nothing logged: the quiet-week message, never a scolding one
    assert "A quiet week happens" in body
    item = pfp_program.exercises.first()
    runner_client.post(reverse("programs:log", args=[item.pk]), log_payload(item.pk, pain=1))
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert "that is progress" in body or "Well done" in body


def test_invalid_log_shows_errors_next_to_fields(runner_client, pfp_program):
    item = pfp_program.exercises.first()
    response = runner_client.post(reverse("programs:log", args=[item.pk]), {f"ex{item.pk}-pain_during": "11"})
    assert response.status_code == 400 and "errorlist" in response.content.decode()
    assert not ExerciseLog.objects.exists()
