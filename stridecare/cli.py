"""`stridecare ...`: the command line over the same core the web app uses."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from stridecare import __version__, commands
from stridecare.core.errors import StridecareError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stridecare", description=__doc__)
    parser.add_argument("--version", action="version", version=f"stridecare {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except StridecareError as err:
        print(f"stridecare {args.command}: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
