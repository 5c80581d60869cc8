"""A runner's pages carry the runner's own sub-navigation, never the staff one (no /clinic/ link), and
the runner's exercise, program and gait pages read without codes; staff pages keep their navigation."""

import re

from django.urls import reverse

from tests.accounts.test_access_rules import all_views, client_for, scene, url_for  # noqa: F401 (scene is a fixture)
from tests.core.programs.test_wording import CODES

MY_AREAS = ("programs:", "gaitlab:")
OUTCOME_PAGES = {
    "programs:measure",
    "programs:my_outcomes",
    "programs:wellbeing",
    "programs:follow_up",
}  # questionnaires: their own pages
CLINIC_LINK = re.compile(r'href="/clinic/')


def _runner_pages(world, values, tokens):
    client = client_for(world.runner)
    for name, pattern in all_views():
        access = pattern.callback.access
        if access == "public" or access.split(":")[1].split(",")[0] not in ("runner", "member"):
            continue
        response = client.get(url_for(name, pattern, values, tokens))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            yield name, response.content.decode()


def _visible_text(body: str) -> str:
    main = body[body.index("<main") : body.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    return re.sub(r"<[^>]+>", " ", main)


def test_no_runner_page_links_to_the_clinic_side(scene):  # noqa: F811 (the fixture imported above)
    world, values, tokens = scene
    pages = dict(_runner_pages(world, values, tokens))
    assert {"programs:today", "programs:my_program", "programs:my_rtr", "gaitlab:report", "training:dashboard"} <= set(
        pages
    )
    assert [name for name, body in pages.items() if CLINIC_LINK.search(body)] == []


def test_runner_program_exercise_and_gait_pages_read_without_codes(scene):  # noqa: F811 (the fixture imported above)
    world, values, tokens = scene
    leaks = {
        name: CODES.findall(_visible_text(body))
        for name, body in _runner_pages(world, values, tokens)
        if name.startswith(MY_AREAS) and name not in OUTCOME_PAGES
    }
    assert {name: found for name, found in leaks.items() if found} == {}


def test_every_exercise_page_reads_without_codes_for_a_runner(world):
    from stridecare.core.programs.library import load_library

    client = client_for(world.runner)
    leaks = {
        key: CODES.findall(_visible_text(client.get(reverse("programs:exercise", args=[key])).content.decode()))
        for key in load_library()
    }
    assert {key: found for key, found in leaks.items() if found} == {}


def test_staff_pages_about_one_runner_keep_the_staff_navigation(world, pfp_program):
    client = client_for(world.therapist)
    for url in (
        reverse("programs:program", args=[pfp_program.pk]),
        reverse("programs:staff_rtr", args=[pfp_program.pk]),
        reverse("gaitlab:staff_list", args=[world.runner.pk]),
        reverse("training:staff_dashboard", args=[world.runner.pk]),
    ):
        body = client.get(url).content.decode()
        assert reverse("accounts:runner_detail", args=[world.runner.pk]) in body, url
        assert reverse("programs:today") not in body, url


def test_the_runners_own_program_page_shows_the_runner_navigation(world, pfp_program):
    body = client_for(world.runner).get(reverse("programs:my_program")).content.decode()
    assert reverse("programs:today") in body and reverse("programs:runner_programs", args=[world.runner.pk]) not in body
