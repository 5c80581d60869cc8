"""Every URL pattern, as the person it is for, with absurd values in every query parameter a view
reads: never a server error (issue 14, point 6). The parameters are found in the code itself
(``request.GET`` and the forms bound to it), so a new one is walked without editing this test."""

from __future__ import annotations

import pathlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from stridecare.programs.forms import LibraryFilterForm
from tests.accounts.test_access_rules import all_views, scene, url_for  # noqa: F401 (scene is a fixture)

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "stridecare"
READS = re.compile(r"""request\.GET(?:\.get)?[(\[]\s*["'](\w+)["']""")
ABSURD = [
    "99999999999999999999999999",
    "-99999999999999999999",
    "-1",
    "0",
    "1e309",
    "NaN",
    "abc",
    "²",
    "٣",
    "x" * 5000,
    "\x00",
    "../../etc/passwd",
    "\u202e<script>",
    " ",
    "",
]


def query_parameters() -> set[str]:
    names = {m.group(1) for path in PACKAGE.rglob("*.py") for m in READS.finditer(path.read_text())}
    return names | set(LibraryFilterForm.base_fields)  # the library page binds its filter form to request.GET


def test_the_walk_knows_the_parameters_views_read():
    assert {"week", "weeks", "page", "status", "with", "region", "visit", "show", "next", "q"} <= query_parameters()


def person_for(world, access: str):
    if access == "public":
        return None
    role = access.split(":")[1].split(",")[0]
    return {"runner": world.runner, "therapist": world.therapist, "clinic_admin": world.admin, "member": world.runner}[
        role
    ]


def test_no_url_answers_500_to_absurd_query_values(scene):  # noqa: F811
    world, values, tokens = scene
    names = sorted(query_parameters())
    clients: dict[object, Client] = {}
    checked = 0
    for name, pattern in all_views():
        user = person_for(world, pattern.callback.access)
        if user not in clients:
            clients[user] = Client(raise_request_exception=True)  # an exception fails the test with its traceback
            if user is not None:
                clients[user].force_login(user)
        url = url_for(name, pattern, values, tokens)
        for value in ABSURD:
            response = clients[user].get(url, {n: value for n in names})
            assert response.status_code < 500, f"{name} ?{value[:20]!r} gave {response.status_code}"
            checked += 1
    assert checked > 50 * len(ABSURD)


@pytest.mark.parametrize("week", ["1000000", "-1000000", "521", "99999999999999999999"])
def test_a_calendar_week_far_away_is_a_404(scene, week):  # noqa: F811
    world, values, tokens = scene
    client = Client()
    client.force_login(world.therapist)
    assert client.get(reverse("booking:calendar"), {"week": week}).status_code == 404
    assert client.get(reverse("booking:calendar"), {"week": "520"}).status_code == 200
