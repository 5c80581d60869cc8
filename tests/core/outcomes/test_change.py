"""The meaningful-change rule of REFERENCE.md 4.0: >= MCID and >= MDC where the reference gives both."""

import pytest

from stridecare.core.outcomes.change import compare_scores
from stridecare.core.outcomes.measures import OutcomeSettings
from stridecare.core.outcomes.scoring import parse_answers, score_answers


@pytest.mark.parametrize(
    ("measure", "previous", "current", "meaningful"),
    [
        ("lefs", 40, 49, True),  # +9 reaches MCID 9 and MDC 9
        ("lefs", 40, 48, False),  # +8 misses both
        ("lefs", 60, 51, True),  # -9: a meaningful worsening
        ("faam-adl", 60.0, 68.0, True),  # +8 >= MCID 8 and >= MDC 5.7
        ("faam-adl", 60.0, 67.5, False),  # +7.5 < MCID 8
        ("faam-sports", 50.0, 60.0, False),  # +10 >= MCID 9 but < MDC 12.3: both are needed
        ("faam-sports", 50.0, 62.5, True),  # +12.5 >= 12.3
        ("visa-p", 50, 63, False),  # MCID is "> 13": +13 is not enough
        ("visa-p", 50, 64, True),
        ("akps", 70, 80, True),  # MCID 10, no MDC given
        ("akps", 70, 79, False),
        ("psfs", 4.0, 6.0, True),  # MCID about 2
        ("nprs", 6, 4, True),  # -2 points
        ("nprs", 3, 2, True),  # -1 point but -33% >= 30%
        ("nprs", 6, 5, False),  # -1 point, -17%
        ("nprs", 1, 2, False),  # +1: worsening needs the 2-point MCID
    ],
)
def test_meaningful_needs_mcid_and_mdc(measure, previous, current, meaningful):
    assert compare_scores(measure, previous, current).meaningful is meaningful


def test_direction_follows_whether_higher_is_better():
    assert compare_scores("lefs", 40, 50).direction == "improved"
    assert compare_scores("nprs", 6, 3).direction == "improved"
    assert compare_scores("phq-9", 6, 12).direction == "worsened"
    assert compare_scores("lefs", 40, 40).direction == "unchanged"


def test_visa_a_mcid_is_14_up_to_12_weeks_and_7_beyond():
    assert compare_scores("visa-a", 50, 60, weeks_between=8).meaningful is False  # 10 < 14
    assert compare_scores("visa-a", 50, 64, weeks_between=12).meaningful is True
    assert compare_scores("visa-a", 50, 58, weeks_between=24).meaningful is True  # 8 >= 7
    assert compare_scores("visa-a", 50, 58).meaningful is False  # weeks unknown: stricter 14


def test_screeners_without_an_mcid_leave_meaningful_unknown():
    change = compare_scores("phq-9", 12, 6)
    assert change.change == -6 and change.meaningful is None and "no MCID" in change.rule


def test_h_boundaries_are_clinic_settings():
    clinic = OutcomeSettings(akps_mcid=8, visa_a_mcid_early=12, faam_sports_min_answered=8)
    assert compare_scores("akps", 70, 78, settings=clinic).meaningful is True  # 8 >= clinic MCID 8
    assert compare_scores("akps", 70, 78).meaningful is False  # default 10
    assert compare_scores("visa-a", 50, 62, weeks_between=6, settings=clinic).meaningful is True
    one_na = parse_answers("faam-sports", {"items": [4] * 7 + [None]})
    assert score_answers(one_na).complete and not score_answers(one_na, clinic).complete
