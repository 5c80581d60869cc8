"""Condition, protocol and phase names in words on every program page, and one dose text ("3 x 15,
Mon/Wed/Fri") on Today, the runner's and the therapist's program pages, the edit page and the PDF."""

import html
import re

from django.urls import reverse

from stridecare.programs import actions
from tests.programs.test_pdf import _page_strings


def test_the_start_form_names_each_protocol_once_with_its_phases_in_words(world, therapist_client):
    body = html.unescape(
        therapist_client.get(reverse("programs:runner_programs", args=[world.runner.pk])).content.decode()
    )
    groups = re.findall(r'<optgroup label="([^"]+)">', body)
    assert len(groups) == len(set(groups)) == 13
    assert {
        "Mid-portion Achilles tendinopathy",
        "Insertional Achilles tendinopathy",
        "Proximal hamstring tendinopathy",
    } <= set(groups)
    phase_select = body[body.index('name="protocol_phase"') :].split("</select>")[0]
    assert "P1 P1" not in phase_select and ">Phase 1: protect, walk normally<" in phase_select
    condition_select = body[body.index('name="condition"') :].split("</select>")[0]
    assert ">Patellofemoral pain<" in condition_select and ">pfp<" not in condition_select


def test_program_lists_show_the_condition_and_phase_by_name(world, therapist_client, pfp_program):
    for url in (reverse("programs:runner_programs", args=[world.runner.pk]), reverse("programs:clinic_programs")):
        body = therapist_client.get(url).content.decode()
        assert "Patellofemoral pain" in body and "Phase 1: calm" in body and ">pfp<" not in body


def test_moving_on_names_the_next_phase(world, therapist_client, pfp_program):
    page = therapist_client.post(reverse("programs:advance_phase", args=[pfp_program.pk]), follow=True).content.decode()
    assert "Moved to Phase 2: strength." in page and "<h2>Phase 2: strength</h2>" in page


def test_one_dose_text_on_every_page_and_the_pdf(world, therapist_client, runner_client):
    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    wall_sit = program.exercises.get(exercise_id="EX12")  # phase dose "isometrics 5 x 30-45 s daily"
    assert wall_sit.dose_text() == "5 x 30-45 s, Mon/Wed/Fri"
    pages = [
        runner_client.get(reverse("programs:my_program")),
        therapist_client.get(reverse("programs:program", args=[program.pk])),
        therapist_client.get(reverse("programs:prescribed", args=[wall_sit.pk])),
    ]
    for page in pages:
        body = page.content.decode()
        assert "5 x 30-45 s, Mon/Wed/Fri" in body and "daily · Mon" not in body
    pdf = " ".join(_page_strings(runner_client.get(reverse("programs:my_program_pdf")).content))
    assert "5 x 30-45 s, Mon/Wed/Fri" in pdf and "isometrics 5 x 30-45 s daily" not in pdf


def test_today_shows_the_same_dose_as_the_program(world, runner_client, pfp_program):
    item = pfp_program.exercises.get(exercise_id="EX10")  # "others 3 x 15 daily", every day in this fixture
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert (
        item.dose_text() == "3 x 15, every day" and body.count("3 x 15, every day") >= 2
    )  # the day's list and the card
    assert "others 3 x 15" not in body


def test_a_changed_dose_reads_from_the_numbers_and_days(world, therapist_client, pfp_program):
    item = pfp_program.exercises.get(exercise_id="EX10")
    therapist_client.post(
        reverse("programs:prescribed", args=[item.pk]),
        {"dose": item.dose, "sets": "4", "reps": "12", "hold_s": "", "load_kg": "2.5", "weekday_set": ["1", "3"]},
    )
    item.refresh_from_db()
    assert item.dose_text() == "4 x 12 at 2.5 kg, Tue/Thu"
    assert (
        "4 x 12 at 2.5 kg, Tue/Thu"
        in therapist_client.get(reverse("programs:prescribed", args=[item.pk])).content.decode()
    )
