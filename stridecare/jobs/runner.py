"""Enqueue jobs and run them so that each one ends: done, failed with a reason, or waiting for its
next attempt, whatever happens to the worker running it.

A handler is a plain function ``handler(job, report)`` registered under a kind; ``report(percent,
message)`` records progress. A handler raises ``PermanentJobError`` for input that will never
succeed (no retry) and any other exception for a transient failure (retried with back-off until
``max_attempts``). A handler may run more than once for one job (a worker that died is replaced),
so it must be safe to run twice: no second activity, no second email (``send_once``).

Leases. A worker that starts a job writes its id and a lease (``JOB_LEASE_S``) on the job, and
renews the lease from a heartbeat thread while the handler runs (and on each progress report).
``recover_jobs`` (run by every worker at start and then every quarter lease) finds RUNNING jobs
whose lease ran out: their worker died. It counts the attempt the dead worker used, and puts the
job back at once, or fails it with the reason when that was the last attempt. Every write about a
run is conditional on the run still owning the job (status, attempt, worker), so two workers
recovering at once, or a worker that was only slow, change nothing twice.

Stopping. On SIGTERM/SIGINT the worker (``management/commands/db_worker.py``) lets the current
job finish for up to ``JOB_STOP_GRACE_S``; past that, or on a second signal, ``stop_current_job``
raises ``WorkerStopping`` inside the handler and the job is put back on the queue, its attempt not
counted (the stop was ours, not the job's fault).

Queues. Time-critical jobs (urgent emails) go to their own queue, which has a worker of its own,
so a long import or analysis never delays them."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django_tasks import TaskContext, task

from .models import Job

log = logging.getLogger(__name__)
Handler = Callable[[Job, Callable[[int, str], None]], object]

DEFAULT_QUEUE = "default"
URGENT_QUEUE = "urgent"  # crisis and red-flag emails: a worker of their own
QUEUES = (DEFAULT_QUEUE, URGENT_QUEUE)
URGENT_PRIORITY = 50  # a worker that serves both queues takes urgent tasks first (django-tasks: -100..100)


@dataclass(frozen=True, slots=True)
class JobKind:
    """What the runner knows of a kind besides its handler."""

    queue: str = DEFAULT_QUEUE
    doing: str = "working on this"  # "The server stopped while {doing} (attempt 2 of 4)."
    gave_up: Callable[[Job], None] | None = None  # the job failed for good: bring its record to a final state
    requeued: Callable[[Job], None] | None = None  # the person asked to try again: its record waits again
    detail: Callable[[Job], dict] | None = None  # context for the template jobs/kinds/<kind>.html


HANDLERS: dict[str, Handler] = {}
KINDS: dict[str, JobKind] = {}


class PermanentJobError(Exception):
    """The job can never succeed (bad input): record it, do not retry."""


class CannotTryAgain(Exception):
    """The job is not (or no longer) a failure the person may retry."""


class WorkerStopping(BaseException):
    """Raised inside a running handler when its worker must stop before the job ends (a second
    Ctrl-C, or the stop grace period ran out). A BaseException, so that handlers' ``except
    Exception`` does not swallow it; the job is put back on the queue."""


def job_handler(
    kind: str,
    *,
    queue: str = DEFAULT_QUEUE,
    doing: str = "working on this",
    gave_up: Callable[[Job], None] | None = None,
    requeued: Callable[[Job], None] | None = None,
    detail: Callable[[Job], dict] | None = None,
) -> Callable[[Handler], Handler]:
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}")

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        KINDS[kind] = JobKind(queue=queue, doing=doing, gave_up=gave_up, requeued=requeued, detail=detail)
        return func

    return register


def kind_of(kind: str) -> JobKind:
    return KINDS.get(kind, JobKind())


def lease_s() -> float:
    return float(settings.JOB_LEASE_S)


def enqueue_job(kind: str, payload: dict, owner=None, max_attempts: int | None = None, run_after=None) -> Job:
    """Create the job record and put it on its kind's queue, in the caller's transaction: with the
    database queue both rows are written together or not at all. ``run_after`` (an aware
    datetime) defers it where the queue can; a queue that cannot runs it at once, so a deferred
    job's handler checks for itself whether its time has come."""
    if kind not in HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r}")
    # No transaction of our own: a queue that runs tasks at once (tests) would run the whole job
    # inside it. Outside a caller's transaction, a crash between the two rows leaves a job without
    # a task, which recover_jobs queues again.
    job = Job.objects.create(
        kind=kind, payload=payload, owner=owner, max_attempts=max_attempts or settings.JOB_MAX_ATTEMPTS
    )
    _schedule(job, run_after=run_after)
    return job


def _schedule(job: Job, run_after: datetime | None = None) -> None:
    urgent = kind_of(job.kind).queue == URGENT_QUEUE
    task = run_job.using(queue_name=kind_of(job.kind).queue, priority=URGENT_PRIORITY if urgent else 0)
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    job.task_id = str(task.enqueue(job.pk).id)[:64]
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def backoff_s(attempt: int) -> int:
    """Seconds to wait after failed attempt number ``attempt`` (1-based): base, 2x, 4x, ..."""
    return settings.JOB_BACKOFF_BASE_S * 2 ** (attempt - 1)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


@dataclass(frozen=True, slots=True)
class _Run:
    """One run of a job by one worker: the condition every write about the run carries."""

    job_id: int
    attempt: int
    worker_id: str

    def owned(self) -> QuerySet[Job]:
        return Job.objects.filter(
            pk=self.job_id, status=Job.Status.RUNNING, attempts=self.attempt, worker_id=self.worker_id
        )

    def renew(self, **fields) -> bool:
        return bool(self.owned().update(lease_expires_at=timezone.now() + timedelta(seconds=lease_s()), **fields))


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> None:
    """The one django-tasks task: it runs the job record ``job_id`` (by its kind's handler)."""
    worker_ids = context.task_result.worker_ids
    execute_job(job_id, worker_id=worker_ids[-1] if worker_ids else "")


def execute_job(job_id: int, worker_id: str = "") -> None:
    """Run one attempt of a job, holding its lease while the handler runs."""
    worker_id = (worker_id or default_worker_id())[:64]
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        # RUNNING: another worker holds it (a dead one's job comes back through recover_jobs).
        if job is None or job.is_finished or job.status == Job.Status.RUNNING:
            return
        job.status, job.worker_id = Job.Status.RUNNING, worker_id
        job.attempts += 1
        job.lease_expires_at = timezone.now() + timedelta(seconds=lease_s())
        job.save(update_fields=["status", "attempts", "worker_id", "lease_expires_at", "updated_at"])
    run = _Run(job.pk, job.attempts, worker_id)

    def report(percent: int, message: str = "") -> None:
        run.renew(progress_percent=max(0, min(100, int(percent))), progress_message=message[:200])

    heartbeat = _Heartbeat(run)
    heartbeat.start()
    try:
        try:
            handler = HANDLERS.get(job.kind)
            if handler is None:
                raise PermanentJobError(f"this server has no handler for {job.kind!r} jobs")
            with _handler_running(), connection.execute_wrapper(_query_shield):
                result = handler(job, report)
        finally:
            heartbeat.stop()
    except PermanentJobError as err:
        _give_up(run, job, str(err), permanent=True)
    except Exception as err:  # a transient failure: retry with back-off, keep the reason
        log.exception("job %s attempt %s failed", job_id, job.attempts)
        reason = f"{type(err).__name__}: {err}"
        if job.attempts >= job.max_attempts:
            _give_up(run, job, reason)
        else:
            _retry_later(run, job, reason)
    except BaseException:  # WorkerStopping, SystemExit, KeyboardInterrupt: the worker is stopping
        _drop_broken_connection()
        _put_back(run, job)
        raise
    else:
        fields = {
            "status": Job.Status.DONE,
            "finished_at": timezone.now(),
            "progress_percent": 100,
            "lease_expires_at": None,
            "result": result if isinstance(result, (dict, list)) else None,
        }
        if not run.owned().update(**fields):
            log.warning("job %s finished after another worker took it over; its result is not recorded twice", job_id)


def _give_up(run: _Run, job: Job, reason: str, permanent: bool = False) -> None:
    with transaction.atomic():
        if run.owned().update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            last_error=reason,
            lease_expires_at=None,
            is_permanent_failure=permanent,
            result=None,
        ):
            _gave_up(job.pk)


def _gave_up(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    hook = kind_of(job.kind).gave_up
    if hook is not None:
        hook(job)


def _retry_later(run: _Run, job: Job, reason: str) -> None:
    when = timezone.now() + timedelta(seconds=backoff_s(job.attempts))
    with transaction.atomic():
        if run.owned().update(
            status=Job.Status.RETRYING, next_attempt_at=when, last_error=reason, lease_expires_at=None
        ):
            _schedule(job, run_after=when)


def _put_back(run: _Run, job: Job) -> None:
    """The worker is stopping mid-job: the job waits on the queue again, its attempt not counted."""
    with transaction.atomic():
        if run.owned().update(
            status=Job.Status.QUEUED,
            attempts=F("attempts") - 1,
            progress_percent=0,
            progress_message="",
            lease_expires_at=None,
            worker_id="",
        ):
            _schedule(job)
            log.warning("job %s (%s) put back on the queue: the worker is stopping", job.pk, job.kind)


class _Heartbeat(threading.Thread):
    """Renews the lease of one run while its handler works (even one that reports no progress)."""

    def __init__(self, run: _Run) -> None:
        super().__init__(name=f"job-{run.job_id}-heartbeat", daemon=True)
        self.run_ = run
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(lease_s() / 4):
                try:
                    if not self.run_.renew():
                        log.warning("job %s: lease lost (another worker took the job over)", self.run_.job_id)
                        return
                except Exception:  # the database hiccupped: log it and try again next beat
                    log.exception("job %s: could not renew the lease", self.run_.job_id)
        finally:
            connection.close()  # this thread's own connection

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


# Stopping a running handler. Signal handlers run in the main thread between bytecodes, so these
# module-level flags need no lock. While a handler runs, stop_current_job raises WorkerStopping at
# once, except inside ``shielded()`` (sending an email and recording that it was sent; every
# database query), where the stop waits until the block ends.
class _StopState(TypedDict):
    in_handler: bool
    shield: int
    pending: WorkerStopping | None


_state: _StopState = {"in_handler": False, "shield": 0, "pending": None}


@contextmanager
def _handler_running() -> Iterator[None]:
    _state.update({"in_handler": True, "pending": None})
    try:
        yield
    finally:
        _state.update({"in_handler": False, "pending": None})


@contextmanager
def shielded() -> Iterator[None]:
    """A block that a worker stop must not cut in two (raise afterwards instead)."""
    _state["shield"] += 1
    try:
        yield
    finally:
        _state["shield"] -= 1
        pending = _state["pending"]
        if not _state["shield"] and pending is not None and _state["in_handler"]:
            _state["pending"] = None
            raise pending


def _query_shield(execute, sql, params, many, context):
    """A stop never cuts a database query in two: interrupted mid-query, a PostgreSQL connection
    is left with a command in progress and refuses every later query, the put-back included."""
    with shielded():
        return execute(sql, params, many, context)


def _drop_broken_connection() -> None:
    """Close this thread's connection when a stop left it unusable (cut inside a commit or a
    fetch, which no query wrapper sees), so the put-back that follows opens a fresh one."""
    if connection.connection is not None and not connection.in_atomic_block and not connection.is_usable():
        log.warning("the stop left the database connection unusable: reconnecting to put the job back")
        connection.close()


def stop_current_job(reason: str) -> None:
    """Interrupt the handler running in this process (called from the worker's signal handler).
    Outside a handler it does nothing: the job is already being recorded."""
    if not _state["in_handler"]:
        return
    if _state["shield"]:
        _state["pending"] = WorkerStopping(reason)
        return
    raise WorkerStopping(reason)


def send_once(job: Job, send: Callable[[], object]) -> bool:
    """Send a job's email unless an earlier attempt of the job already did; False when it had.

    At least once, not exactly once: the time is recorded right after the mail server accepted
    the message, so only a worker killed (or a database lost) between those two steps, or a mail
    server that accepted the message but failed to say so, makes a retry send it again. Recording
    it first instead would lose the email in those cases, which is worse for an urgent alert."""
    if Job.objects.filter(pk=job.pk, sent_at__isnull=False).exists():
        return False
    with shielded():
        send()
        Job.objects.filter(pk=job.pk).update(sent_at=timezone.now())
    return True


def recover_jobs(own_worker_id: str = "", now: datetime | None = None) -> list[int]:
    """Put back (or fail, when it was their last attempt) the RUNNING jobs whose worker died: the
    lease ran out, or (at a worker's start) the job was held under this worker's own id by its
    previous life. Also re-queue waiting jobs whose queue task was lost. Returns the job ids.

    Cheap when nothing is wrong: one query on the few RUNNING rows, one on the waiting ones."""
    now = now or timezone.now()
    stale = Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    if own_worker_id:
        stale |= Q(worker_id=own_worker_id)
    recovered = [job.pk for job in Job.objects.filter(stale, status=Job.Status.RUNNING) if _recover(job, now)]
    return recovered + _requeue_lost(now)


WORKER_STOPPED = "The server stopped while"


def worker_stopped(job: Job) -> bool:
    """Whether the job's last error is its worker's death (not anything the job did)."""
    return job.last_error.startswith(WORKER_STOPPED)


def _recover(job: Job, now: datetime) -> bool:
    still_stale = Job.objects.filter(
        pk=job.pk,
        status=Job.Status.RUNNING,
        attempts=job.attempts,
        worker_id=job.worker_id,
        lease_expires_at=job.lease_expires_at,
    )
    reason = f"{WORKER_STOPPED} {kind_of(job.kind).doing} (attempt {job.attempts} of {job.max_attempts})."
    last = job.attempts >= job.max_attempts
    with transaction.atomic():
        if last:
            changed = still_stale.update(
                status=Job.Status.FAILED, finished_at=now, last_error=reason, lease_expires_at=None
            )
        else:  # the worker's death is rarely the job's fault: try again at once, no back-off
            changed = still_stale.update(
                status=Job.Status.RETRYING,
                next_attempt_at=now,
                last_error=reason,
                lease_expires_at=None,
                progress_percent=0,
                progress_message="",
            )
        if not changed:
            return False  # another worker recovered it first, or its worker was alive after all
        _close_lost_task(job.task_id, reason)
        if last:
            _gave_up(job.pk)
        else:
            _schedule(job)
    log.warning("job %s (%s): %s %s", job.pk, job.kind, reason, "Failed." if last else "Queued again.")
    return True


def _database_queue():
    from django_tasks_db.backend import DatabaseBackend

    return run_job.get_backend() if isinstance(run_job.get_backend(), DatabaseBackend) else None


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _close_lost_task(task_id: str, reason: str) -> None:
    """The dead worker's task row stays RUNNING forever in django-tasks-db: mark it failed."""
    if not _is_uuid(task_id) or _database_queue() is None:
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="stridecare.jobs.runner.WorkerLost",
        traceback=reason,
    )


def _requeue_lost(now: datetime) -> list[int]:
    """Waiting jobs whose queue task is gone: a worker died between taking the task from the queue
    and starting the job, or the task row was never written. Their task row has not been READY
    (or running) for a lease."""
    if _database_queue() is None:
        return []
    from django_tasks_db.models import DBTaskResult

    cutoff = now - timedelta(seconds=lease_s())
    waiting = list(
        Job.objects.filter(status__in=[Job.Status.QUEUED, Job.Status.RETRYING], created_at__lt=cutoff).values_list(
            "pk", "task_id"
        )
    )
    task_ids = [task_id for _, task_id in waiting if _is_uuid(task_id)]
    alive = (
        {
            str(task_id)
            for task_id in DBTaskResult.objects.filter(id__in=task_ids)
            .filter(Q(status="READY") | Q(started_at__gte=cutoff) | Q(finished_at__gte=cutoff))
            .values_list("id", flat=True)
        }
        if task_ids
        else set()
    )
    requeued = []
    for job_id, task_id in waiting:
        if task_id in alive:
            continue
        with transaction.atomic():
            job = Job.objects.filter(
                pk=job_id, task_id=task_id, status__in=[Job.Status.QUEUED, Job.Status.RETRYING]
            ).first()
            if job is None or not Job.objects.filter(pk=job_id, task_id=task_id).update(task_id=""):
                continue  # it moved on meanwhile, or another worker re-queued it first
            _close_lost_task(task_id, "lost before the job started")
            waits = job.status == Job.Status.RETRYING and job.next_attempt_at is not None and job.next_attempt_at > now
            _schedule(job, run_after=job.next_attempt_at if waits else None)
        log.warning("job %s (%s): its queue task was lost; queued again", job_id, job.kind)
        requeued.append(job_id)
    return requeued


def try_again(job: Job) -> Job:
    """The person asks to run a failed job again: a fresh attempt budget (each try is their
    decision, so nothing loops on its own). Only a failure that was not on the input itself."""
    with transaction.atomic():
        if not Job.objects.filter(pk=job.pk, status=Job.Status.FAILED, is_permanent_failure=False).update(
            status=Job.Status.QUEUED,
            attempts=0,
            last_error="",
            progress_percent=0,
            progress_message="",
            finished_at=None,
            next_attempt_at=None,
            worker_id="",
            lease_expires_at=None,
        ):
            raise CannotTryAgain("only a job that failed (not on its input) can be tried again")
        job.refresh_from_db()
        hook = kind_of(job.kind).requeued
        if hook is not None:
            hook(job)
        _schedule(job)
    job.refresh_from_db()
    return job
