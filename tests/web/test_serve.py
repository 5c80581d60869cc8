"""`stridecare serve` (what `make run` starts): web server and workers together; Ctrl-C stops them all.
(A dead worker started again and Ctrl-C during a job: tests/jobs/test_worker_processes.py.)"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_web_and_workers_and_ctrl_c_stops_them_all(tmp_path):
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "STRIDECARE_TESTING", "DATABASE_URL"}
    }
    env["STRIDECARE_DATA_DIR"] = str(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "stridecare.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        body = ""
        deadline = time.monotonic() + 180  # migrations, static files and the demo seed first; slow on a busy machine
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/clinics/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Riverside Running Clinic" in body
        children = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 3  # gunicorn, the worker of every queue and the urgent queue's own
        commands = [open(f"/proc/{pid}/cmdline").read().split("\0") for pid in children]
        web = next(c for c in commands if "gunicorn" in " ".join(c))
        assert web[web.index("--worker-class") + 1] == "sync"
        assert web[web.index("--workers") + 1] == str(max(2, len(os.sched_getaffinity(0))))
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
        time.sleep(0.5)
        alive = [
            pid
            for pid in children
            if os.path.exists(f"/proc/{pid}") and "zombie" not in open(f"/proc/{pid}/status").read().lower()
        ]
        assert alive == []
        assert (tmp_path / "stridecare.sqlite3").exists() and (tmp_path / "secret_key").exists()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_serve_starts_one_sync_web_worker_per_core_unless_configured():
    import pytest

    from stridecare.web.serve import web_workers

    cores = len(os.sched_getaffinity(0))
    assert web_workers({}) == max(2, cores)
    assert web_workers({"STRIDECARE_WEB_WORKERS": "5"}) == 5
    for bad in ("0", "-1", "two"):
        with pytest.raises(SystemExit, match="STRIDECARE_WEB_WORKERS must be a whole number"):
            web_workers({"STRIDECARE_WEB_WORKERS": bad})
