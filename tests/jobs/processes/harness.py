"""A database of their own for real worker processes, the processes themselves, and polling."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = pathlib.Path(__file__).resolve().parents[3]
SETTINGS = "tests.jobs.processes.settings"


def wait_for(what: str, check: Callable[[], Any], timeout_s: float, every_s: float = 0.1) -> Any:
    """Poll until ``check()`` returns something true; fail with ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        time.sleep(every_s)


class Database:
    """Raw SQL on the processes' database: the test process reads what the workers wrote."""

    def __init__(self, sqlite_path: pathlib.Path | None = None, postgres_url: str = "") -> None:
        self.sqlite_path, self.postgres_url = sqlite_path, postgres_url

    def rows(self, sql: str, *params: Any) -> list[tuple]:
        if self.sqlite_path is not None:
            with closing(sqlite3.connect(self.sqlite_path, timeout=20)) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.postgres_url, autocommit=True) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()

    def one(self, sql: str, *params: Any) -> tuple:
        rows = self.rows(sql, *params)
        assert len(rows) == 1, rows
        return rows[0]

    def job(self, job_id: int) -> dict:
        names = ("status", "attempts", "progress_percent", "last_error", "worker_id")
        return dict(zip(names, self.one(f"SELECT {', '.join(names)} FROM jobs_job WHERE id = ?", job_id), strict=True))


class Processes:
    """One data folder and database; starts workers and `serve` on it and stops them at the end."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        self.email_dir = root / "emails"
        self.email_dir.mkdir(parents=True)
        self.tmp_dir = root / "tmp"  # the processes' temporary folder (TMPDIR), to see what they leave there
        self.tmp_dir.mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIDECARE_PACE_", "JOB_"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE=SETTINGS,
            STRIDECARE_DATA_DIR=str(root / "data"),
            STRIDECARE_TEST_EMAIL_DIR=str(self.email_dir),
            PYTHONPATH=str(REPO),
            PYTHONUNBUFFERED="1",
            TMPDIR=str(self.tmp_dir),
        )
        self.started: list[subprocess.Popen] = []
        self.pg_admin_url = ""
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith("postgres"):
            parts = urlsplit(url)
            checkout = hashlib.sha1(str(REPO).encode()).hexdigest()[:8]  # checkouts side by side on one server
            self.pg_name = f"{parts.path.lstrip('/') or 'stridecare'}_processes_{checkout}"
            self.pg_admin_url = urlunsplit(parts._replace(path="/postgres"))
            self._postgres(
                f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)', f'CREATE DATABASE "{self.pg_name}"'
            )
            self.env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{self.pg_name}"))
            self.db = Database(postgres_url=self.env["DATABASE_URL"])
        else:
            self.env.pop("DATABASE_URL", None)
            self.db = Database(sqlite_path=root / "data" / "stridecare.sqlite3")

    @property
    def vendor(self) -> str:
        return "postgresql" if self.pg_admin_url else "sqlite"

    def _postgres(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def ctl(self, *args: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "tests.jobs.processes.ctl", *args],
            env=self.env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self, argv: list[str], name: str, **env: str) -> subprocess.Popen:
        log = (self.root / f"{name}.log").open("a")
        proc = subprocess.Popen(
            argv, env={**self.env, **env}, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append(proc)
        return proc

    def worker(self, worker_id: str, queues: str = "default,urgent", **env: str) -> subprocess.Popen:
        return self.start(
            [
                sys.executable,
                "-m",
                "django",
                "db_worker",
                "--queue-name",
                queues,
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
                "--worker-id",
                worker_id,
            ],
            worker_id,
            **env,
        )

    def serve(self, port: int, **env: str) -> subprocess.Popen:
        return self.start(
            [sys.executable, "-m", "stridecare.cli", "serve", "--port", str(port), "--no-demo"], f"serve-{port}", **env
        )

    def log(self, name: str) -> str:
        path = self.root / f"{name}.log"
        return path.read_text()[-4000:] if path.exists() else ""

    def stop_all(self) -> None:
        """Kill every process started so far (a test's workers must not take the next test's jobs)."""
        for proc in self.started:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        self.started.clear()

    def close(self) -> None:
        self.stop_all()
        if self.pg_admin_url:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
