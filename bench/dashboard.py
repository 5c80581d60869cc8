"""Dashboard render time for a runner with ~1,000 runs, against the baseline of recomputing the
weekly totals and findings from every run on each request.

    .venv/bin/python bench/dashboard.py [--runs 1000] [--repeat 20]

Runs on a fresh SQLite database in a temporary folder (nothing of yours is touched)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("STRIDECARE_DATA_DIR", tempfile.mkdtemp(prefix="stridecare-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    settings.DATABASES["default"]["NAME"] = str(Path(os.environ["STRIDECARE_DATA_DIR"]) / "bench.sqlite3")
    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    from stridecare.accounts.models import User
    from stridecare.core.load import compute_findings, weekly_summaries
    from stridecare.training.demo import generate_history
    from stridecare.training.imports import refresh_load, runner_sessions, save_activities

    runner = User.objects.create_user(
        "bench@runner.test", "bench-password-1", full_name="Bench Runner", timezone="Europe/London"
    )
    weeks = args.runs // 3 + 1
    history = generate_history("bench", timezone.localdate(), weeks=weeks)[-args.runs :]
    t0 = time.perf_counter()
    save_activities(runner, history, None)
    refresh_load(runner)
    setup_s = time.perf_counter() - t0
    client = Client()
    client.force_login(runner)

    def timed(fn) -> list[float]:
        out = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            out.append((time.perf_counter() - start) * 1000)
        return out

    def dashboard():
        response = client.get("/training/?weeks=52")
        assert response.status_code == 200

    def recompute_per_request():
        from zoneinfo import ZoneInfo

        sessions = runner_sessions(runner)
        tz = ZoneInfo(runner.timezone)
        weekly_summaries(sessions, tz, today=timezone.localdate())
        compute_findings(sessions, today=timezone.localdate(), tz=tz)

    dashboard()  # warm up templates and caches
    ours = timed(dashboard)
    baseline = timed(recompute_per_request)
    print(f"runs stored: {runner.activities.count()} (saved and summarised in {setup_s:.1f} s)")
    print(
        f"dashboard (precomputed weekly totals and findings): median {statistics.median(ours):.1f} ms, max {max(ours):.1f} ms over {args.repeat}"
    )
    print(
        f"baseline, recomputing weekly totals + findings per request (computation alone): median {statistics.median(baseline):.1f} ms"
    )
    print(f"target < 300 ms: {'met' if statistics.median(ours) < 300 else 'NOT met'}")


if __name__ == "__main__":
    main()
