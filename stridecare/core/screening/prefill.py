"""Prefill questionnaire answers from data Stridecare already has, and show answers to a therapist.

``prefill_training_changes`` proposes the ``training_changes`` answer (issue 5 item 2: "recent
training changes, prefilled from imported runs") from the runner's imported runs, using the load
signals of REFERENCE.md 5.3 (session spike over the longest run of the previous 30 days, [V:R01])
and 5.2 (weekly distance up more than 30%, [V:R02]). The runner confirms or changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stridecare.core.screening.answers import effective_answers, validate_answers
from stridecare.core.screening.rules import RuleSet, load_rules

SPIKE_FRACTION = 0.10  # 5.3: an increase over 10% of the longest run in 30 days is a spike [V:R01]
WEEKLY_JUMP_FRACTION = 0.30  # 5.2 / LF-03: weekly progression over 30% [V:R02]
LOOKBACK_DAYS = 30  # [H] the weeks before the pain: the same 30-day window as 5.3


@dataclass(frozen=True, slots=True)
class TrainingChange:
    """A proposed ``training_changes`` value with the run data behind it."""

    value: str
    because: str
    evidence: str


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One answer in words, for the therapist who opens an appointment request."""

    name: str
    label: str
    value: str
    section: str
    is_assumed: bool


def _spike(runs: list[tuple[dt.datetime, float]], start: dt.datetime) -> TrainingChange | None:
    for when, distance_m in runs:
        if when < start:
            continue
        window = [d for t, d in runs if when - dt.timedelta(days=30) <= t < when]
        if window and distance_m > (1 + SPIKE_FRACTION) * max(window):
            increase_pct = (distance_m / max(window) - 1) * 100
            return TrainingChange(
                "more_distance",
                f"because your run on {when:%Y-%m-%d} ({distance_m / 1000:.1f} km) was {increase_pct:.0f}% "
                f"longer than your longest run in the 30 days before ({max(window) / 1000:.1f} km)",
                "[V:R01]",
            )
    return None


def _weekly_jump(runs: list[tuple[dt.datetime, float]], pain_start: dt.datetime) -> TrainingChange | None:
    for weeks_back in range(LOOKBACK_DAYS // 7):
        end = pain_start - dt.timedelta(days=7 * weeks_back)
        this_week = sum(d for t, d in runs if end - dt.timedelta(days=7) <= t < end)
        last_week = sum(d for t, d in runs if end - dt.timedelta(days=14) <= t < end - dt.timedelta(days=7))
        if last_week > 0 and this_week > (1 + WEEKLY_JUMP_FRACTION) * last_week:
            return TrainingChange(
                "more_distance",
                f"because in the week to {end:%Y-%m-%d} you ran {this_week / 1000:.1f} km, "
                f"{(this_week / last_week - 1) * 100:.0f}% more than the week before",
                "[V:R02]",
            )
    return None


def prefill_training_changes(
    runs: Sequence[tuple[dt.datetime, float]], pain_start: dt.datetime
) -> list[TrainingChange]:
    """Propose ``training_changes`` from runs given as (start time, distance_m) pairs.

    Looks at the 30 days before ``pain_start``: a run more than 10% longer than the longest run of
    its previous 30 days (5.3, [V:R01]) or a week with more than 30% more distance than the week
    before (5.2, [V:R02]) proposes ``more_distance``. Returns an empty list when neither happened.
    """
    if any(distance_m < 0 for _, distance_m in runs):
        raise ValueError("run distances must not be negative")
    ordered = sorted((t, d) for t, d in runs if t < pain_start)
    found = _spike(ordered, pain_start - dt.timedelta(days=LOOKBACK_DAYS)) or _weekly_jump(ordered, pain_start)
    return [found] if found else []


def _value_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v).replace("_", " ") for v in value) or "none"
    return str(value).replace("_", " ")


def answer_lines(answers: Mapping[str, object], rules: RuleSet | None = None) -> list[AnswerLine]:
    """The runner's answers in questionnaire order, in words, plus answers implied by them.

    Unanswered fields are left out; the engine's ``not_assessed`` list says what they block.
    """
    rules = rules or load_rules()
    validate_answers(answers, rules)
    _, assumed = effective_answers(answers, rules)
    topics = {q.id: q.topic for q in rules.questions}
    order = [q.id for q in rules.questions] + [n for n in rules.inputs if n not in topics]
    lines = [
        AnswerLine(
            name,
            topics.get(name, rules.inputs[name].description),
            _value_text(answers[name]),
            rules.inputs[name].section,
            False,
        )
        for name in order
        if answers.get(name) is not None
    ]
    lines += [
        AnswerLine(
            a.name,
            topics.get(a.name, rules.inputs[a.name].description),
            f"{_value_text(a.value)} (assumed: {a.why})",
            rules.inputs[a.name].section,
            True,
        )
        for a in assumed
    ]
    return lines
