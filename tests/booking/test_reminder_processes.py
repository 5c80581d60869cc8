"""A visit reminder goes exactly once when its worker is killed (SIGKILL) after it claimed the job
and before it sent the email: real `db_worker` processes on a database of their own (SQLite
file, or PostgreSQL when DATABASE_URL is set), the queue being django-tasks-db."""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from tests.jobs.processes.harness import Processes, wait_for

pytestmark = pytest.mark.processes


@pytest.fixture
def procs(tmp_path):
    procs = Processes(tmp_path)
    try:
        procs.ctl("setup")
        yield procs
    finally:
        procs.close()


def reminder_emails(procs: Processes) -> list[str]:
    texts = [p.read_text() for p in sorted(procs.email_dir.iterdir())]
    return [t for text in texts for t in text.split("\n" + "-" * 79 + "\n") if "Subject: Reminder: your visit" in t]


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def test_a_worker_killed_between_claim_and_send_leaves_the_reminder_to_the_next_which_sends_it_once(procs):
    made = procs.ctl("reminder")["reminder"]
    reminder_id, job_id = made["reminder_id"], made["job_id"]
    worker = procs.worker("reminder-worker", STRIDECARE_PACE_REMINDER_S="60")
    wait_for("the worker to claim the reminder", lambda: procs.db.job(job_id)["status"] == "running", 60)
    kill(worker)  # claimed, paused before the send: killed there
    assert procs.db.job(job_id)["status"] == "running"
    assert procs.db.one("SELECT sent_at FROM booking_visitreminder WHERE id = ?", reminder_id) == (None,)
    assert reminder_emails(procs) == []

    procs.worker("reminder-worker")  # restarted under the same id, it takes its job back at once
    wait_for("the reminder job to finish", lambda: procs.db.job(job_id)["status"] == "done", 60)
    job = procs.db.job(job_id)
    assert job["attempts"] == 2 and job["last_error"].startswith("The server stopped while sending this visit reminder")
    assert procs.db.one("SELECT sent_at IS NOT NULL FROM booking_visitreminder WHERE id = ?", reminder_id) in {
        (1,),
        (True,),
    }
    emails = reminder_emails(procs)
    assert len(emails) == 1 and "To: sam@runner.test" in emails[0]

    # A second job for the same reminder (the sweep's, say) finds it sent.
    again = procs.ctl("remind", str(reminder_id))["remind"]["job_id"]
    wait_for("the second job to finish", lambda: procs.db.job(again)["status"] == "done", 60)
    assert len(reminder_emails(procs)) == 1
