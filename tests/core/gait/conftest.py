"""Shared fixtures: the pose model (fetched into the cache once if missing) and one analysis per clip."""

from __future__ import annotations

import pathlib

import pytest

from stridecare.core.gait.pipeline import VideoAnalysis, analyse_video
from stridecare.core.gait.pose_models import InstalledModels, ensure_models
from tests.conftest import VIDEOS

RUNNING = VIDEOS / "sports2d__demo3-running-side-view.mp4"
WALKING = VIDEOS / "sports2d__demo4-walking-side-view.mp4"
BACKFLIP = VIDEOS / "sports2d__demo-walk-and-backflip.mp4"
LABELS = pathlib.Path(__file__).resolve().parent / "labels"


@pytest.fixture(scope="session")
def models() -> InstalledModels:
    return ensure_models()


@pytest.fixture(scope="session")
def running(models: InstalledModels) -> VideoAnalysis:
    return analyse_video(RUNNING, "full")


@pytest.fixture(scope="session")
def walking(models: InstalledModels) -> VideoAnalysis:
    return analyse_video(WALKING, "lite")


@pytest.fixture(scope="session")
def backflip(models: InstalledModels) -> VideoAnalysis:
    return analyse_video(BACKFLIP, "lite")
