"""`stridecare load FILES... [--json]`: read activity files, weekly totals and load findings.

Contract (issue 3, item 7): ``--json`` prints one object with ``activities``, ``weeks``,
``findings`` and ``errors``; the exit code is 0 when every file was read, 1 when any failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from stridecare.core.errors import InputError
from stridecare.core.io import read_paths
from stridecare.core.load import LoadSettings, compute_findings, session_from_activity, weekly_summaries
from stridecare.core.models import Activity, is_same_activity

DYNAMICS = (
    "avg_power_w",
    "avg_gct_ms",
    "avg_gct_balance_left_pct",
    "avg_vertical_oscillation_cm",
    "avg_vertical_ratio_pct",
    "avg_step_length_m",
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "load",
        help="read .fit/.gpx/.tcx(.gz)/.zip files: weekly totals and training-load findings",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="activity files or zip exports")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--tz", help="runner's IANA time zone for weeks (default: each file's own offset, else UTC)")
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, help="date to evaluate at, YYYY-MM-DD (default: the last run's date)"
    )
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="worker processes (default 2)")
    parser.add_argument(
        "--recover",
        action="store_true",
        help="read what an unfinished FIT file holds (a watch that stopped while recording) instead of refusing it",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    tz = _zone(args.tz)
    results = read_paths(args.files, processes=args.jobs, recover=args.recover)
    activities: list[dict[str, Any]] = []
    kept: list[Activity] = []
    errors: list[dict[str, object]] = []
    for path, result in zip(args.files, results, strict=True):
        errors += [
            {
                "file": e.filename,
                "error": e.reason,
                **(
                    {"recoverable_records": e.recoverable_records, "hint": "run again with --recover"}
                    if e.recoverable_records
                    else {}
                ),
            }
            for e in result.errors
        ]
        for a in result.activities:
            twin = next((k for k in kept if is_same_activity(k, a)), None)
            activities.append(_activity_json(a, path, twin))
            if twin is None:
                kept.append(a)
    sessions = [session_from_activity(a) for a in kept]
    runs = [s for s in sessions if s.is_running]
    today = args.today or (max(s.local_date(tz) for s in runs) if runs else dt.date.today())
    weeks = weekly_summaries(sessions, tz, until=today, today=today) if runs else []
    findings = compute_findings(sessions, today=today, tz=tz, settings=LoadSettings())
    out = {
        "activities": activities,
        "weeks": [
            {
                "week_start": w.week_start.isoformat(),
                "distance_m": w.distance_m,
                "duration_s": w.duration_s,
                "runs": w.runs,
                "longest_run_m": w.longest_run_m,
                "long_run_share": w.long_run_share,
                "change_pct": w.change_pct,
            }
            for w in weeks
        ],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity,
                "date": f.date.isoformat(),
                "message": f.message,
                "source": f.source,
                "therapist_note": f.therapist_note,
                "evidence": f.evidence,
            }
            for f in findings
        ],
        "errors": errors,
    }
    if args.json:
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_tables(out)
    return 1 if errors else 0


def _zone(name: str | None) -> ZoneInfo | None:
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as e:
        raise InputError(f"unknown time zone {name!r} (use an IANA name such as Europe/Copenhagen)") from e


def _activity_json(a: Activity, path: str, twin: Activity | None) -> dict[str, Any]:
    row: dict[str, Any] = {
        "file": a.source_file,
        "sport": a.sport,
        "start": a.start_local.isoformat(),
        "distance_m": _round(a.distance_m, 2),
        "moving_time_s": _round(a.moving_time_s, 3),
        "elapsed_time_s": _round(a.elapsed_time_s, 3),
        "avg_hr_bpm": _round(a.avg_hr_bpm, 1),
        "avg_cadence_spm": _round(a.avg_cadence_spm, 1),
        "elevation_gain_m": _round(a.elevation_gain_m, 1),
    }
    row |= {k: _round(getattr(a, k), 3) for k in DYNAMICS}
    row |= {
        "utc_offset_s": a.utc_offset_s,
        "device": a.device,
        "sources": dict(a.sources),
        "fingerprint": a.fingerprint,
        "duplicate_of": twin.source_file if twin else None,
        "warnings": list(a.warnings),
    }
    return row


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(float(value), digits)


def _print_tables(out: dict[str, Any]) -> None:
    print(f"{'file':40} {'sport':9} {'start':25} {'km':>7} {'moving':>8} {'HR':>4} {'spm':>4}")
    for a in out["activities"]:
        km = "" if a["distance_m"] is None else f"{a['distance_m'] / 1000:.2f}"
        moving = str(dt.timedelta(seconds=round(a["moving_time_s"])))
        hr = "" if a["avg_hr_bpm"] is None else f"{a['avg_hr_bpm']:.0f}"
        spm = "" if a["avg_cadence_spm"] is None else f"{a['avg_cadence_spm']:.0f}"
        dup = f"  (same as {a['duplicate_of']})" if a["duplicate_of"] else ""
        print(f"{a['file'][-40:]:40} {a['sport'][:9]:9} {a['start'][:25]:25} {km:>7} {moving:>8} {hr:>4} {spm:>4}{dup}")
    print(f"\n{'week':10} {'km':>7} {'hours':>6} {'runs':>4} {'change':>7}")
    for w in out["weeks"]:
        change = "" if w["change_pct"] is None else f"{w['change_pct']:+.0f}%"
        print(
            f"{w['week_start']:10} {w['distance_m'] / 1000:7.1f} {w['duration_s'] / 3600:6.1f} {w['runs']:4d} {change:>7}"
        )
    if out["findings"]:
        print("\nfindings:")
    for f in out["findings"]:
        print(f"  [{f['severity']}] {f['date']} {f['code']}: {f['message']}\n      source: {f['source']}")
    if out["errors"]:
        print("\nerrors:")
    for e in out["errors"]:
        print(f"  {e['file']}: {e['error']}" + (" (run again with --recover)" if e.get("recoverable_records") else ""))
