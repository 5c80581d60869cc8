"""Our job records: attempts, back-off, progress and permanent failures."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from stridecare.jobs.models import Job
from stridecare.jobs.runner import HANDLERS, PermanentJobError, backoff_s, enqueue_job, execute_job, job_handler


@pytest.fixture
def flaky():
    calls = []

    @job_handler("test_flaky")
    def handler(job, report):
        calls.append(job.attempts)
        report(50, "half way")
        if len(calls) < job.payload["fail_times"]:
            raise ConnectionError("mail server down")
        return {"ok": True}

    yield calls
    HANDLERS.pop("test_flaky")


def test_a_transient_failure_is_retried_until_it_succeeds(db, flaky):
    job = enqueue_job("test_flaky", {"fail_times": 3})
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result, job.progress_percent) == ("done", 3, {"ok": True}, 100)
    assert flaky == [1, 2, 3]


def test_it_gives_up_after_max_attempts_and_keeps_the_reason(db, flaky):
    job = enqueue_job("test_flaky", {"fail_times": 99}, max_attempts=2)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("failed", 2)
    assert job.last_error == "ConnectionError: mail server down"


def test_a_permanent_error_is_not_retried(db):
    @job_handler("test_bad_input")
    def handler(job, report):
        raise PermanentJobError("video.mp4: not a video file")

    try:
        job = enqueue_job("test_bad_input", {})
        job.refresh_from_db()
        assert (job.status, job.attempts, job.last_error) == ("failed", 1, "video.mp4: not a video file")
    finally:
        HANDLERS.pop("test_bad_input")


@override_settings(JOB_BACKOFF_BASE_S=30)
def test_backoff_doubles():
    assert [backoff_s(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_on_the_database_queue_a_retry_waits_for_its_backoff(db, flaky):
    from django_tasks_db.models import DBTaskResult

    job = enqueue_job("test_flaky", {"fail_times": 2})
    assert DBTaskResult.objects.count() == 1  # queued, not run: the worker runs it
    before = timezone.now()
    execute_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.progress_percent) == ("retrying", 1, 50)
    assert job.next_attempt_at >= before + timedelta(seconds=30)
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert DBTaskResult.objects.count() == 2 and retry.run_after == job.next_attempt_at
    execute_job(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_worker_command_runs_queued_jobs(transactional_db, flaky):
    from django.core.management import call_command

    job = enqueue_job("test_flaky", {"fail_times": 1})
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
