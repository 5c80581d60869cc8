"""Enqueue jobs and run them with retries and exponential back-off.

A handler is a plain function ``handler(job, report)`` registered under a kind; ``report(percent,
message)`` records progress. A handler raises ``PermanentJobError`` for input that will never
succeed (no retry) and any other exception for a transient failure (retried with back-off until
``max_attempts``)."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Job

log = logging.getLogger(__name__)
Handler = Callable[[Job, Callable[[int, str], None]], object]
HANDLERS: dict[str, Handler] = {}


class PermanentJobError(Exception):
    """The job can never succeed (bad input): record it, do not retry."""


def job_handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return register


def enqueue_job(kind: str, payload: dict, owner=None, max_attempts: int | None = None, run_after=None) -> Job:
    """Create the job record and put it on the queue, in the caller's transaction: with the
    database queue both rows are written together or not at all. ``run_after`` (an aware
    datetime) defers it where the queue can; a queue that cannot runs it at once, so a deferred
    job's handler checks for itself whether its time has come."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    job = Job.objects.create(kind=kind, payload=payload, owner=owner, max_attempts=max_attempts or settings.JOB_MAX_ATTEMPTS)
    _schedule(job, run_after=run_after)
    return job


def _schedule(job: Job, run_after) -> None:
    from .tasks import run_job

    task = run_job
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(job.pk)


def backoff_s(attempt: int) -> int:
    """Seconds to wait after failed attempt number ``attempt`` (1-based): base, 2x, 4x, ..."""
    return settings.JOB_BACKOFF_BASE_S * 2 ** (attempt - 1)


def execute_job(job_id: int) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.is_finished or job.status == Job.Status.RUNNING:
            return
        job.status = Job.Status.RUNNING
        job.attempts += 1
        job.save(update_fields=["status", "attempts", "updated_at"])

    def report(percent: int, message: str = "") -> None:
        Job.objects.filter(pk=job_id).update(progress_percent=max(0, min(100, int(percent))), progress_message=message[:200], updated_at=timezone.now())

    try:
        result = HANDLERS[job.kind](job, report)
    except PermanentJobError as err:
        _finish(job_id, Job.Status.FAILED, error=str(err))
    except Exception as err:  # a transient failure: retry with back-off, keep the reason
        log.exception("job %s attempt %s failed", job_id, job.attempts)
        if job.attempts >= job.max_attempts:
            _finish(job_id, Job.Status.FAILED, error=f"{type(err).__name__}: {err}")
            return
        when = timezone.now() + timedelta(seconds=backoff_s(job.attempts))
        Job.objects.filter(pk=job_id).update(status=Job.Status.RETRYING, next_attempt_at=when, last_error=f"{type(err).__name__}: {err}")
        _schedule(job, run_after=when)
    else:
        _finish(job_id, Job.Status.DONE, result=result if isinstance(result, (dict, list)) else None)


def _finish(job_id: int, status: str, error: str = "", result=None) -> None:
    fields = {"status": status, "finished_at": timezone.now(), "result": result}
    if status == Job.Status.DONE:
        fields["progress_percent"] = 100
    if error:
        fields["last_error"] = error
    Job.objects.filter(pk=job_id).update(**fields)
