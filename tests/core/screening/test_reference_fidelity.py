"""The rule file says what REFERENCE.md 2.2 says: every condition, urgency and escalation.

Reads the YAML block of section 2.2 from the shared clinical reference (next to the repository)
and compares it with data/red_flags.yaml. Two adaptations are documented in the rule notes:
"RF-03 fired" is written fired(RF-03), and RF-20's check-in history clause is left to the weekly
check-in (one answers file has no history).
"""

import pathlib
import re

import yaml

from stridecare.core.screening import load_rules

REPO = pathlib.Path(__file__).resolve().parents[3]
REFERENCE = REPO / "docs" / "clinical-reference.md"  # the copy of ../shared/clinical/REFERENCE.md
ADAPTED = {
    "RF-04": ("RF-03 fired", "fired(RF-03)"),
    "RF-20": (" or trend == worse for 2 consecutive weekly check-ins", ""),
}


def _reference_rules() -> dict[str, dict]:
    text = REFERENCE.read_text(encoding="utf-8")
    block = text[text.index("```yaml\nred_flags:") + len("```yaml\n") :]
    return {r["id"]: r for r in yaml.safe_load(block[: block.index("```")])["red_flags"]}


def _clean(condition: str, rule_id: str) -> str:
    condition = re.sub(r"\s*(;\s*clinician:.*|\(clinician:.*\))$", "", condition.strip())
    old, new = ADAPTED.get(rule_id, ("", ""))
    condition = condition.replace(old, new) if old else condition
    return condition.removeprefix("(").removesuffix(")") if rule_id == "RF-20" else condition


def _expected_triggers(ref: dict) -> list[tuple[str, str, list[tuple[str, str]]]]:
    rid = ref["id"]
    escalations = []
    for part in (ref.get("escalate_if") or "").split(";"):
        if part.strip():
            condition, urgency = part.split("-> urgency:")
            escalations.append((condition.strip(), urgency.strip()))
    if "if_acute" in ref:
        return [
            (_clean(ref["if_acute"], rid), ref["then_acute"]["urgency"], []),
            (_clean(ref["if_chronic"], rid), ref["then_chronic"]["urgency"], []),
        ]
    triggers = [(_clean(ref["if"], rid), ref["then"]["urgency"], escalations)]
    if "else_if" in ref:
        condition, urgency = ref["else_if"].split("-> urgency:")
        triggers.append((condition.strip(), urgency.strip(), []))
    triggers += [(also["if"], also["urgency"], []) for also in ref.get("also") or []]
    return triggers


def test_every_rule_matches_the_reference_text() -> None:
    reference = _reference_rules()
    rules = {r.id: r for r in load_rules().red_flags}
    assert set(rules) == set(reference)
    for rule_id, ref in reference.items():
        ours = [(t.when, t.urgency, [(e.when, e.urgency) for e in t.escalations]) for t in rules[rule_id].triggers]
        assert ours == _expected_triggers(ref), rule_id
        assert rules[rule_id].evidence == ref["evidence"], rule_id
        assert rules[rule_id].name == ref["name"], rule_id


def test_actions_match_the_reference() -> None:
    reference = _reference_rules()
    for rule in load_rules().red_flags:
        ref = reference[rule.id]
        then = ref.get("then") or ref.get("then_acute")
        assert list(rule.triggers[0].actions) == then["actions"], rule.id
