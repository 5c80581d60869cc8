"""The 4.9 schedule in the app: the therapist's discharge date brings the discharge measures onto the
runner's Today page, and a clinic's own interval (Exercise rules page) changes when measures come due."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stridecare.outcomes.models import OutcomeResponse
from stridecare.programs.models import ClinicProgressionSettings, Program
from tests.programs.conftest import days_ago, load_test_forms


@pytest.fixture(autouse=True)
def official_forms(world):
    load_test_forms(world.clinic, "akps", "lefs")  # runners are asked only loaded questionnaires


SCHEDULE = {
    "save_schedule": "1",
    "schedule-interval_days": "14",
    "schedule-follow_up_days": "91",
    "schedule-window_days": "3",
}


def done(world, measure: str, day) -> None:
    OutcomeResponse.objects.create(
        runner=world.runner,
        measure=measure,
        items=[3] * 20,
        completed_on=day,
        score=60,
        complete=True,
        interpretation="",
    )


def due_links(client: Client) -> set[str]:
    body = client.get(reverse("programs:today")).content.decode()
    return {m for m in ("akps", "lefs") if reverse("programs:measure", args=[m]) in body}


def admin_client(world) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def test_discharge_brings_the_discharge_measures_onto_today(world, therapist_client, runner_client, pfp_program):
    Program.objects.filter(pk=pfp_program.pk).update(started=days_ago(33))
    done(world, "akps", days_ago(5))
    done(world, "lefs", days_ago(5))
    # program day 33: the last 2-week point (day 28 = 5 days ago) is done, the next is day 42: only NPRS is due.
    # Discharge today: the day-28 answers are 5 days old, outside the 3-day window, so both come due again.
    assert due_links(runner_client) == set()
    response = therapist_client.post(
        reverse("programs:discharge", args=[pfp_program.pk]), {"discharged_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    assert Program.objects.get(pk=pfp_program.pk).discharged_on == timezone.localdate()
    assert due_links(runner_client) == {"akps", "lefs"}
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert body.count("(questionnaire, discharge)") == 2 and "REFERENCE.md" not in body
    program_page = therapist_client.get(reverse("programs:program", args=[pfp_program.pk])).content.decode()
    assert 'id="discharge"' in program_page and "Discharge on <strong>" in program_page


def test_discharge_before_the_program_started_is_refused(therapist_client, pfp_program):
    Program.objects.filter(pk=pfp_program.pk).update(started=days_ago(10))
    response = therapist_client.post(
        reverse("programs:discharge", args=[pfp_program.pk]), {"discharged_on": days_ago(11).isoformat()}
    )
    assert response.status_code == 400 and 'id="id_discharged_on_error"' in response.content.decode()
    assert Program.objects.get(pk=pfp_program.pk).discharged_on is None


def test_discharge_date_can_be_cleared(therapist_client, pfp_program):
    Program.objects.filter(pk=pfp_program.pk).update(discharged_on=timezone.localdate())
    therapist_client.post(reverse("programs:discharge", args=[pfp_program.pk]), {"discharged_on": ""})
    assert Program.objects.get(pk=pfp_program.pk).discharged_on is None


def test_other_clinic_therapist_and_the_runner_cannot_discharge(world, runner_client, pfp_program):
    outsider = Client()
    outsider.force_login(world.other_therapist)
    day = {"discharged_on": timezone.localdate().isoformat()}
    assert outsider.post(reverse("programs:discharge", args=[pfp_program.pk]), day).status_code == 404
    assert runner_client.post(reverse("programs:discharge", args=[pfp_program.pk]), day).status_code in (403, 404)
    assert Program.objects.get(pk=pfp_program.pk).discharged_on is None


def test_a_clinic_weekly_interval_brings_measures_due_sooner(world, runner_client, pfp_program):
    Program.objects.filter(pk=pfp_program.pk).update(started=days_ago(8))
    done(world, "akps", days_ago(8))
    done(world, "lefs", days_ago(8))
    assert due_links(runner_client) == set()  # default 14 days: day 8 is still in the baseline period
    response = admin_client(world).post(reverse("programs:clinic_rules"), SCHEDULE | {"schedule-interval_days": "7"})
    assert response.status_code == 302
    assert ClinicProgressionSettings.objects.get(clinic=world.clinic).as_schedule().interval_days == 7
    # weekly: the day-7 point is due; the baseline answers (day 0) are older than its 3-day window
    assert due_links(runner_client) == {"akps", "lefs"}
    assert "(questionnaire, every 7 days)" in runner_client.get(reverse("programs:today")).content.decode()


def test_schedule_settings_are_validated(world):
    client = admin_client(world)
    body = client.post(
        reverse("programs:clinic_rules"), SCHEDULE | {"schedule-interval_days": "7", "schedule-window_days": "4"}
    ).content.decode()
    assert 'id="id_schedule-window_days_error"' in body and "keep it under half the interval" in body
    body = client.post(reverse("programs:clinic_rules"), SCHEDULE | {"schedule-interval_days": "3"}).content.decode()
    assert 'id="id_schedule-interval_days_error"' in body
    assert not ClinicProgressionSettings.objects.filter(clinic=world.clinic).exclude(outcome_schedule={}).exists()


def test_rules_page_shows_the_schedule_and_saving_the_rules_keeps_it(world):
    client = admin_client(world)
    body = client.get(reverse("programs:clinic_rules")).content.decode()
    assert 'id="outcome-schedule"' in body and 'name="schedule-interval_days" value="14"' in body
    client.post(reverse("programs:clinic_rules"), SCHEDULE | {"schedule-follow_up_days": "120"})
    rules = {
        "green_max_during": "2",
        "amber_max_during": "5",
        "regress_morning_delta": "2",
        "progress_sessions_required": "2",
        "walk_run_successes_to_advance": "2",
        "patellofemoral_group_ceiling": "4",
        "muscle_strain_ceiling": "2",
    }
    assert client.post(reverse("programs:clinic_rules"), rules).status_code == 302
    row = ClinicProgressionSettings.objects.get(clinic=world.clinic)
    assert row.as_schedule().follow_up_days == 120 and row.as_dataclass().ceiling_for("pfp") == 4
