"""My data reads and writes stored files only through Django's storage API, so a clinic can put them
on shared or S3-compatible storage by configuration: the export, erasure and video retention run
here on InMemoryStorage, where no file exists on disk."""

from __future__ import annotations

import io
import json
import pathlib
import zipfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from stridecare.gaitlab.models import GaitAnalysis
from stridecare.mydata import erasure, export, retention
from stridecare.mydata.models import DataSettings
from tests.gaitlab.helpers import FAKE_MP4, MINIMAL_REPORT
from tests.mydata.helpers import GPX, make_run, make_zone

IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def in_memory():
    with override_settings(STORAGES=IN_MEMORY):
        yield


def _analysis(runner):
    item = GaitAnalysis.objects.create(
        runner=runner,
        original_name="run.mp4",
        video=ContentFile(FAKE_MP4, name="run.mp4"),
        size_bytes=len(FAKE_MP4),
        sha256="0" * 64,
        status="done",
        report=MINIMAL_REPORT,
    )
    folder = item.video.name.rsplit("/", 1)[0] + "/outputs"
    default_storage.save(f"{folder}/frame.png", ContentFile(b"\x89PNG frame"))
    default_storage.save(f"{folder}/overlay.mp4", ContentFile(FAKE_MP4))
    GaitAnalysis.objects.filter(pk=item.pk).update(
        outputs_dir=folder,
        outputs={"key_frames": {"left": {"initial_contact": "frame.png"}}, "overlay_video": "overlay.mp4"},
        finished_at=item.created_at,
    )
    item.refresh_from_db()
    return item


def test_export_erasure_and_retention_on_a_storage_without_a_disk(world, in_memory, django_capture_on_commit_callbacks):
    runner = world.lone_runner
    default_storage.exists("")  # the lazy default storage is set up from the overridden settings
    assert type(default_storage._wrapped).__name__ == "InMemoryStorage"
    run = make_run(runner)
    make_zone(runner)
    item = _analysis(runner)
    assert default_storage.exists(run.source.file.name)
    assert not (pathlib.Path(settings.MEDIA_ROOT) / run.source.file.name).exists()  # nothing on disk

    done = export.request_export(runner, runner)
    done.refresh_from_db()
    assert done.status == "ready", done.job.last_error
    with default_storage.open(done.file.name, "rb") as f:
        zf = zipfile.ZipFile(io.BytesIO(f.read()))
    assert zf.read(f"files/{run.source.file.name}") == GPX
    assert zf.read(f"files/{item.outputs_dir}/frame.png") == b"\x89PNG frame"
    assert json.loads(zf.read(f"tracks/activity-{run.pk}.json"))["channels"]["lat_deg"][0] is None

    DataSettings.objects.create(runner=runner, video_retention="after_analysis")
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.enforce() == 1
    assert not default_storage.exists(item.video.name)
    assert not default_storage.exists(f"{item.outputs_dir}/overlay.mp4")
    assert default_storage.exists(f"{item.outputs_dir}/frame.png")

    names = [run.source.file.name, f"{item.outputs_dir}/frame.png", done.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_own_account(runner)
    assert not any(default_storage.exists(n) for n in names)
