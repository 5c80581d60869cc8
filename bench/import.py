"""Import benchmark (issue 3): a ~1,000-run history built from the shared running files.

Prints, in one run: the parser libraries' raw decode time for all files on one core (fitdecode
frame iteration for FIT, gpxpy for GPX, ElementTree for TCX), Stridecare's full import time
(parse + summarise in a 2-process pool, then store the summaries and weekly aggregates in SQLite
and compute the load findings), their ratio, and peak memory.

    .venv/bin/python bench/import.py [--runs N] [--processes 2]

The history repeats the shared files in a fixed order; each copy is shifted in memory to its own
date (one run about every 1.1 days), so the load engine sees a realistic multi-year history.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import pathlib
import resource
import sqlite3
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor

import fitdecode
import gpxpy

from stridecare.core.io import read_batch
from stridecare.core.load import compute_findings, session_from_activity, weekly_summaries
from stridecare.core.models import Activity

DATA = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "activities"
# Running recordings that read cleanly (MANIFEST.md), small and large, from five makers and three formats.
RUN_FILES = [
    "fitdecode__developer-types-sample.fit", "fitparse__2013-02-06-12-11-14.fit",
    "fitparse__activity-small-fenix2-run.fit", "fitparse__garmin-fenix-5-run.fit", "sports-lib__2067489619.fit",
    "sports-lib__6782987395.fit", "sports-lib__6909950168.fit", "sports-lib__6909950168-no-pause-records.fit",
    "sports-lib__6914538454.fit", "sports-lib__6916663933.fit", "sports-lib__1681613317.gpx",
    "sports-lib__2067489619.gpx", "sports-lib__samples-gpx-amazfit.gpx", "sports-lib__samples-tcx-suunto-spartan.tcx",
    "sports-lib__6281425038.tcx",
]
T0 = dt.datetime(2022, 1, 3, tzinfo=dt.UTC)


def history(n_runs: int) -> list[tuple[str, dt.datetime]]:
    """(file, new start) for each run of the synthetic history."""
    return [(str(DATA / RUN_FILES[i % len(RUN_FILES)]), T0 + dt.timedelta(days=round(i * 1.1), hours=7)) for i in range(n_runs)]


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


def import_one(job: tuple[str, dt.datetime]) -> list[Activity]:
    """Parse and summarise one file; keep the summary (samples would go to their own store)."""
    path, start = job
    result = read_batch(path)
    if result.errors:
        raise SystemExit(f"benchmark file failed: {result.errors[0]}")
    return [dataclasses.replace(a, samples=None, start_utc=start) for a in result.activities]


def store(db_path: str, activities: list[Activity]) -> tuple[int, int, int]:
    """Write activities and weekly aggregates in one transaction; compute the findings."""
    sessions = [session_from_activity(a, ref=str(i)) for i, a in enumerate(activities)]
    last_day = max(s.local_date(None) for s in sessions)
    weeks = weekly_summaries(sessions, until=last_day, today=last_day)
    findings = compute_findings(sessions, today=last_day)
    con = sqlite3.connect(db_path)
    with con:
        con.execute("create table activity (id integer primary key, file text, sport text, start_utc text, "
                    "distance_m real, moving_time_s real, elapsed_time_s real, avg_hr_bpm real, "
                    "avg_cadence_spm real, fingerprint text)")
        con.execute("create table week (week_start text primary key, distance_m real, duration_s real, runs integer)")
        con.execute("create table finding (code text, severity text, date text, message text, source text)")
        con.executemany("insert into activity values (?,?,?,?,?,?,?,?,?,?)", [
            (i, a.source_file, a.sport, a.start_utc.isoformat(), a.distance_m, a.moving_time_s, a.elapsed_time_s,
             a.avg_hr_bpm, a.avg_cadence_spm, f"{a.fingerprint}#{i}") for i, a in enumerate(activities)])
        con.executemany("insert into week values (?,?,?,?)",
                        [(w.week_start.isoformat(), w.distance_m, w.duration_s, w.runs) for w in weeks])
        con.executemany("insert into finding values (?,?,?,?,?)",
                        [(f.code, f.severity, f.date.isoformat(), f.message, f.source) for f in findings])
    con.close()
    return len(activities), len(weeks), len(findings)


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
    print(f"raw decode, 1 core (fitdecode / gpxpy / ElementTree): {raw_s:7.2f} s  ({total_mb / raw_s:.2f} MB/s, "
          f"{raw_cpu:.2f} CPU s)")

    t, children = time.perf_counter(), _children_cpu_s()
    with ProcessPoolExecutor(max_workers=args.processes) as pool:
        parsed = [a for batch in pool.map(import_one, jobs, chunksize=8) for a in batch]
    parse_s, worker_cpu = time.perf_counter() - t, _children_cpu_s() - children
    with tempfile.TemporaryDirectory() as tmp:
        t2 = time.perf_counter()
        n_act, n_weeks, n_findings = store(str(pathlib.Path(tmp) / "bench.sqlite3"), parsed)
        store_s = time.perf_counter() - t2
    full_s = time.perf_counter() - t
    print(f"stridecare parse + summarise, {args.processes} processes: {parse_s:7.2f} s  ({worker_cpu:.2f} CPU s in the "
          f"workers: {worker_cpu / raw_cpu:.2f} x the raw decode's CPU time)")
    print(f"store in SQLite + weekly aggregates + findings:     {store_s:7.2f} s  "
          f"({n_act} activities, {n_weeks} weeks, {n_findings} findings)")
    print(f"stridecare full import:                            {full_s:7.2f} s  ({total_mb / full_s:.2f} MB/s)")
    print(f"ratio full import / raw single-core decode:        {full_s / raw_s:7.2f}  (target <= 1.00)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(other processes competing for the cores inflate the parallel phase)")
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (max RSS): main process {parent_mb:.0f} MB, largest worker {worker_mb:.0f} MB (target < 500 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
