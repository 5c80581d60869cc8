"""The deployment of docs/deploy.md in miniature: two web processes and two background workers on one
database (PostgreSQL in CI's second run, SQLite in the first). Runners upload through both web
processes, through the real login form and upload endpoint; every file is imported exactly once, by
whichever worker took it, and a file sent through both is one run.

Marked `processes`: it starts real gunicorn and `db_worker` processes."""

from __future__ import annotations

import http.cookiejar
import json
import pathlib
import re
import sys
import urllib.parse
import urllib.request
import uuid

import pytest

from tests.conftest import PASSWORD
from tests.jobs.processes.harness import Processes, free_port, wait_for

pytestmark = pytest.mark.processes

ACTIVITIES = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data" / "activities"
# different runs (MANIFEST.md), so each must appear exactly once
FILES = [
    "sports-lib__2067489619.fit",
    "sports-lib__6782987395.fit",
    "sports-lib__6914538454.fit",
    "sports-lib__6916663933.fit",
    "fitparse__garmin-fenix-5-run.fit",
    "sports-lib__1681613317.gpx",
]


class Browser:
    """A person's cookie jar against one web process: logs in through the form, uploads like the page."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def login(self, email: str) -> None:
        page = self.opener.open(f"{self.base}/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": email, "password": PASSWORD}).encode()
        request = urllib.request.Request(f"{self.base}/login/", data=body, headers={"Referer": f"{self.base}/login/"})
        landed = self.opener.open(request, timeout=30)
        assert not landed.geturl().endswith("/login/"), "login through the form failed"

    def upload(self, path: pathlib.Path) -> dict:
        self.opener.open(f"{self.base}/runs/upload/", timeout=30).read()  # the page sets the CSRF cookie
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{path.name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + path.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-CSRFToken": self.csrf(),
            "Referer": f"{self.base}/runs/upload/",
        }
        request = urllib.request.Request(f"{self.base}/runs/upload/", data=body, headers=headers)
        return json.loads(self.opener.open(request, timeout=60).read())


@pytest.fixture
def procs(tmp_path):
    procs = Processes(tmp_path)
    try:
        procs.ctl("setup")
        yield procs
    finally:
        procs.close()


def _web(procs: Processes, port: int):
    argv = [sys.executable, "-m", "gunicorn", "stridecare.web.wsgi", "--bind", f"127.0.0.1:{port}"]
    return procs.start([*argv, "--workers", "1", "--worker-class", "sync"], f"web-{port}")


def _answers(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2).status == 200
    except OSError:
        return False


def test_two_web_processes_and_two_workers_import_every_upload_exactly_once(procs):
    ports = [free_port(), free_port()]
    for port in ports:
        _web(procs, port)
    for port in ports:
        wait_for(f"the web process on {port}", lambda port=port: _answers(port), 120, every_s=0.3)
    procs.worker("machine-a:general")
    procs.worker("machine-b:general")

    sam, jo = Browser(ports[0]), Browser(ports[1])
    sam.login("sam@runner.test")
    jo.login("sam@runner.test")  # the same runner on their phone, reaching the other web process
    sent = [(sam if i % 2 == 0 else jo).upload(ACTIVITIES / name) for i, name in enumerate(FILES)]
    sent.append(jo.upload(ACTIVITIES / FILES[0]))  # the same file again, through the other process
    ids = [s["file_id"] for s in sent]
    assert len(set(ids)) == len(FILES) + 1

    def all_final():
        rows = procs.db.rows(f"SELECT status FROM training_activityfile WHERE id IN ({','.join('?' * len(ids))})", *ids)
        return len(rows) == len(ids) and all(status in ("imported", "duplicate", "failed") for (status,) in rows)

    wait_for("every upload to be read", all_final, 240, every_s=0.5)
    statuses = dict(
        procs.db.rows(f"SELECT id, status FROM training_activityfile WHERE id IN ({','.join('?' * len(ids))})", *ids)
    )
    assert [statuses[i] for i in ids[:-1]] == ["imported"] * len(FILES), statuses
    assert statuses[ids[-1]] == "duplicate", statuses
    # one run per different file, none twice
    per_file = dict(procs.db.rows("SELECT source_id, count(*) FROM training_activity GROUP BY source_id"))
    assert sorted(per_file) == sorted(ids[:-1]) and set(per_file.values()) == {1}, per_file
    assert procs.db.one("SELECT count(*) FROM training_activity") == (len(FILES),)
    # each import job ran once, and finished
    jobs = procs.db.rows(
        "SELECT j.status, j.attempts, j.worker_id FROM jobs_job j JOIN training_activityfile f ON f.job_id = j.id"
    )
    assert sorted(status for status, _, _ in jobs) == ["done"] * len(ids), jobs
    assert {attempts for _, attempts, _ in jobs} == {1}, jobs
    print(f"\nMEASURED imports per worker: {sorted({w: sum(1 for *_, x in jobs if x == w) for *_, w in jobs}.items())}")
