"""Fixtures for the gaitlab tests."""

from __future__ import annotations

import pytest

from tests.conftest import VIDEOS

RUNNING_CLIP = VIDEOS / "sports2d__demo3-running-side-view.mp4"


@pytest.fixture(scope="module")
def clip_outputs(tmp_path_factory):
    """The shared running clip analysed once per module by the core (report dict, rendered folder)."""
    from stridecare.core.gait.pipeline import analyse_video
    from stridecare.core.gait.render import render_outputs
    from stridecare.gaitlab.analysis import jsonable

    folder = tmp_path_factory.mktemp("clip-outputs")
    analysis = analyse_video(RUNNING_CLIP, "full", 175.0)
    rendered = render_outputs(analysis, folder)
    return jsonable(analysis.report.to_dict()), jsonable(rendered.to_dict()), folder


def runner_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
