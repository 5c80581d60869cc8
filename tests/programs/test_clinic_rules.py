"""The [H] boundaries of the progression rules are clinic settings (issue 8 item 3)."""

from django.test import Client
from django.urls import reverse

from stridecare.inbox.models import Alert
from stridecare.programs.models import ClinicProgressionSettings, ProgressionSuggestion
from tests.programs.conftest import log_payload

DEFAULTS = {
    "green_max_during": "2",
    "amber_max_during": "5",
    "regress_morning_delta": "2",
    "progress_sessions_required": "2",
    "walk_run_successes_to_advance": "2",
    "patellofemoral_group_ceiling": "3",
    "muscle_strain_ceiling": "2",
}


def admin_client(world) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def test_a_clinic_ceiling_of_5_turns_pain_4_into_a_hold_without_flare_up(world, runner_client, pfp_program):
    admin_client(world).post(reverse("programs:clinic_rules"), DEFAULTS | {"patellofemoral_group_ceiling": "5"})
    assert ClinicProgressionSettings.objects.get(clinic=world.clinic).as_dataclass().ceiling_for("pfp") == 5
    item = pfp_program.exercises.first()
    runner_client.post(reverse("programs:log", args=[item.pk]), log_payload(item.pk, pain=4))
    # default ceiling 3 would regress and alert; with 5, 4/10 is within it and the morning is not logged yet: hold
    assert ProgressionSuggestion.objects.get(prescribed=item).action == "hold"
    assert not Alert.objects.filter(kind="flare_up").exists()


def test_zones_must_be_ordered(world):
    body = (
        admin_client(world)
        .post(reverse("programs:clinic_rules"), DEFAULTS | {"green_max_during": "5"})
        .content.decode()
    )
    assert "The amber zone must end above the green zone." in body
    assert not ClinicProgressionSettings.objects.filter(clinic=world.clinic).exclude(values={}).exists()


def test_only_the_clinic_admin_edits_the_rules(world, therapist_client):
    assert therapist_client.get(reverse("programs:clinic_rules")).status_code == 404
