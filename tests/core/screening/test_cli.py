"""`stridecare screen` (issue 5 item 6): the JSON contract, the schema and clear errors."""

import json
import pathlib

import pytest

from stridecare.cli import main

VIGNETTES = pathlib.Path(__file__).resolve().parent / "vignettes"


def test_json_output_has_the_contract_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", str(VIGNETTES / "15_rf01_groin_night_pain.json"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["urgency"] == "same_day"
    assert data["rules_version"] == "1.1.0"
    assert [f["id"] for f in data["red_flags"]] == ["RF-01", "RF-02", "RF-03"]
    assert all(f["reason"] for f in data["red_flags"])
    assert data["conditions"][0]["code"] == "bsi"
    assert isinstance(data["conditions"][0]["score"], int)
    assert data["conditions"][0]["reasons"][0].startswith("because")


def test_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", str(VIGNETTES / "03_itbs.json")]) == 0
    out = capsys.readouterr().out
    assert "Urgency: routine" in out and "iliotibial band syndrome (itbs)" in out and "not a diagnosis" in out


def test_schema_option_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["screen", "--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema") and "hop_pain" in schema["properties"]


def test_bad_answers_exit_1_naming_the_field(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"region": "shin", "pain_rest": "high"}))
    assert main(["screen", str(path), "--json"]) == 1
    err = capsys.readouterr().err
    assert "answers.json" in err and "field 'pain_rest'" in err


def test_unknown_field_and_broken_json_exit_1(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"regoin": "shin"}))
    assert main(["screen", str(path)]) == 1
    assert "unknown field 'regoin'" in capsys.readouterr().err
    path.write_text("{not json")
    assert main(["screen", str(path)]) == 1
    assert "not valid JSON" in capsys.readouterr().err
