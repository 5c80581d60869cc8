"""Gait video retention: the runner's choice decides when the video and the overlay video go; the
report, metrics and key frames stay; a job enforces it (after each analysis, when due, daily)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from stridecare.gaitlab.models import GaitAnalysis
from stridecare.jobs.models import Job
from stridecare.mydata import retention
from stridecare.mydata.models import DataSettings, VideoRemoval
from tests.gaitlab.helpers import make_analysis


def _analysed(runner, days_ago: float = 0):
    item = make_analysis(runner)
    GaitAnalysis.objects.filter(pk=item.pk).update(finished_at=timezone.now() - dt.timedelta(days=days_ago))
    item.refresh_from_db()
    return item


def _names(item):
    frame = f"{item.outputs_dir}/keyframe_left_initial_contact.png"
    return item.video.name, f"{item.outputs_dir}/overlay.mp4", frame


def _choose(runner, choice):
    DataSettings.objects.update_or_create(runner=runner, defaults={"video_retention": choice})


@pytest.mark.parametrize(
    ("choice", "days_ago", "removed"),
    [
        ("after_analysis", 0, True),
        ("days_30", 29, False),
        ("days_30", 31, True),
        ("keep", 400, False),
    ],
)
def test_the_job_removes_videos_past_the_runners_choice(
    world, django_capture_on_commit_callbacks, choice, days_ago, removed
):
    item = _analysed(world.runner, days_ago)
    video, overlay, frame = _names(item)
    _choose(world.runner, choice)
    with django_capture_on_commit_callbacks(execute=True):
        from stridecare.jobs.runner import enqueue_job

        job = enqueue_job(retention.JOB_KIND, {"runner_id": world.runner.pk})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result == {"removed": int(removed)}
    item.refresh_from_db()
    assert default_storage.exists(video) is not removed and default_storage.exists(overlay) is not removed
    assert default_storage.exists(frame)  # key frames always stay
    assert item.report["metrics"]["cadence_spm"]["value"] == 170.0  # and the metrics
    assert (item.video.name == "") is removed and ("overlay_video" in item.outputs) is not removed
    assert VideoRemoval.objects.filter(analysis=item).exists() is removed


def test_a_30_day_video_goes_when_its_day_comes(world, django_capture_on_commit_callbacks):
    item = _analysed(world.runner, 0)
    _choose(world.runner, "days_30")
    assert retention.next_due(world.runner.pk) == item.finished_at + dt.timedelta(days=30)
    with time_machine.travel(timezone.now() + dt.timedelta(days=30, minutes=1)):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("enforce_retention")
    item.refresh_from_db()
    assert item.video.name == "" and VideoRemoval.objects.get(analysis=item).reason.startswith("Removed 30 days")


def test_after_analysis_removes_the_video_when_the_analysis_saves_its_report(world):
    _choose(world.runner, "after_analysis")
    item = _analysed(world.runner, 0)
    retention.after_analysis(item)  # what run_analysis calls once the report is saved
    item.refresh_from_db()
    assert item.video.name == ""


def test_the_report_says_the_video_was_removed_and_the_video_url_is_gone(world, client):
    _choose(world.runner, "after_analysis")
    item = _analysed(world.runner, 0)
    retention.enforce()
    client.force_login(world.runner)
    page = client.get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert "The video was removed" in page and "keyframe_left_initial_contact.png" in page
    assert client.get(reverse("gaitlab:file", args=[item.pk, "video"])).status_code == 404
    assert client.get(reverse("gaitlab:file", args=[item.pk, "overlay.mp4"])).status_code == 404


def test_the_runner_chooses_on_my_data(world, client):
    item = _analysed(world.runner, 0)
    client.force_login(world.runner)
    response = client.post(reverse("mydata:retention"), {"video_retention": "after_analysis"})
    assert response.status_code == 302
    assert DataSettings.objects.get(runner=world.runner).video_retention == "after_analysis"
    item.refresh_from_db()
    assert item.video.name == ""
    assert client.post(reverse("mydata:retention"), {"video_retention": "forever"}).status_code == 400
