"""Red flags at the weekly check-in (REFERENCE.md 2.3 rule 1: "Evaluate red flags on every screening
submission and every weekly check-in, before any program content").

A check-in cannot ask the whole screening, so it asks the red-flag questions that need no body
region and can change from one week to the next, in the screening's own words (questions.yaml),
and evaluates them with the same engine and rules. The region of the runner's latest screening, if
any, is carried so that region rules (for example RF-01 with night pain in the groin) still apply.
"""

from __future__ import annotations

from collections.abc import Collection

from stridecare.core.screening import screen
from stridecare.core.screening.engine import ScreeningResult
from stridecare.core.screening.rules import RuleSet, load_rules

NONE = "none"
# (choice, engine input, the value that choice means). "cannot_walk" is weight_bearing_ok == false.
ITEMS: tuple[tuple[str, str, bool], ...] = (
    ("night_pain", "night_pain", True),
    ("cannot_walk", "weight_bearing_ok", False),
    ("saddle_numbness", "saddle_numbness", True),
    ("bladder_bowel_change", "bladder_bowel_change", True),
    ("calf_swelling_unilateral", "calf_swelling_unilateral", True),
    ("exertional_chest_pain", "exertional_chest_pain", True),
    ("exercise_syncope", "exercise_syncope", True),
    ("joint_hot_swollen", "joint_hot_swollen", True),
    ("fever", "fever", True),
)
CANNOT_WALK_LABEL = "Are you unable to take 4 steps on your own without help?"


def choices(rules: RuleSet | None = None) -> list[tuple[str, str]]:
    """(value, label) for the check-in form: the screening's question for each input, then "none"."""
    topics = {q.id: q.topic for q in (rules or load_rules()).questions}
    out = [(choice, CANNOT_WALK_LABEL if choice == "cannot_walk" else topics[source]) for choice, source, _ in ITEMS]
    return [*out, (NONE, "None of these")]


def answers_for(selected: Collection[str], region: str | None = None) -> dict[str, object]:
    """Engine answers from the ticked items: ticked -> the item's value, not ticked -> its opposite
    (the runner answered the block: "none of these" or some of them)."""
    answers: dict[str, object] = {
        source: (value if choice in selected else not value) for choice, source, value in ITEMS
    }
    if region:
        answers["region"] = region
    return answers


def evaluate(
    selected: Collection[str], region: str | None = None, rules: RuleSet | None = None
) -> tuple[dict[str, object], ScreeningResult | None]:
    """The answers and, when a red-flag rule fires, the screening result; None when none fires (the
    engine's "answers missing" fail-safe does not apply here: the check-in asks only these)."""
    answers = answers_for(selected, region)
    result = screen(answers, rules)
    return answers, (result if result.red_flags else None)
