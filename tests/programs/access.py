"""Objects of the first clinic's runner for the URL access walk (tests/accounts/test_access_rules.py).
Object kwargs: program_id, prescribed_id, log_id, suggestion_id, checkin_id, referral_id."""

from __future__ import annotations


def access_values(world) -> dict:
    from stridecare.outcomes.models import CheckIn
    from stridecare.programs import actions
    from stridecare.programs.models import ExerciseLog, Referral

    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 1, 2, 3, 4, 5, 6))
    prescribed = program.exercises.first()
    log = ExerciseLog(prescribed=prescribed, pain_during=2, baseline_pain=0)
    actions.record_log(log)
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
    referral = Referral.objects.create(
        clinic=world.clinic, kind="counsellor", name="Dana Counsel", contact="020 0000 0000"
    )
    return {
        "program_id": program.pk,
        "prescribed_id": prescribed.pk,
        "log_id": log.pk,
        "suggestion_id": prescribed.suggestions.first().pk,
        "checkin_id": checkin.pk,
        "referral_id": referral.pk,
        "exercise_key": "EX03",
        "measure": "lefs",
    }
