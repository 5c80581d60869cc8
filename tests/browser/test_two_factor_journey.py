"""A therapist's two-step login: no clinic page before it; set-up by typing the key shown under the
QR code into an "app" (computed here as an app does, RFC 6238); the next login asks for the app's
code; a later one uses a recovery code. Screenshots at 375 and 1280 px."""

from __future__ import annotations

import re
import time

from tests.browser.conftest import authenticator_code
from tests.conftest import PASSWORD

WIDE = {"width": 1280, "height": 900}


def password_only(page, base, email):
    page.goto(f"{base}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def next_code_step():
    """An app's code is used once per 30 s step: wait for a fresh one."""
    time.sleep(31 - time.time() % 30)


def test_therapist_sets_up_totp_logs_in_with_a_code_then_with_a_recovery_code(live_server, live_world, new_page, shot):
    base = live_server.url
    phone = new_page()
    password_only(phone, base, "priya@riverside.test")
    assert "/me/two-step-login/set-up/" in phone.url
    phone.goto(f"{base}/clinic/runners/")  # no clinic page before the second factor
    assert "/me/two-step-login/set-up/" in phone.url and "Sam Rivera" not in phone.content()
    qr = phone.locator("#totp-qr svg")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 120
    secret = phone.locator("#totp-secret").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    shot(phone, "2fa-01-setup-375")

    phone.get_by_label("Code").fill("123456" if authenticator_code(secret) != "123456" else "654321")
    phone.get_by_role("button", name="Turn on two-step login").click()
    assert "does not match" in phone.locator(".errorlist").inner_text()
    time.sleep(2)  # django-otp makes a wrong code wait a second before the next
    phone.get_by_label("Code").fill(authenticator_code(secret))
    phone.get_by_role("button", name="Turn on two-step login").click()
    codes = phone.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    shot(phone, "2fa-02-recovery-codes-375")
    phone.get_by_role("button", name="I have saved them").click()
    phone.goto(f"{base}/clinic/runners/")
    assert "Sam Rivera" in phone.content()

    next_code_step()
    desk = new_page(WIDE)
    password_only(desk, base, "priya@riverside.test")
    assert "/me/two-step-login/check/" in desk.url
    shot(desk, "2fa-03-enter-code-1280")
    desk.get_by_label("Code").fill(authenticator_code(secret))
    desk.get_by_role("button", name="Continue").click()
    desk.wait_for_url(lambda url: "/two-step-login/" not in url)
    assert desk.locator("h1").inner_text() == "Caseload"
    shot(desk, "2fa-04-caseload-after-code-1280")

    lost_phone = new_page()
    password_only(lost_phone, base, "priya@riverside.test")
    lost_phone.get_by_label("Code").fill(codes[0])
    lost_phone.get_by_role("button", name="Continue").click()
    lost_phone.wait_for_url(lambda url: "/two-step-login/" not in url)
    assert "Recovery code used: 9 left" in lost_phone.locator(".messages").inner_text()
    shot(lost_phone, "2fa-05-recovery-code-used-375")

    again = new_page(WIDE)
    password_only(again, base, "priya@riverside.test")
    again.get_by_label("Code").fill(codes[0])
    again.get_by_role("button", name="Continue").click()
    assert "does not match" in again.locator(".errorlist").inner_text()  # each recovery code works once
    shot(again, "2fa-06-recovery-code-reused-1280")
    shot_setup_wide = new_page(WIDE)
    password_only(shot_setup_wide, base, "tom@riverside.test")
    shot(shot_setup_wide, "2fa-07-setup-1280")
