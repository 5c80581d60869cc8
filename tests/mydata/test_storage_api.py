"""Stored files are read and written only through Django's storage API, so a clinic can put them on
shared or S3-compatible storage by configuration (issue 20, point 6): the activity import (a web
upload and a command-line batch parsed in worker processes), the gait analysis of the shared
running clip, the gait file views, the export, erasure and video retention run here on
InMemoryStorage, where no file exists on disk; nothing is written under MEDIA_ROOT, and the
temporary copy the video decoder reads is gone afterwards, also when the video is refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import pathlib
import tempfile
import zipfile

import pytest
import time_machine
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from stridecare.care import notes
from stridecare.gaitlab.analysis import run_analysis
from stridecare.gaitlab.models import GaitAnalysis
from stridecare.jobs.runner import PermanentJobError
from stridecare.mydata import erasure, export, retention
from stridecare.mydata.models import DataSettings
from stridecare.training import imports
from stridecare.training.models import Activity, ActivityFile
from stridecare.web.stored_files import folders_in
from tests.conftest import ACTIVITIES
from tests.gaitlab.conftest import RUNNING_CLIP
from tests.gaitlab.helpers import FAKE_MP4, MINIMAL_REPORT
from tests.mydata.helpers import GPX, make_run, make_zone
from tests.programs.test_pdf import _page_strings

IN_MEMORY = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def files_under_media_root() -> set[pathlib.Path]:
    root = pathlib.Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def in_memory(tmp_path, monkeypatch):
    """The default storage in memory; afterwards, MEDIA_ROOT holds the same files as before and no
    temporary file of ours is left (the temporary folder is the test's own)."""
    before = files_under_media_root()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    with override_settings(STORAGES=IN_MEMORY):
        default_storage.exists("")  # the lazy default storage is set up from the overridden settings
        assert type(default_storage._wrapped).__name__ == "InMemoryStorage"
        yield
    assert files_under_media_root() == before
    assert [p for p in temporary.rglob("*") if p.is_file()] == []  # the process's scratch folder is empty again


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


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


def test_an_uploaded_fit_file_is_stored_and_imported_on_a_storage_without_a_disk(world, in_memory):
    original = (ACTIVITIES / "sports-lib__2067489619.fit").read_bytes()
    upload = SimpleUploadedFile("sports-lib__2067489619.fit", original)
    response = logged_in(world.runner).post(reverse("training:upload"), {"file": upload})
    assert response.status_code == 200
    stored = ActivityFile.objects.get(pk=response.json()["file_id"])
    assert (stored.status, stored.error) == ("imported", "")
    with default_storage.open(stored.file.name, "rb") as f:
        assert f.read() == original  # stored untouched, in memory
    activity = Activity.objects.get(runner=world.runner)
    # MANIFEST: running, Garmin vivoactive HR, 4.49 km.
    assert activity.source_id == stored.pk and activity.distance_m == pytest.approx(4490, rel=0.01)
    assert len(activity.samples()["elapsed_s"]) > 100


def test_a_batch_parsed_in_worker_processes_reads_the_storage_too(world, in_memory):
    paths = [ACTIVITIES / "sports-lib__6782987395.fit", ACTIVITIES / "sports-lib__1681613317.gpx"]
    outcomes = imports.import_paths(world.runner, paths, processes=2)
    assert [(o.name, o.status, o.error) for o in outcomes] == [(p.name, "imported", "") for p in paths]
    stored = ActivityFile.objects.filter(runner=world.runner).order_by("pk")
    assert all(default_storage.exists(s.file.name) for s in stored) and stored.count() == 2
    assert Activity.objects.filter(runner=world.runner).count() == 2


def test_a_stored_file_gone_from_the_storage_fails_its_import_with_its_name(world, in_memory):
    stored = imports.store_upload(world.runner, ContentFile(GPX, name="lost.gpx"), queue=False)
    default_storage.delete(stored.file.name)
    with pytest.raises(PermanentJobError, match="lost.gpx: cannot be opened"):
        imports.import_stored_file(stored)
    stored.refresh_from_db()
    assert stored.status == "failed" and stored.error.startswith("lost.gpx: cannot be opened")


@pytest.mark.slow
def test_the_running_clip_is_analysed_on_a_storage_without_a_disk(world, in_memory):
    client = logged_in(world.runner)
    video = SimpleUploadedFile(RUNNING_CLIP.name, RUNNING_CLIP.read_bytes(), content_type="video/mp4")
    response = client.post(
        reverse("gaitlab:upload"), {"video": video, "pose_model": "full"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200, response.content
    item = GaitAnalysis.objects.get()
    assert item.status == "done", item.error
    assert item.report["quality"]["frames"] == 47 and 170 < item.report["cadence_spm"] < 200
    with default_storage.open(item.video.name, "rb") as f:
        assert f.read() == RUNNING_CLIP.read_bytes()
    names = item.output_names()
    assert "overlay.mp4" in names and "keyframe_left_initial_contact.png" in names
    for name in names:
        with default_storage.open(item.output_name(name), "rb") as f:
            head = f.read(16)
        assert head.startswith(b"\x89PNG") if name.endswith(".png") else b"ftyp" in head
    folder = item.video.name.rsplit("/", 1)[0]
    assert folders_in(folder) == [item.outputs_dir.rsplit("/", 1)[1]]  # the run's own folder, nothing left over
    # the views read the storage: a key frame, and a range of the overlay video
    frame = client.get(reverse("gaitlab:file", args=[item.pk, "keyframe_right_toe_off.png"]))
    assert frame.status_code == 200 and frame["Content-Type"] == "image/png"
    with default_storage.open(item.output_name("overlay.mp4"), "rb") as f:
        overlay = f.read()
    part = client.get(reverse("gaitlab:file", args=[item.pk, "overlay.mp4"]), HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 4-11/{len(overlay)}"
    assert b"".join(part.streaming_content) == overlay[4:12] == b"ftypisom"


def test_a_refused_video_on_a_storage_without_a_disk_leaves_no_copy_and_no_outputs(world, in_memory):
    item = GaitAnalysis.objects.create(
        runner=world.runner,
        uploaded_by=world.runner,
        original_name="notes.mp4",
        video=ContentFile(b"these are my running notes, not a video\n" * 20, name="notes.mp4"),
        size_bytes=820,
        sha256="0" * 64,
    )
    with pytest.raises(PermanentJobError, match="notes.mp4: not a video file that can be read"):
        run_analysis(item)
    item.refresh_from_db()
    assert (item.status, item.outputs_dir) == ("failed", "")
    assert default_storage.exists(item.video.name)  # the upload itself is kept
    assert folders_in(item.video.name.rsplit("/", 1)[0]) == []


def test_a_video_gone_from_the_storage_fails_with_a_clear_message(world, in_memory):
    item = GaitAnalysis.objects.create(
        runner=world.runner,
        original_name="run.mp4",
        video=ContentFile(FAKE_MP4, name="run.mp4"),
        size_bytes=len(FAKE_MP4),
        sha256="0" * 64,
    )
    default_storage.delete(item.video.name)
    with pytest.raises(PermanentJobError, match="run.mp4: the stored video is missing"):
        run_analysis(item)
    item.refresh_from_db()
    assert item.status == "failed" and item.error.startswith("run.mp4: the stored video is missing")


def test_the_export_holds_a_pdf_of_each_signed_visit_summary(world, in_memory):
    with time_machine.travel(dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC), tick=True):
        note = notes.create_note(
            runner=world.runner,
            author=world.therapist,
            kind="follow_up",
            content={"subjective": "Sore", "assessment": "CONFIDENTIAL-REASONING", "runner_summary": "Walk daily."},
        )
        notes.add_treatment(
            note.pk, author=world.therapist, technique="heat_therapy", body_area="calf", side="L", minutes=10
        )
        notes.sign_note(note.pk, signer=world.therapist)
    draft = notes.create_note(
        runner=world.runner, author=world.therapist, kind="follow_up", content={"runner_summary": "DRAFT"}
    )
    done = export.request_export(world.runner, world.runner)
    done.refresh_from_db()
    assert done.status == "ready", done.job.last_error
    with default_storage.open(done.file.name, "rb") as f:
        zf = zipfile.ZipFile(io.BytesIO(f.read()))
    assert f"pdf/visit-summary-{draft.pk}.pdf" not in zf.namelist()  # not signed: the runner sees no summary
    pdf = zf.read(f"pdf/visit-summary-{note.pk}.pdf")
    assert pdf.startswith(b"%PDF-")
    text = " ".join(_page_strings(pdf))
    assert "Follow-up visit, 14 March 2026" in text and "with Priya Shah" in text and "Walk daily." in text
    assert "Heat therapy" in text and "calf, left, 10 minutes" in text
    assert "CONFIDENTIAL-REASONING" not in text and "Sore" not in text  # no clinical reasoning, as on the page
    bundle = json.loads(zf.read("fhir-bundle.json"))
    titles = [
        e["resource"]["content"][0]["attachment"].get("title")
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "DocumentReference"
    ]
    assert "Visit summary 2026-03-14" in titles
