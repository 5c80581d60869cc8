"""The whole path through the background job (Immediate backend): the shared running clip gives a
report; bad input ends with the gait engine's message on the status page and nothing half-saved."""

from __future__ import annotations

import pathlib

import av
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from stridecare.gaitlab.analysis import run_analysis
from stridecare.gaitlab.models import GaitAnalysis
from stridecare.jobs.models import Job
from stridecare.web.stored_files import folders_in
from tests.gaitlab.conftest import RUNNING_CLIP, runner_client
from tests.gaitlab.helpers import make_analysis


def upload(client, path: pathlib.Path, name: str | None = None, **fields):
    video = SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="video/mp4")
    return client.post(
        reverse("gaitlab:upload"), {"video": video, "pose_model": "full", **fields}, HTTP_ACCEPT="application/json"
    )


def write_clip(path: pathlib.Path, seconds: float, fps: int = 30) -> pathlib.Path:
    """A small H.264 clip of a grey picture with a moving white line: no person in it."""
    container = av.open(str(path), "w")
    stream = container.add_stream("libx264", rate=fps)
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
    for i in range(int(seconds * fps)):
        image = np.full((48, 64, 3), 128, np.uint8)
        image[:, (2 * i) % 64] = 255
        for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
            container.mux(packet)
    for packet in stream.encode():
        container.mux(packet)
    container.close()
    return path


def test_the_running_clip_is_analysed_by_the_job_and_reported(world):
    client = runner_client(world.runner)
    response = upload(client, RUNNING_CLIP, height_cm="175", label="before retraining")
    assert response.status_code == 200, response.content
    item = GaitAnalysis.objects.get()
    assert response.json()["report_url"] == reverse("gaitlab:report", args=[item.pk])
    # Stored untouched: the bytes on disk are the uploaded bytes.
    assert pathlib.Path(item.video.path).read_bytes() == RUNNING_CLIP.read_bytes()
    assert item.status == "done" and item.error == "" and item.height_cm == 175.0
    job = Job.objects.get(pk=item.job_id)
    assert (job.status, job.attempts, job.progress_percent, job.kind) == ("done", 1, 100, "analyse_gait")
    # MANIFEST/issue 9: a sagittal view of running, about one and a half strides, 47 frames at 29.97 fps.
    assert item.report["view"].startswith("sagittal") and item.report["gait"] == "running"
    assert item.report["quality"]["frames"] == 47 and 170 < item.report["cadence_spm"] < 200
    status = client.get(reverse("gaitlab:status", args=[item.pk])).json()
    assert (status["status"], status["percent"], status["done"], status["attempts"]) == ("done", 100, True, 1)

    body = client.get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    overlay_url = reverse("gaitlab:file", args=[item.pk, "overlay.mp4"])
    assert f'<video controls playsinline preload="metadata" src="{overlay_url}"' in body
    assert 'data-metric="knee_flex_ic_deg" data-confidence="ok"' in body
    assert 'data-metric="gct_ms" data-confidence="low"' in body and "30 fps is too low for contact timing" in body
    assert "roughly 10-25 deg in healthy runners" in body  # 6.4 typical range beside the value
    assert "too few strides" in body  # a quality warning of the engine
    assert reverse("gaitlab:file", args=[item.pk, "keyframe_left_initial_contact.png"]) in body
    assert "Initial contact" in body and "Mid-stance" in body and "Toe-off" in body
    assert 'aria-label="Left knee flexion (deg), mean of' in body  # joint-angle curve as an SVG chart
    video = client.get(overlay_url)
    assert video.status_code == 200 and video["Content-Type"] == "video/mp4" and video["Accept-Ranges"] == "bytes"
    assert b"ftyp" in b"".join(video.streaming_content)[:16]
    frame = client.get(reverse("gaitlab:file", args=[item.pk, "keyframe_right_toe_off.png"]))
    assert frame["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        (
            "cut.mp4",
            lambda d: _write(d / "cut.mp4", RUNNING_CLIP.read_bytes()[: 74409 * 6 // 10]),
            "cut.mp4: the file ends after 18 of 47 frames; it is truncated (was the upload interrupted?)",
        ),
        (
            "short.mp4",
            lambda d: write_clip(d / "short.mp4", 1.0),
            "short.mp4: the clip is only 1.0 s long; record at least 1.5 s",
        ),
        (
            "empty-room.mp4",
            lambda d: write_clip(d / "empty-room.mp4", 2.0),
            "empty-room.mp4: no runner found: a person was detected in 0 of 60 frames",
        ),
    ],
)
def test_bad_videos_end_with_the_engines_message_on_the_status_page(world, tmp_path, name, make, message):
    client = runner_client(world.runner)
    response = upload(client, make(tmp_path))
    assert response.status_code == 200
    item = GaitAnalysis.objects.get()
    assert item.status == "failed" and item.error.startswith(message)
    assert item.report is None and item.outputs == {} and item.outputs_dir == ""
    assert folders_in(item.video.name.rsplit("/", 1)[0]) == []  # no rendered file was stored, nor left behind
    job = Job.objects.get(pk=item.job_id)
    assert (job.status, job.attempts) == ("failed", 1)  # bad input: no retry
    status = client.get(reverse("gaitlab:status", args=[item.pk])).json()
    assert status["status"] == "failed" and status["done"] and status["error"].startswith(message)
    body = client.get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert "This video could not be analysed" in body and message.split(": ", 1)[1][:30] in body


def _write(path: pathlib.Path, data: bytes) -> pathlib.Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"these are my running notes, not a video\n" * 20, "notes.mp4: not a video file that can be read"),
        ("png", "notes.mp4: this is a still image, not a video"),
    ],
)
def test_files_that_slip_past_the_upload_check_still_fail_cleanly(world, content, message):
    """The job does not rely on the upload sniff: the engine's own message reaches the page."""
    import io

    from django.core.files.base import ContentFile

    if content == "png":
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="PNG")
        content = buffer.getvalue()
    item = GaitAnalysis.objects.create(
        runner=world.runner,
        uploaded_by=world.runner,
        original_name="notes.mp4",
        video=ContentFile(content, name="notes.mp4"),
        size_bytes=len(content),
        sha256="0" * 64,
    )
    from stridecare.jobs.runner import PermanentJobError

    with pytest.raises(PermanentJobError, match=message):
        run_analysis(item)
    item.refresh_from_db()
    assert item.status == "failed" and item.error.startswith(message) and item.report is None


def test_a_crash_is_retried_and_the_page_says_so(world, monkeypatch):
    """A transient failure (not bad input) is retried by the job runner; the page shows the attempts."""
    from stridecare.jobs.runner import enqueue_job

    item = make_analysis(world.runner, status="queued")

    def broken_disk(path):
        raise OSError("disk unavailable")

    monkeypatch.setattr("stridecare.gaitlab.analysis.probe_video", broken_disk)
    job = enqueue_job(
        "analyse_gait", {"analysis_id": item.pk}, owner=world.runner
    )  # Immediate backend: retries run at once
    GaitAnalysis.objects.filter(pk=item.pk).update(job=job)
    client = runner_client(world.runner)
    status = client.get(reverse("gaitlab:status", args=[item.pk])).json()
    assert status["done"] and status["status"] == "failed" and status["attempts"] == 4
    assert "failed 4 times (OSError: disk unavailable)" in status["error"]
    Job.objects.filter(pk=job.pk).update(status="retrying", attempts=1)
    GaitAnalysis.objects.filter(pk=item.pk).update(status="running")  # (a failed job's analysis says failed itself)
    status = client.get(reverse("gaitlab:status", args=[item.pk])).json()
    assert status["done"] is False and status["label"] == "Waiting to retry (attempt 1 of 4 failed)"


def test_a_video_whose_attempts_all_crashed_offers_try_again_and_it_runs_again(world, monkeypatch):
    """Issue 14: every failed job the person may retry offers "Try again"; a video refused for
    itself (bad input) does not, since it would fail the same way."""
    from stridecare.jobs.runner import enqueue_job

    item = make_analysis(world.runner, status="queued")
    monkeypatch.setattr(
        "stridecare.gaitlab.analysis.probe_video", lambda path: (_ for _ in ()).throw(OSError("disk unavailable"))
    )
    job = enqueue_job("analyse_gait", {"analysis_id": item.pk}, owner=world.runner)
    GaitAnalysis.objects.filter(pk=item.pk).update(job=job)
    client = runner_client(world.runner)
    page = client.get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert "This video could not be analysed" in page and 'id="gait-try-again"' in page
    monkeypatch.undo()  # the disk is back: the retry reads the video (Immediate backend: it runs at once)
    answer = client.post(reverse("job_try_again", args=[job.pk]), {"next": reverse("gaitlab:report", args=[item.pk])})
    assert answer.status_code == 302 and answer["Location"] == reverse("gaitlab:report", args=[item.pk])
    item.refresh_from_db()
    job.refresh_from_db()
    # It ran again from a fresh count and got as far as the video, which this test's stand-in file is
    # not: now the failure is the video's own, and trying again would only fail the same way.
    assert (job.attempts, job.is_permanent_failure) == (1, True)
    assert item.error.startswith("run.mp4: not a video file that can be read")
    page = client.get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert "This video could not be analysed" in page and 'id="gait-try-again"' not in page
    other = Client()
    other.force_login(world.therapist)  # someone else's job: no button (the retry view would 404 for them)
    assert (
        'id="gait-try-again"'
        not in other.get(reverse("gaitlab:staff_report", args=[world.runner.pk, item.pk])).content.decode()
    )


def test_pose_progress_is_reported_per_frame():
    from stridecare.gaitlab.analysis import ProgressEstimator

    calls = []
    estimator = ProgressEstimator("lite", 4, lambda percent, message="": calls.append((percent, message)))
    for _ in range(4):
        assert estimator.estimate(np.zeros((64, 64, 3), np.uint8)) is None  # a black frame: nobody in it
    # 3 + 82 x k // 4 for k = 1..4 (the pose share of the bar runs from 3% to 85%)
    assert [p for p, _ in calls] == [23, 44, 64, 85]
    assert calls[-1][1] == "finding the runner's pose: frame 4 of about 4"


def test_the_status_page_polls_the_job_progress(world):
    from stridecare.jobs.runner import enqueue_job

    item = make_analysis(world.runner, status="queued")
    job = enqueue_job(
        "analyse_gait", {"analysis_id": 0}, owner=world.runner, max_attempts=1
    )  # fails at once: no such row
    Job.objects.filter(pk=job.pk).update(
        status="running",
        attempts=1,
        progress_percent=40,
        progress_message="finding the runner's pose: frame 20 of about 50",
    )
    GaitAnalysis.objects.filter(pk=item.pk).update(job=job, status="running")
    client = runner_client(world.runner)
    body = client.get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert '<progress id="gait-bar" max="100" value="40"' in body and "gaitlab/progress.js" in body
    assert f'data-status-url="{reverse("gaitlab:status", args=[item.pk])}"' in body
    status = client.get(reverse("gaitlab:status", args=[item.pk])).json()
    assert (status["percent"], status["done"], status["label"]) == (
        40,
        False,
        "finding the runner's pose: frame 20 of about 50",
    )


def test_a_missing_pose_model_fails_with_the_fetch_hint(world, monkeypatch, tmp_path):
    monkeypatch.setenv("STRIDECARE_MODEL_DIR", str(tmp_path / "no-models"))
    response = upload(runner_client(world.runner), RUNNING_CLIP)
    assert response.status_code == 200
    item = GaitAnalysis.objects.get()
    assert item.status == "failed" and item.error.startswith(
        f"{RUNNING_CLIP.name}: the pose model is not available on this server"
    )
    assert "stridecare models fetch" in item.error and item.report is None


def _engine_that_renders_one_frame(monkeypatch, during_store=None):
    """The video steps of the job replaced by the generated running figure (test_gait_settings),
    with a render that writes one key frame; ``during_store`` runs once the files are stored."""
    from stridecare.gaitlab import analysis as job
    from tests.gaitlab.test_gait_settings import fake_engine

    fake_engine(monkeypatch, [])

    class Rendered:
        def to_dict(self):
            return {"key_frames": {"left": {"initial_contact": "frame.png"}}, "overlay_video": "", "notes": []}

    def render_outputs(result, folder):
        folder.mkdir(parents=True)
        (folder / "frame.png").write_bytes(b"\x89PNG frame")
        return Rendered()

    def save_folder(local, folder):
        saved = job_save_folder(local, folder)
        if during_store is not None:
            during_store()
        return saved

    job_save_folder = job.save_folder
    monkeypatch.setattr(job, "render_outputs", render_outputs)
    monkeypatch.setattr(job, "save_folder", save_folder)


def test_a_second_run_that_finishes_after_the_first_keeps_the_first_ones_files(world, monkeypatch):
    """A worker thought dead may still finish after its job was taken over: the row keeps the report
    and files of the run that saved first, and the late run removes its own stored files."""
    from django.core.files.storage import default_storage

    item = make_analysis(world.runner, status="queued")
    first = make_analysis(world.runner)  # stands for the other run's saved result
    _engine_that_renders_one_frame(
        monkeypatch,
        during_store=lambda: GaitAnalysis.objects.filter(pk=item.pk).update(
            status="done", outputs_dir=first.outputs_dir, outputs=first.outputs, report=first.report
        ),
    )
    folder = item.video.name.rsplit("/", 1)[0]
    assert run_analysis(item) == {"analysis_id": item.pk}
    item.refresh_from_db()
    assert item.outputs_dir == first.outputs_dir and default_storage.exists(f"{first.outputs_dir}/overlay.mp4")
    assert folders_in(folder) == []  # the late run's stored key frame is gone


def test_the_run_that_saves_first_stores_its_files_in_a_folder_of_its_own_and_removes_leftovers(world, monkeypatch):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    item = make_analysis(world.runner, status="queued")
    folder = item.video.name.rsplit("/", 1)[0]
    leftover = default_storage.save(f"{folder}/outputs-killedrun/frame.png", ContentFile(b"half"))
    _engine_that_renders_one_frame(monkeypatch)
    run_analysis(item)
    item.refresh_from_db()
    assert item.status == "done" and item.outputs_dir.startswith(f"{folder}/outputs-")
    with default_storage.open(item.output_name("frame.png"), "rb") as f:
        assert f.read() == b"\x89PNG frame"
    assert not default_storage.exists(leftover) and folders_in(folder) == [item.outputs_dir.rsplit("/", 1)[1]]
