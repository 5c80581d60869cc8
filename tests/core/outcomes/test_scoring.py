"""Scoring of every measure of REFERENCE.md section 4 and 8.1 against hand-computed examples."""

import pytest

from stridecare.core.outcomes.forms import parse_form
from stridecare.core.outcomes.scoring import AnswersError, parse_answers, score_answers


def score(measure, raw, form=None):
    return score_answers(parse_answers(measure, raw, "answers.json", form))


# ---- LEFS (4.1): sum of 20 items 0-4, 0-80 -------------------------------------------------


def test_lefs_sums_twenty_items():
    # 10 items of 4 = 40, five of 3 = 15, three of 2 = 6, one 1, one 4 -> 40 + 15 + 6 + 1 + 4 = 66
    items = [4] * 10 + [3] * 5 + [2] * 3 + [1, 4]
    result = score("lefs", {"items": items})
    assert result.score == 66 and result.max_score == 80 and result.complete
    assert "82%" in result.interpretation  # 66 / 80 = 82.5% -> "82%" (round half to even)


def test_lefs_extremes_are_0_and_80():
    assert score("lefs", {"items": [0] * 20}).score == 0
    assert score("lefs", {"items": [4] * 20}).score == 80


def test_lefs_missing_item_gives_incomplete_with_no_score():
    result = score("lefs", {"items": [4] * 19 + [None]})
    assert result.score is None and not result.complete and result.missing_items == (20,)


def test_lefs_rejects_out_of_range_naming_the_item():
    with pytest.raises(AnswersError, match=r"item 3 \(getting in/out of a bath\): 5 is out of range"):
        parse_answers("lefs", {"items": [4, 4, 5] + [4] * 17})


def test_lefs_rejects_wrong_item_count():
    with pytest.raises(AnswersError, match="takes 20 item"):
        parse_answers("lefs", {"items": [4] * 19})


def test_lefs_rejects_half_points_and_booleans():
    with pytest.raises(AnswersError, match="item 1 .*not a whole number"):
        parse_answers("lefs", {"items": [2.5] + [4] * 19})
    with pytest.raises(AnswersError, match="item 2 .*not a number"):
        parse_answers("lefs", {"items": [4, True] + [4] * 18})


# ---- VISA-A (4.2): Q1-Q7 0-10 (Q7 in 0/4/7/10) + Q8 branch points ---------------------------


@pytest.mark.parametrize(
    ("branch", "band", "q8_points"),
    [("A", 0, 0), ("A", 4, 30), ("A", 2, 14), ("B", 3, 14), ("B", 4, 20), ("C", 1, 2), ("C", 4, 10)],
)
def test_visa_a_adds_the_q8_branch_points(branch, band, q8_points):
    # Q1-Q7 = 7 + 6 + 5 + 8 + 5 + 4 + 4 = 39; total = 39 + table 4.2 points of (branch, band)
    result = score("visa-a", {"items": [7, 6, 5, 8, 5, 4, 4], "q8": {"branch": branch, "band": band}})
    assert result.score == 39 + q8_points


def test_visa_a_branch_letter_may_be_lower_case():
    # 5 x 6 + 4 = 34; branch c band 2 = 5 -> 39
    assert score("visa-a", {"items": [5] * 6 + [4], "q8": {"branch": "c", "band": 2}}).score == 39


def test_visa_a_no_symptoms_is_100_and_recovered_range():
    # 7 x 10 = 70 + branch A band 4 = 30 -> 100
    result = score("visa-a", {"items": [10] * 7, "q8": {"branch": "A", "band": 4}})
    assert result.score == 100 and result.band == "recovered_range"


def test_visa_a_q7_only_takes_0_4_7_10():
    with pytest.raises(AnswersError, match="Q7 is one of 0, 4, 7, 10"):
        parse_answers("visa-a", {"items": [5, 5, 5, 5, 5, 5, 5], "q8": {"branch": "A", "band": 1}})


def test_visa_a_q8_needs_exactly_one_known_branch_and_band_0_to_4():
    with pytest.raises(AnswersError, match="branch 'AB'"):
        parse_answers("visa-a", {"items": [5] * 6 + [4], "q8": {"branch": "AB", "band": 1}})
    with pytest.raises(AnswersError, match="band 5"):
        parse_answers("visa-a", {"items": [5] * 6 + [4], "q8": {"branch": "A", "band": 5}})


def test_visa_a_without_q8_is_incomplete_and_names_item_8():
    result = score("visa-a", {"items": [5] * 6 + [4]})
    assert result.score is None and result.missing_items == (8,)


def test_visa_a_takes_seven_items():
    with pytest.raises(AnswersError, match="7 items"):
        parse_answers("visa-a", {"items": [5] * 8, "q8": {"branch": "A", "band": 1}})


# ---- VISA-P (4.3): 8 items, 0-100 --------------------------------------------------------


def test_visa_p_sums_eight_items_with_q8_out_of_30():
    # 6 + 7 + 5 + 8 + 6 + 4 + 7 + 21 = 64
    assert score("visa-p", {"items": [6, 7, 5, 8, 6, 4, 7, 21]}).score == 64
    with pytest.raises(AnswersError, match="item 8.*31 is out of range"):
        parse_answers("visa-p", {"items": [6, 7, 5, 8, 6, 4, 7, 31]})


def test_visa_p_accepts_seven_items_plus_q8_branch():
    # 6 + 7 + 5 + 8 + 6 + 4 + 7 = 43; branch B band 2 = 10 -> 53
    assert score("visa-p", {"items": [6, 7, 5, 8, 6, 4, 7], "q8": {"branch": "B", "band": 2}}).score == 53


# ---- AKPS (4.4): sum of option weights from the clinic's form ---------------------------------


def synthetic_akps_form():
    # SYNTHETIC test form: option points are 0..max in steps, NOT the published Kujala weights.
    maxima = [5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 5]
    items = [
        {
            "wording": f"item {i}",
            "max_points": m,
            "options": [
                {"wording": "a", "points": m},
                {"wording": "b", "points": m // 2},
                {"wording": "c", "points": 0},
            ],
        }
        for i, m in enumerate(maxima, 1)
    ]
    return parse_form({"measure": "akps", "items": items}, "akps-test.json")


def test_akps_sums_chosen_option_points():
    form = synthetic_akps_form()
    # every item at its maximum (sum 100) except item 4 stairs 5 of 10 (-5) and item 6 running 0 of 10 (-10)
    # -> 100 - 5 - 10 = 85
    items = [5, 5, 5, 5, 5, 0, 10, 10, 10, 10, 10, 5, 5]
    assert score("akps", {"items": items}, form).score == 85


def test_akps_rejects_a_value_that_is_no_option_of_the_form():
    with pytest.raises(AnswersError, match=r"item 1 \(limp\): 4 is not one of the form's option points \(0, 2, 5\)"):
        parse_answers("akps", {"items": [4] + [0] * 12}, "a.json", synthetic_akps_form())


def test_akps_without_form_sums_the_points_and_says_weights_were_not_checked():
    # item maxima of 4.4: 5 5 5 10 5 10 10 10 10 10 10 5 5 (sum 100); answers all at maximum except
    # item 3 walking distance 2 of 5 (-3) and item 9 pain 4 of 10 (-6) -> 100 - 3 - 6 = 91
    items = [5, 5, 2, 10, 5, 10, 10, 10, 4, 10, 10, 5, 5]
    result = score("akps", {"items": items})
    assert result.score == 91 and result.max_score == 100 and result.complete
    assert result.weights_checked is False and "not checked against an official form" in result.interpretation


def test_akps_with_form_reports_weights_checked():
    items = [5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 5]
    result = score("akps", {"items": items}, synthetic_akps_form())
    assert result.score == 100 and result.weights_checked is True and "not checked" not in result.interpretation


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([6] + [0] * 12, r"item 1 \(limp\): 6 is out of range; this item scores 0-5 points"),
        ([0] * 12 + [5.5], r"item 13 \(knee bending deficit\): 5.5 is out of range; this item scores 0-5"),
        ([0] * 3 + [2.5] + [0] * 9, r"item 4 \(stairs\): 2.5 is not a whole number of points \(0-10\)"),
        ([0] * 5 + [-1] + [0] * 7, r"item 6 \(running\): -1 is out of range"),
    ],
)
def test_akps_without_form_checks_each_item_against_its_maximum(items, message):
    with pytest.raises(AnswersError, match=message):
        parse_answers("akps", {"items": items}, "a.json")


def test_unknown_top_level_key_is_refused_naming_it():
    with pytest.raises(AnswersError, match='a.json: unknown key "foo"') as err:
        parse_answers("lefs", {"items": [4] * 20, "foo": 1}, "a.json")
    assert err.value.item == "foo"


def test_documented_keys_are_read():
    answers = parse_answers(
        "lefs",
        {"items": [4] * 20, "date": "2026-03-02", "version": "1996", "language": "en", "completed_by": "runner"},
    )
    assert (answers.completed_on.isoformat(), answers.version, answers.language, answers.completed_by) == (
        "2026-03-02",
        "1996",
        "en",
        "runner",
    )
    with pytest.raises(AnswersError, match='"language": 3 must be a non-empty text'):
        parse_answers("lefs", {"items": [4] * 20, "language": 3})


# ---- FAAM (4.5): sum of answered / (answered x 4) x 100, >= 19/21 or >= 7/8 answered ----------


def test_faam_adl_all_answered():
    # 20 x 4 + 1 x 2 = 82 of 84 -> 82 / 84 x 100 = 97.619...
    result = score("faam-adl", {"items": [4] * 20 + [2]})
    assert result.score == pytest.approx(97.6190476, abs=1e-6)


def test_faam_adl_two_missing_is_scored_on_the_answered_items():
    # 19 answered: 18 x 3 + 1 x 1 = 55 of 76 -> 55 / 76 x 100 = 72.368...
    items = [3] * 18 + [1, None, None]
    items.insert(5, items.pop())  # a missing item in the middle of the form as well
    result = score("faam-adl", {"items": items})
    assert result.complete and result.score == pytest.approx(72.3684211, abs=1e-6)
    assert len(result.missing_items) == 2


def test_faam_adl_three_missing_is_incomplete():
    result = score("faam-adl", {"items": [4] * 18 + [None] * 3})
    assert result.score is None and not result.complete and "18 of 21" in result.interpretation


def test_faam_sports_one_na_is_scored_two_is_incomplete():
    # 7 answered: 4+4+3+3+2+2+1 = 19 of 28 -> 67.857...
    assert score("faam-sports", {"items": [4, 4, 3, 3, 2, 2, 1, None]}).score == pytest.approx(67.8571429, abs=1e-6)
    assert score("faam-sports", {"items": [4, 4, 3, 3, 2, 2, None, None]}).score is None


# ---- NPRS (4.7) and PSFS (4.8) -----------------------------------------------------------


def test_nprs_is_the_rating_with_its_pain_monitoring_zone():
    assert (score("nprs", {"items": [2]}).score, score("nprs", {"items": [2]}).band) == (2, "green")
    assert score("nprs", {"items": [5]}).band == "amber"
    assert score("nprs", {"items": [6]}).band == "red"
    with pytest.raises(AnswersError, match="11 is out of range"):
        parse_answers("nprs", {"items": [11]})


def test_psfs_is_the_mean_of_three_to_five_activities():
    assert score("psfs", {"items": [3, 5, 4]}).score == 4  # (3 + 5 + 4) / 3 = 4
    assert score("psfs", {"items": [2, 5, 6, 8, 9]}).score == 6  # 30 / 5 = 6
    assert score("psfs", {"items": [3, 4, 4]}).score == pytest.approx(11 / 3)
    with pytest.raises(AnswersError, match="3-5 activities; got 2"):
        parse_answers("psfs", {"items": [3, 4]})
    with pytest.raises(AnswersError, match="got 6"):
        parse_answers("psfs", {"items": [3, 4, 5, 6, 7, 8]})


# ---- PHQ-2/9 and GAD-2/7 (8.1) -------------------------------------------------------------


def test_phq2_three_is_positive_and_asks_for_phq9():
    result = score("phq-2", {"items": [1, 2]})
    assert result.score == 3 and result.positive_screen and result.follow_up_measure == "phq-9"
    assert score("phq-2", {"items": [1, 1]}).positive_screen is False


@pytest.mark.parametrize(
    ("total_items", "band"),
    [
        ([0] * 9, "minimal"),
        ([1] * 4 + [0] * 5, "minimal"),
        ([1] * 5 + [0] * 4, "mild"),
        ([2] * 5 + [0] * 4, "moderate"),
        ([3] * 5 + [0] * 4, "moderately_severe"),
        ([3] * 7 + [0] * 2, "severe"),
    ],
)
def test_phq9_bands(total_items, band):
    # totals 0, 4, 5, 10, 15, 21 -> bands 0-4 / 5-9 / 10-14 / 15-19 / 20-27
    assert score("phq-9", {"items": total_items}).band == band


def test_phq9_item9_above_zero_flags_self_harm_whatever_the_total():
    result = score("phq-9", {"items": [0] * 8 + [1]})
    assert result.score == 1 and result.band == "minimal" and result.self_harm is True
    assert "crisis" in result.interpretation
    assert score("phq-9", {"items": [3] * 8 + [0]}).self_harm is False


def test_phq9_self_harm_is_flagged_even_when_incomplete():
    result = score("phq-9", {"items": [None] * 8 + [2]})
    assert result.score is None and result.self_harm is True


def test_phq9_difficulty_question_is_stored_not_summed():
    answers = parse_answers("phq-9", {"items": [1] * 9, "difficulty": 3})
    assert answers.phq9_difficulty == 3 and score_answers(answers).score == 9


def test_gad2_and_gad7():
    assert score("gad-2", {"items": [2, 1]}).follow_up_measure == "gad-7"
    # 3+2+2+1+1+1+0 = 10 -> moderate, the >= 10 cut-point
    result = score("gad-7", {"items": [3, 2, 2, 1, 1, 1, 0]})
    assert (result.score, result.band, result.positive_screen) == (10, "moderate", True)
    assert score("gad-7", {"items": [3] * 7}).band == "severe"  # 21
    with pytest.raises(AnswersError, match=r"item 1 \(nervous/on edge\): 4 is out of range"):
        parse_answers("gad-7", {"items": [4, 0, 0, 0, 0, 0, 0]})


def test_result_to_dict_follows_the_cli_contract():
    out = score("phq-9", {"items": [0] * 8 + [1]}).to_dict()
    assert {k: out[k] for k in ("measure", "score", "max", "complete", "self_harm")} == {
        "measure": "phq-9",
        "score": 1,
        "max": 27,
        "complete": True,
        "self_harm": True,
    }
    assert "self_harm" not in score("gad-7", {"items": [0] * 7}).to_dict()
