"""Answers validation and the JSON Schema of the answers file (REFERENCE.md 2.1; issue 5 item 6)."""

import json
import pathlib

import jsonschema
import pytest

from stridecare.core.errors import InputError
from stridecare.core.screening import answers_json_schema, load_rules, validate_answers
from stridecare.core.screening.answers import effective_answers

VIGNETTES = pathlib.Path(__file__).resolve().parent / "vignettes"


def test_schema_is_draft_2020_12_and_closed() -> None:
    schema = answers_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert "required" not in schema  # every field optional (2.1)


def test_schema_holds_the_2_1_vocabulary_with_null_allowed() -> None:
    props = answers_json_schema()["properties"]
    for name in (
        "region",
        "hop_pain",
        "bsi_site",
        "dvt_risk",
        "weeks_guided_rehab",
        "trend",
        "self_harm_indicator",
        "kicked_sensation",
        "night_pain_any",
        "injury_moment",
        "limp",
        "onset",
    ):
        assert name in props
        jsonschema.validate(None, props[name])
    assert props["pain_rest"]["minimum"] == 0 and props["pain_rest"]["maximum"] == 10  # NPRS 0-10 (0.4)


def test_every_vignette_is_valid_against_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(answers_json_schema())
    for path in VIGNETTES.glob("*.json"):
        assert list(validator.iter_errors(json.loads(path.read_text()))) == [], path.name


def test_unknown_field_is_named() -> None:
    with pytest.raises(InputError, match="unknown field 'pain_level'"):
        validate_answers({"region": "shin", "pain_level": 3})


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"age": "forty"}, "age"),
        ({"pain_rest": 11}, "pain_rest"),
        ({"pain_walking": 2.5}, "pain_walking"),
        ({"hop_pain": "can't"}, "hop_pain"),
        ({"region": "knee"}, "region"),
        ({"night_pain": "yes"}, "night_pain"),
        ({"dvt_risk": ["flying"]}, "dvt_risk"),
        ({"duration_days": -1}, "duration_days"),
        ({"body_map": ["front_left_elbow"]}, "body_map"),
        ({"weight_bearing_ok": 1}, "weight_bearing_ok"),
    ],
)
def test_wrong_type_or_value_names_the_field(answers: dict, field: str) -> None:
    with pytest.raises(InputError, match=f"field '{field}'"):
        validate_answers(answers)


def test_null_and_cannot_are_accepted() -> None:
    assert validate_answers({"region": None, "hop_pain": "cannot", "night_pain": None, "dvt_risk": []}) is None
    with pytest.raises(InputError, match="hop_pain"):
        validate_answers({"hop_pain": "could not"})


def test_not_an_object_is_refused() -> None:
    with pytest.raises(InputError, match="JSON object"):
        validate_answers(["region", "shin"])


def test_body_map_adds_regions_and_fills_side() -> None:
    values, _ = effective_answers(
        {"region": "shin", "body_map": ["front_left_groin", "back_right_buttock"]}, load_rules()
    )
    assert values["region"] == frozenset({"shin", "groin", "buttock"})
    assert values["side"] == "both"
    values, _ = effective_answers({"body_map": ["back_left_calf"]}, load_rules())
    assert values["side"] == "left" and values["region"] == frozenset({"calf"})


def test_implied_answers_fill_only_unknowns_and_are_recorded() -> None:
    values, assumed = effective_answers({"numbness_tingling": False, "saddle_numbness": True}, load_rules())
    assert values["saddle_numbness"] is True  # the runner's own answer wins
    assert values["dermatomal_numbness"] is False
    assert {a.name for a in assumed} >= {"dermatomal_numbness", "foot_numb_during_run"}
    assert "saddle_numbness" not in {a.name for a in assumed}


def test_body_map_has_front_and_back_left_and_right() -> None:
    regions = load_rules().body_map
    assert {r.view for r in regions} == {"front", "back"} and {r.side for r in regions} == {"left", "right"}
    assert "front_left_groin" in {r.id for r in regions}
    assert {r.region for r in regions} == set(load_rules().inputs["region"].values)
