"""`python -m django db_worker`: django-tasks-db's worker, with what our job records need.

The library's worker claims a task row and runs it; a task row whose worker died stays RUNNING
and is never claimed again, and a second Ctrl-C aborts the running task wherever it is. This
command (it takes the library's name, so every documented command gets it) adds:

- recovery: at start (including jobs held under this worker's own id, which its previous life
  left behind) and every quarter lease in a background thread, ``recover_jobs`` puts back or fails
  the jobs of dead workers;
- a graceful stop: on the first SIGTERM/SIGINT the current job may finish for up to
  ``JOB_STOP_GRACE_S`` seconds; past that, or on a second signal, it is put back on the queue
  (not left RUNNING, not aborted half-way: its writes are transactions, rolled back);
- both queues by default (``--queue-name default,urgent``): one worker alone still sends the
  urgent emails; give the urgent queue a worker of its own with ``--queue-name urgent``;
- at start, the temporary files of processes killed outright on this machine are removed
  (``sweep_scratch``: a killed gait job's copy of its video would otherwise stay in TMPDIR).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from types import FrameType

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker as library

from stridecare.jobs.runner import QUEUES, lease_s, recover_jobs, stop_current_job
from stridecare.jobs.scratch import sweep_scratch

log = logging.getLogger("stridecare.jobs.worker")


class Worker(library.Worker):
    def run(self) -> None:
        recovered = recover_jobs(own_worker_id=self.worker_id)
        if recovered:
            log.warning("Worker %s started: took back jobs %s from stopped workers", self.worker_id, recovered)
        swept = sweep_scratch()
        if swept:
            log.warning("Worker %s started: removed the temporary files of stopped processes %s", self.worker_id, swept)
        sweeper = _Sweeper(self.worker_id)
        sweeper.start()
        try:
            super().run()
        finally:
            sweeper.stopped.set()

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running_task:
            super().shutdown(signum, frame)  # idle: exit now
            return
        if self.running:
            self.running = False  # take no new task
            grace = float(settings.JOB_STOP_GRACE_S)
            log.warning(
                "Received %s: letting the current job finish (up to %.0f s; send it again to put the job back now)",
                signal.strsignal(signum),
                grace,
            )
            if grace > 0:
                signal.signal(signal.SIGALRM, self._grace_over)
                signal.setitimer(signal.ITIMER_REAL, grace)
                return
        self.reset_signals()  # a third signal kills the process (the lease then brings the job back)
        stop_current_job(f"the worker was told to stop ({signal.strsignal(signum)})")

    def _grace_over(self, signum: int, frame: FrameType | None) -> None:
        stop_current_job(f"the job did not finish within {settings.JOB_STOP_GRACE_S} s of the stop request")

    def run_task(self, db_task_result) -> None:
        try:
            super().run_task(db_task_result)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)


class _Sweeper(threading.Thread):
    """Runs recover_jobs every quarter lease, so a dead worker's job comes back while this one is idle or busy."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="job-recovery", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopped.wait(lease_s() / 4):
                try:
                    recovered = recover_jobs()
                except Exception:  # the database hiccupped: log it, try again next time
                    log.exception("Job recovery failed on worker %s", self.worker_id)
                    continue
                if recovered:
                    log.warning("Worker %s took back jobs %s from stopped workers", self.worker_id, recovered)
        finally:
            connection.close()


class Command(library.Command):
    help = "Run a background worker (django-tasks-db) with job leases, recovery and a graceful stop"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name=",".join(QUEUES))

    def handle(
        self, *, verbosity: int, queue_name: str, exclude_queues: str, reload: bool, batch: bool, **options
    ) -> None:
        # The library's handle(), building our Worker.
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            batch=batch,
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only the child that runs tasks
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
