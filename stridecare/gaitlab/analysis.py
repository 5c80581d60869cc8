"""Writes for gait analyses: check and store an uploaded video untouched, run the gait engine in a
background job with progress, and save the report and rendered files all together or not at all."""

from __future__ import annotations

import hashlib
import math
import pathlib
import tempfile
import uuid
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from numpy.typing import NDArray

from stridecare.accounts.models import Clinic, User
from stridecare.core.errors import VideoError
from stridecare.core.gait.flag_settings import GaitFlagSettings
from stridecare.core.gait.pipeline import analyse_video
from stridecare.core.gait.pose import BlazePoseEstimator, PoseLandmarks
from stridecare.core.gait.pose_models import ModelError, ModelName
from stridecare.core.gait.render import render_outputs
from stridecare.core.gait.video import probe_video
from stridecare.jobs.models import Job
from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler, worker_stopped
from stridecare.web.stored_files import folders_in, local_copy, remove_stored, save_folder, scratch_dir

from .models import ClinicGaitSettings, GaitAnalysis

Report = Callable[..., None]
ACCEPTED_SUFFIXES = (".mp4", ".mov", ".m4v", ".webm")
ACCEPTED_TYPES = ("video/mp4", "video/quicktime", "video/x-m4v", "video/webm")
CONTENT_TYPES = {".mp4": "video/mp4", ".m4v": "video/x-m4v", ".mov": "video/quicktime", ".webm": "video/webm"}
DEFAULT_MAX_MB = 200
MP4_BOXES = {b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}
NOT_VIDEO = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG photo"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a zip archive"),
    (b"RIFF", "a RIFF file (WAV/WebP/AVI)"),
)
POSE_SHARE = (3, 85)  # percent of the progress bar spent on decoding and pose
JOB_KIND = "analyse_gait"


class UploadError(Exception):
    """A video refused before it is stored; the message names the file."""


def max_upload_mb() -> int:
    return int(getattr(settings, "GAIT_MAX_UPLOAD_MB", DEFAULT_MAX_MB))


def check_upload(name: str, size_bytes: int, head: bytes) -> None:
    """Extension, size (GAIT_MAX_UPLOAD_MB) and the first bytes: refuse what cannot be a video."""
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise UploadError(
            f"{name}: not a video file we can read. Upload an .mp4, .mov, .m4v or .webm video from your phone."
        )
    if size_bytes == 0:
        raise UploadError(f"{name}: the file is empty.")
    if size_bytes > max_upload_mb() * 1024 * 1024:
        raise UploadError(
            f"{name}: {size_bytes / 1e6:.0f} MB is more than the {max_upload_mb()} MB limit. Record 10-20 seconds, or trim the video."
        )
    kind = sniff(head)
    if kind != "video":
        raise UploadError(f"{name}: the name says video, but the file is {kind}. Upload the video file itself.")


def sniff(head: bytes) -> str:
    """'video' when the first bytes look like MP4/MOV or WebM/Matroska, else what the file seems to be."""
    if head[4:8] in MP4_BOXES or head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video"
    for magic, what in NOT_VIDEO:
        if head.startswith(magic):
            return what
    sample = head[:512]
    if sample and all(32 <= b < 127 or b in b"\t\r\n" for b in sample):
        return "plain text"
    return "not a known video format (MP4, MOV or WebM)"


def store_upload(
    runner: User,
    upload: UploadedFile,
    uploaded_by: User,
    height_cm: float | None = None,
    pose_model: str = GaitAnalysis.PoseModel.FULL,
    label: str = "",
) -> GaitAnalysis:
    """Keep the video bit for bit and queue its analysis, together or not at all."""
    head = upload.read(64)
    upload.seek(0)
    name, size_bytes = upload.name, upload.size
    if name is None or size_bytes is None:  # Django's uploads have both; a bare File may lack them
        raise UploadError("The upload has no file name: please choose the video again.")
    check_upload(name, size_bytes, head)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        analysis = GaitAnalysis.objects.create(
            runner=runner,
            uploaded_by=uploaded_by,
            original_name=pathlib.Path(name).name[:255],
            video=upload,
            size_bytes=size_bytes,
            sha256=digest.hexdigest(),
            height_cm=height_cm,
            pose_model=pose_model,
            label=label,
        )
        job = enqueue_job(JOB_KIND, {"analysis_id": analysis.pk}, owner=uploaded_by)
        GaitAnalysis.objects.filter(pk=analysis.pk).update(job=job)
    analysis.refresh_from_db()
    return analysis


class ProgressEstimator(BlazePoseEstimator):
    """BlazePose that reports the share of frames done. A subclass rather than a wrapper, so the
    pipeline still counts the people in view (it does that for BlazePose estimators only)."""

    def __init__(self, model: str, total_frames: int, report: Report) -> None:
        super().__init__(model)  # type: ignore[arg-type]
        self.total_frames = max(total_frames, 1)
        self.frames_done = 0
        self._report = report
        self._last_percent = -1

    def estimate(self, frame: NDArray) -> PoseLandmarks | None:
        self.frames_done += 1
        lo, hi = POSE_SHARE
        percent = lo + (hi - lo) * min(self.frames_done, self.total_frames) // self.total_frames
        if percent != self._last_percent:
            self._last_percent = percent
            self._report(percent, f"finding the runner's pose: frame {self.frames_done} of about {self.total_frames}")
        return super().estimate(frame)


def _analysis_gave_up(job: Job) -> None:
    """The analysis job failed for good (its worker kept stopping, or errors): the analysis says so."""
    reason = job.last_error if worker_stopped(job) else f"The analysis failed {job.attempts} times ({job.last_error})."
    GaitAnalysis.objects.filter(pk=job.payload["analysis_id"]).exclude(
        status__in=[GaitAnalysis.Status.DONE, GaitAnalysis.Status.FAILED]
    ).update(
        status=GaitAnalysis.Status.FAILED,
        error=f"{reason} Try uploading again, or ask the clinic.",
        finished_at=timezone.now(),
    )


def _analysis_requeued(job: Job) -> None:
    GaitAnalysis.objects.filter(pk=job.payload["analysis_id"], status=GaitAnalysis.Status.FAILED).update(
        status=GaitAnalysis.Status.QUEUED, error="", finished_at=None
    )


def analysis_job_detail(job: Job) -> dict:
    """For the job's progress: the link to the report (the runner's own page, or the therapist's)."""
    analysis = GaitAnalysis.objects.filter(pk=job.payload.get("analysis_id")).first()
    if analysis is None:
        return {}
    own = job.owner_id == analysis.runner_id
    url = (
        reverse("gaitlab:report", args=[analysis.pk])
        if own
        else reverse("gaitlab:staff_report", args=[analysis.runner_id, analysis.pk])
    )
    return {
        "analysis": analysis,
        "report_url": url,
        "titles": {Job.Status.DONE: "Analysed", Job.Status.FAILED: "Not analysed"},
    }


@job_handler(
    JOB_KIND,
    doing="analysing this video",
    gave_up=_analysis_gave_up,
    requeued=_analysis_requeued,
    detail=analysis_job_detail,
)
def analyse_gait_job(job: Job, report: Report) -> dict:
    analysis = GaitAnalysis.objects.get(pk=job.payload["analysis_id"])
    return run_analysis(analysis, report)


def run_analysis(analysis: GaitAnalysis, report: Report = lambda percent, message="": None) -> dict:
    """Analyse the stored video and save the report and files; bad input marks the analysis failed
    with the engine's message and raises PermanentJobError (no retry); nothing is half-saved.

    Files go through the storage API: the video is decoded from a temporary copy on this machine,
    the key frames and overlay are rendered into a temporary folder, then stored in a folder of this
    run's own (a second run of the job, its first worker thought dead, never writes into or deletes
    the files the first is storing); the row points at it once saved."""
    if analysis.status == GaitAnalysis.Status.DONE:
        return {"analysis_id": analysis.pk}
    GaitAnalysis.objects.filter(pk=analysis.pk).update(status=GaitAnalysis.Status.RUNNING)
    if not analysis.video.name or not default_storage.exists(analysis.video.name):
        message = f"{analysis.original_name}: the stored video is missing; upload it again."
        _fail(analysis, message)
        raise PermanentJobError(message)
    parent = str(pathlib.PurePosixPath(analysis.video.name).parent)
    folder = f"{parent}/outputs-{uuid.uuid4().hex[:12]}"
    flag_settings = flag_settings_for(analysis.runner)  # the clinic's 6.4 thresholds, as they are now
    report(1, "reading the video")
    try:
        with (
            local_copy(analysis.video.name) as video,
            tempfile.TemporaryDirectory(prefix="gait-", dir=scratch_dir()) as tmp,
        ):
            info = probe_video(video)
            estimator = ProgressEstimator(analysis.pose_model, info.frame_count, report)
            result = analyse_video(
                video,
                cast(ModelName, analysis.pose_model),  # the field's choices are the three models
                analysis.height_cm,
                estimator=estimator,
                flag_settings=flag_settings,
            )
            report(POSE_SHARE[1], "drawing the key frames and the overlay video")
            rendered = render_outputs(result, pathlib.Path(tmp) / "outputs")
            report(96, "storing the key frames and the overlay video")
            save_folder(pathlib.Path(tmp) / "outputs", folder)
    except VideoError as err:
        _fail(analysis, f"{analysis.original_name}: {err.reason}")
        raise PermanentJobError(f"{analysis.original_name}: {err.reason}") from err
    except ModelError as err:
        message = f"{analysis.original_name}: the pose model is not available on this server ({err}). Ask the clinic's administrator."
        _fail(analysis, message)
        raise PermanentJobError(message) from err
    report(98, "saving the report")
    try:
        with transaction.atomic():
            row = GaitAnalysis.objects.select_for_update().filter(pk=analysis.pk).first()
            # not removed meanwhile, nor finished by another run of the job (its first worker thought dead)
            finished_first = row is not None and row.status != GaitAnalysis.Status.DONE
            if finished_first:
                GaitAnalysis.objects.filter(pk=analysis.pk).update(
                    status=GaitAnalysis.Status.DONE,
                    error="",
                    report=jsonable(result.report.to_dict()),
                    outputs=jsonable(rendered.to_dict()),
                    outputs_dir=folder,
                    finished_at=timezone.now(),
                )
    except BaseException:
        remove_stored([folder])
        raise
    if not finished_first:
        remove_stored([folder])
        return {"analysis_id": analysis.pk}
    # the folders of runs whose worker was killed, and any earlier render of this video
    remove_stored(
        f"{parent}/{name}"
        for name in folders_in(parent)
        if name.startswith("outputs") and name != folder.rsplit("/", 1)[1]
    )
    from stridecare.mydata import retention

    analysis.refresh_from_db()
    retention.after_analysis(analysis)  # the runner's video retention choice (mydata)
    return {"analysis_id": analysis.pk, "strides_analysed": result.report.quality.strides_analysed}


def flag_settings_for(runner: User) -> GaitFlagSettings:
    """The 6.4 flag thresholds for the runner's analyses: their clinic's, or REFERENCE.md's defaults
    for a runner without a clinic or a clinic that changed none."""
    return ClinicGaitSettings.for_clinic(runner.clinic_id).as_dataclass()


def clinic_flag_settings(clinic_id: int) -> GaitFlagSettings:
    """The clinic's [H] gait flag thresholds (REFERENCE.md's defaults where it stored none)."""
    return ClinicGaitSettings.for_clinic(clinic_id).as_dataclass()


def save_clinic_flag_settings(clinic: Clinic, flag_settings: GaitFlagSettings, by: User) -> ClinicGaitSettings:
    """Store the clinic's thresholds as their differences from REFERENCE.md (none after a reset),
    so a clinic that changed nothing follows the reference's defaults."""
    row, _ = ClinicGaitSettings.objects.update_or_create(
        clinic=clinic, defaults={"values": flag_settings.overrides(), "updated_by": by}
    )
    return row


def _fail(analysis: GaitAnalysis, message: str) -> None:
    GaitAnalysis.objects.filter(pk=analysis.pk).update(
        status=GaitAnalysis.Status.FAILED,
        error=message,
        report=None,
        outputs={},
        outputs_dir="",
        finished_at=timezone.now(),
    )


def jsonable(value: object) -> object:
    """The report with NaN and infinities as null (strict JSON for the database's JSON check)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return jsonable(value.item())
    return value


def clinic_latest_values(clinic_id: int, metric: str) -> list[float]:
    """The latest confident value of ``metric`` of each runner of the clinic (finished analyses).

    Reads only the two JSON fields it needs, not whole reports. A runner whose latest analysis has
    no confident value is represented by their most recent one that has.
    """
    rows = (
        GaitAnalysis.objects.filter(
            runner__clinic_id=clinic_id, runner__role=User.Role.RUNNER, status=GaitAnalysis.Status.DONE
        )
        .order_by("runner_id", "-created_at", "-pk")
        .values_list("runner_id", f"report__metrics__{metric}__value", f"report__metrics__{metric}__confidence")
    )
    latest: dict[int, float] = {}
    for runner_id, value, confidence in rows:
        if runner_id in latest or confidence != "ok" or value is None:
            continue
        latest[runner_id] = float(value)
    return list(latest.values())
