"""Web pages in the shipped server, as history grows: req/s, p50/p95 latency and server CPU per request.

    .venv/bin/python bench/web.py [--runs 1000 10000] [--seconds 8] [--connections 20] [--postgres URL]

For each database (SQLite; PostgreSQL too with --postgres or DATABASE_URL) and each history size, it
seeds a fresh database in a temporary folder: a clinic of 200 runners, one of whom ("bench") has
--runs runs with their chart samples and load findings. It then starts `stridecare serve` (the
shipped server, as `make run` does), logs in through the real login form and drives each page with
--connections keep-alive connections for --seconds: `wrk` when it is installed, else the built-in
generator below (threads in two processes, http.client keep-alive). Server CPU per request is read
from the web worker processes' own /proc counters, so the load generator's CPU does not count.

Baselines measured in the same run:
- "test client": the same page rendered in-process by Django's test client, no server, CPU ms a request;
- "gthread 2x4": the former `serve` configuration (2 gthread workers x 4 threads), same database.
Nothing of yours is touched; the temporary folders and databases are removed at the end."""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password-2026"
RUNNER_PAGES = {"home": "/", "run list": "/runs/", "dashboard 52 w": "/training/?weeks=52"}
CLINIC_RUNNERS = 200
TICKS = os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- children (run with Django set up)


def _django():
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def seed(runs: int) -> dict:
    _django()
    import datetime as dt

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from stridecare.accounts.models import Clinic, User
    from stridecare.training.demo import generate_history
    from stridecare.training.imports import refresh_load, save_activities

    call_command("migrate", verbosity=0, interactive=False)
    clinic = Clinic.objects.create(name="Bench Clinic", slug="bench", timezone="Europe/London")
    therapist = User.objects.create_user(
        "therapist@bench.test", PASSWORD, full_name="Bench Therapist", clinic=clinic, role="staff", is_therapist=True
    )
    today = timezone.localdate()
    started = time.perf_counter()
    with transaction.atomic():
        others = [
            User(
                email=f"runner{i}@bench.test",
                full_name=f"Runner {i}",
                clinic=clinic,
                role="runner",
                timezone="Europe/London",
                primary_therapist=therapist,
            )
            for i in range(CLINIC_RUNNERS - 1)
        ]
        User.objects.bulk_create(others)
    for i, other in enumerate(User.objects.filter(email__startswith="runner")):  # a few weeks each
        save_activities(other, generate_history(f"r{i}", today, weeks=4), None)
        refresh_load(other)
    runner = User.objects.create_user(
        "bench@bench.test", PASSWORD, full_name="Bench Runner", clinic=clinic, timezone="Europe/London"
    )
    runner.primary_therapist = therapist
    runner.save()
    history = generate_history("bench", today, weeks=runs // 3 + 2)[-runs:]
    if len(history) < runs:  # the generator's weeks hold fewer runs than asked: add days before them
        raise SystemExit(f"the demo generator made {len(history)} runs, not {runs}")
    for start in range(0, runs, 500):
        save_activities(runner, history[start : start + 500], None)
    refresh_load(runner)
    from stridecare.training.models import Activity

    return {
        "runs": Activity.objects.filter(runner=runner).count(),
        "clinic_runners": User.objects.filter(clinic=clinic, role="runner").count(),
        "seed_s": round(time.perf_counter() - started, 1),
        "first_run": str(min(a.start_utc for a in history).date()),
        "today": str(today - dt.timedelta(days=0)),
    }


def test_client_baseline(repeat: int) -> dict:
    """CPU ms a request for each page rendered by Django's test client in this process (no server)."""
    _django()
    from django.conf import settings
    from django.test import Client

    from stridecare.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(email="bench@bench.test"))
    out = {}
    for name, url in RUNNER_PAGES.items():
        assert client.get(url).status_code == 200, url
        cpu = []
        for _ in range(repeat):
            t0 = time.process_time()
            client.get(url)
            cpu.append((time.process_time() - t0) * 1000)
        out[name] = round(statistics.median(cpu), 2)
    return out


# ---------------------------------------------------------------- the server and the load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=3)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server on port {port} did not answer within {timeout_s:.0f} s")


def login(port: int, email: str) -> str:
    """Log in through the form; returns the Cookie header of the session."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login/")
    page = conn.getresponse()
    body = page.read().decode()
    cookies = {m.group(1): m.group(2) for m in re.finditer(r"([^=;\s]+)=([^;]*)", page.getheader("Set-Cookie", ""))}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": email, "password": PASSWORD})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookies['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/login/",
    }
    conn.request("POST", "/login/", form, headers)
    answer = conn.getresponse()
    answer.read()
    session = re.search(r"sessionid=([^;]+)", answer.getheader("Set-Cookie", "") or "")
    if answer.status != 302 or not session:
        raise SystemExit(f"login of {email} through the form failed (HTTP {answer.status})")
    return f"sessionid={session.group(1)}"


def _client_process(port, path, cookie, threads, seconds, queue) -> None:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def loop() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < stop_at:
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
                mine.append(time.perf_counter() - t0)
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        with lock:
            latencies.extend(mine)

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put((latencies, errors[0]))


def drive(port: int, path: str, cookie: str, connections: int, seconds: float) -> dict:
    """req/s and latency percentiles for one page; wrk when installed."""
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "-H",
                f"Cookie: {cookie}",
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        total = int(re.search(r"(\d+) requests in", out).group(1))

        def ms(label: str) -> float:
            value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()
            return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

        return {
            "requests": total,
            "rps": rps,
            "p50_ms": ms("50"),
            "p95_ms": ms("90"),
            "errors": 0,
            "generator": "wrk (p95 column is wrk's p90)",
        }
    queue: multiprocessing.Queue = multiprocessing.Queue()
    procs = [
        multiprocessing.Process(target=_client_process, args=(port, path, cookie, connections // 2, seconds, queue))
        for _ in range(2)
    ]
    started = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - started
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    if not latencies:
        raise SystemExit(f"no request to {path} succeeded")
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": errors,
        "generator": "built-in (2 processes, http.client keep-alive)",
    }


def _descendants(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    out = []
    for child in map(int, found):
        out += [child, *_descendants(child)]
    return out


def web_worker_pids(root: int) -> list[int]:
    """gunicorn's worker processes under `root` (the serve launcher or gunicorn's master itself)."""
    pids = [root, *_descendants(root)]
    masters = [p for p in pids if "gunicorn" in _cmdline(p) and "gunicorn" not in _cmdline(_parent(p))]
    return [p for m in masters for p in _descendants(m)]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:
        return 0


def cpu_s(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / TICKS


def measure_server(argv: list[str], env: dict, port: int, args, pages: dict[str, str]) -> dict:
    proc = subprocess.Popen(
        argv, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        wait_http(port)
        cookie = login(port, "bench@bench.test")
        out = {}
        for name, path in pages.items():
            drive(port, path, cookie, args.connections, 1.0)  # warm every worker
            pids = web_worker_pids(proc.pid)
            before = cpu_s(pids)
            result = drive(port, path, cookie, args.connections, args.seconds)
            result["cpu_ms"] = (cpu_s(pids) - before) * 1000 / result["requests"]
            result["workers"] = len(pids)
            out[name] = result
        return out
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def one_database(vendor: str, runs: int, args, postgres_url: str) -> dict:
    folder = Path(tempfile.mkdtemp(prefix=f"stridecare-bench-web-{vendor}-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="stridecare.web.settings",
        STRIDECARE_DATA_DIR=str(folder),
        SECRET_KEY="bench-" + "x" * 50,
        PYTHONPATH=str(REPO),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
    )
    db_name = f"stridecare_bench_web_{runs}"
    if vendor == "postgresql":
        parts = urllib.parse.urlsplit(postgres_url)
        admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        _psql(admin, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)', f'CREATE DATABASE "{db_name}"')
        env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{db_name}"))
    try:
        me = [sys.executable, str(Path(__file__).resolve())]
        seeded = json.loads(
            subprocess.run([*me, "_seed", str(runs)], env=env, check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        baseline = json.loads(
            subprocess.run([*me, "_baseline", str(args.repeat)], env=env, check=True, capture_output=True, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        port = free_port()
        shipped = measure_server(
            [sys.executable, "-m", "stridecare.cli", "serve", "--no-demo", "--port", str(port)],
            env,
            port,
            args,
            RUNNER_PAGES,
        )
        former = {}
        if not args.no_gthread:
            port = free_port()
            former = measure_server(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "stridecare.web.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--threads",
                    "4",
                ],
                env,
                port,
                args,
                RUNNER_PAGES,
            )
        return {"seeded": seeded, "test_client_cpu_ms": baseline, "serve": shipped, "gthread_2x4": former}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if vendor == "postgresql":
            _psql(admin, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def _psql(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def report(vendor: str, runs: int, result: dict) -> None:
    seeded = result["seeded"]
    print(
        f"\n== {vendor}, {seeded['runs']} runs (clinic of {seeded['clinic_runners']} runners; "
        f"seeded in {seeded['seed_s']} s) =="
    )
    print(
        f"{'page':<16} {'server':<12} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms/req':>10} "
        f"{'test client CPU ms':>18} {'errors':>6}"
    )
    for name in RUNNER_PAGES:
        for label, key in (("serve", "serve"), ("gthread 2x4", "gthread_2x4")):
            row = result[key].get(name)
            if not row:
                continue
            print(
                f"{name:<16} {label:<12} {row['rps']:>7.1f} {row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} "
                f"{row['cpu_ms']:>10.1f} {result['test_client_cpu_ms'][name]:>18.1f} {row['errors']:>6}"
            )
    print(
        f"(load: {next(iter(result['serve'].values()))['generator']}; web workers of serve: "
        f"{next(iter(result['serve'].values()))['workers']})"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_seed":
        print(json.dumps(seed(int(sys.argv[2]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_baseline":
        print(json.dumps(test_client_baseline(int(sys.argv[2]))))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=30, help="test-client requests per page")
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--no-gthread", action="store_true", help="skip the former gthread configuration")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    vendors = ["sqlite"] + (["postgresql"] if args.postgres.startswith("postgres") else [])
    results = {}
    for vendor in vendors:
        for runs in args.runs:
            result = one_database(vendor, runs, args, args.postgres)
            results[f"{vendor}:{runs}"] = result
            report(vendor, runs, result)
    if len(args.runs) > 1:
        small, large = min(args.runs), max(args.runs)
        print(f"\n{large} runs against {small} (serve CPU ms per request; target within +20 %):")
        for vendor in vendors:
            for name in RUNNER_PAGES:
                a = results[f"{vendor}:{small}"]["serve"][name]["cpu_ms"]
                b = results[f"{vendor}:{large}"]["serve"][name]["cpu_ms"]
                print(f"  {vendor:<10} {name:<16} {a:6.1f} -> {b:6.1f} ms ({(b / a - 1) * 100:+.0f} %)")
    if args.json:
        print(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
