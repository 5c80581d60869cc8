"""The answers file: its JSON Schema, its validation, and the answers the rules actually read.

Field names, types and values are those of REFERENCE.md v1.1 section 2.1 (all optional, ``null``
= unknown), plus the questionnaire additions of issue 5 listed in ``data/inputs.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import jsonschema

from stridecare.core.errors import InputError
from stridecare.core.screening import expressions as ex
from stridecare.core.screening.rules import InputSpec, RuleSet, load_rules

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True, slots=True)
class AssumedAnswer:
    """An answer filled in because it follows from another one (``data/inputs.yaml`` implied_answers)."""

    name: str
    value: object
    why: str


def _property_schema(spec: InputSpec, body_map_ids: list[str]) -> dict[str, object]:
    description = f"{spec.description} (source: {spec.source}; REFERENCE.md {spec.section})"
    bounds = {k: v for k, v in (("minimum", spec.minimum), ("maximum", spec.maximum)) if v is not None}
    if spec.type == "bool":
        schema: dict[str, object] = {"type": ["boolean", "null"]}
    elif spec.type in ("int", "pain"):
        schema = {"type": ["integer", "null"], **bounds}
    elif spec.type == "number":
        schema = {"type": ["number", "null"], **bounds}
    elif spec.type == "enum":
        schema = {"enum": [*spec.values, None]}
    elif spec.type == "hop_pain":
        schema = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 10}, {"const": "cannot"}, {"type": "null"}]}
    else:
        items = body_map_ids if spec.type == "body_map" else list(spec.values)
        schema = {"type": ["array", "null"], "items": {"enum": items}, "uniqueItems": True}
    return {"description": description, **schema}


def answers_json_schema(rules: RuleSet | None = None) -> dict[str, object]:
    """JSON Schema (draft 2020-12) of a screening answers file (REFERENCE.md 2.1 vocabulary)."""
    rules = rules or load_rules()
    body_map_ids = [r.id for r in rules.body_map]
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"https://stridecare.org/schemas/screening-answers/{rules.rules_version}",
        "title": "Stridecare screening answers",
        "description": (
            f"Answers for red-flag screening and condition ranking ({rules.reference}, section 2.1). "
            "Every field is optional; null means unknown, and unknown never counts as 'no'."
        ),
        "type": "object",
        "additionalProperties": False,
        "properties": {name: _property_schema(spec, body_map_ids) for name, spec in rules.inputs.items()},
    }


def _expected(spec: InputSpec) -> str:
    bounds = f" from {spec.minimum:g}" if spec.minimum is not None else ""
    bounds += f" to {spec.maximum:g}" if spec.maximum is not None else ""
    return {
        "bool": "true, false or null",
        "int": f"a whole number{bounds} or null",
        "pain": "a whole number from 0 to 10 or null",
        "number": f"a number{bounds} or null",
        "enum": f"one of {', '.join(spec.values)} or null",
        "set": f"a list of distinct values from {', '.join(spec.values)}, or null",
        "hop_pain": "a whole number from 0 to 10, 'cannot', or null",
        "body_map": "a list of distinct body-map region ids (see the schema), or null",
    }[spec.type]


_VALIDATORS: dict[str, tuple[RuleSet, jsonschema.Draft202012Validator]] = {}


def _validator(rules: RuleSet) -> jsonschema.Draft202012Validator:
    cached = _VALIDATORS.get(rules.source_dir)
    if cached is None or cached[0] is not rules:
        cached = (rules, jsonschema.Draft202012Validator(answers_json_schema(rules)))
        _VALIDATORS[rules.source_dir] = cached
    return cached[1]


def validate_answers(answers: object, rules: RuleSet | None = None) -> None:
    """Check an answers mapping against the schema; raise ``InputError`` naming the first bad field."""
    rules = rules or load_rules()
    if not isinstance(answers, Mapping):
        raise InputError(f"answers must be a JSON object of field: value pairs, got {type(answers).__name__}")
    unknown = sorted(str(k) for k in answers if k not in rules.inputs)
    if unknown:
        raise InputError(
            f"unknown field '{unknown[0]}': not in the answers vocabulary "
            "(REFERENCE.md 2.1; `stridecare screen --schema` lists the fields)"
        )
    errors = sorted(_validator(rules).iter_errors(dict(answers)), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        name = str(errors[0].absolute_path[0]) if errors[0].absolute_path else "?"
        spec = rules.inputs[name]
        raise InputError(f"field '{name}' must be {_expected(spec)}, got {answers[name]!r}")


def effective_answers(
    answers: Mapping[str, object], rules: RuleSet
) -> tuple[dict[str, object], tuple[AssumedAnswer, ...]]:
    """The values the rules read: lists become sets, ``region`` joins the body map, side fills in.

    ``region`` becomes the set of all painful regions (the 2.1 ``region`` plus every region marked on
    the body map) so a rule about any marked region is checked; ``side`` comes from the body map
    when not given. Implied answers then fill fields that follow from other answers.
    """
    values: dict[str, object] = {name: answers.get(name) for name in rules.inputs}
    for name, spec in rules.inputs.items():
        raw = values[name]
        if spec.type in ("set", "body_map") and isinstance(raw, Iterable):
            values[name] = frozenset(raw)
    by_id = {r.id: r for r in rules.body_map}
    body_map = values["body_map"]
    marked = [by_id[i] for i in body_map] if isinstance(body_map, frozenset) else []
    regions = {r.region for r in marked} | ({values["region"]} if values["region"] is not None else set())
    values["region"] = frozenset(regions) if regions else None
    sides = {r.side for r in marked}
    if values["side"] is None and sides:
        values["side"] = "both" if len(sides) == 2 else next(iter(sides))
    assumed: list[AssumedAnswer] = []
    for implication in rules.implications:
        if ex.evaluate(implication.expr, values) is True:
            for name, value in implication.values:
                if values[name] is None:
                    values[name] = value
                    assumed.append(AssumedAnswer(name, value, implication.why))
    return values, tuple(assumed)
