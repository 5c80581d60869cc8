"""`stridecare backup FILE.zip` / `stridecare restore FILE.zip`: the database (SQLite or PostgreSQL)
and every stored file together, from one consistent view; restore into an empty data folder."""

from __future__ import annotations

import argparse
import os
import pathlib


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("backup", help="write the database and every stored file to one ZIP")
    parser.add_argument("file", type=pathlib.Path)
    parser.set_defaults(func=run_backup)
    parser = subparsers.add_parser("restore", help="restore a backup ZIP into an empty data folder")
    parser.add_argument("file", type=pathlib.Path)
    parser.set_defaults(func=run_restore)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stridecare.web.settings")
    import django

    django.setup()


def run_backup(args: argparse.Namespace) -> int:
    _setup()
    from stridecare.mydata.backup import backup

    manifest = backup(args.file)
    print(
        f"{args.file}: {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files ({manifest['database']})"
    )
    return 0


def run_restore(args: argparse.Namespace) -> int:
    _setup()
    from stridecare.mydata.backup import restore

    manifest = restore(args.file)
    print(f"{args.file}: restored {sum(manifest['rows'].values())} rows and {len(manifest['files'])} files")
    return 0
