"""Screening: red-flag triage and condition ranking from a runner's answers (REFERENCE.md 1, 2).

Public entry points::

    load_rules(path=None) -> RuleSet            # validated, versioned rule files
    screen(answers, rules=None) -> ScreeningResult
    next_questions(answers, rules=None) -> list[Question]
    answers_json_schema(rules=None) -> dict     # JSON Schema draft 2020-12
    validate_answers(answers, rules=None)       # InputError naming the field
    list_rules(rules=None) -> list[dict]        # for the therapists' rule page
    answer_lines(answers, rules=None) -> list[AnswerLine]   # answers in words for the therapist
    prefill_training_changes(runs, pain_start) -> list[TrainingChange]
"""

from stridecare.core.screening.answers import answers_json_schema, validate_answers
from stridecare.core.screening.engine import (
    ConditionMatch,
    NotAssessed,
    RedFlag,
    ScreeningResult,
    assess_balance,
    screen,
)
from stridecare.core.screening.prefill import AnswerLine, TrainingChange, answer_lines, prefill_training_changes
from stridecare.core.screening.questionnaire import all_questions, body_map_regions, next_questions
from stridecare.core.screening.rules import URGENCIES, BodyMapRegion, Question, RuleSet, list_rules, load_rules

__all__ = [
    "URGENCIES",
    "AnswerLine",
    "BodyMapRegion",
    "TrainingChange",
    "answer_lines",
    "prefill_training_changes",
    "ConditionMatch",
    "NotAssessed",
    "Question",
    "RedFlag",
    "RuleSet",
    "ScreeningResult",
    "all_questions",
    "answers_json_schema",
    "assess_balance",
    "body_map_regions",
    "list_rules",
    "load_rules",
    "next_questions",
    "screen",
    "validate_answers",
]
