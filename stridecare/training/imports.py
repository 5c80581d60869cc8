"""Writes for runs: store an upload untouched, import it in a background job (one file per job,
from the web page) or as a batch (many files parsed in worker processes, from the command line),
keep the weekly totals and load findings up to date.

The load refresh recomputes the runner's whole history, so it runs once per batch, and a web
upload of many files queues at most one pending "refresh_load" job per runner instead of one per
file."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import multiprocessing
import os
import pathlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, BinaryIO, Literal, cast
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.core.errors import ActivityFileError
from stridecare.core.io import iter_stream
from stridecare.core.load import LoadSettings, compute_findings, uncoupled_ewma_acwr, weekly_summaries
from stridecare.core.load.sessions import LoadSession
from stridecare.core.models import Activity as CoreActivity
from stridecare.core.models import is_same_activity
from stridecare.jobs.models import Job
from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler

from .models import (
    Activity,
    ActivityFile,
    ActivitySamples,
    ClinicLoadSettings,
    LoadFinding,
    LoadSnapshot,
    Shoe,
    WeekTotal,
)

ACCEPTED_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".zip")
MAX_SAMPLES = 4000  # points kept per run for charts; the original file keeps everything


class UploadError(Exception):
    """An upload refused before it is stored; the message names the file."""


def check_upload(name: str, size_bytes: int) -> None:
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise UploadError(
            f"{name}: not an activity file. Upload .fit, .gpx or .tcx files (also .gz), or a Strava export .zip."
        )
    if size_bytes == 0:
        raise UploadError(f"{name}: the file is empty.")
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if size_bytes > limit:
        raise UploadError(f"{name}: {size_bytes / 1e6:.0f} MB is more than the {settings.MAX_UPLOAD_MB} MB limit.")


def store_upload(runner: User, upload: UploadedFile | File, queue: bool = True) -> ActivityFile:
    """Keep the file bit for bit and queue its import, together or not at all."""
    name, size_bytes = upload.name, upload.size
    if name is None or size_bytes is None:  # Django's uploads have both; a bare File may lack them
        raise UploadError("The upload has no file name: please choose the file again.")
    check_upload(name, size_bytes)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        stored = ActivityFile.objects.create(
            runner=runner,
            original_name=pathlib.Path(name).name[:255],
            file=upload,
            size_bytes=size_bytes,
            sha256=digest.hexdigest(),
        )
        if queue:
            stored.job = enqueue_job("import_activity_file", {"file_id": stored.pk}, owner=runner)
            ActivityFile.objects.filter(pk=stored.pk).update(job=stored.job)
    return stored


def store_path(runner: User, path: str | os.PathLike[str], recover: bool = False) -> ActivityFile:
    """Store a file from disk untouched (the command line's upload), without queueing a job."""
    path = pathlib.Path(path)
    with path.open("rb") as handle:
        stored = store_upload(runner, File(handle, name=path.name), queue=False)
    if recover:
        ActivityFile.objects.filter(pk=stored.pk).update(recover=True)
        stored.recover = True
    return stored


FINAL_FILE_STATUSES = (ActivityFile.Status.IMPORTED, ActivityFile.Status.DUPLICATE, ActivityFile.Status.FAILED)


def _file_gave_up(job: Job) -> None:
    """The import job failed for good (its worker kept stopping, or errors): the file says so."""
    ActivityFile.objects.filter(pk=job.payload["file_id"]).exclude(status__in=FINAL_FILE_STATUSES).update(
        status=ActivityFile.Status.FAILED, error=job.last_error
    )


def _file_requeued(job: Job) -> None:
    ActivityFile.objects.filter(pk=job.payload["file_id"], status=ActivityFile.Status.FAILED).update(
        status=ActivityFile.Status.QUEUED, error=""
    )


def file_job_detail(job: Job) -> dict:
    """For the job's progress: the file, the runs it brought (a zip: how many, how many skipped or unreadable)."""
    stored = ActivityFile.objects.filter(pk=job.payload.get("file_id")).first()
    if stored is None:
        return {}
    result = job.result if isinstance(job.result, dict) else {}
    runs = (
        list(stored.activities.order_by("start_utc").only("pk", "start_utc", "distance_m", "sport")[:6])
        if job.status == Job.Status.DONE
        else []
    )
    created = result.get("created", len(runs))
    titles = {Job.Status.DONE: ("Imported" if created else "Already imported"), Job.Status.FAILED: "Not imported"}
    return {
        "file": stored,
        "runs": runs[:5],
        "more_runs": max(0, created - 5),
        "created": created,
        "duplicates": result.get("duplicates", 0),
        "errors": result.get("errors", []),
        "titles": titles,
    }


@job_handler(
    "import_activity_file",
    doing="reading this file",
    gave_up=_file_gave_up,
    requeued=_file_requeued,
    detail=file_job_detail,
)
def import_activity_file(job, report) -> dict:
    """One uploaded file: save its activities, then make sure one load refresh is queued.

    Safe to run twice (a worker that died is replaced): the activities and the file's status are
    saved in one transaction, so a file already imported is only counted again, not re-saved."""
    stored = ActivityFile.objects.select_related("runner").get(pk=job.payload["file_id"])
    if stored.status in (ActivityFile.Status.IMPORTED, ActivityFile.Status.DUPLICATE):
        if stored.status == ActivityFile.Status.IMPORTED:
            schedule_refresh(stored.runner)  # the earlier run may have died before queueing it
        return {
            "created": stored.activities.count(),
            "duplicates": 0,
            "errors": [line for line in stored.error.splitlines() if line],
        }
    try:
        return import_stored_file(stored, report, refresh=False)
    finally:
        if ActivityFile.objects.filter(pk=stored.pk, status=ActivityFile.Status.IMPORTED).exists():
            schedule_refresh(stored.runner)


def schedule_refresh(runner: User) -> Job | None:
    """Queue a "refresh_load" job for the runner unless one is already waiting (debounced).

    A refresh already running does not count: it may have read the history before this import
    was saved, so a new one is queued behind it. Returns the new job, or None when one waits.
    """
    with transaction.atomic():
        User.objects.select_for_update().get(pk=runner.pk)  # two imports finishing together queue one job
        waiting = Job.objects.filter(
            kind="refresh_load", owner=runner, status__in=[Job.Status.QUEUED, Job.Status.RETRYING]
        ).exists()
        return None if waiting else enqueue_job("refresh_load", {"runner_id": runner.pk}, owner=runner)


@job_handler("refresh_load", doing="updating the training load")
def refresh_load_job(job, report) -> dict:
    runner = User.objects.get(pk=job.payload["runner_id"])
    refresh_load(runner)
    return {"runner_id": runner.pk}


def import_stored_file(stored: ActivityFile, report=lambda percent, message="": None, refresh: bool = True) -> dict:
    """Read a stored file and save its activities; raises PermanentJobError when nothing is readable.

    ``refresh=False`` leaves the weekly totals and findings to the caller (a batch refreshes once).
    """
    ActivityFile.objects.filter(pk=stored.pk).update(status=ActivityFile.Status.PROCESSING)
    report(10, "reading the file")
    parsed = parse_file(stored.file.name, stored.original_name, stored.recover)
    report(70, "saving")
    outcome = save_parsed_file(stored, parsed)
    if outcome.status == ActivityFile.Status.FAILED:
        raise PermanentJobError(outcome.error)
    if refresh:
        report(90, "updating your training load")
        refresh_load(stored.runner)
    return {"created": outcome.created, "duplicates": outcome.duplicates, "errors": list(parsed.errors)}


@dataclasses.dataclass(frozen=True, slots=True)
class ParsedFile:
    """What a worker read from one file: activities (without their samples) and, for each, its
    chart samples already packed; the errors as sentences naming the file."""

    activities: tuple[CoreActivity, ...]
    samples_npz: tuple[bytes | None, ...]
    errors: tuple[str, ...]
    recoverable_records: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class FileOutcome:
    """What became of one file of a batch."""

    name: str
    file_id: int | None
    status: str  # an ActivityFile.Status value, or "refused" when the file was never stored
    created: int = 0
    duplicates: int = 0
    error: str = ""


def parse_file(stored_name: str, name: str, recover: bool = False) -> ParsedFile:
    """Read one stored file (any format, its storage name) through the storage API and pack each
    activity's chart samples; runs in a worker process, so it touches no database and returns only
    small, picklable values. ``name``: the file's name for messages. ``recover``: the runner asked
    to import what an unfinished FIT file holds."""
    activities, packed, errors = [], [], []
    try:
        handle = default_storage.open(stored_name, "rb")
    except OSError as e:
        return ParsedFile((), (), (str(ActivityFileError(name, f"cannot be opened ({e.strerror or e})")),))
    with handle:  # read as a stream: each activity's samples are packed and dropped as it is read
        for item in iter_stream(cast(BinaryIO, handle), name, recover):  # a File reads as a binary stream
            if isinstance(item, ActivityFileError):
                errors.append(item)
            else:
                packed.append(pack_samples(item))
                activities.append(dataclasses.replace(item, samples=None))
    return ParsedFile(
        activities=tuple(activities),
        samples_npz=tuple(packed),
        errors=tuple(str(e) for e in errors),
        recoverable_records=max((e.recoverable_records for e in errors), default=0),
    )


def parse_stored_files(stored: Iterable[ActivityFile], processes: int = 2) -> Iterator[tuple[ActivityFile, ParsedFile]]:
    """Parse stored files in ``processes`` worker processes, yielding each in order as it is ready.

    At most a few files per worker are in flight, so memory stays flat however long the batch.
    """
    files = list(stored)
    if processes <= 1 or len(files) < 2:
        for item in files:
            yield item, parse_file(item.file.name, item.original_name, item.recover)
        return
    # fork: the workers inherit the loaded code and never touch the database connection
    with ProcessPoolExecutor(max_workers=processes, mp_context=multiprocessing.get_context("fork")) as pool:
        pending: deque[tuple[ActivityFile, Future[ParsedFile]]] = deque()
        queue = iter(files)
        for item in queue:
            pending.append((item, pool.submit(parse_file, item.file.name, item.original_name, item.recover)))
            if len(pending) >= 4 * processes:
                break
        while pending:
            item, future = pending.popleft()
            yield item, future.result()
            nxt = next(queue, None)
            if nxt is not None:
                pending.append((nxt, pool.submit(parse_file, nxt.file.name, nxt.original_name, nxt.recover)))


def save_parsed_file(stored: ActivityFile, parsed: ParsedFile) -> FileOutcome:
    """Save one file's activities and its status in one transaction (no load refresh)."""
    errors = "\n".join(parsed.errors)
    if not parsed.activities:
        error = errors or f"{stored.original_name}: no activity in this file."
        ActivityFile.objects.filter(pk=stored.pk).update(
            status=ActivityFile.Status.FAILED, error=error, recoverable_records=parsed.recoverable_records
        )
        return FileOutcome(stored.original_name, stored.pk, ActivityFile.Status.FAILED, error=error)
    with transaction.atomic():
        created, duplicates = save_activities(stored.runner, parsed.activities, stored, parsed.samples_npz)
        status = ActivityFile.Status.IMPORTED if created else ActivityFile.Status.DUPLICATE
        ActivityFile.objects.filter(pk=stored.pk).update(status=status, error=errors)
    return FileOutcome(stored.original_name, stored.pk, status, created, duplicates, errors)


def import_stored_files(
    stored: Iterable[ActivityFile],
    processes: int = 2,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> list[FileOutcome]:
    """Import many stored files: parse them in worker processes, save each file in its own
    transaction (a bad file gets its own error and never blocks the others), then refresh the
    weekly totals and findings once per runner. ``on_file`` hears of each file as it is saved."""
    outcomes, runners = [], {}
    for item, parsed in parse_stored_files(stored, processes):
        outcome = save_parsed_file(item, parsed)
        outcomes.append(outcome)
        runners[item.runner_id] = item.runner
        if on_file is not None:
            on_file(outcome)
    for runner in runners.values():
        refresh_load(runner)
    return outcomes


def recover_file(stored: ActivityFile) -> ActivityFile:
    """The runner asks to import what an unfinished file holds: queue its import again, reading it
    with recovery. Only a file refused with recoverable records qualifies."""
    if stored.status != ActivityFile.Status.FAILED or stored.recoverable_records == 0:
        raise UploadError(f"{stored.original_name}: there is nothing to recover from this file")
    with transaction.atomic():
        ActivityFile.objects.filter(pk=stored.pk).update(recover=True, status=ActivityFile.Status.QUEUED, error="")
        job = enqueue_job("import_activity_file", {"file_id": stored.pk}, owner=stored.runner)
        ActivityFile.objects.filter(pk=stored.pk).update(job=job)
    stored.refresh_from_db()
    return stored


def import_paths(
    runner: User,
    paths: Iterable[str | os.PathLike[str]],
    processes: int = 2,
    on_file: Callable[[FileOutcome], None] | None = None,
    recover: bool = False,
) -> list[FileOutcome]:
    """Store files from disk untouched, then import them as one batch (the ``stridecare import``
    command). A file refused before storing (wrong kind, empty, unreadable) gets a "refused"
    outcome with its reason; the others still import."""
    stored, refused = [], []
    for path in paths:
        name = pathlib.Path(path).name
        try:
            stored.append(store_path(runner, path, recover))
        except UploadError as err:
            refused.append(FileOutcome(name, None, "refused", error=str(err)))
        except OSError as err:
            refused.append(FileOutcome(name, None, "refused", error=f"{name}: cannot be opened ({err.strerror})"))
    for outcome in refused:
        if on_file is not None:
            on_file(outcome)
    return refused + import_stored_files(stored, processes, on_file)


def save_activities(
    runner: User, activities, stored: ActivityFile | None, samples_npz: Iterable[bytes | None] | None = None
) -> tuple[int, int]:
    """Save new activities in one transaction; ones already stored (same run, any format) are skipped.

    ``samples_npz``: the chart samples already packed by :func:`parse_file`, one per activity;
    without it they are packed here from each activity's samples.
    """
    activities = list(activities)
    packed = list(samples_npz) if samples_npz is not None else [pack_samples(a) for a in activities]
    created = duplicates = 0
    with transaction.atomic():
        User.objects.select_for_update().get(pk=runner.pk)  # one import per runner at a time
        shoe = Shoe.objects.filter(runner=runner, is_default=True, is_retired=False).first()
        for activity, npz in zip(activities, packed, strict=True):
            if _is_duplicate(runner, activity):
                duplicates += 1
                continue
            row = Activity.objects.create(
                runner=runner,
                source=stored,
                shoe=shoe if activity.is_running else None,
                **activity_fields(activity),
            )
            npz = npz if npz is not None else pack_samples(activity)
            if npz:
                ActivitySamples.objects.create(activity=row, npz=npz)
            created += 1
    return created, duplicates


def _is_duplicate(runner: User, activity: CoreActivity) -> bool:
    near = Activity.objects.filter(
        runner=runner,
        start_utc__gte=activity.start_utc - dt.timedelta(minutes=2),
        start_utc__lte=activity.start_utc + dt.timedelta(minutes=2),
    )
    for row in near:
        other = CoreActivity(
            source_file="",
            sport=row.sport,
            start_utc=row.start_utc,
            moving_time_s=row.moving_time_s,
            elapsed_time_s=row.elapsed_time_s,
            distance_m=row.distance_m,
        )
        if row.fingerprint == activity.fingerprint or is_same_activity(activity, other):
            return True
    return False


def activity_fields(activity: CoreActivity) -> dict:
    names = (
        "sport",
        "start_utc",
        "utc_offset_s",
        "distance_m",
        "moving_time_s",
        "elapsed_time_s",
        "elevation_gain_m",
        "avg_hr_bpm",
        "max_hr_bpm",
        "avg_cadence_spm",
        "avg_power_w",
        "avg_gct_ms",
        "avg_gct_balance_left_pct",
        "avg_vertical_oscillation_cm",
        "avg_vertical_ratio_pct",
        "avg_step_length_m",
    )
    fields = {name: getattr(activity, name) for name in names}
    fields.update(
        sub_sport=activity.sub_sport or "",
        device=(activity.device or "")[:100],
        sources=dict(activity.sources),
        warnings=list(activity.warnings),
        fingerprint=activity.fingerprint,
    )
    return fields


def pack_samples(activity: CoreActivity) -> bytes | None:
    if activity.samples is None or len(activity.samples) == 0:
        return None
    channels = activity.samples.channels()
    step = max(1, len(activity.samples) // MAX_SAMPLES)
    buffer = io.BytesIO()
    arrays: dict[str, Any] = {name: values[::step].astype(np.float32) for name, values in channels.items()}
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def load_settings_for(runner: User) -> LoadSettings:
    return ClinicLoadSettings.for_clinic(runner.clinic_id).as_dataclass()


def runner_sessions(runner: User) -> list[LoadSession]:
    rows = (
        Activity.objects.filter(runner=runner)
        .order_by("start_utc")
        .values_list("pk", "start_utc", "distance_m", "moving_time_s", "sport", "utc_offset_s", "rpe")
    )
    return [
        LoadSession(start_utc=s, distance_m=d or 0.0, moving_time_s=t, sport=sp, utc_offset_s=off, rpe=rpe, ref=str(pk))
        for pk, s, d, t, sp, off, rpe in rows
    ]


def refresh_load(runner: User, today: dt.date | None = None) -> None:
    """Recompute the runner's weekly totals and load findings (after an import or an RPE change)."""
    tz = ZoneInfo(runner.timezone or "UTC")
    today = today or timezone.now().astimezone(tz).date()
    sessions = runner_sessions(runner)
    weeks = weekly_summaries(sessions, tz, today=today) if sessions else []
    cfg = load_settings_for(runner)
    units: Literal["km", "mi"] = "mi" if runner.units == "mi" else "km"
    findings = compute_findings(sessions, today=today, tz=tz, settings=cfg, units=units) if sessions else []
    snapshot = _ratio_snapshot(sessions, today, tz, cfg)
    activity_ids = set(Activity.objects.filter(runner=runner).values_list("pk", flat=True))
    with transaction.atomic():
        WeekTotal.objects.filter(runner=runner).delete()
        WeekTotal.objects.bulk_create(
            [
                WeekTotal(
                    runner=runner,
                    week_start=w.week_start,
                    distance_m=w.distance_m,
                    duration_s=w.duration_s,
                    runs=w.runs,
                    longest_run_m=w.longest_run_m,
                    change_pct=w.change_pct,
                    long_run_share=w.long_run_share,
                    srpe_load_au=w.srpe_load_au,
                    monotony=w.monotony,
                    strain=w.strain,
                )
                for w in weeks
            ]
        )
        LoadSnapshot.objects.filter(runner=runner).delete()
        if snapshot:
            LoadSnapshot.objects.create(runner=runner, first_day=snapshot[0], ratios=snapshot[1])
        LoadFinding.objects.filter(runner=runner).delete()
        LoadFinding.objects.bulk_create(
            [
                LoadFinding(
                    runner=runner,
                    code=f.code,
                    severity=f.severity,
                    severity_rank=LoadFinding.SEVERITY_RANK[f.severity],
                    date=f.date,
                    message=f.message,
                    therapist_note=f.therapist_note,
                    source=f.source,
                    evidence=f.evidence,
                    activity_id=int(f.activity_ref)
                    if f.activity_ref and f.activity_ref.isdigit() and int(f.activity_ref) in activity_ids
                    else None,
                    data=_jsonable(f.data),
                )
                for f in findings
            ]
        )


def _ratio_snapshot(sessions: list[LoadSession], today: dt.date, tz: ZoneInfo, cfg: LoadSettings, days: int = 84):
    running = [s for s in sessions if s.is_running]
    if not running:
        return None
    first = running[0].local_date(tz)
    series = uncoupled_ewma_acwr(running, first, today, tz, cfg)
    shown_from = max(first, today - dt.timedelta(days=days - 1))
    ratios = [series.ratio_on(shown_from + dt.timedelta(days=i)) for i in range((today - shown_from).days + 1)]
    return shown_from, [None if r is None else round(r, 3) for r in ratios]


def _jsonable(data: dict) -> dict:
    return {k: (float(v) if isinstance(v, (np.floating, np.integer)) else v) for k, v in data.items()}


def refresh_clinic_later(clinic) -> None:
    enqueue_job("refresh_clinic_load", {"clinic_id": clinic.pk})


@job_handler("refresh_clinic_load", doing="updating the clinic's training loads")
def refresh_clinic_load(job, report) -> dict:
    runners = list(User.objects.filter(clinic_id=job.payload["clinic_id"], role=User.Role.RUNNER))
    for i, runner in enumerate(runners, 1):
        refresh_load(runner)
        report(int(100 * i / max(len(runners), 1)), f"{i} of {len(runners)} runners")
    return {"runners": len(runners)}
