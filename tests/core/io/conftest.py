import functools
import pathlib

import pytest

from stridecare.core.io import read_activity
from tests.conftest import ACTIVITIES

DATA = ACTIVITIES


@pytest.fixture
def data() -> pathlib.Path:
    return DATA


@pytest.fixture(scope="session")
def read_shared():
    """read_activity of a shared file by name, decoded once per test session (activities are frozen)."""
    return functools.cache(lambda name: read_activity(DATA / name))
