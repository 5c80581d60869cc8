import re

from django.test import Client
from django.urls import reverse

from stridecare.programs import actions
from stridecare.programs.pdf import pain_rules


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def test_runner_prints_the_current_program_on_one_page(runner_client, pfp_program):
    response = runner_client.get(reverse("programs:my_program_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and pages(response.content) == 1  # 5 exercises of PFP P1 fit one A4 page


def test_the_largest_protocol_phase_fits_two_pages(world, therapist_client):
    program = actions.start_program(world.runner, world.therapist, "pfp", "P2", (0, 2, 4))  # 7 exercises, the most of any phase
    response = therapist_client.get(reverse("programs:program_pdf", args=[program.pk]))
    assert response.status_code == 200 and 1 <= pages(response.content) <= 2


def test_pain_rules_follow_the_progression_rule(world):
    pfp = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0,))
    assert pain_rules(pfp)[0] == "Keep pain during exercise at or below 3/10."  # 0.6 patellofemoral group ceiling
    achilles = actions.start_program(world.runner, world.therapist, "achilles_midportion", "P1", (0,))
    assert pain_rules(achilles)[:3] == ["Pain during exercise 0-2/10: fine, carry on.", "3-5/10: acceptable, keep the same dose.",
                                        "6/10 or more: too much, take the easier version."]  # 4.7 zones


def test_other_clinic_cannot_print(world, pfp_program):
    outsider = Client()
    outsider.force_login(world.other_therapist)
    assert outsider.get(reverse("programs:program_pdf", args=[pfp_program.pk])).status_code == 404
