"""Gait video retention: the runner chooses how long their videos are kept (DataSettings). Once
due, the uploaded video and the overlay video (both show the runner's body) are removed; the
report, its metrics and the key frames stay. Videos serve their own analysis and nothing else.

Enforced by the ``video_retention`` job: right after each analysis (``after_analysis``), again
when it comes due (a deferred job), when the runner changes the setting, and by
``manage.py enforce_retention`` for a daily timer."""

from __future__ import annotations

import datetime as dt

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from stridecare.jobs.models import Job
from stridecare.jobs.runner import enqueue_job, job_handler

from .models import DataSettings, VideoRemoval

JOB_KIND = "video_retention"
KEEP_DAYS: dict[str, int] = {DataSettings.VideoRetention.AFTER_ANALYSIS: 0, DataSettings.VideoRetention.DAYS_30: 30}
REASONS: dict[str, str] = {
    DataSettings.VideoRetention.AFTER_ANALYSIS: "Removed after the analysis, as the runner chose.",
    DataSettings.VideoRetention.DAYS_30: "Removed 30 days after the analysis, as the runner chose.",
}


def retention_of(runner_id: int) -> str:
    row = DataSettings.objects.filter(runner_id=runner_id).first()
    return row.video_retention if row else DataSettings.VideoRetention.KEEP


def due_at(finished_at: dt.datetime | None, choice: str) -> dt.datetime | None:
    """When a video analysed at ``finished_at`` is to be removed under ``choice`` (None: kept)."""
    if finished_at is None or choice not in KEEP_DAYS:
        return None
    return finished_at + dt.timedelta(days=KEEP_DAYS[choice])


def _with_video(runner_id: int | None = None):
    from stridecare.gaitlab.models import GaitAnalysis

    rows = GaitAnalysis.objects.filter(status=GaitAnalysis.Status.DONE).exclude(video="")
    return rows.filter(runner_id=runner_id) if runner_id is not None else rows


def remove_video(analysis, reason: str) -> None:
    """Remove the video and the overlay video of one analysis; keep its report and key frames."""
    from stridecare.gaitlab.models import GaitAnalysis

    names = [analysis.video.name]
    outputs = dict(analysis.outputs or {})
    overlay = outputs.pop("overlay_video", None)
    if overlay and analysis.outputs_dir:
        names.append(f"{analysis.outputs_dir}/{overlay}")
    with transaction.atomic():
        GaitAnalysis.objects.filter(pk=analysis.pk).update(video="", outputs=outputs)
        VideoRemoval.objects.update_or_create(analysis=analysis, defaults={"reason": reason})
        transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def enforce(now: dt.datetime | None = None, runner_id: int | None = None) -> int:
    """Remove every video past its runner's retention; returns how many."""
    now = now or timezone.now()
    removed = 0
    choices: dict[int, str] = {}
    for analysis in _with_video(runner_id):
        choice = choices.setdefault(analysis.runner_id, retention_of(analysis.runner_id))
        due = due_at(analysis.finished_at, choice)
        if due is not None and due <= now:
            remove_video(analysis, REASONS[choice])
            removed += 1
    return removed


def next_due(runner_id: int | None = None, now: dt.datetime | None = None) -> dt.datetime | None:
    now = now or timezone.now()
    dues = [due_at(a.finished_at, retention_of(a.runner_id)) for a in _with_video(runner_id)]
    future = [d for d in dues if d is not None and d > now]
    return min(future, default=None)


def schedule(runner_id: int) -> None:
    """Enforce now for the runner, and queue a job for their next video to come due."""
    enforce(runner_id=runner_id)
    when = next_due(runner_id)
    if when is not None:
        enqueue_job(JOB_KIND, {"runner_id": runner_id}, run_after=when)


def after_analysis(analysis) -> None:
    """Called by the gait analysis once its report is saved."""
    if retention_of(analysis.runner_id) != DataSettings.VideoRetention.KEEP:
        schedule(analysis.runner_id)


@job_handler(JOB_KIND, doing="removing gait videos past their time")
def video_retention_job(job: Job, report) -> dict:
    runner_id = job.payload.get("runner_id")
    removed = enforce(runner_id=runner_id)
    return {"removed": removed}
