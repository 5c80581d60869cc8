"""Loading and validating the rule files (REFERENCE.md 2.2-2.3; issue 5 item 1)."""

import pathlib
import shutil

import pytest

from stridecare.core.errors import RuleFileError
from stridecare.core.screening import list_rules, load_rules
from stridecare.core.screening.rules import DEFAULT_DIR, RULE_FILES


@pytest.fixture
def rules_copy(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = tmp_path / "rules"
    shutil.copytree(DEFAULT_DIR, folder)
    return folder


def _edit(folder: pathlib.Path, filename: str, old: str, new: str) -> None:
    path = folder / filename
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {filename}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_it_loads_every_rule_of_the_reference() -> None:
    rules = load_rules()
    assert rules.rules_version == "1.1.0"
    assert [r.id for r in rules.red_flags] == [f"RF-{n:02d}" for n in range(1, 22)]
    assert len(rules.conditions) == 13
    assert {region for row in rules.differential_map for region in row.regions} == set(rules.inputs["region"].values)


def test_every_rule_carries_evidence_and_a_citation_or_its_tag() -> None:
    for rule in load_rules().red_flags:
        assert rule.tags and rule.evidence
        # rules tagged [V] must name the verified source
        assert ("V" not in rule.tags) or rule.citations, rule.id


def test_a_copy_loads_like_the_original(rules_copy: pathlib.Path) -> None:
    assert load_rules(rules_copy).rules_version == load_rules().rules_version


def test_bad_urgency_names_file_and_rule(rules_copy: pathlib.Path) -> None:
    _edit(
        rules_copy,
        "red_flags.yaml",
        '        urgency: soon\n        actions: [stop_running, advise_clinician_soon, notify_clinician, "offer_screening:REDS"]',
        '        urgency: urgent\n        actions: [stop_running, advise_clinician_soon, notify_clinician, "offer_screening:REDS"]',
    )
    with pytest.raises(RuleFileError, match=r"red_flags\.yaml: rule RF-03: urgency 'urgent'"):
        load_rules(rules_copy)


def test_unknown_answer_name_in_a_condition_names_file_and_rule(rules_copy: pathlib.Path) -> None:
    _edit(rules_copy, "red_flags.yaml", 'when: "heat_illness_signs"', 'when: "heat_ilness_signs"')
    with pytest.raises(RuleFileError, match=r"red_flags\.yaml: rule RF-18: unknown answer name 'heat_ilness_signs'"):
        load_rules(rules_copy)


def test_condition_that_does_not_parse_is_rejected(rules_copy: pathlib.Path) -> None:
    _edit(
        rules_copy,
        "red_flags.yaml",
        'when: "weight_bearing_ok == false or pain_rest >= 7"',
        'when: "weight_bearing_ok == false or (pain_rest >= 7"',
    )
    with pytest.raises(RuleFileError, match=r"rule RF-19: condition .* does not parse"):
        load_rules(rules_copy)


def test_invalid_enum_value_in_a_condition_is_rejected(rules_copy: pathlib.Path) -> None:
    _edit(
        rules_copy,
        "red_flags.yaml",
        "region in [achilles, calf, posterior_heel] and (heard_pop",
        "region in [achilles, calves, posterior_heel] and (heard_pop",
    )
    with pytest.raises(RuleFileError, match=r"rule RF-10: 'calves' is not a valid value for 'region'"):
        load_rules(rules_copy)


def test_missing_citation_is_rejected(rules_copy: pathlib.Path) -> None:
    _edit(rules_copy, "red_flags.yaml", "citations: [R39]", "citations: [R999]")
    with pytest.raises(RuleFileError, match=r"rule RF-03: citation R999 is not in citations\.yaml"):
        load_rules(rules_copy)


def test_broken_condition_feature_names_the_condition(rules_copy: pathlib.Path) -> None:
    _edit(
        rules_copy,
        "conditions.yaml",
        'when: "run_pain_course == starts_at_set_point", points: 3',
        'when: "run_pain_course == starts_at_setpoint", points: 3',
    )
    with pytest.raises(RuleFileError, match=r"conditions\.yaml: condition itbs: 'starts_at_setpoint'"):
        load_rules(rules_copy)


def test_escalation_must_raise_the_urgency(rules_copy: pathlib.Path) -> None:
    _edit(
        rules_copy,
        "red_flags.yaml",
        'urgency: emergency, reason: "The symptoms are happening now."',
        'urgency: soon, reason: "The symptoms are happening now."',
    )
    with pytest.raises(RuleFileError, match=r"rule RF-17: escalation to soon is not above the trigger's same_day"):
        load_rules(rules_copy)


def test_invalid_yaml_names_the_file(rules_copy: pathlib.Path) -> None:
    (rules_copy / "questions.yaml").write_text("questions: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=r"questions\.yaml: not valid YAML"):
        load_rules(rules_copy)


def test_files_of_different_versions_are_refused(rules_copy: pathlib.Path) -> None:
    _edit(rules_copy, "advice.yaml", 'version: "1.1.0"', 'version: "1.0.0"')
    with pytest.raises(RuleFileError, match="disagree on the version"):
        load_rules(rules_copy)


def test_missing_file_is_named(rules_copy: pathlib.Path) -> None:
    (rules_copy / "citations.yaml").unlink()
    with pytest.raises(RuleFileError, match=r"citations\.yaml: rule file is missing"):
        load_rules(rules_copy)


def test_list_rules_gives_every_rule_with_version_evidence_and_citation() -> None:
    rows = list_rules(load_rules())
    red_flags = [r for r in rows if r["kind"] == "red_flag"]
    assert len(red_flags) == 21 and len(rows) == 21 + 13
    assert all(r["version"] == "1.1.0" and r["evidence"] and r["citation"] and r["description"] for r in rows)
    rf01 = red_flags[0]
    assert rf01["id"] == "RF-01" and rf01["urgency"] == "same_day" and rf01["highest_urgency"] == "emergency"
    assert rf01["citation"].startswith("W03. StatPearls")
    assert {r["urgency"] for r in red_flags} == {"emergency", "same_day", "soon"}


def test_rule_files_are_all_shipped() -> None:
    assert all((DEFAULT_DIR / name).is_file() for name in RULE_FILES)


def test_feature_without_a_because_phrase_is_rejected(rules_copy: pathlib.Path) -> None:
    _edit(
        rules_copy,
        "conditions.yaml",
        'points: 2, because: "the pain is spread around the kneecap rather than in one spot", ',
        "points: 2, ",
    )
    with pytest.raises(RuleFileError, match=r"conditions\.yaml: condition pfp: 'because' is missing"):
        load_rules(rules_copy)


def test_feature_that_is_not_a_mapping_is_rejected(rules_copy: pathlib.Path) -> None:
    _edit(
        rules_copy,
        "conditions.yaml",
        '      - {when: "trauma or locking", points: -2,',
        '      - "trauma"\n      - {when: "trauma or locking", points: -2,',
    )
    with pytest.raises(RuleFileError, match=r"conditions\.yaml: condition itbs: expected a mapping"):
        load_rules(rules_copy)
