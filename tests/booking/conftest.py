"""Fixtures of the self-booking tests: a clinic with online booking at a frozen time."""

import pytest
import time_machine

from tests.booking.selfbook_helpers import FROZEN, TEMPLATE


@pytest.fixture
def frozen():
    with time_machine.travel(FROZEN, tick=False) as traveller:
        yield traveller


@pytest.fixture
def types(world, frozen):
    from stridecare.booking.setup import set_up_availability

    made = set_up_availability(world.clinic, [world.therapist], telehealth_url_template=TEMPLATE)
    return {t.name: t for t in made}


def pytest_configure(config):
    config.addinivalue_line("markers", "processes: starts real worker/serve processes (seconds each)")
