"""Login lock-out (django-axes, stridecare/accounts/lockout.py): failures count per (account,
address), grow the cool-off, are throttled per address across accounts, and a password reset
clears them. Addresses are set with REMOTE_ADDR, as the server sees them."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD

STRANGER, HOME = "203.0.113.7", "198.51.100.20"


def login(email, password, address, client=None):
    client = client or Client(REMOTE_ADDR=address)
    return client.post(reverse("login"), {"email": email, "password": password}, REMOTE_ADDR=address)


def test_a_wrong_password_says_so_and_is_counted_for_the_account_and_address(world):
    response = login("sam@runner.test", "nope", STRANGER)
    assert response.status_code == 200 and "do not match" in response.content.decode()
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("sam@runner.test", STRANGER, 1)
    assert "nope" not in attempt.post_data  # the guessed password is not stored


def test_five_failures_lock_that_address_out_even_with_the_right_password(world):
    for _ in range(5):
        login("sam@runner.test", "wrong", STRANGER)
    locked = login("sam@runner.test", PASSWORD, STRANGER)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode() and "Reset it" in locked.content.decode()
    with time_machine.travel(timedelta(minutes=16)):
        assert login("sam@runner.test", PASSWORD, STRANGER).status_code == 302


def test_a_strangers_failures_do_not_stop_the_real_user_on_their_own_address(world):
    for _ in range(20):
        login("priya@riverside.test", "guess", STRANGER)
    assert login("priya@riverside.test", PASSWORD, STRANGER).status_code == 429
    response = login("priya@riverside.test", PASSWORD, HOME)
    assert response.status_code == 302 and not response["Location"].startswith("/login/")


def test_failures_while_locked_double_the_wait(world):
    for _ in range(5):
        login("sam@runner.test", "wrong", STRANGER)
    assert "for 15 minutes" in login("sam@runner.test", "wrong", STRANGER).content.decode()
    for _ in range(4):
        login("sam@runner.test", "wrong", STRANGER)  # 10 failures: a second round
    page = login("sam@runner.test", PASSWORD, STRANGER).content.decode()
    assert "for 30 minutes" in page
    with time_machine.travel(timedelta(minutes=16)):  # past the first wait, not the doubled one
        assert login("sam@runner.test", PASSWORD, STRANGER).status_code == 429  # and this try starts it again
    with time_machine.travel(timedelta(minutes=16 + 31)):
        assert login("sam@runner.test", PASSWORD, STRANGER).status_code == 302


@override_settings(RATE_LIMITS={"login_failures:ip": (30, 900)})
def test_one_address_is_throttled_across_accounts(world, django_user_model):
    emails = [f"runner{i}@runner.test" for i in range(20)]
    for email in emails:
        django_user_model.objects.create_user(email, PASSWORD, full_name=email)
    answers = [login(emails[i % 20], "guess", STRANGER).status_code for i in range(30)]
    assert answers == [200] * 30  # two wrong guesses per account: no account lock-out
    refused = login(emails[0], PASSWORD, STRANGER)
    assert refused.status_code == 429 and "Please wait" in refused.content.decode()
    assert login("lee@runner.test", PASSWORD, STRANGER).status_code == 429  # right password too: not checked
    assert login("lee@runner.test", PASSWORD, HOME).status_code == 302  # another address is not affected
    with time_machine.travel(timedelta(minutes=16)):
        assert login("lee@runner.test", PASSWORD, STRANGER).status_code == 302


def test_a_successful_password_reset_clears_the_accounts_failures(world):
    for address in (STRANGER, HOME):
        for _ in range(5):
            login("sam@runner.test", "wrong", address)
    assert login("sam@runner.test", PASSWORD, HOME).status_code == 429
    client = Client(REMOTE_ADDR=HOME)
    client.post(reverse("accounts:password_reset"), {"email": "sam@runner.test"})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-passphrase", "new_password2": "another-long-passphrase"},
    )
    assert not AccessAttempt.objects.filter(username="sam@runner.test").exists()
    assert login("sam@runner.test", "another-long-passphrase", HOME).status_code == 302
    assert login("sam@runner.test", "another-long-passphrase", STRANGER).status_code == 302


def test_a_successful_login_forgets_earlier_failures_of_that_address(world):
    for _ in range(4):
        login("sam@runner.test", "wrong", HOME)
    assert login("sam@runner.test", PASSWORD, HOME).status_code == 302
    assert not AccessAttempt.objects.filter(username="sam@runner.test").exists()
