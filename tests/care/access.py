"""Objects of the first clinic's runner for the project-wide access walk
(tests/accounts/test_access_rules.py): a signed evaluation by world.therapist with one treatment
entry and one addendum, and a self-screening."""

from __future__ import annotations


def access_values(world) -> dict:
    from stridecare.care import notes
    from stridecare.screening.models import ScreeningSession

    note = notes.create_note(
        runner=world.runner,
        author=world.therapist,
        kind="evaluation",
        region="anterior_knee",
        content={"history": "ZEBRA-SECRET-REASON in the history", "runner_summary": "Keep walking."},
    )
    treatment = notes.add_treatment(
        note.pk, author=world.therapist, technique="kinesiology_taping", body_area="knee", side="L", minutes=10
    )
    notes.sign_note(note.pk, signer=world.therapist)
    addendum = notes.add_addendum(note.pk, author=world.therapist, text="Phoned the runner.")
    screening = ScreeningSession.objects.create(
        runner=world.runner,
        clinic=world.clinic,
        answers={"region": "anterior_knee"},
        result={"urgency": "routine"},
        rules_version="1.1.0",
        urgency="routine",
    )
    return {
        "note_id": note.pk,
        "treatment_id": treatment.pk,
        "addendum_id": addendum.pk,
        "runner_id": world.runner.pk,
        "screening_id": screening.pk,
    }
