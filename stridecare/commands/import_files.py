"""`stridecare import FILES... --runner EMAIL`: store and import watch files into the database,
as the web upload does (each file kept untouched, its activities saved in one transaction)."""

from __future__ import annotations

import argparse
import os
import pathlib
import sys


def register(subparsers) -> None:
    parser = subparsers.add_parser("import", help="import activity files into a runner's record (uses the app's database)")
    parser.add_argument("files", nargs="+", type=pathlib.Path, help=".fit/.gpx/.tcx (also .gz) or a Strava export .zip")
    parser.add_argument("--runner", required=True, help="the runner's email address")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stridecare.web.settings")
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stridecare.accounts.models import User
    from stridecare.jobs.runner import PermanentJobError
    from stridecare.training import imports

    runner = User.objects.filter(email=args.runner.lower(), role=User.Role.RUNNER).first()
    if runner is None:
        print(f"stridecare import: no runner with the email {args.runner}", file=sys.stderr)
        return 1
    failed = 0
    for path in args.files:
        try:
            upload = SimpleUploadedFile(path.name, path.read_bytes())
            stored = imports.store_upload(runner, upload, queue=False)
            result = imports.import_stored_file(stored)
            print(f"{path.name}: {result['created']} imported, {result['duplicates']} already there")
            for error in result["errors"]:
                print(f"  {error}", file=sys.stderr)
        except (OSError, imports.UploadError, PermanentJobError) as err:
            failed += 1
            print(f"{path.name}: {getattr(err, 'strerror', None) or err}", file=sys.stderr)
    return 1 if failed else 0
