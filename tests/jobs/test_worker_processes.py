"""Jobs that always finish, with real processes: `db_worker` and `stridecare serve` subprocesses on
a real SQLite file (a PostgreSQL database of their own when DATABASE_URL is set).

Marked `processes` (each test starts Python processes: seconds, not milliseconds). Workers are
slowed down where a test must stop one mid-job (tests/jobs/processes/pacing.py); every wait polls
with a timeout, none is a fixed sleep."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import time
import urllib.request
import zipfile

import pytest

from tests.conftest import SHARED_DATA
from tests.jobs.processes.harness import Processes, free_port, wait_for

pytestmark = pytest.mark.processes

DATA = SHARED_DATA
FIT = DATA / "activities" / "sports-lib__6782987395.fit"
CLIP = DATA / "videos" / "sports2d__demo3-running-side-view.mp4"


@pytest.fixture(scope="module")
def procs(tmp_path_factory):
    procs = Processes(tmp_path_factory.mktemp("worker-processes"))
    try:
        procs.ctl("setup")
        yield procs
    finally:
        procs.close()


@pytest.fixture(autouse=True)
def own_processes(procs):
    yield
    procs.stop_all()


def running_with_progress(procs: Processes, job_id: int, at_least: int = 1):
    job = procs.db.job(job_id)
    assert job["status"] != "failed", job
    return job["status"] == "running" and job["progress_percent"] >= at_least


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def test_a_worker_killed_mid_import_is_restarted_and_the_file_imports_exactly_once(procs):
    made = procs.ctl("import", str(FIT))["import"]
    job_id, file_id = made["job_id"], made["file_id"]
    worker = procs.worker("import-worker", STRIDECARE_PACE_IMPORT_S="30")
    wait_for("the import to start", lambda: running_with_progress(procs, job_id), 60)
    kill(worker)
    # What people saw before: "Reading 10%" for good. The job is still marked running, nothing saved.
    assert procs.db.job(job_id)["status"] == "running"
    assert procs.db.one("SELECT count(*) FROM training_activity WHERE source_id = ?", file_id) == (0,)

    restarted = time.monotonic()
    procs.worker("import-worker")  # same id, as `serve` restarts it: it takes its old job back at once
    wait_for("the import to finish", lambda: procs.db.job(job_id)["status"] == "done", 60)
    print(f"\nMEASURED import recovery: restart -> done in {time.monotonic() - restarted:.1f} s ({procs.vendor})")
    job = procs.db.job(job_id)
    assert job["attempts"] == 2 and job["last_error"] == "The server stopped while reading this file (attempt 1 of 4)."
    assert procs.db.one("SELECT count(*) FROM training_activity WHERE source_id = ?", file_id) == (1,)
    assert procs.db.one("SELECT count(*) FROM training_activity") == (1,)
    assert procs.db.one("SELECT status FROM training_activityfile WHERE id = ?", file_id) == ("imported",)
    # The killed worker's task row is closed, not left running for ever (once the load refresh ran too).
    wait_for(
        "the load refresh",
        lambda: procs.db.rows("SELECT id FROM jobs_job WHERE status NOT IN ('done', 'failed')") == [],
        60,
    )
    assert procs.db.rows("SELECT status FROM django_tasks_database_dbtaskresult WHERE status = 'RUNNING'") == []


def test_a_worker_killed_mid_analysis_is_taken_over_by_another_worker_after_its_lease(procs):
    made = procs.ctl("analyse", str(CLIP))["analyse"]
    job_id, analysis_id = made["job_id"], made["analysis_id"]
    first = procs.worker("gait-worker-1", STRIDECARE_PACE_FRAME_S="0.5", JOB_LEASE_S="3")
    wait_for("the pose estimation to start", lambda: running_with_progress(procs, job_id, at_least=4), 90)
    kill(first)
    killed = time.monotonic()
    assert procs.db.one("SELECT status, report FROM gaitlab_gaitanalysis WHERE id = ?", analysis_id) == (
        "running",
        None,
    )
    left_behind = procs.tmp_dir / "stridecare-scratch" / str(first.pid)
    assert [p.name.split("-")[0] for p in left_behind.iterdir()] == ["gait"]  # the killed run's render folder

    procs.worker("gait-worker-2", JOB_LEASE_S="3")  # another machine's worker: it waits for the lease to run out
    wait_for("the analysis to finish", lambda: procs.db.job(job_id)["status"] == "done", 90)
    print(
        f"\nMEASURED analysis recovery by another worker: kill -> done in {time.monotonic() - killed:.1f} s "
        f"(lease 3 s; {procs.vendor})"
    )
    job = procs.db.job(job_id)
    assert job["attempts"] == 2 and job["worker_id"] == "gait-worker-2", job
    assert job["last_error"] == "The server stopped while analysing this video (attempt 1 of 4)."
    status, report, outputs_dir = procs.db.one(
        "SELECT status, report, outputs_dir FROM gaitlab_gaitanalysis WHERE id = ?", analysis_id
    )
    report = json.loads(report) if isinstance(report, str) else report  # SQLite gives text, PostgreSQL a dict
    assert status == "done" and 170 < report["cadence_spm"] < 200
    folder = procs.root / "data" / "media" / outputs_dir
    assert (folder / "overlay.mp4").exists()
    # the run's own folder of renders, and no other (the killed run's, had it stored any, is gone)
    assert [p.name for p in folder.parent.iterdir() if p.is_dir()] == [folder.name]
    assert procs.db.one("SELECT count(*) FROM jobs_job WHERE kind = 'analyse_gait' AND id >= ?", job_id) == (1,)
    # the next worker to start removed what the killed one left in the temporary folder; its own is empty again
    assert not left_behind.exists()
    assert all(not any(p.iterdir()) for p in (procs.tmp_dir / "stridecare-scratch").iterdir())


def test_sigterm_lets_the_running_job_finish_before_the_worker_exits(procs):
    job_id = procs.ctl("analyse", str(CLIP))["analyse"]["job_id"]
    worker = procs.worker("polite-worker", STRIDECARE_PACE_FRAME_S="0.05", JOB_STOP_GRACE_S="120")
    wait_for("the analysis to start", lambda: running_with_progress(procs, job_id), 90)
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=120) == 0
    job = procs.db.job(job_id)
    assert (job["status"], job["attempts"]) == ("done", 1), procs.log("polite-worker")


def large_export(folder: pathlib.Path) -> pathlib.Path:
    """A Strava-like export of the largest shared files, several times over (48 files, about 60 MB of XML)."""
    path = folder / "export.zip"
    big = [
        "sports-lib__6782987395.tcx",
        "sports-lib__6782987395.gpx",
        "sports-lib__6037744996.gpx",
        "sports-lib__6281425038.tcx",
        "sports-lib__samples-tcx-suunto-spartan.tcx",
        "sports-lib__samples-gpx-amazfit.gpx",
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for copy in range(8):
            for name in big:
                archive.write(DATA / "activities" / name, f"activities/{copy}-{name}")
    return path


def test_a_crisis_email_goes_out_within_5_s_while_a_large_import_runs(procs, tmp_path):
    import_job = procs.ctl("import", str(large_export(tmp_path)))["import"]["job_id"]
    procs.worker("general", "default,urgent")
    procs.worker("urgent", "urgent")
    wait_for("the large import to start", lambda: running_with_progress(procs, import_job), 60)
    import_started = time.monotonic()

    crisis = procs.ctl("crisis")["crisis"]
    sent = wait_for(
        "the crisis email",
        lambda: [p for p in procs.email_dir.iterdir() if "Stridecare urgent" in p.read_text()],
        30,
        every_s=0.05,
    )
    latency_s = sent[0].stat().st_mtime - crisis["created_at"]
    still_importing = procs.db.job(import_job)["status"] == "running"
    print(
        f"\nMEASURED crisis email latency during a large import: {latency_s:.2f} s (import still running: {still_importing}; {procs.vendor})"
    )
    assert still_importing, "the import ended before the email: the test did not overlap them"
    assert latency_s < 5
    assert "priya@riverside.test" in sent[0].read_text()  # the runner's therapist
    wait_for("the large import to finish", lambda: procs.db.job(import_job)["status"] == "done", 300, every_s=0.5)
    print(f"MEASURED the large import ran for {time.monotonic() - import_started:.0f} s")


def test_serve_restarts_a_dead_worker_and_ctrl_c_mid_analysis_loses_nothing(procs):
    port = free_port()
    serve = procs.serve(port, STRIDECARE_PACE_FRAME_S="0.3", JOB_STOP_GRACE_S="1")
    wait_for("the site", lambda: _answers(port), 120, every_s=0.3)
    urgent = wait_for("the urgent worker", lambda: _worker_pid(serve.pid, "db_worker.*:urgent$"), 30)
    os.kill(urgent, signal.SIGKILL)
    replaced = wait_for(
        "the urgent worker to be started again",
        lambda: (_worker_pid(serve.pid, "db_worker.*:urgent$") or urgent) != urgent,
        30,
    )
    assert replaced and serve.poll() is None and _answers(port), procs.log(f"serve-{port}")

    job_id = procs.ctl("analyse", str(CLIP))["analyse"]["job_id"]
    wait_for("the analysis to start", lambda: running_with_progress(procs, job_id, at_least=4), 90)
    serve.send_signal(signal.SIGINT)  # Ctrl-C: the job may finish for 1 s, then goes back on the queue
    assert serve.wait(timeout=60) == 0, procs.log(f"serve-{port}")
    job = procs.db.job(job_id)
    assert (job["status"], job["attempts"], job["progress_percent"]) == ("queued", 0, 0), procs.log(f"serve-{port}")

    again = procs.serve(port)
    wait_for("the analysis to finish after the next start", lambda: procs.db.job(job_id)["status"] == "done", 120)
    assert procs.db.job(job_id)["attempts"] == 1
    again.send_signal(signal.SIGINT)
    assert again.wait(timeout=60) == 0


def _answers(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).status == 200
    except OSError:
        return False


def _worker_pid(parent: int, marker: str) -> int:
    found = subprocess.run(["pgrep", "-P", str(parent), "-f", marker], capture_output=True, text=True).stdout.split()
    return int(found[0]) if found else 0
