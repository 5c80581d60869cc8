"""Staff two-step login (stridecare/accounts/two_factor.py): no clinic page before the second
factor; set-up from the QR code's key; codes from the app and single-use recovery codes; an admin
resets a colleague's, recorded; the command for the last admin; runners may turn it on. These
tests log in through the login form (force_login would mark the session verified, see conftest)."""

from __future__ import annotations

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from stridecare.accounts.models import TwoFactorReset
from tests.conftest import PASSWORD


def password_login(email, address="198.51.100.30") -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.post(reverse("login"), {"email": email, "password": PASSWORD}).status_code == 302
    return client


def code_for(secret: str) -> str:
    """What an authenticator app shows now for the key typed in from the set-up page (RFC 6238)."""
    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8)), step=30, digits=6):06d}"


def set_up(client) -> tuple[str, list[str]]:
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page and 'id="totp-qr"' in page
    secret = re.search(r'id="totp-secret">([A-Z2-7]+)<', page).group(1)
    done = client.post(reverse("accounts:two_factor_setup"), {"code": code_for(secret)})
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    return secret, codes


def test_a_therapist_cannot_open_a_clinic_page_before_the_second_factor(world):
    client = password_login("priya@riverside.test")
    for name in ("home", "accounts:runners", "booking:queue", "inbox:inbox"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor_setup"))
    runner_page = client.get(reverse("accounts:runner_detail", args=[world.runner.pk]))
    assert runner_page.status_code == 302 and "Sam Rivera" not in runner_page.content.decode()
    assert client.get(reverse("inbox:help_now")).status_code == 200  # crisis numbers stay open
    setup_page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert reverse("accounts:runners") not in setup_page and 'id="nav-inbox"' not in setup_page  # no clinic links yet


def test_set_up_from_the_qr_codes_key_then_log_in_with_a_code(world):
    client = password_login("priya@riverside.test")
    secret, codes = set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("accounts:runners")).status_code == 200
    assert "<li>" + codes[0] not in client.get(reverse("accounts:two_factor")).content.decode()  # shown once
    with time_machine.travel(timedelta(seconds=60)):
        again = password_login("priya@riverside.test")
        assert again.get(reverse("accounts:runners"))["Location"].startswith(reverse("accounts:two_factor_verify"))
        wrong = again.post(reverse("accounts:two_factor_verify"), {"code": "000000"})
        assert "does not match" in wrong.content.decode()
        assert again.get(reverse("accounts:runners")).status_code == 302
    with time_machine.travel(timedelta(seconds=120)):  # django-otp slows down after a wrong code
        response = again.post(
            reverse("accounts:two_factor_verify") + "?next=/clinic/runners/", {"code": code_for(secret)}
        )
        assert response["Location"] == "/clinic/runners/"
        assert again.get(reverse("accounts:runners")).status_code == 200


def test_a_recovery_code_opens_the_account_once(world):
    _, codes = set_up(password_login("priya@riverside.test"))
    client = password_login("priya@riverside.test")
    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[3].upper()}, follow=True)
    assert "Recovery code used: 9 left" in response.content.decode()
    assert client.get(reverse("accounts:runners")).status_code == 200
    other = password_login("priya@riverside.test")
    assert "does not match" in other.post(reverse("accounts:two_factor_verify"), {"code": codes[3]}).content.decode()


def test_a_password_alone_cannot_replace_the_authenticator(world):
    set_up(password_login("priya@riverside.test"))
    client = password_login("priya@riverside.test")
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert TOTPDevice.objects.filter(user=world.therapist, confirmed=True).count() == 1


def test_an_admin_resets_a_colleagues_second_factor_and_it_is_recorded(world, client):
    priya = password_login("priya@riverside.test")
    set_up(priya)
    client.force_login(world.admin)
    url = reverse("accounts:staff_reset_two_factor", args=[world.therapist.pk])
    assert client.post(url, REMOTE_ADDR="192.0.2.5")["Location"] == reverse("accounts:staff")
    row = TwoFactorReset.objects.get()
    assert (row.user, row.reset_by, row.via, row.ip_address) == (world.therapist, world.admin, "web", "192.0.2.5")
    assert not TOTPDevice.objects.filter(user=world.therapist).exists()
    # the session verified with the removed app no longer counts
    assert priya.get(reverse("accounts:runners"))["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_only_an_admin_of_the_same_clinic_resets_and_not_their_own(world):
    url = reverse("accounts:staff_reset_two_factor", args=[world.therapist.pk])
    for user in (world.other_admin, world.therapist2):
        outsider = Client()
        outsider.force_login(user)
        assert outsider.post(url).status_code == 404
    own = Client()
    own.force_login(world.admin)
    assert own.post(reverse("accounts:staff_reset_two_factor", args=[world.admin.pk])).status_code == 404
    assert not TwoFactorReset.objects.exists()


def test_the_last_admin_is_reset_from_the_command_line(world):
    set_up(password_login("admin@riverside.test"))
    call_command("reset_two_factor", "Admin@Riverside.test", stdout=open("/dev/null", "w"))
    row = TwoFactorReset.objects.get()
    assert (row.user, row.reset_by, row.via) == (world.admin, None, "command")
    client = password_login("admin@riverside.test")
    assert client.get(reverse("accounts:staff"))["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_a_runner_may_turn_it_on_and_off(world):
    client = password_login("sam@runner.test")
    assert client.get(reverse("home")).status_code == 200  # not asked of runners by default
    secret, codes = set_up(client)
    assert len(codes) == 10
    with time_machine.travel(timedelta(seconds=60)):
        again = password_login("sam@runner.test")
        assert again.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_verify"))
        again.post(reverse("accounts:two_factor_verify"), {"code": code_for(secret)})
        again.post(reverse("accounts:two_factor"), {"action": "turn_off"})
    assert password_login("sam@runner.test").get(reverse("home")).status_code == 200


def test_staff_may_not_turn_it_off(world):
    client = password_login("priya@riverside.test")
    set_up(client)
    client.post(reverse("accounts:two_factor"), {"action": "turn_off"})
    assert TOTPDevice.objects.filter(user=world.therapist, confirmed=True).exists()


@override_settings(STAFF_TWO_FACTOR=False)
def test_a_clinic_may_switch_the_staff_requirement_off(world):
    assert password_login("priya@riverside.test").get(reverse("accounts:runners")).status_code == 200


@pytest.mark.parametrize("bad", ["", "12345", "abcdefgh"])
def test_set_up_refuses_a_wrong_code(world, bad):
    client = password_login("priya@riverside.test")
    client.get(reverse("accounts:two_factor_setup"))
    response = client.post(reverse("accounts:two_factor_setup"), {"code": bad})
    assert response.status_code == 200 and not TOTPDevice.objects.filter(confirmed=True).exists()


def test_a_session_opened_before_the_runner_turned_it_on_is_asked_for_a_code(world):
    earlier = password_login("sam@runner.test", address="198.51.100.31")
    assert earlier.get(reverse("home")).status_code == 200
    set_up(password_login("sam@runner.test"))
    assert earlier.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_whether_a_second_factor_is_set_follows_every_device_change(world):
    runner = world.runner
    device = TOTPDevice.objects.create(user=runner, name="app", confirmed=False)
    runner.refresh_from_db()
    assert not runner.has_second_factor  # an unconfirmed app does not count
    device.confirmed = True
    device.save()
    runner.refresh_from_db()
    assert runner.has_second_factor
    TOTPDevice.objects.filter(user=runner).delete()
    runner.refresh_from_db()
    assert not runner.has_second_factor


def test_a_runners_page_does_not_look_in_the_device_tables(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = password_login("sam@runner.test")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries.captured_queries if "otp_" in q["sql"]]
