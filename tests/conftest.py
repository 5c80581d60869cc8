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


# Fixtures that run the pose model on a video (computed once per session, but still tens of seconds):
# a test using one is marked ``slow``, so `pytest tests/core -m "not slow"` stays fast; CI runs all.
POSE_ON_VIDEO_FIXTURES = frozenset({"models", "running", "walking", "backflip", "vfr_running", "copies"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if POSE_ON_VIDEO_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
