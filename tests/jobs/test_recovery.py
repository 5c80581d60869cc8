"""Jobs that always finish, in one process: leases and their recovery, runs fenced by their lease,
a stop that puts the job back, handlers safe to run twice, the urgent queue. (The same with real
worker processes: test_worker_processes.py.)"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stridecare.jobs import runner
from stridecare.jobs.models import Job
from stridecare.jobs.runner import (
    HANDLERS,
    WorkerStopping,
    enqueue_job,
    execute_job,
    job_handler,
    recover_jobs,
    shielded,
    stop_current_job,
)
from stridecare.training.models import Activity, ActivityFile
from tests.conftest import ACTIVITIES

DATABASE_QUEUE = override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "urgent"]}}
)
FIT = ACTIVITIES / "sports-lib__6914538454.fit"


@pytest.fixture
def handler():
    """A test kind whose handler runs what the test puts in ``steps`` (default: return a result)."""
    steps = []

    @job_handler("test_step", doing="doing the test step")
    def run(job, report):
        report(30, "stepping")
        return steps.pop(0)(job) if steps else {"ok": True}

    yield steps
    HANDLERS.pop("test_step")


def held_by_dead_worker(job: Job, attempts: int = 1, lease_left_s: float = -1, worker: str = "host:1234") -> Job:
    """The job as a worker left it when it was killed mid-run."""
    task = DBTaskResult.objects.get(id=job.task_id)
    task.claim(worker)
    Job.objects.filter(pk=job.pk).update(
        status="running",
        attempts=attempts,
        worker_id=worker,
        progress_percent=40,
        progress_message="stepping",
        lease_expires_at=timezone.now() + timedelta(seconds=lease_left_s),
    )
    job.refresh_from_db()
    return job


@DATABASE_QUEUE
def test_an_expired_lease_is_queued_again_once_with_its_attempt_counted(db, handler):
    job = held_by_dead_worker(enqueue_job("test_step", {}))
    old_task = job.task_id
    assert recover_jobs() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_percent, job.worker_id) == ("retrying", 1, 0, "host:1234")
    assert job.last_error == "The server stopped while doing the test step (attempt 1 of 4)."
    assert job.next_attempt_at <= timezone.now()  # no back-off: the worker's death is not the job's fault
    assert DBTaskResult.objects.get(id=old_task).status == "FAILED"  # the dead worker's task row, closed
    assert DBTaskResult.objects.get(id=job.task_id).status == "READY" and job.task_id != old_task
    assert recover_jobs() == [] and DBTaskResult.objects.count() == 2  # once, not on every sweep
    execute_job(job.pk, worker_id="host:5678")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == ("done", 2, {"ok": True})


@DATABASE_QUEUE
def test_a_live_lease_is_left_alone_unless_it_is_the_restarted_workers_own(db, handler):
    job = held_by_dead_worker(enqueue_job("test_step", {}), lease_left_s=50)
    assert recover_jobs() == [] and recover_jobs(own_worker_id="another:1") == []
    assert Job.objects.get(pk=job.pk).status == "running"
    # The worker started again under the same id knows its previous life is gone: no need to wait.
    assert recover_jobs(own_worker_id="host:1234") == [job.pk]
    assert Job.objects.get(pk=job.pk).status == "retrying"


@DATABASE_QUEUE
def test_two_workers_recovering_at_once_requeue_the_job_once(db, handler):
    job = held_by_dead_worker(enqueue_job("test_step", {}))
    seen_by_the_second = Job.objects.get(pk=job.pk)  # both read the stale job before either writes
    assert recover_jobs() == [job.pk]
    assert runner._recover(seen_by_the_second, timezone.now()) is False
    assert DBTaskResult.objects.filter(status="READY").count() == 1


@DATABASE_QUEUE
def test_the_last_attempt_fails_with_the_reason_and_the_file_says_so(world):
    stored = ActivityFile.objects.create(
        runner=world.runner,
        original_name="run.fit",
        file=SimpleUploadedFile("run.fit", FIT.read_bytes()),
        size_bytes=FIT.stat().st_size,
        sha256="0" * 64,
        status=ActivityFile.Status.PROCESSING,
    )
    job = held_by_dead_worker(
        enqueue_job("import_activity_file", {"file_id": stored.pk}, owner=world.runner), attempts=4
    )
    assert recover_jobs() == [job.pk]
    job.refresh_from_db()
    reason = "The server stopped while reading this file (attempt 4 of 4)."
    assert (job.status, job.last_error, job.can_try_again) == ("failed", reason, True)
    stored.refresh_from_db()
    assert (stored.status, stored.error) == ("failed", reason)  # no file left "Reading" for ever
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@DATABASE_QUEUE
def test_a_waiting_job_whose_task_was_lost_is_queued_again(db, handler):
    job = enqueue_job("test_step", {})
    DBTaskResult.objects.get(id=job.task_id).claim("host:1234")  # claimed, then the worker died before starting the job
    later = timezone.now() + timedelta(seconds=120)
    DBTaskResult.objects.filter(id=job.task_id).update(started_at=timezone.now() - timedelta(seconds=120))
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(seconds=120))
    assert recover_jobs(now=later) == [job.pk]
    job.refresh_from_db()
    assert job.status == "queued" and DBTaskResult.objects.get(id=job.task_id).status == "READY"
    assert recover_jobs(now=later) == []


def test_a_worker_that_lost_its_job_records_nothing_over_the_new_owner(db, handler):
    def taken_over_meanwhile(job):  # its lease ran out while it was stuck; another worker recovered the job
        Job.objects.filter(pk=job.pk).update(status="retrying", worker_id="", lease_expires_at=None)
        return {"late": True}

    handler.append(taken_over_meanwhile)
    job = enqueue_job("test_step", {})
    job.refresh_from_db()
    assert (job.status, job.result) == ("retrying", None)


@DATABASE_QUEUE
def test_a_stopping_worker_puts_the_job_back_without_counting_the_attempt(db, handler):
    def stop(job):
        raise WorkerStopping("the worker was told to stop")

    handler.append(stop)
    job = enqueue_job("test_step", {})
    first_task = job.task_id
    with pytest.raises(WorkerStopping):
        execute_job(job.pk, worker_id="host:1")
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_percent, job.lease_expires_at) == ("queued", 0, 0, None)
    assert job.task_id != first_task and DBTaskResult.objects.get(id=job.task_id).status == "READY"
    execute_job(job.pk, worker_id="host:2")
    assert Job.objects.get(pk=job.pk).status == "done"


@DATABASE_QUEUE
def test_a_stop_waits_for_the_end_of_a_shielded_block(db, handler):
    done = []

    def send_and_record(job):
        with shielded():
            stop_current_job("Ctrl-C")  # what the worker's signal handler calls
            done.append("sent and recorded")
        done.append("never reached")

    handler.append(send_and_record)
    job = enqueue_job("test_step", {})
    with pytest.raises(WorkerStopping):
        execute_job(job.pk)
    assert done == ["sent and recorded"] and Job.objects.get(pk=job.pk).status == "queued"
    stop_current_job("outside a handler: nothing to stop")  # no exception


@DATABASE_QUEUE
def test_a_stop_that_arrives_during_a_query_waits_for_the_query_to_return(db, handler):
    """A signal arriving while a query is on the wire must not cut it: on PostgreSQL the connection
    would keep a command in progress and refuse the put-back (the job then stayed 'running')."""
    ran = []

    def signal_arrives_mid_query(execute, sql, params, many, context):
        stop_current_job("Ctrl-C")  # what the signal handler calls while the query is under way
        result = execute(sql, params, many, context)
        ran.append(sql)
        return result

    def query_while_stopping(job):
        from django.db import connection

        with connection.execute_wrapper(signal_arrives_mid_query):
            Job.objects.filter(pk=job.pk).count()
        ran.append("never reached")

    handler.append(query_while_stopping)
    job = enqueue_job("test_step", {})
    with pytest.raises(WorkerStopping):
        execute_job(job.pk)
    assert len(ran) == 1 and "COUNT" in ran[0].upper()  # the query ran whole, the stop came right after it
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_percent) == ("queued", 0, 0)


@override_settings(JOB_LEASE_S=0.4)
def test_the_heartbeat_renews_the_lease_while_a_silent_handler_works(transactional_db, handler):
    leases = []

    def silent(job):
        for _ in range(4):
            time.sleep(0.2)
            leases.append(Job.objects.get(pk=job.pk).lease_expires_at)
        return {"ok": True}

    handler.append(silent)
    job = enqueue_job("test_step", {})
    assert len(set(leases)) > 1 and leases[-1] > leases[0]  # renewed, not only set at start
    assert Job.objects.get(pk=job.pk).lease_expires_at is None


def test_an_urgent_email_sent_before_a_crash_is_not_sent_again(world):
    from stridecare.inbox.alerts import raise_alert

    alert = raise_alert(runner=world.runner, kind="screening", severity="red", title="Red flag in a screening")
    job = Job.objects.get(kind="alert_email")
    assert (job.status, len(mail.outbox)) == ("done", 1) and job.sent_at is not None
    Job.objects.filter(pk=job.pk).update(
        status="queued"
    )  # as if the worker died after sending, before recording "done"
    execute_job(job.pk)
    assert Job.objects.get(pk=job.pk).status == "done" and len(mail.outbox) == 1
    assert alert.title in mail.outbox[0].subject


def test_an_import_run_twice_saves_its_run_once(world):
    from stridecare.training.imports import store_upload

    stored = store_upload(world.runner, SimpleUploadedFile(FIT.name, FIT.read_bytes()))
    job = Job.objects.get(pk=stored.job_id)
    assert job.status == "done" and Activity.objects.filter(source=stored).count() == 1
    Job.objects.filter(pk=job.pk).update(status="queued")  # as if the worker died after saving, before recording "done"
    execute_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result["created"]) == ("done", 1)
    assert Activity.objects.filter(runner=world.runner).count() == 1
    assert ActivityFile.objects.get(pk=stored.pk).status == "imported"


@DATABASE_QUEUE
def test_urgent_emails_go_to_their_own_queue_first_in_line(world):
    from stridecare.inbox.alerts import raise_alert
    from stridecare.training.imports import store_upload

    store_upload(world.runner, SimpleUploadedFile(FIT.name, FIT.read_bytes()))
    raise_alert(runner=world.runner, kind="self_harm", severity="red", title="Self-harm answer")
    queues = {
        runner_kind: (task.queue_name, task.priority)
        for runner_kind, task in ((Job.objects.get(task_id=str(t.id)).kind, t) for t in DBTaskResult.objects.all())
    }
    assert queues == {
        "import_activity_file": ("default", 0),
        "alert_email": ("urgent", 50),
        "crisis_escalation": ("urgent", 50),
    }
