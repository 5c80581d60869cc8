"""`stridecare plan HISTORY_FILES... --goal 21.1km [--date 2027-04-11] [--days 4] [--json]`: a training plan.

Builds a week-by-week plan from the runs in the files (REFERENCE.md 5.3 planning guard on every run,
7.3 weekly band, recovery weeks and a taper as clinic defaults). Exit 0 with the plan; exit 1 with a
clear message on stderr when the goal is not safe (the JSON then carries the safer alternatives), when
there was no run in the 30 days before the start, or when a file could not be read.

JSON contract (``--json``), one object:

    status        "ok" | "unsafe" | "paused" | "needs_start"
    message       one sentence for the runner
    source        the reference sections behind the verdict
    goal          {distance_m, date (YYYY-MM-DD or null), days_per_week, long_run_weekday (0 = Monday),
                   target_weekly_m (or null)}
    start_date    first day of the plan
    weeks         [{week_start, type ("build" | "recovery" | "hold" | "reduce" | "taper" | "race" | "goal"
                   | "locked"), planned_m, total_m (planned plus already run that week), change_pct (over
                   the week before, null when it had no running), reason, source, locked, rest_days [dates],
                   runs [{date, type ("easy" | "long" | "strides" | "workout" | "race" | "goal"),
                   distance_m, reason, source, locked, steps [{kind ("warmup" | "run" | "interval" |
                   "recovery" | "cooldown"), label, distance_m, duration_s, repeat}]}]}]
    alternatives  [{type ("later_date" | "shorter_race"), distance_m, date, message}] (when unsafe)
    issues        rule breaks in therapist-set weeks (always [] from the command line)
    errors        [{file, error}] files that could not be read

``--fit-dir DIR`` also writes one FIT workout file per planned run (YYYY-MM-DD-TYPE.fit).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

from stridecare.core.errors import InputError
from stridecare.core.io import read_paths
from stridecare.core.load import LoadSession, session_from_activity
from stridecare.core.models import Activity, is_same_activity
from stridecare.core.plan import Goal, Plan, StartingPoint, generate_plan
from stridecare.core.plan.fitworkout import planned_run_fit

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
NAMED_DISTANCES_M = {"5k": 5000.0, "10k": 10000.0, "half": 21097.5, "marathon": 42195.0}


def parse_distance_m(text: str) -> float:
    """``21.1km``, ``10k``, ``5000m``, ``13.1mi``, ``half`` or ``marathon`` in metres."""
    t = text.strip().lower().replace(" ", "")
    if t in NAMED_DISTANCES_M:
        return NAMED_DISTANCES_M[t]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(km|k|m|mi)", t)
    if not m:
        raise InputError(f"goal distance {text!r}: write it like 21.1km, 10k, 5000m, 13.1mi, half or marathon")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"km": 1000.0, "k": 1000.0, "m": 1.0, "mi": 1609.344}[unit]


def _weekday(text: str) -> int:
    t = text.strip().lower()[:3]
    if t not in WEEKDAYS:
        raise argparse.ArgumentTypeError(f"long-run day {text!r}: use mon, tue, wed, thu, fri, sat or sun")
    return WEEKDAYS.index(t)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "plan",
        help="a week-by-week training plan from your runs that never prescribes a spike",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", metavar="HISTORY_FILE", help="activity files or zip exports of your runs")
    p.add_argument("--goal", required=True, help="goal distance: 21.1km, 10k, 5000m, 13.1mi, half, marathon")
    p.add_argument("--date", type=dt.date.fromisoformat, help="race date YYYY-MM-DD (none: build up to the distance)")
    p.add_argument("--days", type=int, default=3, help="running days per week, 2-7 (default 3)")
    p.add_argument("--long-day", type=_weekday, default=6, help="day of the long run: mon..sun (default sun)")
    p.add_argument("--weekly-km", type=float, help="weekly distance to build towards (optional)")
    p.add_argument("--start", type=dt.date.fromisoformat, help="first day of the plan, YYYY-MM-DD (default today)")
    p.add_argument("--usual-week-km", type=float, help="with no recent runs: your usual weekly distance")
    p.add_argument("--usual-longest-km", type=float, help="with no recent runs: your usual longest run")
    p.add_argument("--fit-dir", type=Path, help="also write each planned run as a FIT workout file here")
    p.add_argument("--json", action="store_true", help="print one JSON object (the contract above)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    goal = Goal(
        parse_distance_m(args.goal),
        args.date,
        args.days,
        args.long_day,
        args.weekly_km * 1000 if args.weekly_km else None,
    )
    stated = None
    if args.usual_week_km is not None or args.usual_longest_km is not None:
        if args.usual_week_km is None or args.usual_longest_km is None:
            raise InputError("give both --usual-week-km and --usual-longest-km")
        stated = StartingPoint(args.usual_week_km * 1000, args.usual_longest_km * 1000)
    errors, sessions = _history(args.files)
    plan = generate_plan(goal, sessions, args.start or dt.date.today(), stated=stated)
    out = plan.to_dict() | {"errors": errors}
    if args.fit_dir and plan.is_safe:
        args.fit_dir.mkdir(parents=True, exist_ok=True)
        for r in plan.runs:
            (args.fit_dir / f"{r.on.isoformat()}-{r.kind}.fit").write_bytes(planned_run_fit(r))
    if args.json:
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print(plan)
    for e in errors:
        print(f"stridecare plan: {e['file']}: {e['error']}", file=sys.stderr)
    if not plan.is_safe:
        print(f"stridecare plan: {plan.message}", file=sys.stderr)
    return 0 if plan.is_safe and not errors else 1


def _history(files: list[str]) -> tuple[list[dict[str, Any]], list[LoadSession]]:
    errors: list[dict[str, Any]] = []
    kept: list[Activity] = []
    for result in read_paths(files, processes=1) if files else []:
        errors += [{"file": e.filename, "error": e.reason} for e in result.errors]
        for a in result.activities:
            if not any(is_same_activity(k, a) for k in kept):
                kept.append(a)
    return errors, [session_from_activity(a) for a in kept]


def _print(plan: Plan) -> None:
    print(plan.message)
    for w in plan.weeks:
        change = "" if w.change_pct is None else f" ({w.change_pct:+.0f}%)"
        print(f"\n{w.week_start:%d %b %Y}  {w.words}: {w.total_m / 1000:.1f} km{change}. {w.reason}")
        for r in w.runs:
            print(f"  {r.on:%a %d %b}  {r.words:22} {r.distance_m / 1000:5.1f} km  {r.reason}")
    for a in plan.alternatives:
        print(f"  safer: {a.message}")
