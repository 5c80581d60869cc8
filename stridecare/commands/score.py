"""`stridecare score MEASURE ANSWERS.json [--previous FILE] [--weights FILE] --json`: score one questionnaire."""

from __future__ import annotations

import argparse
import json
import pathlib

from stridecare.core.outcomes.change import compare_scores
from stridecare.core.outcomes.forms import OfficialForm, read_form_file
from stridecare.core.outcomes.measures import MEASURE_IDS, get_measure
from stridecare.core.outcomes.scoring import (
    Answers,
    AnswersError,
    ScoreResult,
    parse_answers,
    score_answers,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score",
        help="score an outcome measure or well-being screener (REFERENCE.md sections 4 and 8.1)",
        description='Score ANSWERS.json ({"items": [...]} in form order, null = missing/N-A; VISA-A adds '
        '"q8": {"branch": "A"|"B"|"C", "band": 0-4}; optional "date" (YYYY-MM-DD), PHQ-9 "difficulty", '
        '"version", "language", "completed_by"; any other key is refused). AKPS items are the chosen options\' '
        "points, each checked against its item's maximum (4.4); --weights checks them against the official form.",
    )
    parser.add_argument("measure", choices=MEASURE_IDS, metavar="MEASURE", help=", ".join(MEASURE_IDS))
    parser.add_argument("answers", type=pathlib.Path, metavar="ANSWERS.json")
    parser.add_argument(
        "--previous",
        type=pathlib.Path,
        metavar="FILE",
        help="earlier answers of the same measure: adds change and meaningful (MCID and MDC, 4.0)",
    )
    parser.add_argument(
        "--weights",
        type=pathlib.Path,
        metavar="FILE",
        help="the clinic's official AKPS form file with the option weights: each answer must then be one of its "
        "options' points (stricter than the default check against the item maxima of 4.4)",
    )
    parser.add_argument(
        "--weeks-between",
        type=float,
        metavar="WEEKS",
        help='weeks between the previous and this answer (VISA-A MCID); else from their "date" fields',
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    form = _read_form(args.measure, args.weights)
    answers = _read_answers(args.measure, args.answers, form)
    result = _score_strict(answers, args.answers.name)
    out = result.to_dict()
    if args.previous is not None:
        previous = _read_answers(args.measure, args.previous, form)
        previous_result = _score_strict(previous, args.previous.name)
        weeks = args.weeks_between
        if weeks is None and answers.completed_on and previous.completed_on:
            weeks = (answers.completed_on - previous.completed_on).days / 7
        if result.score is None or previous_result.score is None:
            out |= {
                "change": None,
                "meaningful": None,
                "previous_score": previous_result.score,
                "change_rule": "no change: one of the two answers is incomplete",
            }
        else:
            out |= compare_scores(args.measure, previous_result.score, result.score, weeks).to_dict()
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key}: {value}")
    return 0


def _read_form(measure: str, path: pathlib.Path | None) -> OfficialForm | None:
    if path is None:
        return None
    if measure != "akps":
        raise AnswersError(path.name, f"--weights is for the AKPS only, not {measure}")
    return read_form_file(path, measure)


def _read_answers(measure: str, path: pathlib.Path, form: OfficialForm | None) -> Answers:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnswersError(path.name, "file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise AnswersError(path.name, f"not a readable JSON file ({e})") from e
    return parse_answers(measure, raw, path.name, form)


def _score_strict(answers: Answers, source: str) -> ScoreResult:
    """Score; a missing item where the measure allows none is an error naming the item (issue 8)."""
    spec = get_measure(answers.measure)
    result = score_answers(answers)
    if result.missing_items and not spec.allows_missing:
        names = ", ".join(_missing_label(spec.item_topics, i) for i in result.missing_items)
        reason = f"missing {names}; {spec.name} allows no missing items (4.0)"
        if result.self_harm:
            reason += (
                "; NOTE item 9 is above 0: self-harm indication, show crisis resources "
                "and alert the clinician now (8.3)"
            )
        raise AnswersError(source, reason, result.missing_items[0])
    return result


def _missing_label(topics: tuple[str, ...], number: int) -> str:
    if number <= len(topics) and topics[number - 1]:
        return f"item {number} ({topics[number - 1]})"
    return f"item {number} (q8)" if number == 8 else f"item {number}"
