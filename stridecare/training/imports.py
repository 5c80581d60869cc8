"""Writes for runs: store an upload untouched, import it in a background job, keep the weekly
totals and load findings up to date."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import pathlib
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.core.io import read_batch
from stridecare.core.load import LoadSettings, compute_findings, uncoupled_ewma_acwr, weekly_summaries
from stridecare.core.load.sessions import LoadSession
from stridecare.core.models import Activity as CoreActivity
from stridecare.core.models import is_same_activity
from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler

from .models import Activity, ActivityFile, ClinicLoadSettings, LoadFinding, LoadSnapshot, Shoe, WeekTotal

ACCEPTED_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz", ".zip")
MAX_SAMPLES = 4000  # points kept per run for charts; the original file keeps everything


class UploadError(Exception):
    """An upload refused before it is stored; the message names the file."""


def check_upload(name: str, size_bytes: int) -> None:
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise UploadError(f"{name}: not an activity file. Upload .fit, .gpx or .tcx files (also .gz), or a Strava export .zip.")
    if size_bytes == 0:
        raise UploadError(f"{name}: the file is empty.")
    limit = settings.MAX_UPLOAD_MB * 1024 * 1024
    if size_bytes > limit:
        raise UploadError(f"{name}: {size_bytes / 1e6:.0f} MB is more than the {settings.MAX_UPLOAD_MB} MB limit.")


def store_upload(runner: User, upload: UploadedFile, queue: bool = True) -> ActivityFile:
    """Keep the file bit for bit and queue its import, together or not at all."""
    check_upload(upload.name, upload.size)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        stored = ActivityFile.objects.create(runner=runner, original_name=pathlib.Path(upload.name).name[:255], file=upload,
                                             size_bytes=upload.size, sha256=digest.hexdigest())
        if queue:
            stored.job = enqueue_job("import_activity_file", {"file_id": stored.pk}, owner=runner)
            ActivityFile.objects.filter(pk=stored.pk).update(job=stored.job)
    return stored


@job_handler("import_activity_file")
def import_activity_file(job, report) -> dict:
    stored = ActivityFile.objects.select_related("runner").get(pk=job.payload["file_id"])
    return import_stored_file(stored, report)


def import_stored_file(stored: ActivityFile, report=lambda percent, message="": None) -> dict:
    """Read a stored file and save its activities; raises PermanentJobError when nothing is readable."""
    ActivityFile.objects.filter(pk=stored.pk).update(status=ActivityFile.Status.PROCESSING)
    report(10, "reading the file")
    result = read_batch(stored.file.path, stored.original_name)
    errors = "\n".join(str(e) for e in result.errors)
    if not result.activities:
        ActivityFile.objects.filter(pk=stored.pk).update(status=ActivityFile.Status.FAILED, error=errors or f"{stored.original_name}: no activity in this file.")
        raise PermanentJobError(errors or f"{stored.original_name}: no activity in this file.")
    report(70, "saving")
    created, duplicates = save_activities(stored.runner, result.activities, stored)
    status = ActivityFile.Status.IMPORTED if created else ActivityFile.Status.DUPLICATE
    ActivityFile.objects.filter(pk=stored.pk).update(status=status, error=errors)
    report(90, "updating your training load")
    refresh_load(stored.runner)
    return {"created": created, "duplicates": duplicates, "errors": [str(e) for e in result.errors]}


def save_activities(runner: User, activities, stored: ActivityFile | None) -> tuple[int, int]:
    """Save new activities in one transaction; ones already stored (same run, any format) are skipped."""
    created = duplicates = 0
    with transaction.atomic():
        User.objects.select_for_update().get(pk=runner.pk)  # one import per runner at a time
        shoe = Shoe.objects.filter(runner=runner, is_default=True, is_retired=False).first()
        for activity in activities:
            if _is_duplicate(runner, activity):
                duplicates += 1
                continue
            Activity.objects.create(runner=runner, source=stored, shoe=shoe if activity.is_running else None, **activity_fields(activity))
            created += 1
    return created, duplicates


def _is_duplicate(runner: User, activity: CoreActivity) -> bool:
    near = Activity.objects.filter(runner=runner, start_utc__gte=activity.start_utc - dt.timedelta(minutes=2),
                                   start_utc__lte=activity.start_utc + dt.timedelta(minutes=2))
    for row in near:
        other = CoreActivity(source_file="", sport=row.sport, start_utc=row.start_utc, moving_time_s=row.moving_time_s,
                             elapsed_time_s=row.elapsed_time_s, distance_m=row.distance_m)
        if row.fingerprint == activity.fingerprint or is_same_activity(activity, other):
            return True
    return False


def activity_fields(activity: CoreActivity) -> dict:
    names = ("sport", "start_utc", "utc_offset_s", "distance_m", "moving_time_s", "elapsed_time_s", "elevation_gain_m", "avg_hr_bpm",
             "max_hr_bpm", "avg_cadence_spm", "avg_power_w", "avg_gct_ms", "avg_gct_balance_left_pct", "avg_vertical_oscillation_cm",
             "avg_vertical_ratio_pct", "avg_step_length_m")
    fields = {name: getattr(activity, name) for name in names}
    fields.update(sub_sport=activity.sub_sport or "", device=(activity.device or "")[:100], sources=dict(activity.sources),
                  warnings=list(activity.warnings), fingerprint=activity.fingerprint, samples_npz=pack_samples(activity))
    return fields


def pack_samples(activity: CoreActivity) -> bytes | None:
    if activity.samples is None or len(activity.samples) == 0:
        return None
    channels = activity.samples.channels()
    step = max(1, len(activity.samples) // MAX_SAMPLES)
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{name: values[::step].astype(np.float32) for name, values in channels.items()})
    return buffer.getvalue()


def load_settings_for(runner: User) -> LoadSettings:
    if runner.clinic_id:
        row = ClinicLoadSettings.objects.filter(clinic_id=runner.clinic_id).first()
        if row:
            return LoadSettings.from_dict(row.values)
    return LoadSettings()


def runner_sessions(runner: User) -> list[LoadSession]:
    rows = Activity.objects.filter(runner=runner).order_by("start_utc").values_list("pk", "start_utc", "distance_m", "moving_time_s", "sport", "utc_offset_s", "rpe")
    return [LoadSession(start_utc=s, distance_m=d or 0.0, moving_time_s=t, sport=sp, utc_offset_s=off, rpe=rpe, ref=str(pk))
            for pk, s, d, t, sp, off, rpe in rows]


def refresh_load(runner: User, today: dt.date | None = None) -> None:
    """Recompute the runner's weekly totals and load findings (after an import or an RPE change)."""
    tz = ZoneInfo(runner.timezone or "UTC")
    today = today or timezone.now().astimezone(tz).date()
    sessions = runner_sessions(runner)
    weeks = weekly_summaries(sessions, tz, today=today) if sessions else []
    cfg = load_settings_for(runner)
    findings = compute_findings(sessions, today=today, tz=tz, settings=cfg) if sessions else []
    snapshot = _ratio_snapshot(sessions, today, tz, cfg)
    activity_ids = set(Activity.objects.filter(runner=runner).values_list("pk", flat=True))
    with transaction.atomic():
        WeekTotal.objects.filter(runner=runner).delete()
        WeekTotal.objects.bulk_create([
            WeekTotal(runner=runner, week_start=w.week_start, distance_m=w.distance_m, duration_s=w.duration_s, runs=w.runs,
                      longest_run_m=w.longest_run_m, change_pct=w.change_pct, long_run_share=w.long_run_share,
                      srpe_load_au=w.srpe_load_au, monotony=w.monotony, strain=w.strain)
            for w in weeks
        ])
        LoadSnapshot.objects.filter(runner=runner).delete()
        if snapshot:
            LoadSnapshot.objects.create(runner=runner, first_day=snapshot[0], ratios=snapshot[1])
        LoadFinding.objects.filter(runner=runner).delete()
        LoadFinding.objects.bulk_create([
            LoadFinding(runner=runner, code=f.code, severity=f.severity, severity_rank=LoadFinding.SEVERITY_RANK[f.severity], date=f.date,
                        message=f.message, therapist_note=f.therapist_note, source=f.source, evidence=f.evidence,
                        activity_id=int(f.activity_ref) if f.activity_ref and f.activity_ref.isdigit() and int(f.activity_ref) in activity_ids else None,
                        data=_jsonable(f.data))
            for f in findings
        ])


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


@job_handler("refresh_clinic_load")
def refresh_clinic_load(job, report) -> dict:
    runners = list(User.objects.filter(clinic_id=job.payload["clinic_id"], role=User.Role.RUNNER))
    for i, runner in enumerate(runners, 1):
        refresh_load(runner)
        report(int(100 * i / max(len(runners), 1)), f"{i} of {len(runners)} runners")
    return {"runners": len(runners)}
