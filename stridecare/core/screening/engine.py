"""The screening engine: red flags first, then the conditions the answers are consistent with.

Evaluation follows REFERENCE.md v1.1 section 2.3 and 0.2: every red-flag rule is evaluated, the
highest urgency wins, every fired rule is recorded; unknown answers never count as negative, a rule
they leave undecided is listed as "not assessed", and missing or contradictory answers fail safe to
"needs clinician review". Conditions are phrased as "consistent with ...", never as a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Literal

from stridecare.core.screening import expressions as ex
from stridecare.core.screening.answers import AssumedAnswer, effective_answers, validate_answers
from stridecare.core.screening.rules import (
    URGENCIES,
    Condition,
    RedFlagRule,
    RuleSet,
    Urgency,
    load_rules,
    urgency_rank,
)

RuleState = Literal["fired", "not_fired", "not_assessed"]


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """How one red-flag rule came out. ``undecided_urgency`` is the highest urgency still hanging
    on unknown answers (a trigger or escalation that could not be evaluated), else None."""

    rule: RedFlagRule
    state: RuleState
    urgency: Urgency | None
    reasons: tuple[str, ...]
    actions: tuple[str, ...]
    unknown_inputs: tuple[str, ...]
    undecided_urgency: Urgency | None


@dataclass(frozen=True, slots=True)
class RedFlag:
    id: str
    name: str
    urgency: Urgency
    reason: str
    evidence: str
    citation: str
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NotAssessed:
    id: str
    name: str
    missing_inputs: tuple[str, ...]
    could_reach: Urgency


@dataclass(frozen=True, slots=True)
class ConditionMatch:
    code: str
    name: str
    score: int
    statement: str
    reasons: tuple[str, ...]
    against: tuple[str, ...]
    section: str
    evidence: str


@dataclass(frozen=True, slots=True)
class BalanceSide:
    side: Literal["left", "right"]
    eyes_open_s: float | None
    eyes_closed_s: float | None
    meets_eyes_open_target: bool | None


@dataclass(frozen=True, slots=True)
class BalanceResult:
    """Single-leg balance self-test against the only norm the reference gives (7.1 RTR-07)."""

    sides: tuple[BalanceSide, ...]
    eyes_open_target_s: float
    evidence: str
    note: str


@dataclass(frozen=True, slots=True)
class Advice:
    headline: str
    where_to_go: str
    steps: tuple[str, ...]
    review: str | None
    crisis: str | None
    decision_support_note: str


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    urgency: Urgency
    needs_review: bool
    review_reasons: tuple[str, ...]
    red_flags: tuple[RedFlag, ...]
    conditions: tuple[ConditionMatch, ...]
    not_assessed: tuple[NotAssessed, ...]
    actions: tuple[str, ...]
    advice: Advice
    assumed_answers: tuple[AssumedAnswer, ...]
    balance: BalanceResult | None
    rules_version: str

    @property
    def is_running_stopped(self) -> bool:
        """Running is suspended for emergency/same-day results or a stop_running action (2.3 rule 2)."""
        return urgency_rank(self.urgency) >= urgency_rank("same_day") or "stop_running" in self.actions

    @property
    def is_acknowledgement_required(self) -> bool:
        """Emergency/same-day results: the runner must acknowledge reading them, and only a
        clinician can clear them (2.3 rules 2 and 4)."""
        return urgency_rank(self.urgency) >= urgency_rank("same_day")

    @property
    def is_region_exercise_suspended(self) -> bool:
        """Any fired red flag suspends exercise for the region until a clinician clears it (0.2.2)."""
        return bool(self.red_flags)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form (the CLI contract of issue 5 item 6, plus the details)."""
        data = asdict(self)
        data["red_flags"] = [asdict(f) for f in self.red_flags]
        data["is_running_stopped"] = self.is_running_stopped
        data["is_region_exercise_suspended"] = self.is_region_exercise_suspended
        data["is_acknowledgement_required"] = self.is_acknowledgement_required
        return {key: _jsonable(value) for key, value in data.items()}


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(value)
    return value


def _highest(levels: list[Urgency]) -> Urgency | None:
    if not levels:
        return None
    return max(levels, key=urgency_rank)


def _fired_urgency(outcome: RuleOutcome) -> Urgency:
    """A fired rule's urgency: a trigger that fired always sets one."""
    if outcome.urgency is None:
        raise ValueError(f"{outcome.rule.id} fired without an urgency")
    return outcome.urgency


def evaluate_rule(
    rule: RedFlagRule,
    answers: Mapping[str, object],
    fired: Mapping[str, ex.Tri],
    fired_unknowns: Mapping[str, frozenset[str]],
) -> RuleOutcome:
    """Evaluate one red-flag rule's triggers and escalations with three-valued logic (2.3)."""
    results: list[bool | None] = []
    levels: list[Urgency] = []
    undecided: list[Urgency] = []
    reasons: list[str] = []
    actions: list[str] = []
    unknown: set[str] = set()
    for trigger in rule.triggers:
        result = ex.evaluate(trigger.expr, answers, fired)
        results.append(result)
        if result is None:
            undecided.append(_highest([trigger.urgency, *(e.urgency for e in trigger.escalations)]) or trigger.urgency)
            unknown |= ex.unknown_names(trigger.expr, answers, fired, fired_unknowns)
            continue
        if not result:
            continue
        levels.append(trigger.urgency)
        reasons.append(trigger.reason)
        actions += [a for a in trigger.actions if a not in actions]
        for escalation in trigger.escalations:
            escalated = ex.evaluate(escalation.expr, answers, fired)
            if escalated:
                levels.append(escalation.urgency)
                reasons.append(escalation.reason)
            elif escalated is None:
                undecided.append(escalation.urgency)
                unknown |= ex.unknown_names(escalation.expr, answers, fired, fired_unknowns)
    state: RuleState = "fired" if True in results else "not_assessed" if None in results else "not_fired"
    return RuleOutcome(
        rule, state, _highest(levels), tuple(reasons), tuple(actions), tuple(sorted(unknown)), _highest(undecided)
    )


def evaluate_red_flags(answers: Mapping[str, object], rules: RuleSet) -> tuple[RuleOutcome, ...]:
    """Evaluate every red-flag rule in file order (so ``fired(RF-nn)`` sees earlier rules)."""
    fired: dict[str, ex.Tri] = {}
    fired_unknowns: dict[str, frozenset[str]] = {}
    outcomes = []
    for rule in rules.red_flags:
        outcome = evaluate_rule(rule, answers, fired, fired_unknowns)
        fired[rule.id] = {"fired": True, "not_fired": False, "not_assessed": None}[outcome.state]
        fired_unknowns[rule.id] = frozenset(outcome.unknown_inputs)
        outcomes.append(outcome)
    return tuple(outcomes)


def _review_reasons(
    answers: Mapping[str, object], outcomes: tuple[RuleOutcome, ...], reached: Urgency, rules: RuleSet
) -> list[str]:
    reasons = [
        f"'{name}' is not answered: the screening cannot be checked without it"
        for name in rules.minimum_inputs
        if answers.get(name) is None
    ]
    reasons += [f"{c.id}: {c.message}" for c in rules.consistency_checks if ex.evaluate(c.expr, answers) is True]
    for outcome in outcomes:
        if outcome.undecided_urgency is None or urgency_rank(outcome.undecided_urgency) <= urgency_rank(reached):
            continue
        # Clinician findings and system inputs are normally unknown in self-screening (2.1) and
        # are listed as "not assessed" without forcing review; a runner's unanswered question is not.
        runner_unknowns = [n for n in outcome.unknown_inputs if rules.inputs[n].source == "runner"]
        if runner_unknowns:
            reasons.append(
                f"{outcome.rule.id} ({outcome.rule.name}) could reach {outcome.undecided_urgency} "
                f"but is not assessed: unanswered {', '.join(runner_unknowns)}"
            )
    return reasons


def rank_conditions(answers: Mapping[str, object], rules: RuleSet) -> tuple[ConditionMatch, ...]:
    """Rank the conditions of the painful regions' rows of the differential map (1.12).

    Score = region points (first-line or must-not-miss, 1.12) + the points of every feature of
    section 1 that the answers show; unknown answers add nothing. Ties keep the 1.12 order.
    """
    answered = answers.get("region")
    regions = answered if isinstance(answered, frozenset) else frozenset()
    candidates: dict[str, tuple[int, int, str]] = {}  # code -> (base points, order, reason)
    order = 0
    for row in rules.differential_map:
        if not set(row.regions) & regions:
            continue
        for codes, points, why in (
            (row.first_line, rules.scoring.first_line_points, "a common cause"),
            (row.must_not_miss_conditions, rules.scoring.must_not_miss_points, "a cause that must not be missed"),
        ):
            for code in codes:
                order += 1
                reason = f"because the pain is in the {row.row.replace('_', ' ')} area, where this is {why}"
                if code not in candidates or candidates[code][0] < points:
                    candidates[code] = (points, order, reason)
    scored = [
        (_score(rules.condition(code), base, reason, answers), rank)
        for code, (base, rank, reason) in candidates.items()
    ]
    scored.sort(key=lambda pair: (-pair[0].score, pair[1]))
    return tuple(match for match, _ in scored if match.score >= rules.scoring.minimum_score)


def _score(condition: Condition, base: int, base_reason: str, answers: Mapping[str, object]) -> ConditionMatch:
    score, reasons = base, [base_reason]
    against: list[str] = []
    for feature in condition.features:
        if ex.evaluate(feature.expr, answers) is True:
            score += feature.points
            (reasons if feature.points > 0 else against).append(f"because {feature.because}")
    statement = f"Your answers are consistent with {condition.name} ({condition.plain})."
    return ConditionMatch(
        condition.code,
        condition.name,
        score,
        statement,
        tuple(reasons),
        tuple(against),
        condition.section,
        condition.evidence,
    )


def assess_balance(answers: Mapping[str, object], rules: RuleSet) -> BalanceResult | None:
    """Compare the 30-second single-leg balance self-test with the 7.1 RTR-07 norm ([H], 30 s eyes open).

    The reference gives no eyes-closed norm, so eyes-closed times are reported without a verdict.
    """
    norms = rules.balance_norms
    sides = []
    for side in ("left", "right"):
        open_s = answers.get(f"balance_open_{side}_s")
        closed_s = answers.get(f"balance_closed_{side}_s")
        if open_s is None and closed_s is None:
            continue
        meets = None if open_s is None else float(open_s) >= norms.eyes_open_target_s  # type: ignore[arg-type]  # validated answer: a number
        sides.append(BalanceSide(side, open_s, closed_s, meets))  # type: ignore[arg-type]  # validated answers: numbers
    if not sides:
        return None
    note = (
        f"Target: {norms.eyes_open_target_s:g} s eyes open on each leg without touching down "
        f"{norms.eyes_open_target_evidence}; a clinic may use {norms.eyes_open_clinic_alternative_s:g} s "
        f"{norms.eyes_open_clinic_alternative_evidence}. There is no reference norm for eyes closed."
    )
    return BalanceResult(tuple(sides), norms.eyes_open_target_s, norms.eyes_open_target_evidence, note)


def _advice(urgency: Urgency, needs_review: bool, is_crisis: bool, rules: RuleSet) -> Advice:
    texts = rules.advice
    level = texts.urgency[urgency]
    headline = (
        texts.review_headline if needs_review and urgency_rank(urgency) < urgency_rank("same_day") else level.headline
    )
    return Advice(
        headline=texts.crisis_headline if is_crisis else headline,
        where_to_go=level.where_to_go,
        steps=level.steps,
        review=texts.review_detail if needs_review else None,
        crisis=texts.crisis_detail if is_crisis else None,
        decision_support_note=texts.decision_support_note,
    )


def screen(answers: Mapping[str, object], rules: RuleSet | None = None) -> ScreeningResult:
    """Screen one set of answers (REFERENCE.md v1.1 sections 2.2-2.3, 1, 1.12).

    Validates the answers (``InputError`` naming the field), evaluates every red-flag rule, takes
    the highest urgency, records every fired rule, fails safe to clinician review when answers are
    missing or contradictory, and ranks the conditions the answers are consistent with.
    """
    rules = rules or load_rules()
    validate_answers(answers, rules)
    values, assumed = effective_answers(answers, rules)
    outcomes = evaluate_red_flags(values, rules)
    fired = [o for o in outcomes if o.state == "fired"]
    urgency: Urgency = _highest([o.urgency for o in fired if o.urgency]) or URGENCIES[0]
    review_reasons = _review_reasons(values, outcomes, urgency, rules)
    needs_review = bool(review_reasons)
    if needs_review and urgency_rank(urgency) < urgency_rank(rules.advice.review_urgency):
        urgency = rules.advice.review_urgency
    red_flags = tuple(
        RedFlag(
            o.rule.id,
            o.rule.name,
            _fired_urgency(o),
            " ".join(dict.fromkeys((o.rule.reason, *o.reasons))),
            o.rule.evidence,
            rules.citation_text(o.rule.citations, o.rule.evidence),
            o.actions,
        )
        for o in fired
    )
    actions = tuple(dict.fromkeys(a for o in fired for a in o.actions))
    not_assessed = tuple(
        NotAssessed(o.rule.id, o.rule.name, o.unknown_inputs, o.undecided_urgency)  # type: ignore[arg-type]  # a not-assessed rule always has an undecided urgency
        for o in outcomes
        if o.state == "not_assessed"
    )
    return ScreeningResult(
        urgency=urgency,
        needs_review=needs_review,
        review_reasons=tuple(review_reasons),
        red_flags=red_flags,
        conditions=rank_conditions(values, rules),
        not_assessed=not_assessed,
        actions=actions,
        advice=_advice(urgency, needs_review, "show_crisis_resources" in actions, rules),
        assumed_answers=assumed,
        balance=assess_balance(values, rules),
        rules_version=rules.rules_version,
    )
