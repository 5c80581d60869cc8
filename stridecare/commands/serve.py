"""`stridecare serve`: the web app and its background worker (needs the Django parts installed)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("serve", help="start the web app and the background worker")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--no-demo", action="store_true", help="do not create the demo clinic")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from stridecare.web.serve import main

    return main(host=args.host, port=args.port, demo=not args.no_demo)
