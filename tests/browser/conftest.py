"""Playwright driving Debian's Chromium against the live test server. Screenshots go to
test-artifacts/ (CI keeps them)."""

from __future__ import annotations

import os
import pathlib

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API keeps an event loop in this thread
ARTIFACTS = pathlib.Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport=PHONE):
        context = browser.new_context(viewport=viewport, timezone_id="Europe/London", locale="en-GB")
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def live_world(transactional_db):
    from tests.conftest import make_world

    return make_world()


def log_in(page, base_url, email, password):
    page.goto(f"{base_url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    pass_second_factor(page, email)


def authenticator_code(secret_base32: str) -> str:
    """The code an authenticator app shows now for a key (RFC 6238, 30 s steps, 6 digits)."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(secret_base32 + '=' * (-len(secret_base32) % 8)), step=30, digits=6):06d}"


def pass_second_factor(page, email):
    """Staff are asked for their second factor after the password: set it up from the page's key
    the first time, or enter the app's code (tests/browser/test_two_factor_journey.py shows it)."""
    import time
    from base64 import b32encode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    if "/two-step-login/set-up/" in page.url:
        secret = page.locator("#totp-secret").inner_text()
        page.get_by_label("Code").fill(authenticator_code(secret))
        page.get_by_role("button", name="Turn on two-step login").click()
        page.get_by_role("button", name="I have saved them").click()
    elif "/two-step-login/check/" in page.url:
        device = TOTPDevice.objects.get(user__email=email.lower(), confirmed=True)
        secret = b32encode(device.bin_key).decode().rstrip("=")
        for _ in range(2):  # a code already used in this 30 s step is refused: wait for the next one
            page.get_by_label("Code").fill(authenticator_code(secret))
            page.get_by_role("button", name="Continue").click()
            page.wait_for_load_state()
            if "/two-step-login/check/" not in page.url:
                break
            time.sleep(31 - time.time() % 30)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """The live server answers several requests at once (uploads and progress polls): give SQLite
    a real file so each thread has its own connection, as in production (WAL, busy timeout)."""
    from django.db import connections

    settings_dict = connections["default"].settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3"):
        settings_dict.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "browser.sqlite3")
