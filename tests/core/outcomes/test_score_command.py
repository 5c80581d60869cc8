"""`stridecare score MEASURE ANSWERS.json [--previous FILE] --json` (issue 8, item 8)."""

import json
import re

import pytest

from stridecare.cli import main


def run_score(tmp_path, capsys, measure, answers, *extra, previous=None):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    argv = ["score", measure, str(path), "--json", *extra]
    if previous is not None:
        prev_path = tmp_path / "previous.json"
        prev_path.write_text(json.dumps(previous))
        argv += ["--previous", str(prev_path)]
    code = main(argv)
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if code == 0 else None), captured.err


def test_it_prints_the_contract_fields(tmp_path, capsys):
    code, out, _ = run_score(tmp_path, capsys, "lefs", {"items": [3] * 20})
    assert code == 0
    assert {k: out[k] for k in ("measure", "score", "max", "complete")} == {
        "measure": "lefs",
        "score": 60,
        "max": 80,
        "complete": True,
    }  # 20 x 3 = 60
    assert isinstance(out["interpretation"], str) and out["interpretation"]


def test_phq9_item_9_sets_self_harm(tmp_path, capsys):
    code, out, _ = run_score(tmp_path, capsys, "phq-9", {"items": [0, 0, 0, 0, 0, 0, 0, 0, 1]})
    assert code == 0 and out["self_harm"] is True and out["score"] == 1
    code, out, _ = run_score(tmp_path, capsys, "phq-9", {"items": [2, 2, 2, 2, 2, 2, 2, 2, 0]})
    assert out["self_harm"] is False and out["score"] == 16 and out["band"] == "moderately_severe"


def test_previous_adds_change_and_meaningful(tmp_path, capsys):
    # previous 20 x 2 = 40, now 40 + 9 = 49 -> change +9 meets MCID 9 and MDC 9
    code, out, _ = run_score(tmp_path, capsys, "lefs", {"items": [3] * 9 + [2] * 11}, previous={"items": [2] * 20})
    assert code == 0 and out["change"] == 9 and out["meaningful"] is True


def test_visa_a_with_q8_and_dates(tmp_path, capsys):
    # now 8+8+7+8+7+6+7 = 51 + A band 3 (21) = 72; before 5*6 + 4 = 34 + B band 1 (4) = 38; +34 over 20 weeks
    now = {"items": [8, 8, 7, 8, 7, 6, 7], "q8": {"branch": "A", "band": 3}, "date": "2026-06-01"}
    before = {"items": [5, 5, 5, 5, 5, 5, 4], "q8": {"branch": "B", "band": 1}, "date": "2026-01-12"}
    code, out, _ = run_score(tmp_path, capsys, "visa-a", now, previous=before)
    assert code == 0 and out["score"] == 72 and out["change"] == 34 and out["meaningful"] is True


def test_faam_with_too_many_na_prints_incomplete(tmp_path, capsys):
    code, out, _ = run_score(tmp_path, capsys, "faam-sports", {"items": [4, 4, 4, 4, 4, 4, None, None]})
    assert code == 0 and out["score"] is None and out["complete"] is False


@pytest.mark.parametrize(
    ("measure", "answers", "message"),
    [
        ("lefs", {"items": [4] * 19 + [None]}, "missing item 20"),
        ("lefs", {"items": [4] * 21}, "takes 20 item"),
        ("gad-7", {"items": [0, 0, 0, 9, 0, 0, 0]}, "item 4: 9 is out of range"),
        ("visa-a", {"items": [5, 5, 5, 5, 5, 5, 4]}, r"missing item 8 \(q8\)"),
        (
            "akps",
            {"items": [5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 6]},
            r"item 13 \(knee bending deficit\): 6 is out of range; this item scores 0-5",
        ),
        ("lefs", {"items": [4] * 20, "foo": 1}, 'unknown key "foo"'),
        ("phq-2", {"items": [0, 0], "Items": [1, 1]}, 'unknown key "Items"'),
    ],
)
def test_bad_answers_exit_1_naming_the_item(tmp_path, capsys, measure, answers, message):
    code, _, err = run_score(tmp_path, capsys, measure, answers)
    assert code == 1
    assert re.search(message, err), err


def test_phq9_missing_item_error_still_warns_about_item_9(tmp_path, capsys):
    code, _, err = run_score(tmp_path, capsys, "phq-9", {"items": [0, None, 0, 0, 0, 0, 0, 0, 2]})
    assert code == 1 and "missing item 2" in err and "self-harm" in err


def test_akps_with_the_weights_file(tmp_path, capsys):
    maxima = [5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 5]
    form = {
        "measure": "akps",
        "items": [
            {"wording": "w", "max_points": m, "options": [{"wording": "a", "points": m}, {"wording": "b", "points": 0}]}
            for m in maxima
        ],
    }  # SYNTHETIC weights
    weights = tmp_path / "akps-form.json"
    weights.write_text(json.dumps(form))
    # every item at max except running (item 6) 0 -> 100 - 10 = 90
    items = list(maxima)
    items[5] = 0
    code, out, _ = run_score(tmp_path, capsys, "akps", {"items": items}, "--weights", str(weights))
    assert code == 0 and out["score"] == 90 and out["max"] == 100


def test_akps_plain_contract_without_weights(tmp_path, capsys):
    # the issue-8 contract with no other flag; item maxima of 4.4 are 5 5 5 10 5 10 10 10 10 10 10 5 5 (sum 100).
    # answers: limp 5, support 3, walking 5, stairs 8, squatting 5, running 6, jumping 4, sitting 10, pain 7,
    # swelling 10, subluxation 10, wasting 5, flexion 3
    # -> 5+3+5+8+5 = 26; +6+4+10+7 = 53; +10+10+5+3 = 81
    items = [5, 3, 5, 8, 5, 6, 4, 10, 7, 10, 10, 5, 3]
    code, out, err = run_score(tmp_path, capsys, "akps", {"items": items})
    assert code == 0, err
    assert (out["score"], out["max"], out["complete"], out["weights_checked"]) == (81, 100, True, False)
    assert "option weights not checked against an official form" in out["interpretation"]


def test_akps_item_over_its_maximum_exits_1_naming_it(tmp_path, capsys):
    items = [5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 5]
    items[1] = 7  # weight-bearing support has a maximum of 5 (4.4)
    code, _, err = run_score(tmp_path, capsys, "akps", {"items": items})
    assert code == 1 and "item 2 (weight-bearing support): 7 is out of range; this item scores 0-5 points" in err


def test_visa_a_q8_and_date_are_not_unknown_keys(tmp_path, capsys):
    # 7 x 7 = 49 (Q7 = 7 is allowed) + branch C band 4 (10) = 59
    answers = {"items": [7] * 7, "q8": {"branch": "C", "band": 4}, "date": "2026-02-01"}
    code, out, err = run_score(tmp_path, capsys, "visa-a", answers)
    assert code == 0, err
    assert out["score"] == 59


def test_weights_is_refused_for_other_measures(tmp_path, capsys):
    weights = tmp_path / "w.json"
    weights.write_text("{}")
    code, _, err = run_score(tmp_path, capsys, "lefs", {"items": [4] * 20}, "--weights", str(weights))
    assert code == 1 and "--weights is for the AKPS only" in err
