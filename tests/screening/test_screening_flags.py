"""What an urgent screening sets in motion (REFERENCE.md 0.2.2, 0.3, 2.3 rules 2 and 4): the clinic's
alert, the runner's acknowledgement, a clinician's clearance and the paused exercises on Today."""

import json
import pathlib

from django.test import Client
from django.urls import reverse

from stridecare.core.screening import screen
from stridecare.inbox.models import Alert
from stridecare.programs import actions
from stridecare.screening.models import ScreeningSession
from stridecare.screening.state import exercise_suspension, uncleared_red_flag_screenings

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"


def _vignette(name: str) -> dict:
    return json.loads((VIGNETTES / name).read_text())


def _finish(user, answers: dict) -> tuple[Client, ScreeningSession, str]:
    client = Client()
    client.force_login(user)
    session = client.session
    session["screening"] = {"answers": answers, "skipped": []}
    session.save()
    page = client.get(reverse("screening:finish"), follow=True).content.decode()
    return client, ScreeningSession.objects.filter(runner=user).first(), page


def _saved(runner, answers: dict) -> ScreeningSession:
    result = screen(answers)
    return ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )


# ---- 0.3 / 2.3 rule 2: notify the clinic ----------------------------------------------------------


def test_a_same_day_result_raises_an_amber_alert_naming_the_fired_rules(world):
    _, saved, page = _finish(world.runner, _vignette("15_rf01_groin_night_pain.json"))  # same_day: RF-01, RF-02, RF-03
    alert = Alert.objects.get(runner=world.runner, kind="screening")
    assert (alert.severity, alert.clinic_id) == ("amber", world.clinic.pk)
    assert all(rule in alert.body for rule in ("RF-01", "RF-02", "RF-03"))
    assert saved.clinic_notified_at is not None
    assert 'id="clinic-told"' in page and "Your clinician has been told." in page


def test_an_emergency_result_raises_a_red_alert(world):
    _finish(world.runner, _vignette("22_rf05_saddle_numbness.json"))
    alert = Alert.objects.get(runner=world.runner, kind="screening")
    assert alert.severity == "red" and "RF-05" in alert.body


def test_a_soon_result_whose_actions_ask_for_it_alerts(world):
    _finish(world.runner, _vignette("08_tibial_bsi_low_risk.json"))  # RF-03: soon with notify_clinician
    assert Alert.objects.get(runner=world.runner, kind="screening").severity == "amber"


def test_a_soon_result_without_notify_clinician_does_not_alert(world):
    _finish(world.runner, _vignette("26_rf06_chronic_exertional.json"))  # RF-06 chronic: no notify_clinician
    assert not Alert.objects.filter(runner=world.runner, kind="screening").exists()


def test_a_routine_result_alerts_no_one(world):
    _, saved, _ = _finish(world.runner, _vignette("03_itbs.json"))
    assert saved.urgency == "routine"
    assert not Alert.objects.filter(runner=world.runner).exists() and saved.clinic_notified_at is None


def test_without_a_clinic_the_advice_does_not_claim_anyone_was_told(world):
    _, saved, page = _finish(world.lone_runner, _vignette("15_rf01_groin_night_pain.json"))
    assert saved.urgency == "same_day" and not Alert.objects.filter(runner=world.lone_runner).exists()
    assert "clinician has been told" not in page and "clinic has been told" not in page
    assert 'id="nobody-told"' in page and "no one has been told" in page


# ---- 2.3 rule 2: the runner acknowledges -------------------------------------------------------


def test_the_runner_must_acknowledge_an_urgent_result_and_it_is_logged(world):
    client, saved, page = _finish(world.runner, _vignette("15_rf01_groin_night_pain.json"))
    assert 'id="acknowledge"' in page and "I have read this" in page
    client.post(reverse("screening:acknowledge", args=[saved.pk]))
    saved.refresh_from_db()
    first = saved.acknowledged_at
    assert first is not None
    page = client.get(reverse("screening:result", args=[saved.pk])).content.decode()
    assert 'id="acknowledge"' not in page and 'id="acknowledged"' in page
    client.post(reverse("screening:acknowledge", args=[saved.pk]))
    saved.refresh_from_db()
    assert saved.acknowledged_at == first  # the first acknowledgement is kept


def test_a_routine_result_needs_no_acknowledgement(world):
    _, _, page = _finish(world.runner, _vignette("03_itbs.json"))
    assert 'id="acknowledge"' not in page


def test_another_runner_cannot_acknowledge(world):
    saved = _saved(world.runner, _vignette("15_rf01_groin_night_pain.json"))
    client = Client()
    client.force_login(world.other_runner)
    assert client.post(reverse("screening:acknowledge", args=[saved.pk])).status_code == 404
    saved.refresh_from_db()
    assert saved.acknowledged_at is None


# ---- 2.3 rule 4: only a clinician clears --------------------------------------------------------


def test_a_therapist_clears_the_flags_with_a_note_and_both_sides_see_it(world):
    saved = _saved(world.runner, _vignette("15_rf01_groin_night_pain.json"))
    client = Client()
    client.force_login(world.therapist)
    url = reverse("screening:clear", args=[saved.pk])
    assert 'id="clear-form"' in client.get(url).content.decode()
    client.post(url, {"note": "Examined: hop test pain-free, MRI clear."})
    saved.refresh_from_db()
    assert saved.cleared_by == world.therapist and saved.cleared_at and "MRI clear" in saved.clearance_note
    panel = client.get(
        reverse("care:evaluation_new", args=[world.runner.pk]) + "?region=groin_anterior_hip"
    ).content.decode()
    assert 'id="screening-clearance"' in panel and "MRI clear" in panel and "Priya Shah" in panel
    runner = Client()
    runner.force_login(world.runner)
    page = runner.get(reverse("screening:result", args=[saved.pk])).content.decode()
    assert 'id="clearance"' in page and "MRI clear" in page


def test_a_clearance_needs_a_note(world):
    saved = _saved(world.runner, _vignette("15_rf01_groin_night_pain.json"))
    client = Client()
    client.force_login(world.therapist)
    response = client.post(reverse("screening:clear", args=[saved.pk]), {"note": "   "})
    saved.refresh_from_db()
    assert response.status_code == 200 and saved.cleared_at is None


def test_the_evaluation_side_panel_offers_clearance_while_flags_are_not_cleared(world):
    _saved(world.runner, _vignette("15_rf01_groin_night_pain.json"))
    client = Client()
    client.force_login(world.therapist)
    panel = client.get(
        reverse("care:evaluation_new", args=[world.runner.pk]) + "?region=groin_anterior_hip"
    ).content.decode()
    assert "Not cleared" in panel and "has not yet confirmed reading" in panel


def test_only_a_therapist_of_the_runners_clinic_can_clear(world):
    saved = _saved(world.runner, _vignette("15_rf01_groin_night_pain.json"))
    for user in (world.runner, world.admin, world.other_therapist, world.other_runner):
        client = Client()
        client.force_login(user)
        url = reverse("screening:clear", args=[saved.pk])
        assert client.get(url).status_code == 404 and client.post(url, {"note": "fine"}).status_code == 404, user.email
    saved.refresh_from_db()
    assert saved.cleared_at is None


# ---- 0.2.2: paused exercises on Today -------------------------------------------------------------


def _program(world):
    program = actions.start_program(
        world.runner, world.therapist, "pfp", "P1", (0, 1, 2, 3, 4, 5, 6)
    )  # EX12 EX11 EX10 knee, EX01 EX02 hip
    actions.add_exercise(program, "EX28", "", (0, 1, 2, 3, 4, 5, 6))  # double-leg calf raise: calf_ankle_foot
    return program


def _today(world) -> str:
    client = Client()
    client.force_login(world.runner)
    return client.get(reverse("programs:today")).content.decode()


def test_a_shin_flag_pauses_the_calf_exercises_until_cleared(world):
    _program(world)
    saved = _saved(world.runner, _vignette("08_tibial_bsi_low_risk.json"))  # RF-03, region shin
    assert uncleared_red_flag_screenings(world.runner)[0] == saved  # the newest first
    page = _today(world)
    banner = page[page.index('id="exercise-suspension"') : page.index("Today's list")]
    assert "shin" in banner and "RF-03" not in banner  # plain words for the runner, no rule id
    assert "Save Wall sit" in page and "Double-leg calf raise" not in page  # a paused exercise is not shown at all
    saved.cleared_at, saved.cleared_by, saved.clearance_note = saved.created_at, world.therapist, "ok"
    saved.save()
    page = _today(world)
    assert 'id="exercise-suspension"' not in page and "Save Double-leg calf raise" in page


def test_a_groin_flag_pauses_the_hip_and_knee_exercises(world):
    _program(world)
    _saved(world.runner, _vignette("15_rf01_groin_night_pain.json"))
    page = _today(world)
    assert "Save Wall sit" not in page and "Save Clamshell" not in page and "Save Double-leg calf raise" in page


def test_without_a_known_region_the_whole_list_is_paused_and_the_banner_says_so(world):
    _program(world)
    answers = {"night_pain": True}  # RF-02 fires; no region given
    saved = _saved(world.runner, answers)
    assert saved.has_red_flags and exercise_suspension(world.runner).paused.is_whole_program
    page = _today(world)
    # RF-02 alone does not stop running (the engine's verdict, 2.3 rule 2): only the exercises pause
    assert "Your exercises are paused" in page and "and running" not in page and "Save " not in page
    _saved(world.runner, {"weight_bearing_ok": False})  # same day: running stops too
    assert "Your exercises and running are paused" in _today(world)


def test_a_later_screening_without_flags_does_not_lift_the_pause(world):
    _program(world)
    _saved(world.runner, _vignette("08_tibial_bsi_low_risk.json"))
    _saved(world.runner, _vignette("03_itbs.json"))
    assert 'id="exercise-suspension"' in _today(world)


def test_no_flags_no_banner(world):
    _program(world)
    _saved(world.runner, _vignette("03_itbs.json"))
    assert 'id="exercise-suspension"' not in _today(world)


def test_the_side_panel_lists_older_screenings_whose_flags_are_not_cleared(world):
    older = _saved(world.runner, _vignette("08_tibial_bsi_low_risk.json"))
    _saved(world.runner, _vignette("03_itbs.json"))  # the latest one, without flags
    client = Client()
    client.force_login(world.therapist)
    panel = client.get(reverse("care:evaluation_new", args=[world.runner.pk]) + "?region=shin").content.decode()
    assert 'id="older-uncleared"' in panel and reverse("screening:clear", args=[older.pk]) in panel


def test_a_paused_exercise_cannot_be_logged_by_a_direct_post(world):
    # the Today page hides it; a stale page (or a hand-made request) must not log it either
    from stridecare.programs.models import ExerciseLog

    program = _program(world)
    _saved(world.runner, _vignette("08_tibial_bsi_low_risk.json"))  # RF-03, shin: calf exercises paused
    calf = program.exercises.get(exercise_id="EX28")
    knee = program.exercises.get(exercise_id="EX12")
    client = Client()
    client.force_login(world.runner)

    def post(item):
        data = {
            f"ex{item.pk}-{k}": v
            for k, v in {
                "sets": 3,
                "reps": 10,
                "hold_s": "",
                "load_kg": "",
                "reps_completed_all": "on",
                "form_ok": "on",
                "baseline_pain": 0,
                "pain_during": 1,
            }.items()
        }
        return client.post(reverse("programs:log", args=[item.pk]), data, follow=True).content.decode()

    page = post(calf)
    assert "is paused until your clinician has reviewed" in page and "nothing was logged" in page
    assert not ExerciseLog.objects.filter(prescribed=calf).exists()
    post(knee)  # not in the paused region: logged
    assert ExerciseLog.objects.filter(prescribed=knee).count() == 1
