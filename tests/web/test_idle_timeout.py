"""Sessions end after a while without activity: staff after 30 minutes, runners after 14 days
(settings STRIDECARE_IDLE_TIMEOUT_STAFF_S and _RUNNER_S), tested with frozen time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def logged_in(user) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"email": user.email, "password": PASSWORD}).status_code == 302
    return client


def opens(client: Client, url: str) -> bool:
    response = client.get(url)
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return False
    assert response.status_code == 200, url
    return True


@pytest.mark.parametrize(
    ("who", "url", "idle"),
    [("therapist", "/clinic/runners/", timedelta(minutes=30)), ("runner", "/training/", timedelta(days=14))],
)
def test_a_session_survives_activity_and_ends_after_the_idle_timeout(world, who, url, idle):
    with time_machine.travel(START, tick=False) as traveller:
        client = logged_in(getattr(world, who))
        assert opens(client, url)
        for _ in range(3):  # used every so often: never logged out, whatever the total time
            traveller.shift(idle - timedelta(minutes=2))
            assert opens(client, url)
        traveller.shift(idle + timedelta(seconds=1))
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "You were logged out after" in page
        assert not opens(client, url)  # a fresh login is needed


def test_a_therapist_is_still_in_at_29_minutes_and_out_at_31(world):
    with time_machine.travel(START, tick=False) as traveller:
        client = logged_in(world.therapist)
        assert opens(client, "/clinic/runners/")
        traveller.shift(timedelta(minutes=29))
        assert opens(client, "/clinic/runners/")
        traveller.shift(timedelta(minutes=31))
        assert not opens(client, "/clinic/runners/")


def test_a_runner_is_still_in_after_a_week_away(world):
    with time_machine.travel(START, tick=False) as traveller:
        client = logged_in(world.runner)
        assert opens(client, "/training/")
        traveller.shift(timedelta(days=7))
        assert opens(client, "/training/")
        assert client.session.get_expiry_age() == 14 * 24 * 3600 + 3600  # the check ends it, an hour before the cookie


def test_the_timeouts_are_settings(world, settings):
    settings.STRIDECARE_IDLE_TIMEOUT_RUNNER_S = 600
    with time_machine.travel(START, tick=False) as traveller:
        client = logged_in(world.runner)
        assert opens(client, "/training/")
        traveller.shift(timedelta(minutes=11))
        assert not opens(client, "/training/")


def test_an_htmx_request_after_the_timeout_sends_the_page_to_the_login(world):
    with time_machine.travel(START, tick=False) as traveller:
        client = logged_in(world.therapist)
        assert opens(client, "/clinic/runners/")
        traveller.shift(timedelta(minutes=45))
        response = client.get("/clinic/inbox/", HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"].startswith(reverse("login"))
