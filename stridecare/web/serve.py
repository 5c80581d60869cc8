"""Start the web server and the background workers side by side (`make run`, `stridecare serve`).

Two workers: one for every queue and one of its own for the urgent queue (crisis and red-flag
emails), so a long import or analysis never delays those. A worker that dies is started again
(after 1, 2, 4 ... up to 60 s when it keeps dying at once) while the site keeps serving; the web
server dying stops everything. Ctrl-C stops the web server at once and lets each worker finish its
current job (up to JOB_STOP_GRACE_S); a second Ctrl-C puts that job back on the queue for the next
start. Production deployments run the commands themselves (README "Running in production")."""

from __future__ import annotations

import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

# (name, queues): the first serves both queues (urgent tasks first), the second only the urgent one.
WORKERS = (("general", "default,urgent"), ("urgent", "urgent"))
RESTART_MAX_S = 60.0


def web_workers(env: dict[str, str]) -> int:
    """Web processes: STRIDECARE_WEB_WORKERS, else one per core (at least two, so that an upload in
    flight never holds up the page that shows its progress). Sync workers: pages are CPU-bound, and
    threaded workers both cost more CPU per request and let keep-alive connections pile onto one
    process while another core idles (README "Tuning the web server")."""
    configured = env.get("STRIDECARE_WEB_WORKERS", "").strip()
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise SystemExit(f"STRIDECARE_WEB_WORKERS must be a whole number of at least 1, not {configured!r}")
        return int(configured)
    return max(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 2)


def _secret_key(data_dir: Path) -> str:
    """Local zero-setup runs keep a generated key in the data folder; deployments set SECRET_KEY."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _die_with_parent() -> None:
    """In the child: get SIGTERM (a graceful stop) should this launcher be killed (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG


def _start(argv: list[str], env: dict[str, str]) -> subprocess.Popen:
    # A session of its own: Ctrl-C in the terminal reaches this launcher only, which then stops
    # each child once (a worker that got the terminal's SIGINT and then ours would abort its job).
    return subprocess.Popen(argv, env=env, start_new_session=True, preexec_fn=_die_with_parent)


def _say(message: str) -> None:
    print(f"stridecare serve: {message}", file=sys.stderr, flush=True)


@dataclass
class Worker:
    name: str
    argv: list[str]
    proc: subprocess.Popen | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float = field(default=0.0)

    def start(self, env: dict[str, str]) -> subprocess.Popen:
        self.proc, self.started_at = _start(self.argv, env), time.monotonic()
        return self.proc

    def check(self, env: dict[str, str]) -> None:
        """Start it again if it died, after a back-off that grows while it keeps dying at once."""
        now = time.monotonic()
        if self.proc is not None and self.proc.poll() is not None:
            ran_s = now - self.started_at
            self.quick_deaths = self.quick_deaths + 1 if ran_s < RESTART_MAX_S else 1
            delay = min(RESTART_MAX_S, 2.0 ** (self.quick_deaths - 1))
            _say(
                f"the {self.name} worker stopped (exit code {self.proc.returncode}) after {ran_s:.0f} s; "
                f"starting it again in {delay:.0f} s (its job, if any, is taken up again)"
            )
            self.proc, self.restart_at = None, now + delay
        if self.proc is None and now >= self.restart_at:
            proc = self.start(env)
            _say(f"the {self.name} worker started again (pid {proc.pid})")


def main(host: str = "127.0.0.1", port: int = 8000, demo: bool = True) -> int:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "stridecare.web.settings")
    data_dir = Path(env.get("STRIDECARE_DATA_DIR", Path.cwd() / "data")).resolve()
    env["STRIDECARE_DATA_DIR"] = str(data_dir)
    env.setdefault("SECRET_KEY", _secret_key(data_dir))
    env.setdefault("SITE_URL", f"http://{host}:{port}")
    grace_s = int(env.get("JOB_STOP_GRACE_S", "30"))
    django = [sys.executable, "-m", "django"]
    subprocess.run([*django, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([*django, "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    if demo:
        subprocess.run([*django, "seed_demo"], env=env, check=True)
    web = _start(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "stridecare.web.wsgi",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(web_workers(env)),
            "--worker-class",
            "sync",
            "--timeout",
            env.get("STRIDECARE_WEB_TIMEOUT_S", "120"),
            "--access-logfile",
            "-",
            # Paths and referers with their calendar, status, invitation and reset tokens redacted.
            "--logger-class",
            "stridecare.web.accesslog.RedactingGunicornLogger",
        ],
        env,
    )
    # A stable id per worker: a worker started again takes back at once the job its previous life held.
    host_id = socket.gethostname()
    workers = [
        Worker(
            name,
            [
                *django,
                "db_worker",
                "--queue-name",
                queues,
                "--interval",
                "1",
                "--no-reload",
                "--worker-id",
                f"{host_id}:{port}:{name}"[:64],
            ],
        )
        for name, queues in WORKERS
    ]
    for worker in workers:
        worker.start(env)
    print(f"Stridecare is running on http://{host}:{port}/ (Ctrl-C stops the server and the workers)", flush=True)

    stops: list[int] = []

    def stop(signum: int, _frame: object) -> None:
        stops.append(signum)
        if len(stops) == 1:
            _say(
                f"stopping; each worker may finish its current job (up to {grace_s} s). Ctrl-C again to put the jobs back and stop now."
            )
            if web.poll() is None:
                web.terminate()
        else:
            _say("stopping now; a job that was running goes back on the queue for the next start")
        for worker in workers:  # the second signal makes a worker put its job back
            if worker.proc is not None and worker.proc.poll() is None:
                worker.proc.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    web_died = False
    try:
        while not stops:
            if web.poll() is not None:
                web_died = True
                _say(f"the web server stopped (exit code {web.returncode}); stopping the workers")
                break
            for worker in workers:
                worker.check(env)
            time.sleep(0.5)
    finally:
        if not stops:
            stop(signal.SIGTERM, None)
        _wait(web, 15)
        deadline = time.monotonic() + grace_s + 15
        for worker in workers:
            if worker.proc is not None:
                _wait(worker.proc, max(1.0, deadline - time.monotonic()))
    # The web server dying on its own is an error; Ctrl-C is a normal stop.
    return 1 if web_died else 0


def _wait(proc: subprocess.Popen, timeout_s: float) -> None:
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _say(f"pid {proc.pid} did not stop in {timeout_s:.0f} s; killing it")
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    sys.exit(main())
