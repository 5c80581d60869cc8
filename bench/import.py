"""Import benchmark (issue 3): a ~1,000-run history built from the shared running files.

Prints, in one run: the parser libraries' raw decode time for all files on one core (fitdecode
frame iteration for FIT, gpxpy for GPX, ElementTree for TCX), Stridecare's full import time on its
real product path, their ratio, and peak memory.

The full import is what ``stridecare import`` does, on a fresh SQLite database built by the
migrations (Django with ``tests.settings`` and a temporary ``STRIDECARE_DATA_DIR``): each file is
stored untouched (``imports.store_path``), parsed in worker processes with its chart samples
packed (``imports.parse_stored_files``), saved with the duplicate check in one transaction per file
(``imports.save_parsed_file``), then the weekly totals, ratio and findings are refreshed once
(``imports.refresh_load``).

    .venv/bin/python bench/import.py [--runs N] [--processes 2]

The history repeats the shared files in a fixed order; each copy's activity is moved in memory to
its own date (one run about every 1.1 days) between parsing and saving, the one step the product
does not do, so that the duplicate check keeps all of them and the load engine sees a realistic
multi-year history.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import pathlib
import resource
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import fitdecode
import gpxpy

DATA = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "activities"
# Running recordings that read cleanly (MANIFEST.md), small and large, from five makers and three formats.
RUN_FILES = [
    "fitdecode__developer-types-sample.fit",
    "fitparse__2013-02-06-12-11-14.fit",
    "fitparse__activity-small-fenix2-run.fit",
    "fitparse__garmin-fenix-5-run.fit",
    "sports-lib__2067489619.fit",
    "sports-lib__6782987395.fit",
    "sports-lib__6909950168.fit",
    "sports-lib__6909950168-no-pause-records.fit",
    "sports-lib__6914538454.fit",
    "sports-lib__6916663933.fit",
    "sports-lib__1681613317.gpx",
    "sports-lib__2067489619.gpx",
    "sports-lib__samples-gpx-amazfit.gpx",
    "sports-lib__samples-tcx-suunto-spartan.tcx",
    "sports-lib__6281425038.tcx",
]
T0 = dt.datetime(2022, 1, 3, tzinfo=dt.UTC)


def history(n_runs: int) -> list[tuple[str, dt.datetime]]:
    """(file, new start) for each run of the synthetic history."""
    return [
        (str(DATA / RUN_FILES[i % len(RUN_FILES)]), T0 + dt.timedelta(days=round(i * 1.1), hours=7))
        for i in range(n_runs)
    ]


def raw_decode(path: str) -> None:
    """What the parser library alone does with the file (the baseline)."""
    if path.endswith(".fit"):
        with fitdecode.FitReader(path) as reader:
            for _ in reader:
                pass
    elif path.endswith(".gpx"):
        gpxpy.parse(pathlib.Path(path).read_text(encoding="utf-8"))
    else:
        ET.fromstring(pathlib.Path(path).read_bytes().lstrip())


def setup_django(data_dir: str) -> None:
    """A fresh database in ``data_dir``, built by the migrations, as a new installation has."""
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["STRIDECARE_DATA_DIR"] = data_dir
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def full_import(jobs: list[tuple[str, dt.datetime]], processes: int) -> tuple[int, int, int, int]:
    """Stridecare's import of the history for one runner; returns (files, activities, weeks, findings)."""
    from stridecare.accounts.models import User
    from stridecare.training import imports
    from stridecare.training.models import Activity, LoadFinding, WeekTotal

    runner = User.objects.create_user("bench@runner.test", "bench-password", full_name="Bench Runner", role="runner")
    stored = [imports.store_path(runner, path) for path, _ in jobs]
    start_of = {item.pk: start for item, (_, start) in zip(stored, jobs, strict=True)}
    for item, parsed in imports.parse_stored_files(stored, processes):
        if parsed.errors:
            raise SystemExit(f"benchmark file failed: {parsed.errors[0]}")
        shift = start_of[item.pk] - parsed.activities[0].start_utc
        moved = tuple(dataclasses.replace(a, start_utc=a.start_utc + shift) for a in parsed.activities)
        outcome = imports.save_parsed_file(item, dataclasses.replace(parsed, activities=moved))
        if outcome.status != "imported":
            raise SystemExit(f"benchmark file not imported: {outcome}")
    imports.refresh_load(runner)
    return (
        len(stored),
        Activity.objects.filter(runner=runner).count(),
        WeekTotal.objects.filter(runner=runner).count(),
        LoadFinding.objects.filter(runner=runner).count(),
    )


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1000, help="runs in the history (default 1000)")
    parser.add_argument("--processes", type=int, default=2, help="worker processes for the import (default 2)")
    args = parser.parse_args()
    jobs = history(args.runs)
    total_mb = sum(pathlib.Path(p).stat().st_size for p, _ in jobs) / 1e6
    print(f"history: {args.runs} runs from {len(RUN_FILES)} shared files, {total_mb:.1f} MB")

    t, cpu = time.perf_counter(), time.process_time()
    for path, _ in jobs:
        raw_decode(path)
    raw_s, raw_cpu = time.perf_counter() - t, time.process_time() - cpu
    print(
        f"raw decode, 1 core (fitdecode / gpxpy / ElementTree): {raw_s:7.2f} s  ({total_mb / raw_s:.2f} MB/s, "
        f"{raw_cpu:.2f} CPU s)"
    )

    with tempfile.TemporaryDirectory(prefix="stridecare-bench-") as data_dir:
        setup_django(data_dir)
        t, children, cpu = time.perf_counter(), _children_cpu_s(), time.process_time()
        n_files, n_act, n_weeks, n_findings = full_import(jobs, args.processes)
        full_s, worker_cpu = time.perf_counter() - t, _children_cpu_s() - children
        parent_cpu = time.process_time() - cpu
    print(
        f"stridecare full import, {args.processes} worker processes:  {full_s:7.2f} s  ({total_mb / full_s:.2f} MB/s; "
        f"{worker_cpu:.2f} CPU s in the workers, {parent_cpu:.2f} CPU s storing in the main process)"
    )
    print(
        f"  stored {n_files} files untouched, {n_act} activities with samples in SQLite, {n_weeks} weeks, "
        f"{n_findings} findings"
    )
    print(f"ratio full import / raw single-core decode:        {full_s / raw_s:7.2f}  (target <= 1.00)")
    print(
        f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
        "(other processes competing for the cores inflate the parallel phase)"
    )
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"peak memory (max RSS): main process {parent_mb:.0f} MB, largest worker {worker_mb:.0f} MB (target < 500 MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
