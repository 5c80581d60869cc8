"""`stridecare models fetch`: download or install the pose models (integrity-checked; module named for
the pose models, so "models" here is never mistaken for the ORM models or the core dataclasses)."""

from __future__ import annotations

import argparse
import pathlib

from stridecare.core.gait.pose_models import default_model_dir, fetch_models, install_from_file


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("models", help="install the pose models used by gait analysis")
    actions = parser.add_subparsers(dest="models_action", metavar="ACTION", required=True)
    fetch = actions.add_parser(
        "fetch", help="download @mediapipe/pose 0.5.1675469404 from npm (or install --from a tarball)"
    )
    fetch.add_argument(
        "--from", dest="from_file", type=pathlib.Path, help="a pose-0.5.1675469404.tgz already downloaded"
    )
    fetch.add_argument(
        "--dir", dest="directory", type=pathlib.Path, help=f"cache folder (default {default_model_dir()})"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.from_file is not None:
        installed = install_from_file(args.from_file, args.directory)
    else:
        installed = fetch_models(args.directory)
    print(
        f"pose models installed in {installed.directory} (integrity verified; licence notice: {installed.license_path.name})"
    )
    return 0
