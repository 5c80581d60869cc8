"""The demo clinic after a few weeks: what each demo runner has, made through the app's own actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from stridecare.accounts.models import User


def seed() -> None:
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_sam_has_a_same_day_screening_the_clinic_was_told_about_and_a_signed_evaluation(db):
    from stridecare.care.models import ClinicalNote
    from stridecare.inbox.models import Alert

    seed()
    sam = User.objects.get(email="sam@runner.example")
    urgent = sam.screening_sessions.first()
    assert urgent.urgency == "same_day" and "RF-19" in urgent.fired_rule_ids() and urgent.clinic_notified_at is not None
    assert Alert.objects.filter(runner=sam, kind="screening", clinic=sam.clinic).count() == 1
    note = ClinicalNote.objects.get(runner=sam)
    assert note.is_signed and note.signed_by == sam.primary_therapist and note.visit.start < note.signed_at
    assert note.treatments.count() == 2 and [v.change for v in note.versions.order_by("number")][-1] == "Signed"
    assert (
        note.content["diagnosis_code"] == "pfp" and note.content["single_leg_squat"]["L"]["passed"] is False
    )  # pain 3/10 > 2


def test_sam_has_a_program_with_logs_outcome_scores_and_a_check_in(db):
    from stridecare.programs.models import ExerciseLog

    seed()
    sam = User.objects.get(email="sam@runner.example")
    program = sam.programs.get(is_active=True)
    assert (program.condition, program.phase) == ("pfp", "P1") and program.exercises.count() == 5
    logs = ExerciseLog.objects.filter(prescribed__program=program)
    assert (
        logs.count() >= 10
        and logs.count() % 5 == 0
        and all(day < timezone.localdate() for day in logs.values_list("performed_on", flat=True))
    )
    assert not logs.exclude(flare_up="").exists()  # settled by the next morning: no flare-up alerts
    scores = list(sam.outcome_responses.filter(measure="lefs").order_by("completed_on").values_list("score", flat=True))
    assert len(scores) == 2 and scores[1] > scores[0]
    assert sam.checkins.get().trend == "improving"


def test_jo_has_a_routine_screening_and_a_visit_and_kai_returns_to_running(db):
    from stridecare.booking.models import Visit

    seed()
    jo, kai = User.objects.get(email="jo@runner.example"), User.objects.get(email="kai@runner.example")
    assert [s.urgency for s in jo.screening_sessions.all()] == ["routine"]
    visit = Visit.objects.get(runner=jo)
    assert visit.request.screening["urgency"] == "routine" and visit.therapist == jo.primary_therapist
    program = kai.programs.get()
    assert program.walk_run_started_on is not None and program.walk_runs.count() == 3
    assert program.rtr_answers["RTR-07"]["met"] is True


def test_jo_has_a_message_thread_whose_last_message_waits_for_the_clinic(db):
    from stridecare.messaging.actions import clinic_unread_total

    seed()
    seed()
    jo = User.objects.get(email="jo@runner.example")
    thread = jo.message_threads.get()
    messages = list(thread.messages.order_by("created_at"))
    assert [m.from_runner for m in messages] == [True, False, True]
    assert all(m.read_at is not None for m in messages[:2]) and messages[2].read_at is None
    assert messages[1].author == jo.primary_therapist and thread.last_message_at == messages[2].created_at
    assert clinic_unread_total(jo.clinic_id) == 1


def test_the_records_are_added_once(db):
    from stridecare.booking.models import Visit
    from stridecare.care.models import ClinicalNote
    from stridecare.inbox.models import Alert
    from stridecare.programs.models import ExerciseLog
    from stridecare.screening.models import ScreeningSession

    seed()
    counts = [m.objects.count() for m in (ScreeningSession, ClinicalNote, Visit, ExerciseLog, Alert)]
    seed()
    assert [m.objects.count() for m in (ScreeningSession, ClinicalNote, Visit, ExerciseLog, Alert)] == counts


@pytest.mark.parametrize("today", ["2026-03-02 12:00", "2026-03-08 12:00"])  # a Monday and a Sunday
def test_the_story_holds_on_any_weekday(db, today):
    import time_machine

    from stridecare.booking.models import Visit
    from stridecare.programs.models import ExerciseLog

    with time_machine.travel(dt.datetime.fromisoformat(today).replace(tzinfo=dt.UTC), tick=False):
        seed()
        sam = User.objects.get(email="sam@runner.example")
        visits = list(Visit.objects.filter(clinic__slug="riverside"))
        assert visits and all(timezone.localtime(v.start).weekday() < 5 for v in visits)
        assert ExerciseLog.objects.filter(prescribed__program__runner=sam).count() >= 10
        knee = sam.screening_sessions.order_by("created_at").first()
        long_run = sam.activities.order_by("-distance_m").first()
        assert long_run.start_utc < knee.created_at < Visit.objects.get(runner=sam).start
