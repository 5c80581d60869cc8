"""`stridecare screen ANSWERS.json [--json]` and `stridecare screen --schema` (issue 5 item 6)."""

from __future__ import annotations

import argparse
import json
import pathlib

from stridecare.core.errors import InputError
from stridecare.core.screening import answers_json_schema, load_rules, screen
from stridecare.core.screening.engine import ScreeningResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "screen",
        help="triage a runner's screening answers (red flags, urgency, consistent conditions)",
        description="Evaluate a screening answers file against the red-flag rules and condition list "
        "(REFERENCE.md sections 1 and 2). Decision support, not a diagnosis.",
    )
    parser.add_argument(
        "answers", nargs="?", type=pathlib.Path, help="answers file (JSON object, REFERENCE.md 2.1 fields)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    parser.add_argument("--schema", action="store_true", help="print the JSON Schema of the answers file and exit")
    parser.add_argument("--rules", type=pathlib.Path, default=None, help="folder of rule files (default: built-in)")
    parser.set_defaults(func=run)


def _read_answers(path: pathlib.Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError(f"{path}: no such file") from e
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid JSON ({e})") from e


def _contract(result: ScreeningResult) -> dict[str, object]:
    data = result.to_dict()
    data["red_flags"] = [
        {"id": f.id, "reason": f.reason, "urgency": f.urgency, "name": f.name, "citation": f.citation}
        for f in result.red_flags
    ]
    data["conditions"] = [
        {"code": c.code, "score": c.score, "reasons": list(c.reasons), "name": c.name, "statement": c.statement}
        for c in result.conditions
    ]
    return data


def _summary(result: ScreeningResult) -> str:
    lines = [
        f"Urgency: {result.urgency}" + ("  (needs clinician review)" if result.needs_review else ""),
        result.advice.headline,
        result.advice.where_to_go,
    ]
    if result.advice.crisis:
        lines.insert(1, result.advice.crisis)
    if result.red_flags:
        lines.append("Red flags:")
        lines += [f"  {f.id} {f.name} [{f.urgency}]: {f.reason}" for f in result.red_flags]
    if result.review_reasons:
        lines.append("Why a clinician must review:")
        lines += [f"  - {reason}" for reason in result.review_reasons]
    if result.conditions:
        lines.append("Consistent with (decision support, not a diagnosis):")
        for rank, match in enumerate(result.conditions, start=1):
            lines.append(f"  {rank}. {match.name} ({match.code}), score {match.score}")
            lines += [f"       {reason}" for reason in match.reasons]
    lines.append(f"Rules version {result.rules_version}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    if args.schema:
        print(json.dumps(answers_json_schema(rules), indent=2))
        return 0
    if args.answers is None:
        raise InputError("give an answers file (stridecare screen ANSWERS.json) or --schema")
    answers = _read_answers(args.answers)
    try:
        result = screen(answers, rules)  # type: ignore[arg-type]
    except InputError as e:
        raise InputError(f"{args.answers}: {e}") from e
    print(json.dumps(_contract(result), indent=2) if args.json else _summary(result))
    return 0
