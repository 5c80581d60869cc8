"""Return-to-running entry criteria (REFERENCE.md 7.1), single-leg squat scoring (7.4) and the LSI.

The therapist fills the checklist; the runner may self-test where safe (hop test, single-leg squat,
balance). A criterion left unanswered is never treated as met (0.2 rule 4: fail safe).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from stridecare.core.programs.settings import family_for

CriterionStatus = Literal["met", "not_met", "not_answered", "not_applicable"]


@dataclass(frozen=True, slots=True)
class RtrCriterion:
    id: str
    criterion: str
    threshold: str
    threshold_bsi: str | None
    source: str
    self_testable: bool
    applies_to: tuple[str, ...] | None = None  # None: every condition; "bsi_high" = high-risk BSI only


RTR_CRITERIA: tuple[RtrCriterion, ...] = (
    RtrCriterion("RTR-01", "no active red flag", "none fired or all cleared by clinician", None, "section 2", False),
    RtrCriterion("RTR-02", "pain at rest and in daily life", "0-1/10", "0/10", "[H]", False),
    RtrCriterion(
        "RTR-03",
        "brisk walking",
        "30 min without pain or limp",
        "30-45 min without pain or limp",
        "[V:W11, W13, R69]",
        False,
    ),
    RtrCriterion("RTR-04", "bony tenderness", "none on palpation", None, "[V:R69]", False, ("bsi", "mtss")),
    RtrCriterion("RTR-05", "imaging", "healing confirmed by physician", None, "[V:R69]", False, ("bsi_high",)),
    RtrCriterion(
        "RTR-06",
        "single-leg squat",
        "10 reps each side, pain <= 2/10, knee over foot, level pelvis",
        None,
        "[V:W11] + [H]",
        True,
    ),
    RtrCriterion(
        "RTR-07",
        "single-leg balance",
        "30 s eyes open, firm surface, each side, no touch-down (clinic may require >= 20 s [V:W34])",
        None,
        "[H]",
        True,
    ),
    RtrCriterion(
        "RTR-08",
        "single-leg heel raises",
        ">= 20 reps involved side (target 25) and >= 90% of the other side",
        None,
        "[V:W02] + [H]",
        False,
    ),
    RtrCriterion(
        "RTR-09",
        "hop pain test",
        "10-20 single-leg hops in place each side, pain <= 2/10",
        "0/10",
        "[V:W12] + [H]",
        True,
    ),
    RtrCriterion(
        "RTR-10", "condition-specific", "see the RTR line of the condition (section 1)", None, "section 1", False
    ),
)


@dataclass(frozen=True, slots=True)
class RtrItemResult:
    criterion: RtrCriterion
    threshold: str
    status: CriterionStatus


@dataclass(frozen=True, slots=True)
class RtrChecklist:
    condition: str
    items: tuple[RtrItemResult, ...]

    @property
    def ready(self) -> bool:
        """All applicable criteria met (7.1: all must be met)."""
        return all(i.status in ("met", "not_applicable") for i in self.items)

    @property
    def needs_review(self) -> tuple[str, ...]:
        return tuple(i.criterion.id for i in self.items if i.status == "not_answered")


def evaluate_rtr(condition: str, answers: Mapping[str, bool | None], bsi_high_risk: bool = False) -> RtrChecklist:
    """Evaluate the 7.1 checklist for a condition: ``answers`` maps criterion id -> met (True/False/None)."""
    is_bsi = family_for(condition) == "bone_stress"
    results = []
    for c in RTR_CRITERIA:
        applies = (
            c.applies_to is None
            or condition in c.applies_to
            or ("bsi_high" in c.applies_to and is_bsi and bsi_high_risk)
        )
        threshold = c.threshold_bsi if is_bsi and c.threshold_bsi else c.threshold
        value = answers.get(c.id)
        status: CriterionStatus = (
            "not_applicable" if not applies else "not_answered" if value is None else "met" if value else "not_met"
        )
        results.append(RtrItemResult(c, threshold, status))
    return RtrChecklist(condition, tuple(results))


# The single-leg squat of 7.4 is scored by one function for the evaluation and for this checklist:
# stridecare.core.care.evaluation.score_single_leg_squat (items SQUAT_ITEMS, the clinic's limits).


def limb_symmetry_index(involved: float, uninvolved: float, timed: bool = False) -> float:
    """Limb symmetry index in % (7.1 [K]); for timed tests (lower is better) the ratio is inverted."""
    if involved <= 0 or uninvolved <= 0:
        raise ValueError("both sides need a positive result to compute a limb symmetry index")
    return (uninvolved / involved if timed else involved / uninvolved) * 100.0
