"""Return-to-run checklist (7.1), single-leg squat scoring (7.4) and LSI."""

import pytest

from stridecare.core.care import SQUAT_ITEMS, score_single_leg_squat
from stridecare.core.programs.rtr import evaluate_rtr, limb_symmetry_index

ALL = {f"RTR-{i:02d}": True for i in range(1, 11)}


def test_all_met_is_ready_and_unanswered_needs_review():
    assert evaluate_rtr("pfp", ALL).ready
    partial = dict(ALL, **{"RTR-09": None})
    checklist = evaluate_rtr("pfp", partial)
    assert not checklist.ready and checklist.needs_review == ("RTR-09",)
    assert not evaluate_rtr("pfp", dict(ALL, **{"RTR-06": False})).ready


def test_condition_specific_criteria_and_bsi_thresholds():
    answers = {k: v for k, v in ALL.items() if k not in ("RTR-04", "RTR-05")}
    assert evaluate_rtr("pfp", answers).ready  # bony tenderness and imaging do not apply to pfp
    assert evaluate_rtr("mtss", answers).needs_review == ("RTR-04",)
    bsi = evaluate_rtr("bsi", dict(answers, **{"RTR-04": True}), bsi_high_risk=True)
    assert bsi.needs_review == ("RTR-05",)
    assert {i.criterion.id: i.threshold for i in bsi.items}["RTR-02"] == "0/10"


@pytest.mark.parametrize(
    ("faults", "pain", "passed"),
    [
        (0, 0, True),
        (1, 2, True),
        (2, 0, False),
        (1, 3, False),
        (5, 0, False),
    ],
)
def test_single_leg_squat_pass_rule(faults, pain, passed):
    items = {code: i < faults for i, (code, _label) in enumerate(SQUAT_ITEMS)}
    result = score_single_leg_squat(items, pain)  # the 7.4 defaults: at most 1 fault and pain <= 2/10
    assert (result.total, result.is_pass) == (faults, passed)


def test_limb_symmetry_index():
    assert limb_symmetry_index(90, 100) == pytest.approx(90.0)  # 90 / 100 x 100
    assert limb_symmetry_index(2.2, 2.0, timed=True) == pytest.approx(90.909, abs=1e-3)  # 2.0 / 2.2 x 100
