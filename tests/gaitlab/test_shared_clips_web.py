"""Issue 9 on the web: every shared clip and the bad-input videos that still analyse (a portrait
phone video with rotation metadata, two people in view) go through the upload and the background
job (Immediate backend) to the report page. Each clip is uploaded and analysed once, by one test;
the lite model is used because these tests are about the web path (the accuracy tests are in
tests/core/gait/)."""

from __future__ import annotations

import io
import pathlib
import re

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from stridecare.core.gait.video import probe_video
from stridecare.gaitlab.models import GaitAnalysis
from stridecare.jobs.models import Job
from tests.conftest import VIDEOS
from tests.core.gait.test_video_input import _encode, _running_frames
from tests.gaitlab.conftest import runner_client

WALKING_CLIP = VIDEOS / "sports2d__demo4-walking-side-view.mp4"
BACKFLIP_CLIP = VIDEOS / "sports2d__demo-walk-and-backflip.mp4"
# Hand count of the running clip (tests/core/gait/labels): ICs at frames 4 (L), 14 (R), 23 (L),
# 9.5 frames per step at 29.97 fps -> 60 x 29.97 / 9.5 = 189.3 steps/min.
RUNNING_HAND_CADENCE_SPM = 189.3


def _analyse(client, path: pathlib.Path) -> tuple[GaitAnalysis, str]:
    """Upload with the lite model, check the job finished, return the row and the report page."""
    video = SimpleUploadedFile(path.name, path.read_bytes(), content_type="video/mp4")
    response = client.post(
        reverse("gaitlab:upload"), {"video": video, "pose_model": "lite"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200, response.content
    item = GaitAnalysis.objects.get()
    assert (item.status, item.error) == ("done", ""), item.error
    job = Job.objects.get(pk=item.job_id)
    assert (job.status, job.attempts, job.progress_percent) == ("done", 1, 100)
    page = client.get(reverse("gaitlab:report", args=[item.pk]))
    assert page.status_code == 200
    return item, page.content.decode()


def _warnings_section(body: str) -> str:
    return body[body.index('<section id="warnings">') :].split("</section>")[0]


def _stat(body: str, label: str) -> str:
    match = re.search(rf"<small>{label}</small><strong>([^<]*)</strong>", body)
    assert match, label
    return match.group(1)


def test_walking_clip_on_the_web_is_walking_with_its_cadence(world):
    client = runner_client(world.runner)
    item, body = _analyse(client, WALKING_CLIP)
    report = item.report
    assert report["gait"] == "walking" and _stat(body, "Gait") == "walking"
    warnings = _warnings_section(body)
    assert (
        "walking, not running" in warnings
        and "running metrics (contact and flight time, overstride, foot strike) do not apply" in warnings
    )
    # Running-only metrics are not reported at all, so nothing about them is shown.
    assert "gct_ms" not in report["metrics"] and 'data-metric="gct_ms"' not in body
    assert 'data-metric="flight_time_ms"' not in body and 'data-metric="heel_ahead_of_hip_norm"' not in body
    # Walking cadence: an older woman walking, typically ~100-130 steps/min (95-135 allowed, as in
    # tests/core/gait/test_clips.py); the page shows the same number, rounded.
    cadence = report["cadence_spm"]
    assert 95.0 <= cadence <= 135.0
    assert _stat(body, "Cadence") == f"{round(cadence)} steps/min"
    # The walker's contacts are irregular, so the cadence comes from the stride periodicity; the
    # metric card keeps the confidence the engine gave it and says where the number came from.
    metric = report["metrics"]["cadence_spm"]
    assert f'data-metric="cadence_spm" data-confidence="{metric["confidence"]}"' in body
    assert metric["reason"] == "" or metric["reason"].startswith("from the periodicity")
    assert metric["reason"] in body
    # No running findings from a walk.
    assert report["findings"] == [] and "No flags from the metrics measured with confidence" in body


def test_backflip_clip_on_the_web_follows_the_gymnast_and_finds_no_running(world):
    client = runner_client(world.runner)
    item, body = _analyse(client, BACKFLIP_CLIP)
    report = item.report
    assert report["gait"] != "running" and _stat(body, "Gait") != "running"
    assert report["person"]["people_in_view"] == 2
    warnings = _warnings_section(body)
    assert "no steady running found" in warnings
    # The several-people warning names the person followed. The gymnast stands on a box, above the
    # walker who crosses below, and is in view from the first frame: the followed person is found
    # in frame 0 in the top part of the picture (hips above the middle).
    description = report["person"]["description"]
    assert description.startswith("the person first found in frame 0 at the top")
    assert report["person"]["hip_y_pct"] < 50.0
    assert f"2 people in view: followed {description}; the others were ignored" in warnings
    assert f"followed {description}" in body[body.index('<section id="overlay">') :]
    assert report["findings"] == []


def test_portrait_upload_with_rotation_metadata_is_analysed_upright(world, tmp_path):
    # The running clip stored sideways (each frame turned 90 deg clockwise, 352 x 480) with a
    # display matrix saying "rotate 90 deg back", as a phone held upright writes it.
    frames = [np.ascontiguousarray(np.rot90(f, k=-1)) for f in _running_frames()]
    path = _encode(tmp_path / "portrait.mp4", frames, rotation=90)
    assert probe_video(path).rotation_deg == 90
    client = runner_client(world.runner)
    item, body = _analyse(client, path)
    report = item.report
    assert report["view"].startswith("sagittal") and report["gait"] == "running"
    assert report["cadence_spm"] == pytest.approx(RUNNING_HAND_CADENCE_SPM, rel=0.03)
    # The key frames are drawn upright: the source's 480 x 352 landscape picture, not 352 x 480.
    name = item.outputs["key_frames"]["left"]["initial_contact"]
    image = client.get(reverse("gaitlab:file", args=[item.pk, name]))
    with Image.open(io.BytesIO(b"".join(image.streaming_content))) as picture:
        assert picture.size == (480, 352)
    assert "side view" in _stat(body, "View")  # a sagittal view, in words


def test_two_people_upload_warns_and_names_who_was_followed(world, tmp_path):
    frames = [np.concatenate([f, f], axis=1) for f in _running_frames()]  # the runner twice, side by side (960 x 352)
    path = _encode(tmp_path / "two.mp4", frames)
    client = runner_client(world.runner)
    item, body = _analyse(client, path)
    report = item.report
    assert report["person"]["people_in_view"] == 2
    description = report["person"]["description"]
    assert description.startswith("the person first found in frame ")
    warnings = _warnings_section(body)
    assert f"2 people in view: followed {description}; the others were ignored" in warnings
    # The message says where the followed person was, in thirds of the picture (x < 33% left,
    # > 67% right), matching the hip position stored with it.
    x_pct = report["person"]["hip_x_pct"]
    third = "left" if x_pct < 33 else "right" if x_pct > 67 else "centre"
    assert re.search(rf"at the (top|middle|bottom) {third} of the picture \(hips at x={round(x_pct)}%", description), (
        description
    )
