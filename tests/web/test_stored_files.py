"""Deleting a runner, an activity or an analysis removes its stored files after the commit
(issue 14, point 5), and a rollback keeps them."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from stridecare.gaitlab.models import GaitAnalysis
from stridecare.training.models import Activity, ActivityFile


def media() -> pathlib.Path:
    return pathlib.Path(settings.MEDIA_ROOT)


def stored_file(runner, name="run.fit") -> ActivityFile:
    return ActivityFile.objects.create(
        runner=runner, original_name=name, file=ContentFile(b"FIT bytes", name=name), size_bytes=9, sha256="0" * 64
    )


def activity(runner, source, minute=0) -> Activity:
    return Activity.objects.create(
        runner=runner,
        source=source,
        sport="running",
        moving_time_s=60,
        elapsed_time_s=60,
        start_utc=timezone.now().replace(minute=minute, second=0, microsecond=0),
        fingerprint=f"f{minute}{source.pk}",
    )


def analysis(runner) -> GaitAnalysis:
    item = GaitAnalysis.objects.create(
        runner=runner,
        original_name="clip.mp4",
        video=ContentFile(b"video", name="clip.mp4"),
        size_bytes=5,
        sha256="0" * 64,
    )
    outputs = pathlib.PurePosixPath(item.video.name).parent / "outputs"
    folder = media() / outputs
    folder.mkdir(parents=True)
    for name in ("left_initial_contact.jpg", "right_initial_contact.jpg", "overlay.mp4"):
        (folder / name).write_bytes(b"x")
    (folder.parent / "outputs.partial").mkdir()  # a render a crashed job left
    GaitAnalysis.objects.filter(pk=item.pk).update(
        outputs_dir=str(outputs),
        outputs={
            "overlay_video": "overlay.mp4",
            "key_frames": {"left": {"ic": "left_initial_contact.jpg"}, "right": {"ic": "right_initial_contact.jpg"}},
        },
    )
    item.refresh_from_db()
    return item


def files_of(runner) -> list[pathlib.Path]:
    return (
        sorted(p for top in ("activity-files", "gait") for p in (media() / top / str(runner.pk)).rglob("*"))
        if media().exists()
        else []
    )


def test_deleting_a_runner_removes_their_originals_videos_and_key_frames(world, django_capture_on_commit_callbacks):
    runner, other = world.runner, world.other_runner
    source = stored_file(runner)
    activity(runner, source)
    stored_file(runner, "failed.gpx")
    item = analysis(runner)
    kept = stored_file(other)
    assert len(files_of(runner)) > 5 and (media() / item.outputs_dir / "overlay.mp4").exists()
    with django_capture_on_commit_callbacks(execute=True):
        runner.delete()
    assert files_of(runner) == []
    assert (
        not (media() / "activity-files" / str(runner.pk)).exists() and not (media() / "gait" / str(runner.pk)).exists()
    )
    assert pathlib.Path(kept.file.path).exists()  # another runner's file stays
    assert (media() / "activity-files").is_dir()


def test_files_stay_until_the_commit(world, django_capture_on_commit_callbacks):
    source = stored_file(world.runner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        source.delete()
    assert pathlib.Path(source.file.path).exists()  # the transaction has not committed yet
    for callback in callbacks:
        callback()
    assert not pathlib.Path(source.file.path).exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_delete_keeps_the_files(world):
    source = stored_file(world.runner)
    item = analysis(world.runner)
    with pytest.raises(RuntimeError), transaction.atomic():
        world.runner.delete()
        raise RuntimeError("something failed after the delete")
    assert ActivityFile.objects.filter(pk=source.pk).exists()
    assert pathlib.Path(source.file.path).exists() and pathlib.Path(item.video.path).exists()
    assert (media() / item.outputs_dir / "overlay.mp4").exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_delete_removes_the_files(world):
    item = analysis(world.runner)
    with transaction.atomic():
        GaitAnalysis.objects.get(pk=item.pk).delete()
    assert not pathlib.Path(item.video.path).exists()
    assert not (media() / item.outputs_dir).exists() and not (media() / item.outputs_dir).parent.exists()


def test_deleting_an_activity_removes_its_file_with_the_last_activity_from_it(
    world, django_capture_on_commit_callbacks
):
    source = stored_file(world.runner, "export.zip")
    first, second = activity(world.runner, source, 1), activity(world.runner, source, 2)
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert pathlib.Path(source.file.path).exists() and ActivityFile.objects.filter(pk=source.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        second.delete()
    assert not pathlib.Path(source.file.path).exists() and not ActivityFile.objects.filter(pk=source.pk).exists()


def test_deleting_an_analysis_removes_its_video_overlay_and_key_frames(world, django_capture_on_commit_callbacks):
    item, other = analysis(world.runner), analysis(world.runner)
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert not pathlib.Path(item.video.path).parent.exists()
    assert pathlib.Path(other.video.path).exists() and (media() / other.outputs_dir / "overlay.mp4").exists()


def test_the_helper_never_leaves_media_root(tmp_path, settings):
    from stridecare.web.stored_files import remove_stored

    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media").mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    remove_stored(["../precious.txt"])
    assert outside.exists()


def test_scratch_folders_of_processes_that_are_gone_are_swept_and_live_ones_kept(tmp_path, monkeypatch):
    from stridecare.web.stored_files import scratch_dir, sweep_scratch

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    own = scratch_dir()
    (own / "stored-video.mp4").write_bytes(b"in use")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = gone.stdout.strip()
    dead = tmp_path / "stridecare-scratch" / dead_pid
    (dead / "gait-abc").mkdir(parents=True)
    (dead / "stored-video.mp4").write_bytes(b"left by a killed worker")
    other = tmp_path / "stridecare-scratch" / "notes"  # not a process's folder: not ours to judge
    other.mkdir()

    assert sweep_scratch() == [dead_pid]
    assert not dead.exists() and other.exists()
    assert (own / "stored-video.mp4").read_bytes() == b"in use"
    assert own.name == str(os.getpid())
