"""Clinic form files: the AKPS weights are checked before the form can be used (4.4)."""

import json

import pytest

from stridecare.core.outcomes.forms import FormFileError, parse_form, read_form_file

MAXIMA = [5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 5]


def akps_raw(maxima=MAXIMA, points=None):
    # SYNTHETIC options (max, 0): not the published weights, which the clinic must load.
    return {
        "measure": "akps",
        "version": "test",
        "items": [
            {
                "wording": f"w{i}",
                "max_points": m,
                "options": [{"wording": "x", "points": p} for p in (points or (m, 0))],
            }
            for i, m in enumerate(maxima, 1)
        ],
    }


def test_a_valid_akps_form_loads(tmp_path):
    path = tmp_path / "akps.json"
    path.write_text(json.dumps(akps_raw()))
    form = read_form_file(path, "akps")
    assert len(form.items) == 13 and form.items[3].option_points == (10.0, 0.0)


def test_an_item_maximum_that_differs_from_the_reference_is_rejected():
    maxima = list(MAXIMA)
    maxima[0], maxima[1] = 10, 0  # still sums to 100, but limp's maximum is 5 in 4.4
    with pytest.raises(FormFileError, match="item 1: maximum 10 points, the reference .* gives 5"):
        parse_form(akps_raw(maxima), "akps.json")


def test_an_option_above_its_item_maximum_is_rejected():
    raw = akps_raw()
    raw["items"][2]["options"].append({"wording": "too much", "points": 6})
    with pytest.raises(FormFileError, match="item 3, option 3: 6 points is outside 0-5"):
        parse_form(raw, "akps.json")


def test_an_item_whose_best_option_misses_the_maximum_is_rejected():
    raw = akps_raw()
    raw["items"][4]["options"] = [{"wording": "a", "points": 3}, {"wording": "b", "points": 0}]
    with pytest.raises(FormFileError, match="item 5: no option reaches the item maximum 5"):
        parse_form(raw, "akps.json")


def test_wrong_item_count_and_wrong_measure_are_rejected(tmp_path):
    raw = akps_raw()
    raw["items"].pop()
    with pytest.raises(FormFileError, match="13 items, the file has 12"):
        parse_form(raw, "akps.json")
    with pytest.raises(FormFileError, match="is a form for 'akps', not 'lefs'"):
        parse_form(akps_raw(), "akps.json", "lefs")
    with pytest.raises(FormFileError, match="missing.json: file not found"):
        read_form_file(tmp_path / "missing.json")


def test_other_measures_load_wording_only():
    form = parse_form({"measure": "gad-2", "items": [{"wording": "a"}, {"wording": "b"}]}, "gad2.json")
    assert [i.wording for i in form.items] == ["a", "b"]
