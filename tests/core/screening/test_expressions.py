"""The rule condition language and its three-valued logic (REFERENCE.md 2.3 rule 3)."""

import pytest

from stridecare.core.screening.expressions import ExpressionError, evaluate, parse, unknown_names


def _eval(text: str, **answers: object) -> bool | None:
    return evaluate(parse(text), answers)


def test_comparisons_on_known_values() -> None:
    assert _eval("hop_pain >= 3", hop_pain=3) is True
    assert _eval("hop_pain >= 3", hop_pain=2) is False
    assert _eval("bmi < 18.5", bmi=18.4) is True
    assert _eval("hop_pain == 'cannot'", hop_pain="cannot") is True
    assert _eval("hop_pain >= 1", hop_pain="cannot") is False  # 'cannot' is not a number


def test_unknown_answers_are_never_negative() -> None:
    assert _eval("night_pain", night_pain=None) is None
    assert _eval("pain_rest >= 7", pain_rest=None) is None
    assert _eval("weight_bearing_ok == false") is None
    assert _eval("region in [groin, buttock]") is None


def test_kleene_and_or() -> None:
    # and: any false -> false; else any unknown -> unknown.  or: any true -> true; else unknown.
    assert _eval("a and b", a=False, b=None) is False
    assert _eval("a and b", a=True, b=None) is None
    assert _eval("a or b", a=True, b=None) is True
    assert _eval("a or b", a=False, b=None) is None
    assert _eval("not a", a=None) is None
    assert _eval("not a", a=False) is True


def test_not_equal_counts_unknown_as_different() -> None:
    # The reference writes `injury_moment != true` so that an unknown answer keeps RF-14 live.
    assert _eval("injury_moment != true") is True
    assert _eval("injury_moment != true", injury_moment=True) is False


def test_sets_match_any_member() -> None:
    regions = frozenset({"anterior_knee", "shin"})
    assert _eval("region in [shin, calf]", region=regions) is True
    assert _eval("region == calf", region=regions) is False
    assert _eval("dvt_risk not empty", dvt_risk=frozenset()) is False
    assert _eval("dvt_risk not empty", dvt_risk=frozenset({"travel_4h"})) is True
    assert _eval("region not in [calf]", region=regions) is True


def test_is_null_asks_only_whether_known() -> None:
    assert _eval("side is null") is True
    assert _eval("side is not null", side="left") is True


def test_fired_reads_earlier_rules() -> None:
    expr = parse("fired(RF-03) and bsi_site in [navicular]")
    assert evaluate(expr, {"bsi_site": "navicular"}, {"RF-03": True}) is True
    assert evaluate(expr, {"bsi_site": "navicular"}, {"RF-03": False}) is False


def test_unknown_names_lists_only_what_leaves_it_undecided() -> None:
    expr = parse("a or (b and c)")
    assert unknown_names(expr, {"a": None, "b": False, "c": None}) == {"a"}
    assert unknown_names(expr, {"a": True, "b": None, "c": None}) == set()


@pytest.mark.parametrize("text", ["", "a and", "(a or b", "a >= ", "a in [b", "a is maybe", "a == b c"])
def test_malformed_conditions_raise(text: str) -> None:
    with pytest.raises(ExpressionError):
        parse(text)
