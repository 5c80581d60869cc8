from django.test import Client
from django.urls import reverse

from stridecare.core.programs.protocols import get_protocol, prescribe_phase
from stridecare.programs.models import PrescribedExercise, Program


def test_therapist_starts_a_program_from_the_patellofemoral_protocol(world, therapist_client):
    response = therapist_client.post(
        reverse("programs:runner_programs", args=[world.runner.pk]),
        {"condition": "pfp", "protocol_phase": "pfp:P1", "weekdays": ["0", "3"]},
    )
    program = Program.objects.get(runner=world.runner)
    assert response.status_code == 302 and response["Location"] == reverse("programs:program", args=[program.pk])
    expected = prescribe_phase("pfp", "P1", (0, 3))
    rows = list(program.exercises.all())
    assert [(r.exercise_id, r.dose, r.weekdays) for r in rows] == [(p.exercise_id, p.dose, "0,3") for p in expected]
    body = therapist_client.get(response["Location"]).content.decode()
    phase = get_protocol("pfp").phase("P1")
    assert (
        phase.move_on_when.replace("'", "&#x27;").replace(">", "&gt;").replace("<", "&lt;") in body
    )  # the criteria are shown


def test_a_phase_of_another_condition_is_refused(world, therapist_client):
    response = therapist_client.post(
        reverse("programs:runner_programs", args=[world.runner.pk]),
        {"condition": "itbs", "protocol_phase": "pfp:P1", "weekdays": ["0"]},
    )
    assert response.status_code == 200 and "Pick a phase of the protocol" in response.content.decode()
    assert not Program.objects.exists()


def test_from_scratch_then_add_and_edit_an_exercise(world, therapist_client):
    therapist_client.post(
        reverse("programs:runner_programs", args=[world.runner.pk]),
        {"condition": "itbs", "protocol_phase": "", "weekdays": ["1"]},
    )
    program = Program.objects.get(runner=world.runner)
    assert program.exercises.count() == 0 and not program.from_protocol
    therapist_client.post(
        reverse("programs:program", args=[program.pk]), {"exercise_id": "EX04", "dose": "", "weekdays": ["1", "4"]}
    )
    item = program.exercises.get()
    assert item.dose == item.exercise.dose.text and item.weekdays == "1,4"
    therapist_client.post(
        reverse("programs:prescribed", args=[item.pk]),
        {
            "dose": "2 x 12 each side",
            "sets": "2",
            "reps": "12",
            "hold_s": "",
            "load_kg": "4",
            "weekday_set": ["0", "2"],
        },
    )
    item.refresh_from_db()
    assert (item.dose, item.sets, item.reps, item.load_kg, item.weekdays) == ("2 x 12 each side", 2, 12, 4.0, "0,2")
    therapist_client.post(reverse("programs:prescribed", args=[item.pk]), {"remove": "1"})
    assert not PrescribedExercise.objects.filter(pk=item.pk).exists()


def test_moving_to_the_next_phase_replaces_the_exercises(world, therapist_client, pfp_program):
    therapist_client.post(reverse("programs:advance_phase", args=[pfp_program.pk]))
    pfp_program.refresh_from_db()
    assert pfp_program.phase == "P2"
    assert [e.exercise_id for e in pfp_program.exercises.all()] == [p.exercise_id for p in prescribe_phase("pfp", "P2")]


def test_other_clinic_therapist_gets_404(world, pfp_program):
    outsider = Client()
    outsider.force_login(world.other_therapist)
    item = pfp_program.exercises.first()
    assert outsider.get(reverse("programs:program", args=[pfp_program.pk])).status_code == 404
    assert outsider.post(reverse("programs:prescribed", args=[item.pk]), {"remove": "1"}).status_code == 404
    assert (
        outsider.post(reverse("programs:runner_programs", args=[world.runner.pk]), {"condition": "pfp"}).status_code
        == 404
    )
    assert PrescribedExercise.objects.filter(pk=item.pk).exists()


def test_every_library_exercise_can_be_added_with_its_default_dose(world):
    # an empty dose takes the library's text, up to 201 characters (EX06): PostgreSQL refused it
    # when the column held 200 (SQLite does not enforce the length, so only the PostgreSQL run saw it)
    from stridecare.core.programs.library import load_library
    from stridecare.programs import actions

    program = actions.start_program(world.runner, world.therapist, "pfp", None, (0, 2, 4))
    library = load_library()
    for key in sorted(library):
        actions.add_exercise(program, key, "", (1,))
    stored = dict(program.exercises.values_list("exercise_id", "dose"))
    assert all(stored[key] == library[key].dose.text for key in library)
