"""The clinic admin's care settings: squat thresholds ([H], REFERENCE.md 7.4) and home-care texts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from stridecare.care.models import ClinicalNote, ClinicCareSettings, HomeCareOverride

from .helpers import client_for, evaluation_post

pytestmark = pytest.mark.django_db

DEFAULTS = {"squat_max_items": "1", "squat_max_pain_nprs": "2"}


def test_the_admin_saves_and_clears_a_home_care_text(world):
    client = client_for(world.admin)
    url = reverse("care:settings")
    assert client.post(url, dict(DEFAULTS, heat_cold="Our wording.", taping="")).status_code == 302
    assert list(HomeCareOverride.objects.values_list("clinic_id", "key", "text")) == [
        (world.clinic.pk, "heat_cold", "Our wording.")
    ]
    client.post(url, dict(DEFAULTS, heat_cold=""))
    assert HomeCareOverride.objects.count() == 0


def test_the_non_editable_rf14_warning_is_not_offered(world):
    body = client_for(world.admin).get(reverse("care:settings")).content.decode()
    assert 'name="heat_cold"' in body and 'name="calf_warning"' not in body


def test_the_clinics_squat_thresholds_score_its_evaluations(world):
    client_for(world.admin).post(reverse("care:settings"), {"squat_max_items": "2", "squat_max_pain_nprs": "3"})
    assert ClinicCareSettings.objects.get(clinic=world.clinic).squat_max_items == 2
    url = reverse("care:evaluation_new", args=[world.runner.pk]) + "?region=anterior_knee"
    client_for(world.therapist).post(
        url, evaluation_post(sls_R_knee_medial="on", sls_R_trunk_lean="on", sls_R_pain="3")
    )
    # 2 items <= 2 and pain 3 <= 3 -> pass under this clinic's values (it fails the defaults 1 and 2)
    squat = ClinicalNote.objects.get().content["single_leg_squat"]["R"]
    assert (squat["total"], squat["passed"], squat["max_items"], squat["max_pain_nprs"]) == (2, True, 2, 3)


def test_a_squat_threshold_out_of_range_is_refused_next_to_its_field(world):
    response = client_for(world.admin).post(
        reverse("care:settings"), {"squat_max_items": "6", "squat_max_pain_nprs": "2"}
    )
    assert 'id="id_squat_max_items_error"' in response.content.decode() and ClinicCareSettings.objects.count() == 0


def test_a_therapist_who_is_not_admin_gets_404(world):
    assert client_for(world.therapist).get(reverse("care:settings")).status_code == 404
