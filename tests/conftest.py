"""Named people in two clinics, built fresh for each test (STYLE.md: a small base of named users)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

# The shared real data (../shared/data, see its MANIFEST.md): the one path every test takes it from.
SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ACTIVITIES = SHARED_DATA / "activities"
VIDEOS = SHARED_DATA / "videos"
BIOMECH = SHARED_DATA / "biomech"

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    clinic: object
    other_clinic: object
    admin: object
    therapist: object
    therapist2: object
    runner: object
    other_runner: object
    other_therapist: object
    other_admin: object
    lone_runner: object
    clinic_mate: object


def make_world():
    from stridecare.accounts.models import Clinic, User

    clinic = Clinic.objects.create(
        name="Riverside Running Clinic",
        slug="riverside",
        timezone="Europe/London",
        mobile_postcodes="SW1, SW3",
        address="1 Towpath Lane",
    )
    other = Clinic.objects.create(name="Hilltop Physio", slug="hilltop", timezone="UTC")

    def person(email, name, clinic=None, role="runner", therapist=False, admin=False):
        return User.objects.create_user(
            email, PASSWORD, full_name=name, clinic=clinic, role=role, is_therapist=therapist, is_clinic_admin=admin
        )

    therapist = person("priya@riverside.test", "Priya Shah", clinic, "staff", therapist=True)
    runner = person("sam@runner.test", "Sam Rivera", clinic)
    runner.primary_therapist = therapist
    runner.save()
    return World(
        clinic=clinic,
        other_clinic=other,
        admin=person("admin@riverside.test", "Alex Morgan", clinic, "staff", admin=True),
        therapist=therapist,
        therapist2=person("tom@riverside.test", "Tom Becker", clinic, "staff", therapist=True),
        runner=runner,
        other_runner=person("olga@runner.test", "Olga Other", other),
        other_therapist=person("hank@hilltop.test", "Hank Hill", other, "staff", therapist=True),
        other_admin=person("hilda@hilltop.test", "Hilda Hill", other, "staff", admin=True),
        lone_runner=person("lee@runner.test", "Lee Alone"),
        clinic_mate=person("mae@runner.test", "Mae Mate", clinic),
    )


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def tomorrow_10am():
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    day = timezone.localdate() + timedelta(days=1)
    return timezone.datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def second_factor_passed_on_force_login(monkeypatch):
    """Staff must pass their second factor before clinic pages (stridecare/accounts/two_factor.py).
    A test that logs someone in with force_login means "this person, fully logged in": the session
    is marked as verified with a confirmed authenticator of theirs, as after entering a code.
    tests/accounts/test_two_factor.py goes through the real steps."""
    from django.test import Client

    real_force_login = Client.force_login

    def force_login(self, user, backend=None):
        real_force_login(self, user, backend)
        if not user.is_runner:
            mark_second_factor_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def mark_second_factor_passed(client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device = device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# Fixtures that run the pose model on a video (computed once per session, but still tens of seconds):
# a test using one is marked ``slow``, so `pytest tests/core -m "not slow"` stays fast; CI runs all.
POSE_ON_VIDEO_FIXTURES = frozenset({"models", "running", "walking", "backflip", "vfr_running", "copies"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if POSE_ON_VIDEO_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
