"""`stridecare import FILES... --runner EMAIL`: store and import watch files into the database,
as the web upload does (each file kept untouched, its activities saved in one transaction), but as
one batch: the files are parsed in worker processes and the training load is refreshed once."""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stridecare.training.imports import FileOutcome


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="import activity files into a runner's record (uses the app's database)"
    )
    parser.add_argument("files", nargs="+", type=pathlib.Path, help=".fit/.gpx/.tcx (also .gz) or a Strava export .zip")
    parser.add_argument("--runner", required=True, help="the runner's email address")
    parser.add_argument("--processes", type=int, default=2, help="worker processes that parse the files (default 2)")
    parser.add_argument(
        "--recover",
        action="store_true",
        help="import what an unfinished FIT file holds (a watch that stopped while recording) instead of refusing it",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stridecare.web.settings")
    import django

    django.setup()
    from stridecare.accounts.models import User
    from stridecare.training import imports

    runner = User.objects.filter(email=args.runner.lower(), role=User.Role.RUNNER).first()
    if runner is None:
        print(f"stridecare import: no runner with the email {args.runner}", file=sys.stderr)
        return 1
    outcomes = imports.import_paths(
        runner, args.files, processes=max(1, args.processes), on_file=_print_outcome, recover=args.recover
    )
    return 1 if any(o.status in ("failed", "refused") for o in outcomes) else 0


def _print_outcome(outcome: FileOutcome) -> None:
    if outcome.status in ("failed", "refused"):
        print(f"{outcome.name}: {outcome.error}", file=sys.stderr)
        return
    print(f"{outcome.name}: {outcome.created} imported, {outcome.duplicates} already there")
    for line in filter(None, outcome.error.split("\n")):
        print(f"  {line}", file=sys.stderr)
