"""Rate limits on the forms that send email or create rows for visitors (stridecare/accounts/
ratelimit.py): each one refuses past its limit with the 429 page in the site layout, sends nothing
more, and opens again in the next window. Limits are set small here with override_settings."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from stridecare.accounts import ratelimit
from stridecare.accounts.models import Invitation, User
from stridecare.booking.models import AppointmentRequest
from tests.booking.test_request_form import form_data

LIMITS = {
    "login_failures:ip": (30, 900),
    "password_reset:ip": (4, 3600),
    "password_reset:email": (2, 3600),
    "signup:ip": (4, 3600),
    "signup:email": (2, 3600),
    "appointment_request:ip": (3, 3600),
    "appointment_request:email": (2, 3600),
    "invitation:user": (3, 3600),
    "invitation:email": (2, 3600),
}
pytestmark = pytest.mark.usefixtures("small_limits")


@pytest.fixture
def small_limits():
    with override_settings(RATE_LIMITS=LIMITS):
        yield


def assert_refused(response):
    body = response.content.decode()
    assert response.status_code == 429 and "Please wait a little" in body and "Try again in" in body
    assert 'href="/evidence/"' in body and "<nav>" in body  # the site's own layout
    assert int(response["Retry-After"]) > 0


def reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email})


def test_password_reset_is_limited_per_email_and_per_address(world):
    client = Client(REMOTE_ADDR="203.0.113.1")
    assert [reset(client, "sam@runner.test").status_code for _ in range(2)] == [302, 302]
    assert_refused(reset(client, "sam@runner.test"))
    assert len(mail.outbox) == 2
    assert reset(client, "priya@riverside.test").status_code == 302  # another address: its own count
    assert reset(client, "nobody@runner.test").status_code == 302
    assert_refused(reset(client, "tom@riverside.test"))  # the address's 4 per hour are used
    assert reset(Client(REMOTE_ADDR="203.0.113.2"), "tom@riverside.test").status_code == 302
    with time_machine.travel(timedelta(hours=1)):
        assert reset(client, "sam@runner.test").status_code == 302


def signup(client, email, name="New Runner"):
    data = {"full_name": name, "email": email, "password1": "a-long-passphrase", "password2": "a-long-passphrase"}
    return client.post(reverse("accounts:signup"), data)


def test_signup_is_limited_per_email_and_per_address(db):
    client = Client(REMOTE_ADDR="203.0.113.3")
    assert [signup(client, "ann@runner.test").status_code for _ in range(2)] == [302, 302]
    assert_refused(signup(client, "ann@runner.test"))
    assert len(mail.outbox) == 2
    signup(client, "bo@runner.test")
    signup(client, "cy@runner.test")
    assert_refused(signup(client, "di@runner.test"))
    assert not User.objects.filter(email="di@runner.test").exists()


def test_appointment_requests_are_limited_per_address_and_per_email(world):
    url = reverse("booking:request_form", args=["riverside"])
    client = Client(REMOTE_ADDR="203.0.113.4")
    assert client.post(url, form_data(submission_token="t1")).status_code == 302
    assert client.post(url, form_data(submission_token="t2")).status_code == 302
    assert_refused(client.post(url, form_data(submission_token="t3")))  # a third to the same email
    assert client.post(url, form_data(submission_token="t4", email="other@visitor.test")).status_code == 302
    assert_refused(client.post(url, form_data(submission_token="t5", email="third@visitor.test")))
    assert AppointmentRequest.objects.count() == 3


def test_invitations_are_limited_per_inviter_and_per_email(world, client):
    client.force_login(world.therapist)
    url = reverse("accounts:runners")
    for i in range(2):
        assert client.post(url, {"full_name": "Ria", "email": "ria@runner.test"}).status_code == 302, i
    assert_refused(client.post(url, {"full_name": "Ria", "email": "ria@runner.test"}))
    assert client.post(url, {"full_name": "Ned", "email": "ned@runner.test"}).status_code == 302
    assert_refused(client.post(url, {"full_name": "Oz", "email": "oz@runner.test"}))
    assert Invitation.objects.count() == 3 and len(mail.outbox) == 3


def test_the_counter_is_one_row_per_key_and_window(db):
    assert [ratelimit.hit("signup:ip", "198.51.100.1") for _ in range(4)] == [1, 2, 3, 4]
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit("signup:ip", "198.51.100.1")
    assert 0 < refused.value.retry_after_s <= 3600
    assert ratelimit.used("signup:ip", "198.51.100.1") == 5 and ratelimit.used("signup:ip", "198.51.100.2") == 0
    from stridecare.accounts.models import RateCounter

    assert RateCounter.objects.count() == 1 and "198.51.100.1" not in RateCounter.objects.get().key  # hashed
