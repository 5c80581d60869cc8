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
    assert (
        response.content.startswith(b"%PDF") and pages(response.content) == 1
    )  # 5 exercises of PFP P1 fit one A4 page


def test_the_largest_protocol_phase_fits_two_pages(world, therapist_client):
    program = actions.start_program(
        world.runner, world.therapist, "pfp", "P2", (0, 2, 4)
    )  # 7 exercises, the most of any phase
    response = therapist_client.get(reverse("programs:program_pdf", args=[program.pk]))
    assert response.status_code == 200 and 1 <= pages(response.content) <= 2


def test_pain_rules_follow_the_progression_rule(world):
    pfp = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0,))
    assert pain_rules(pfp)[0] == "Keep pain during exercise at or below 3/10."  # 0.6 patellofemoral group ceiling
    achilles = actions.start_program(world.runner, world.therapist, "achilles_midportion", "P1", (0,))
    assert pain_rules(achilles)[:3] == [
        "Pain during exercise 0-2/10: fine, carry on.",
        "3-5/10: acceptable, keep the same dose.",
        "6/10 or more: too much, take the easier version.",
    ]  # 4.7 zones


def test_other_clinic_cannot_print(world, pfp_program):
    outsider = Client()
    outsider.force_login(world.other_therapist)
    assert outsider.get(reverse("programs:program_pdf", args=[pfp_program.pk])).status_code == 404


def test_a_long_program_is_set_compact_and_stays_on_two_pages(world, therapist_client):
    # 7 protocol exercises plus 23 from the library = 30: the full layout (about 7 a page) would need
    # 5 pages; the compact two-column layout keeps it to 2 and still names every exercise
    from stridecare.core.programs.library import load_library

    program = actions.start_program(world.runner, world.therapist, "pfp", "P2", (0, 2, 4))
    have = set(program.exercises.values_list("exercise_id", flat=True))
    extra = [key for key in sorted(load_library()) if key not in have][:23]
    for key in extra:
        actions.add_exercise(program, key, "", (1, 3))
    assert program.exercises.count() == 30
    from stridecare.programs.pdf import _render

    assert _render(program, compact=False).page_no() > 2  # why the compact layout is needed at all
    response = therapist_client.get(reverse("programs:program_pdf", args=[program.pk]))
    assert response.status_code == 200 and pages(response.content) == 2
    from stridecare.core.programs.library import get_exercise

    shown = " ".join(_page_strings(response.content))
    missing = [key for key in have | set(extra) if get_exercise(key).name not in shown]
    assert missing == []  # every exercise name is printed (a long one wraps onto two lines)


def _page_strings(pdf: bytes) -> list[str]:
    """The text strings drawn on the pages, in order (fpdf2 compresses its content streams)."""
    import zlib

    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        for literal in re.findall(rb"\(((?:\\.|[^\\)])*)\) Tj", content):
            out.append(re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1"))
    return out
