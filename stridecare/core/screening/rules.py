"""Load and validate the screening rule files (REFERENCE.md v1.1 sections 1, 1.12, 2.1-2.3).

The rules are data: ``data/*.yaml`` next to this module, versioned together. ``load_rules()``
reads and checks every file at start-up and fails loudly (``RuleFileError`` naming the file and
the rule) on anything malformed, so a broken clinical rule never reaches a runner.
"""

from __future__ import annotations

import functools
import pathlib
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from stridecare.core.errors import RuleFileError
from stridecare.core.screening import expressions as ex

Urgency = Literal["emergency", "same_day", "soon", "routine"]
URGENCIES: tuple[Urgency, ...] = ("routine", "soon", "same_day", "emergency")  # low -> high (0.3)
InputType = Literal["bool", "int", "number", "pain", "enum", "set", "hop_pain", "body_map"]
INPUT_TYPES = frozenset({"bool", "int", "number", "pain", "enum", "set", "hop_pain", "body_map"})
SOURCES = frozenset({"runner", "clinician", "system"})
EVIDENCE_TAGS = frozenset({"V", "K", "H"})
ACTIONS = frozenset(
    {  # 2.2 actions vocabulary
        "stop_running",
        "offload",
        "show_emergency_number",
        "advise_emergency_department",
        "advise_physician_same_day",
        "advise_clinician_soon",
        "book_routine",
        "notify_clinician",
        "suspend_region_exercises",
        "show_crisis_resources",
    }
)
CONDITION_CODES = frozenset(
    {  # section 1 ids
        "pfp",
        "itbs",
        "achilles_midportion",
        "achilles_insertional",
        "mtss",
        "bsi",
        "plantar_heel_pain",
        "patellar_tendinopathy",
        "hamstring_strain",
        "proximal_hamstring_tendinopathy",
        "calf_strain",
        "gluteal_tendinopathy",
        "lbp_nonspecific",
    }
)
RULE_FILES = ("inputs.yaml", "citations.yaml", "red_flags.yaml", "conditions.yaml", "questions.yaml", "advice.yaml")
DEFAULT_DIR = pathlib.Path(__file__).resolve().parent / "data"
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there


def urgency_rank(urgency: Urgency) -> int:
    """Position of an urgency level, 0 = routine ... 3 = emergency (REFERENCE.md 0.3)."""
    return URGENCIES.index(urgency)


@dataclass(frozen=True, slots=True)
class InputSpec:
    name: str
    type: InputType
    values: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    source: str
    section: str
    description: str


@dataclass(frozen=True, slots=True)
class Escalation:
    when: str
    expr: ex.Expr
    urgency: Urgency
    reason: str


@dataclass(frozen=True, slots=True)
class Trigger:
    when: str
    expr: ex.Expr
    urgency: Urgency
    actions: tuple[str, ...]
    reason: str
    escalations: tuple[Escalation, ...]


@dataclass(frozen=True, slots=True)
class RedFlagRule:
    id: str
    name: str
    reason: str
    evidence: str
    tags: tuple[str, ...]
    citations: tuple[str, ...]
    note: str
    triggers: tuple[Trigger, ...]


@dataclass(frozen=True, slots=True)
class Feature:
    when: str
    expr: ex.Expr
    points: int
    because: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Condition:
    code: str
    name: str
    plain: str
    section: str
    evidence: str
    citations: tuple[str, ...]
    red_flags: tuple[str, ...]
    features: tuple[Feature, ...]


@dataclass(frozen=True, slots=True)
class DifferentialRow:
    row: str
    regions: tuple[str, ...]
    first_line: tuple[str, ...]
    must_not_miss_conditions: tuple[str, ...]
    must_not_miss: str
    rules: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Scoring:
    evidence: str
    first_line_points: int
    must_not_miss_points: int
    minimum_score: int


@dataclass(frozen=True, slots=True)
class Implication:
    when: str
    expr: ex.Expr
    values: tuple[tuple[str, object], ...]
    why: str


@dataclass(frozen=True, slots=True)
class ConsistencyCheck:
    id: str
    when: str
    expr: ex.Expr
    message: str


@dataclass(frozen=True, slots=True)
class Question:
    """One questionnaire item: ``id`` is the answer it fills; ``type``/``options`` come from the vocabulary."""

    id: str
    group: str
    topic: str
    type: InputType
    options: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    shown_when: str
    expr: ex.Expr


@dataclass(frozen=True, slots=True)
class BodyMapRegion:
    id: str
    view: Literal["front", "back"]
    side: Literal["left", "right"]
    region: str


@dataclass(frozen=True, slots=True)
class BalanceNorms:
    eyes_open_target_s: float
    eyes_open_target_evidence: str
    eyes_open_clinic_alternative_s: float
    eyes_open_clinic_alternative_evidence: str
    eyes_closed_target_s: float | None


@dataclass(frozen=True, slots=True)
class UrgencyAdvice:
    headline: str
    where_to_go: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AdviceTexts:
    urgency: Mapping[str, UrgencyAdvice]
    review_headline: str
    review_detail: str
    crisis_headline: str
    crisis_detail: str
    decision_support_note: str
    review_urgency: Urgency


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything screening needs, loaded from one versioned folder of rule files."""

    rules_version: str
    reference: str
    source_dir: str
    inputs: Mapping[str, InputSpec]
    citations: Mapping[str, str]
    red_flags: tuple[RedFlagRule, ...]
    conditions: tuple[Condition, ...]
    differential_map: tuple[DifferentialRow, ...]
    scoring: Scoring
    implications: tuple[Implication, ...]
    consistency_checks: tuple[ConsistencyCheck, ...]
    minimum_inputs: tuple[str, ...]
    questions: tuple[Question, ...]
    body_map: tuple[BodyMapRegion, ...]
    balance_norms: BalanceNorms
    advice: AdviceTexts

    def condition(self, code: str) -> Condition:
        return next(c for c in self.conditions if c.code == code)

    def citation_text(self, ids: tuple[str, ...], evidence: str) -> str:
        """Full citation(s), or a pointer to the reference when a rule rests on [K]/[H] only."""
        if ids:
            return "; ".join(f"{i}. {self.citations[i]}" for i in ids)
        return f"{self.reference}, section 2.2, evidence {evidence} (no primary source; see section 11)"


class _Problem(Exception):
    """Internal: a problem inside one entry, turned into RuleFileError with file and rule."""


def _fail(filename: str, where: str, problem: str) -> RuleFileError:
    return RuleFileError(f"{filename}: {where}: {problem}")


def _read(directory: pathlib.Path, filename: str) -> dict[str, Any]:
    path = directory / filename
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 (a safe loader)
    except FileNotFoundError as e:
        raise RuleFileError(f"{filename}: rule file is missing from {directory}") from e
    except yaml.YAMLError as e:
        raise RuleFileError(f"{filename}: not valid YAML ({e})") from e
    if not isinstance(data, dict):
        raise RuleFileError(f"{filename}: expected a mapping at the top level")
    if not isinstance(data.get("version"), str) or not data["version"]:
        raise RuleFileError(f"{filename}: 'version' is missing (every rule file is versioned)")
    return data


def _need(entry: Mapping[str, Any], key: str, kind: type | types.UnionType | tuple[type, ...]) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is int:
        raise _Problem(f"'{key}' is missing or not a {getattr(kind, '__name__', kind)}")
    if isinstance(value, str) and not value.strip():
        raise _Problem(f"'{key}' is empty")
    return value


def _mapping(entry: object) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise _Problem(f"expected a mapping of keys to values, got {entry!r}")
    return entry


def _urgency(value: object) -> Urgency:
    if value not in URGENCIES:
        raise _Problem(f"urgency {value!r} is not one of {', '.join(URGENCIES)}")
    return value


def _literal_fits(spec: InputSpec, literal: object) -> bool:
    if spec.type == "bool":
        return isinstance(literal, bool)
    if spec.type in ("enum", "set"):
        return literal in spec.values
    if spec.type == "hop_pain" and literal == "cannot":
        return True
    return isinstance(literal, int | float) and not isinstance(literal, bool)


def _check_expr(expr: ex.Expr, inputs: Mapping[str, InputSpec], known_rules: set[str]) -> None:
    for rule_id in ex.referenced_rules(expr):
        if rule_id not in known_rules:
            raise _Problem(f"fired({rule_id}) refers to a rule that is not defined before it")
    stack: list[ex.Expr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ex.Not):
            stack.append(node.item)
        elif isinstance(node, ex.All | ex.Any_):
            stack.extend(node.items)
        elif isinstance(node, ex.Field | ex.Compare | ex.InList | ex.Emptiness | ex.Known):
            spec = inputs.get(node.name)
            if spec is None:
                raise _Problem(f"unknown answer name '{node.name}' (not in inputs.yaml)")
            if isinstance(node, ex.Field) and spec.type != "bool":
                raise _Problem(f"'{node.name}' is a {spec.type}, not a yes/no answer; compare it to a value")
            if isinstance(node, ex.Compare):
                if node.op in ex.ORDERING_OPS and spec.type not in ("int", "number", "pain", "hop_pain"):
                    raise _Problem(f"'{node.name}' is a {spec.type} and cannot be compared with {node.op}")
                if not _literal_fits(spec, node.literal):
                    raise _Problem(f"{node.literal!r} is not a valid value for '{node.name}' ({spec.type})")
            if isinstance(node, ex.InList):
                bad = [v for v in node.values if not _literal_fits(spec, v)]
                if bad:
                    raise _Problem(f"{bad[0]!r} is not a valid value for '{node.name}'")
            if isinstance(node, ex.Emptiness) and spec.type not in ("set", "body_map"):
                raise _Problem(f"'{node.name}' is not a list, so 'empty' does not apply")


def _condition(
    entry: Mapping[str, Any], key: str, inputs: Mapping[str, InputSpec], known_rules: set[str]
) -> tuple[str, ex.Expr]:
    """The condition text under ``key`` and its parsed expression (the pair each rule keeps)."""
    text = entry.get(key)
    if not isinstance(text, str):
        raise _Problem(f"condition {text!r} is not text")
    return text, _expr(text, inputs, known_rules)


def _expr(text: object, inputs: Mapping[str, InputSpec], known_rules: set[str]) -> ex.Expr:
    if not isinstance(text, str):
        raise _Problem(f"condition {text!r} is not text")
    try:
        expr = ex.parse(text)
    except ex.ExpressionError as e:
        raise _Problem(f"condition {text!r} does not parse: {e}") from e
    _check_expr(expr, inputs, known_rules)
    return expr


def _parse_inputs(data: dict[str, Any], filename: str) -> dict[str, InputSpec]:
    inputs: dict[str, InputSpec] = {}
    for index, entry in enumerate(data.get("inputs") or []):
        where = f"input #{index + 1} ({entry.get('name', '?') if isinstance(entry, dict) else '?'})"
        try:
            if not isinstance(entry, dict):
                raise _Problem("expected a mapping")
            name = _need(entry, "name", str)
            if name in inputs:
                raise _Problem("defined twice")
            kind = entry.get("type")
            if kind not in INPUT_TYPES:
                raise _Problem(f"type {kind!r} is not one of {sorted(INPUT_TYPES)}")
            values = tuple(entry.get("values") or ())
            if kind in ("enum", "set") and not values:
                raise _Problem(f"a {kind} needs 'values'")
            if entry.get("source") not in SOURCES:
                raise _Problem(f"source {entry.get('source')!r} is not one of {sorted(SOURCES)}")
            minimum, maximum = (0, 10) if kind == "pain" else (entry.get("min"), entry.get("max"))
            inputs[name] = InputSpec(
                name,
                kind,
                tuple(str(v) for v in values),
                minimum,
                maximum,
                entry["source"],
                str(entry.get("section", "")),
                str(entry.get("description", "")),
            )
        except _Problem as e:
            raise _fail(filename, where, str(e)) from None
    if not inputs:
        raise RuleFileError(f"{filename}: no inputs defined")
    return inputs


def _parse_citations(data: dict[str, Any], filename: str) -> dict[str, str]:
    citations = data.get("citations")
    if not isinstance(citations, dict) or not all(isinstance(v, str) and v for v in citations.values()):
        raise RuleFileError(f"{filename}: 'citations' must map ids to citation text")
    return {str(k): v for k, v in citations.items()}


def _parse_tags(entry: Mapping[str, Any]) -> tuple[str, ...]:
    tags = tuple(entry.get("tags") or ())
    if not tags or not set(tags) <= EVIDENCE_TAGS:
        raise _Problem(f"'tags' must list evidence tags from {sorted(EVIDENCE_TAGS)} (0.1), got {list(tags)}")
    return tags


def _parse_citation_ids(entry: Mapping[str, Any], citations: Mapping[str, str]) -> tuple[str, ...]:
    ids = tuple(entry.get("citations") or ())
    missing = [i for i in ids if i not in citations]
    if missing:
        raise _Problem(f"citation {missing[0]} is not in citations.yaml")
    return ids


def _parse_actions(values: object) -> tuple[str, ...]:
    if not isinstance(values, list) or not values:
        raise _Problem("'actions' must be a non-empty list")
    for action in values:
        if action not in ACTIONS and not str(action).startswith("offer_screening:"):
            raise _Problem(f"action {action!r} is not in the 2.2 actions vocabulary")
    return tuple(values)


def _parse_trigger(entry: object, rule: Mapping[str, Any], inputs: Mapping[str, InputSpec], known: set[str]) -> Trigger:
    if not isinstance(entry, dict):
        raise _Problem("each trigger must be a mapping")
    urgency = _urgency(entry.get("urgency"))
    escalations = []
    for esc in entry.get("escalate") or []:
        if not isinstance(esc, dict):
            raise _Problem("each escalation must be a mapping")
        esc_urgency = _urgency(esc.get("urgency"))
        if urgency_rank(esc_urgency) <= urgency_rank(urgency):
            raise _Problem(f"escalation to {esc_urgency} is not above the trigger's {urgency}")
        escalations.append(Escalation(*_condition(esc, "when", inputs, known), esc_urgency, _need(esc, "reason", str)))
    return Trigger(
        *_condition(entry, "when", inputs, known),
        urgency,
        _parse_actions(entry.get("actions")),
        str(entry.get("reason") or rule.get("reason")),
        tuple(escalations),
    )


def _parse_red_flags(
    data: dict[str, Any], filename: str, inputs: Mapping[str, InputSpec], citations: Mapping[str, str]
) -> tuple[RedFlagRule, ...]:
    rules: list[RedFlagRule] = []
    known: set[str] = set()
    for index, entry in enumerate(data.get("red_flags") or []):
        rule_id = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            if not isinstance(entry, dict):
                raise _Problem("expected a mapping")
            if not re.fullmatch(r"RF-\d\d", str(rule_id)):
                raise _Problem("id must look like RF-nn")
            if rule_id in known:
                raise _Problem("id is used twice")
            triggers = entry.get("triggers")
            if not isinstance(triggers, list) or not triggers:
                raise _Problem("'triggers' must be a non-empty list")
            rules.append(
                RedFlagRule(
                    rule_id,
                    _need(entry, "name", str),
                    _need(entry, "reason", str),
                    _need(entry, "evidence", str),
                    _parse_tags(entry),
                    _parse_citation_ids(entry, citations),
                    str(entry.get("note") or ""),
                    tuple(_parse_trigger(t, entry, inputs, known) for t in triggers),
                )
            )
            known.add(rule_id)
        except _Problem as e:
            raise _fail(filename, f"rule {rule_id}", str(e)) from None
    if not rules:
        raise RuleFileError(f"{filename}: no red-flag rules defined")
    return tuple(rules)


def _parse_conditions(
    data: dict[str, Any],
    filename: str,
    inputs: Mapping[str, InputSpec],
    citations: Mapping[str, str],
    rule_ids: set[str],
) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    for index, entry in enumerate(data.get("conditions") or []):
        code = entry.get("code", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            if not isinstance(entry, dict):
                raise _Problem("expected a mapping")
            if code not in CONDITION_CODES or any(c.code == code for c in conditions):
                raise _Problem("code is not a section-1 condition id, or is used twice")
            flags = tuple(entry.get("red_flags") or ())
            if not set(flags) <= rule_ids:
                raise _Problem(f"red_flags {sorted(set(flags) - rule_ids)} are not defined in red_flags.yaml")
            features = []
            for feature in entry.get("features") or []:
                feature = _mapping(feature)
                points = _need(feature, "points", int)
                features.append(
                    Feature(
                        *_condition(feature, "when", inputs, set()),
                        points,
                        _need(feature, "because", str),
                        _need(feature, "evidence", str),
                    )
                )
            conditions.append(
                Condition(
                    code,
                    _need(entry, "name", str),
                    _need(entry, "plain", str),
                    _need(entry, "section", str),
                    _need(entry, "evidence", str),
                    _parse_citation_ids(entry, citations),
                    flags,
                    tuple(features),
                )
            )
        except _Problem as e:
            raise _fail(filename, f"condition {code}", str(e)) from None
    return tuple(conditions)


def _parse_differential_map(
    data: dict[str, Any], filename: str, inputs: Mapping[str, InputSpec], codes: set[str], rule_ids: set[str]
) -> tuple[DifferentialRow, ...]:
    rows: list[DifferentialRow] = []
    covered: dict[str, str] = {}
    for index, entry in enumerate(data.get("differential_map") or []):
        name = entry.get("row", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            entry = _mapping(entry)
            regions = tuple(entry.get("regions") or ())
            for region in regions:
                if region not in inputs["region"].values:
                    raise _Problem(f"region {region!r} is not a 2.1 region")
                if region in covered:
                    raise _Problem(f"region {region!r} is already in row {covered[region]!r}")
                covered[region] = name
            listed = tuple(entry.get("first_line") or ()) + tuple(entry.get("must_not_miss_conditions") or ())
            if not set(listed) <= codes:
                raise _Problem(f"conditions {sorted(set(listed) - codes)} are not defined")
            if not set(entry.get("rules") or ()) <= rule_ids:
                raise _Problem("a listed rule is not defined in red_flags.yaml")
            rows.append(
                DifferentialRow(
                    name,
                    regions,
                    tuple(entry.get("first_line") or ()),
                    tuple(entry.get("must_not_miss_conditions") or ()),
                    str(entry.get("must_not_miss", "")),
                    tuple(entry.get("rules") or ()),
                    str(entry.get("note", "")),
                )
            )
        except _Problem as e:
            raise _fail(filename, f"differential map row {name}", str(e)) from None
    missing = set(inputs["region"].values) - set(covered)
    if missing:
        raise RuleFileError(f"{filename}: differential map: regions {sorted(missing)} are in no row (table 2.1a)")
    return tuple(rows)


def _parse_scoring(data: dict[str, Any], filename: str) -> Scoring:
    entry = data.get("scoring") or {}
    try:
        return Scoring(
            _need(entry, "evidence", str),
            _need(entry, "first_line_points", int),
            _need(entry, "must_not_miss_points", int),
            _need(entry, "minimum_score", int),
        )
    except _Problem as e:
        raise _fail(filename, "scoring", str(e)) from None


def _parse_input_rules(
    data: dict[str, Any], filename: str, inputs: Mapping[str, InputSpec]
) -> tuple[tuple[Implication, ...], tuple[ConsistencyCheck, ...], tuple[str, ...]]:
    implications = []
    for index, entry in enumerate(data.get("implied_answers") or []):
        try:
            entry = _mapping(entry)
            values = entry.get("set")
            if not isinstance(values, dict) or not values:
                raise _Problem("'set' must map answer names to values")
            for name, value in values.items():
                if name not in inputs or not _literal_fits(inputs[name], value):
                    raise _Problem(f"cannot set '{name}' to {value!r}")
            implications.append(
                Implication(
                    *_condition(entry, "when", inputs, set()),
                    tuple(values.items()),
                    _need(entry, "why", str),
                )
            )
        except _Problem as e:
            raise _fail(filename, f"implied answer #{index + 1}", str(e)) from None
    checks = []
    for index, entry in enumerate(data.get("consistency_checks") or []):
        check_id = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            entry = _mapping(entry)
            checks.append(
                ConsistencyCheck(
                    _need(entry, "id", str),
                    *_condition(entry, "when", inputs, set()),
                    _need(entry, "message", str),
                )
            )
        except _Problem as e:
            raise _fail(filename, f"consistency check {check_id}", str(e)) from None
    minimum = tuple(data.get("minimum_inputs") or ())
    if not set(minimum) <= set(inputs):
        raise RuleFileError(f"{filename}: minimum_inputs names an unknown answer")
    return tuple(implications), tuple(checks), minimum


def _parse_questions(
    data: dict[str, Any], filename: str, inputs: Mapping[str, InputSpec], rule_ids: set[str]
) -> tuple[tuple[Question, ...], tuple[BodyMapRegion, ...], BalanceNorms]:
    questions: list[Question] = []
    for index, entry in enumerate(data.get("questions") or []):
        qid = entry.get("id", f"#{index + 1}") if isinstance(entry, dict) else f"#{index + 1}"
        try:
            entry = _mapping(entry)
            spec = inputs.get(qid)
            if spec is None or spec.source == "system":
                raise _Problem("id must be an answer of inputs.yaml that a runner can give")
            if any(q.id == qid for q in questions):
                raise _Problem("asked twice")
            questions.append(
                Question(
                    qid,
                    _need(entry, "group", str),
                    _need(entry, "topic", str),
                    spec.type,
                    spec.values,
                    spec.minimum,
                    spec.maximum,
                    *_condition(entry, "shown_when", inputs, rule_ids),
                )
            )
        except _Problem as e:
            raise _fail(filename, f"question {qid}", str(e)) from None
    body_map = []
    views = data.get("body_map") or {}
    for view in ("front", "back"):
        for region in views.get(view) or []:
            if region not in inputs["region"].values:
                raise _fail(filename, f"body map {view}", f"{region!r} is not a 2.1 region")
            body_map += [BodyMapRegion(f"{view}_{side}_{region}", view, side, region) for side in ("left", "right")]
    norms = data.get("balance_norms") or {}
    try:
        balance = BalanceNorms(
            _need(norms, "eyes_open_target_s", int | float),
            _need(norms, "eyes_open_target_evidence", str),
            _need(norms, "eyes_open_clinic_alternative_s", int | float),
            _need(norms, "eyes_open_clinic_alternative_evidence", str),
            norms.get("eyes_closed_target_s"),
        )
    except _Problem as e:
        raise _fail(filename, "balance_norms", str(e)) from None
    return tuple(questions), tuple(body_map), balance


def _parse_advice(data: dict[str, Any], filename: str) -> AdviceTexts:
    try:
        urgency: dict[str, UrgencyAdvice] = {}
        for level in URGENCIES:
            entry = (data.get("urgency") or {}).get(level)
            if not isinstance(entry, dict):
                raise _Problem(f"no advice for urgency {level}")
            urgency[level] = UrgencyAdvice(
                _need(entry, "headline", str), _need(entry, "where_to_go", str), tuple(_need(entry, "steps", list))
            )
        review, crisis = data.get("review") or {}, data.get("crisis") or {}
        return AdviceTexts(
            urgency,
            _need(review, "headline", str),
            _need(review, "detail", str),
            _need(crisis, "headline", str),
            _need(crisis, "detail", str),
            _need(data, "decision_support_note", str),
            _urgency(data.get("review_urgency")),
        )
    except _Problem as e:
        raise _fail(filename, "advice", str(e)) from None


@functools.lru_cache(maxsize=8)
def _load(directory: str) -> RuleSet:
    folder = pathlib.Path(directory)
    files = {name: _read(folder, name) for name in RULE_FILES}
    versions = {name: data["version"] for name, data in files.items()}
    if len(set(versions.values())) != 1:
        raise RuleFileError(f"rule files disagree on the version: {versions}; release them together")
    inputs = _parse_inputs(files["inputs.yaml"], "inputs.yaml")
    if "region" not in inputs or inputs["region"].type != "enum":
        raise RuleFileError("inputs.yaml: 'region' must be defined as an enum (2.1)")
    citations = _parse_citations(files["citations.yaml"], "citations.yaml")
    red_flags = _parse_red_flags(files["red_flags.yaml"], "red_flags.yaml", inputs, citations)
    rule_ids = {r.id for r in red_flags}
    conditions = _parse_conditions(files["conditions.yaml"], "conditions.yaml", inputs, citations, rule_ids)
    differential = _parse_differential_map(
        files["conditions.yaml"], "conditions.yaml", inputs, {c.code for c in conditions}, rule_ids
    )
    implications, checks, minimum = _parse_input_rules(files["inputs.yaml"], "inputs.yaml", inputs)
    questions, body_map, balance = _parse_questions(files["questions.yaml"], "questions.yaml", inputs, rule_ids)
    return RuleSet(
        rules_version=next(iter(versions.values())),
        reference=str(files["red_flags.yaml"].get("reference", "")),
        source_dir=str(folder),
        inputs=inputs,
        citations=citations,
        red_flags=red_flags,
        conditions=conditions,
        differential_map=differential,
        scoring=_parse_scoring(files["conditions.yaml"], "conditions.yaml"),
        implications=implications,
        consistency_checks=checks,
        minimum_inputs=minimum,
        questions=questions,
        body_map=body_map,
        balance_norms=balance,
        advice=_parse_advice(files["advice.yaml"], "advice.yaml"),
    )


def load_rules(path: str | pathlib.Path | None = None) -> RuleSet:
    """Load and validate the screening rules (REFERENCE.md v1.1 sections 1, 1.12, 2.1-2.3).

    ``path`` is a folder holding the rule files (default: the packaged ``data`` folder). Raises
    ``RuleFileError`` naming the file and the rule when anything is malformed.
    """
    return _load(str(pathlib.Path(path or DEFAULT_DIR).resolve()))


def list_rules(rules: RuleSet | None = None) -> list[dict[str, object]]:
    """Every red-flag rule and condition with its version, evidence and citation, for therapists.

    Red-flag rules (2.2) come first, then the conditions (section 1) with their scoring features.
    """
    rules = rules or load_rules()
    rows: list[dict[str, object]] = []
    for rule in rules.red_flags:
        levels = [t.urgency for t in rule.triggers] + [e.urgency for t in rule.triggers for e in t.escalations]
        rows.append(
            {
                "kind": "red_flag",
                "id": rule.id,
                "name": rule.name,
                "version": rules.rules_version,
                "evidence": rule.evidence,
                "tags": list(rule.tags),
                "citation": rules.citation_text(rule.citations, rule.evidence),
                "urgency": rule.triggers[0].urgency,
                "highest_urgency": max(levels, key=urgency_rank),
                "description": rule.reason,
                "note": rule.note,
                "conditions": [
                    {
                        "when": t.when,
                        "urgency": t.urgency,
                        "actions": list(t.actions),
                        "escalate": [{"when": e.when, "urgency": e.urgency} for e in t.escalations],
                    }
                    for t in rule.triggers
                ],
            }
        )
    for condition in rules.conditions:
        rows.append(
            {
                "kind": "condition",
                "id": condition.code,
                "name": condition.name,
                "version": rules.rules_version,
                "evidence": condition.evidence,
                "tags": sorted(set(re.findall(r"\[?([VKH])[:\]]", condition.evidence))),
                "citation": rules.citation_text(condition.citations, condition.evidence),
                "urgency": None,
                "highest_urgency": None,
                "description": f"{condition.name}: {condition.plain} (section {condition.section})",
                "note": f"scoring points are Stridecare defaults {rules.scoring.evidence}",
                "conditions": [
                    {"when": f.when, "points": f.points, "because": f.because, "evidence": f.evidence}
                    for f in condition.features
                ],
            }
        )
    return rows
