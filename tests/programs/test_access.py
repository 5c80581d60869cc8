"""Every programs URL with an object of the first clinic's runner is a 404 for every outsider (the
site-wide walk in tests/accounts treats these kwargs as objects once the lead adds them)."""

from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from tests.programs.access import access_values

OBJECT_KWARGS = {"runner_id", "program_id", "prescribed_id", "log_id", "suggestion_id", "checkin_id", "referral_id"}


def programs_patterns():
    for entry in get_resolver().url_patterns:
        if getattr(entry, "namespace", None) == "programs":
            yield from (p for p in entry.url_patterns if isinstance(p, URLPattern))


def test_outsiders_get_404_for_the_runners_objects(world):
    values = access_values(world) | {"runner_id": world.runner.pk}
    outsiders = [world.other_runner, world.lone_runner, world.other_therapist, world.other_admin]
    checked = 0
    for pattern in programs_patterns():
        kwargs = {k: values[k] for k in pattern.pattern.converters}
        if not OBJECT_KWARGS & set(kwargs):
            continue
        url = reverse(f"programs:{pattern.name}", kwargs=kwargs)
        for user in outsiders:
            client = Client()
            client.force_login(user)
            for method in ("get", "post"):
                assert getattr(client, method)(url).status_code == 404, (user.email, method, url)
                checked += 1
    assert checked >= 8 * 13  # 13 object URLs x 4 outsiders x 2 methods


def test_the_clinic_admin_who_is_not_a_therapist_reads_no_program(world):
    values = access_values(world)
    client = Client()
    client.force_login(world.admin)
    for name, kwargs in (
        ("program", {"program_id": values["program_id"]}),
        ("staff_outcomes", {"runner_id": world.runner.pk}),
        ("staff_wellbeing", {"runner_id": world.runner.pk}),
    ):
        assert client.get(reverse(f"programs:{name}", kwargs=kwargs)).status_code == 404
