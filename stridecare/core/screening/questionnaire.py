"""The adaptive self-screening questionnaire (issue 5 item 2; vocabulary of REFERENCE.md 2.1).

The questions live in ``data/questions.yaml``. ``next_questions(answers)`` returns the ones that
still matter given the answers so far: unanswered, not implied by another answer, and whose
``shown_when`` condition holds (for example night-pain questions only once pain is located, hip
questions only when the body map includes the hip or groin).
"""

from __future__ import annotations

from collections.abc import Mapping

from stridecare.core.screening import expressions as ex
from stridecare.core.screening.answers import effective_answers, validate_answers
from stridecare.core.screening.engine import evaluate_red_flags
from stridecare.core.screening.rules import BodyMapRegion, Question, RuleSet, load_rules


def next_questions(answers: Mapping[str, object], rules: RuleSet | None = None) -> list[Question]:
    """Questions still to ask, in questionnaire order, given the answers so far.

    A question is offered when its answer is unknown (and not implied by another answer) and its
    ``shown_when`` condition is true; an undecided condition (it hangs on an unanswered question)
    waits until that question is answered. ``fired(RF-nn)`` in a condition reads the red flags.
    """
    rules = rules or load_rules()
    validate_answers(answers, rules)
    values, _ = effective_answers(answers, rules)
    outcomes = evaluate_red_flags(values, rules)
    fired = {o.rule.id: {"fired": True, "not_fired": False, "not_assessed": None}[o.state] for o in outcomes}
    pending = []
    for question in rules.questions:
        answered = (
            values.get("region") is not None if question.id == "body_map" else values.get(question.id) is not None
        )
        if not answered and ex.evaluate(question.expr, values, fired) is True:
            pending.append(question)
    return pending


def all_questions(rules: RuleSet | None = None) -> list[Question]:
    """Every question of the questionnaire in order (for forms that render them all at once)."""
    return list((rules or load_rules()).questions)


def body_map_regions(rules: RuleSet | None = None) -> list[BodyMapRegion]:
    """Clickable body-map regions, front and back, left and right, each mapped to a 2.1 region."""
    return list((rules or load_rules()).body_map)
