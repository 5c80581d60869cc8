"""New initial evaluation: the region's tests, the screening and load findings beside the form,
validation next to the fields, and access (other clinic and non-therapist admin get 404)."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from stridecare.care.models import ClinicalNote, NoteVersion
from stridecare.screening.models import ScreeningSession
from stridecare.training.models import LoadFinding

from .helpers import assert_error_next_to, client_for, evaluation_post

pytestmark = pytest.mark.django_db


def _url(world, region="anterior_knee"):
    return reverse("care:evaluation_new", args=[world.runner.pk]) + (f"?region={region}" if region else "")


def test_without_a_region_it_offers_the_regions(world):
    response = client_for(world.therapist).get(_url(world, region=""))
    body = response.content.decode()
    assert response.status_code == 200 and "Outer side of the knee" in body and "Low back" in body


def test_the_form_lists_the_tests_of_the_chosen_region_only(world):
    body = client_for(world.therapist).get(_url(world, "lateral_knee")).content.decode()
    assert "Noble compression test" in body and "Ober test" in body
    assert "Windlass test" not in body


def test_it_shows_the_latest_screening_and_five_latest_load_findings_beside_the_form(world):
    ScreeningSession.objects.create(
        runner=world.runner,
        answers={"pain_now": 1},
        result={"urgency": "routine"},
        rules_version="1.0",
        urgency="routine",
    )
    ScreeningSession.objects.create(
        runner=world.runner,
        answers={"pain_now": 7, "onset": "gradual"},
        result={"urgency": "soon"},
        rules_version="1.1.0",
        urgency="soon",
    )
    for day in range(1, 8):
        LoadFinding.objects.create(
            runner=world.runner,
            code="spike",
            severity="amber",
            severity_rank=1,
            date=date(2026, 3, day),
            message=f"Finding of day {day}",
            therapist_note="",
            source="R01",
        )
    body = client_for(world.therapist).get(_url(world)).content.decode()
    panel = body[body.index('id="side-panel"') :]
    assert (
        "rules 1.1.0" in panel
        and "Onset" in panel
        and "gradual" in panel
        and "soon" in panel
        and "rules 1.0 " not in panel
    )
    # 7 findings on 1-7 March; the latest 5 are days 3-7
    assert [f"Finding of day {d}" in panel for d in range(1, 8)] == [False, False, True, True, True, True, True]


def test_a_valid_evaluation_is_saved_with_its_first_version(world):
    data = evaluation_post(
        test_pfp_squat_pain="positive",
        side_pfp_squat_pain="L",
        sls_L_knee_medial="on",
        sls_L_pain="2",
        rom_1_movement="Knee flexion",
        rom_1_left_deg="135",
        balance_eo_L_s="30",
    )
    response = client_for(world.therapist).post(_url(world), data)
    note = ClinicalNote.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("care:note", args=[note.pk])
    assert (note.kind, note.region, note.author, note.clinic) == (
        "evaluation",
        "anterior_knee",
        world.therapist,
        world.clinic,
    )
    squat_test = next(t for t in note.content["tests"] if t["code"] == "pfp_squat_pain")
    assert (squat_test["result"], squat_test["side"], squat_test["evidence"]) == ("positive", "L", "[V:R107]")
    # one 7.4 item present and pain 2/10 -> total 1, pass
    assert note.content["single_leg_squat"] == {
        "L": {"items": ["knee_medial"], "total": 1, "pain_nprs": 2, "passed": True, "max_items": 1, "max_pain_nprs": 2}
    }
    assert note.content["rom"] == [{"movement": "Knee flexion", "left_deg": 135, "right_deg": None}]
    assert note.content["balance_s"] == {"eo_L": 30.0}
    assert NoteVersion.objects.filter(note=note).count() == 1


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"test_pfp_squat_pain": "positive"}, "id_side_pfp_squat_pain", "Choose the side you tested."),
        ({"diagnosis_code": ""}, "id_diagnosis_code", "Choose a working diagnosis"),
        ({"diagnosis_code": "other"}, "id_diagnosis_text", "Write the working diagnosis."),
        ({"sls_R_heel_lift": "on"}, "id_sls_R_pain", "Enter the pain (0-10)"),
        ({"sls_R_pain": "11"}, "id_sls_R_pain", "less than or equal to 10"),
        ({"rom_2_left_deg": "40"}, "id_rom_2_movement", "Name the movement"),
        ({"balance_ec_R_s": "-1"}, "id_balance_ec_R_s", "greater than or equal to 0"),
        ({"goals": ""}, "id_goals", "This field is required."),
    ],
)
def test_invalid_input_shows_the_error_next_to_its_field_and_saves_nothing(world, overrides, field, message):
    response = client_for(world.therapist).post(_url(world), evaluation_post(**overrides))
    assert response.status_code == 200
    assert_error_next_to(response.content.decode(), field, message)
    assert ClinicalNote.objects.count() == 0 and NoteVersion.objects.count() == 0


def test_a_therapist_of_another_clinic_gets_404(world):
    client = client_for(world.other_therapist)
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), evaluation_post()).status_code == 404
    assert ClinicalNote.objects.count() == 0


def test_the_clinic_admin_who_is_not_a_therapist_gets_404(world):
    client = client_for(world.admin)
    assert client.get(_url(world)).status_code == 404
    assert client.get(reverse("care:notes", args=[world.runner.pk])).status_code == 404


def test_a_runner_cannot_open_the_therapist_pages(world):
    assert client_for(world.runner).get(_url(world)).status_code == 404


def test_the_edit_form_is_filled_with_the_saved_evaluation_and_saves_a_new_version(world):
    client = client_for(world.therapist)
    data = evaluation_post(
        test_pfp_squat_pain="positive",
        side_pfp_squat_pain="both",
        rom_1_movement="Knee flexion",
        rom_1_left_deg="135",
        strength_1_test="Heel raises",
        strength_1_left="18",
        strength_1_unit="reps",
        sls_L_pelvic_drop="on",
        sls_L_pain="1",
        balance_ec_R_s="12.5",
    )
    client.post(_url(world), data)
    note = ClinicalNote.objects.get()
    body = client.get(reverse("care:note_edit", args=[note.pk])).content.decode()
    assert 'value="Knee flexion"' in body and 'value="135"' in body and 'value="12.5"' in body
    assert (
        '<option value="positive" selected>' in body
        and 'name="sls_L_pelvic_drop" id="id_sls_L_pelvic_drop" checked' in body
    )
    before = note.content
    client.post(reverse("care:note_edit", args=[note.pk]), dict(data, plan="Changed plan"))
    note.refresh_from_db()
    assert note.content == dict(before, plan="Changed plan")
    assert list(note.versions.order_by("number").values_list("change", flat=True)) == ["Created", "Edited"]


def test_the_note_page_shows_results_with_labels_and_the_squat_verdict(world):
    client = client_for(world.therapist)
    client.post(
        _url(world),
        evaluation_post(
            test_pfp_squat_pain="positive",
            side_pfp_squat_pain="both",
            sls_R_knee_medial="on",
            sls_R_heel_lift="on",
            sls_R_pain="0",
            balance_eo_R_s="30",
        ),
    )
    body = client.get(reverse("care:note", args=[ClinicalNote.objects.get().pk])).content.decode()
    assert "<td>Pain reproduced during squatting</td><td>Positive</td><td>Both</td>" in body
    # two items present > 1 -> not passed
    assert "Right: 2 items (knee medial to the second toe, heel lift), pain 0/10:" in body and "not passed" in body
    assert "Eyes open, right: 30.0 s" in body and "Patellofemoral pain" in body


def test_the_screening_result_shows_red_flags_and_conditions_readably(world):
    ScreeningSession.objects.create(
        runner=world.runner,
        answers={"night_pain": True, "aggravators": ["stairs", "squatting"], "age": None},
        result={
            "urgency": "same_day",
            "needs_review": False,
            "red_flags": [
                {
                    "id": "RF-01",
                    "name": "suspected femoral neck bone stress injury",
                    "reason": "groin pain with night pain",
                    "urgency": "same_day",
                }
            ],
            "conditions": [
                {"code": "pfp", "name": "patellofemoral pain", "score": 5, "reasons": ["stairs bring it on"]}
            ],
        },
        rules_version="1.1.0",
        urgency="same_day",
    )
    body = client_for(world.therapist).get(_url(world)).content.decode()
    assert "RF-01 suspected femoral neck bone stress injury: groin pain with night pain (Same day)" in body
    assert "patellofemoral pain (score 5): stairs bring it on" in body
    assert '<dt>Night pain</dt><dd class="break">yes</dd>' in body and "stairs, squatting" in body and "unknown" in body


def test_the_evaluation_shows_the_runners_gait_findings_beside_it(world, client):

    from tests.gaitlab.helpers import make_analysis

    report = {
        "findings": [
            {
                "id": "overstride",
                "severity": "amber",
                "title": "Landing with the foot far ahead",
                "rule": "6.4 overstride",
                "source": "REFERENCE.md 6.4",
                "metrics": ["shank_angle_ic_deg"],
            }
        ]
    }
    make_analysis(world.runner, report=report)
    client.force_login(world.therapist)
    page = client.get(_url(world)).content.decode()
    assert 'id="gait-findings"' in page and "Landing with the foot far ahead" in page


def test_the_forefoot_and_groin_regions_are_offered_with_their_bone_stress_tests(world):
    client = client_for(world.therapist)
    chooser = client.get(_url(world, region="")).content.decode()
    assert "Forefoot and midfoot" in chooser and "Groin and front of the hip" in chooser
    foot = client.get(_url(world, "forefoot_midfoot")).content.decode()
    assert "Focal bony tenderness (metatarsal shafts" in foot and "Hip internal rotation" not in foot
    groin = client.get(_url(world, "groin_anterior_hip")).content.decode()
    assert "Hip internal rotation (range and pain)" in groin and "FADIR" in groin and "Metatarsal" not in groin


def test_a_groin_evaluation_records_a_positive_hip_rotation_test(world):
    data = evaluation_post(
        "groin_anterior_hip",
        diagnosis_code="bsi",
        test_fn_hip_internal_rotation="positive",
        side_fn_hip_internal_rotation="R",
    )
    response = client_for(world.therapist).post(_url(world, "groin_anterior_hip"), data)
    note = ClinicalNote.objects.get(runner=world.runner)
    assert response.status_code == 302 and note.region == "groin_anterior_hip"
    rotation = [t for t in note.content["tests"] if t["code"] == "fn_hip_internal_rotation"]
    assert rotation and (rotation[0]["result"], rotation[0]["side"]) == ("positive", "R")


def test_on_phones_the_sections_fold_and_one_with_an_error_stays_open(world):
    body = client_for(world.therapist).get(_url(world)).content.decode()
    for section in ("tests", "rom", "strength", "squat", "balance"):
        tag = body[body.index(f'id="fold-{section}"') - 30 : body.index(f'id="fold-{section}"') + 60]
        assert '<details class="fold"' in tag and " open" in tag and "data-has-error" not in tag, section
    assert "care/evaluation_form.js" in body  # the folding script (a static file: the CSP refuses inline ones)
    script = (settings.BASE_DIR / "care" / "static" / "care" / "evaluation_form.js").read_text()
    assert 'matchMedia("(max-width: 767px)")' in script and "details.fold:not([data-has-error])" in script
    data = evaluation_post(rom_1_left_deg="400")
    response = client_for(world.therapist).post(_url(world), data)
    body = response.content.decode()
    rom = body[body.index('id="fold-rom"') : body.index('id="fold-rom"') + 40]
    strength = body[body.index('id="fold-strength"') : body.index('id="fold-strength"') + 40]
    assert "data-has-error" in rom and "data-has-error" not in strength
    summary = body[body.index('class="error-summary"') :]
    assert 'href="#id_rom_1_left_deg"' in summary[: summary.index("</div>")]
    assert body.index('class="error-summary"') < body.index('id="fold-tests"')


def test_the_form_shows_the_clinics_own_squat_limits_and_no_reference_numbers(world):
    from stridecare.care.models import ClinicCareSettings

    ClinicCareSettings.objects.create(clinic=world.clinic, squat_max_items=2, squat_max_pain_nprs=3)
    body = client_for(world.therapist).get(_url(world)).content.decode()
    assert "a pass is at most 2 items present and pain at most 3/10" in body
    assert "REFERENCE.md" not in body
