"""Change between two scores of one measure, judged by the MCID/MDC rule of REFERENCE.md 4.0."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from stridecare.core.outcomes.measures import DEFAULT_OUTCOME_SETTINGS, OutcomeSettings, get_measure

Direction = Literal["improved", "worsened", "unchanged"]


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """``change`` = current - previous. ``meaningful`` is None where the reference gives no MCID."""

    measure: str
    previous_score: float
    current_score: float
    change: float
    direction: Direction
    meaningful: bool | None
    rule: str

    def to_dict(self) -> dict[str, object]:
        return {
            "change": self.change,
            "meaningful": self.meaningful,
            "previous_score": self.previous_score,
            "direction": self.direction,
            "change_rule": self.rule,
        }


def compare_scores(
    measure: str,
    previous_score: float,
    current_score: float,
    weeks_between: float | None = None,
    settings: OutcomeSettings = DEFAULT_OUTCOME_SETTINGS,
) -> ScoreChange:
    """Flag a change as meaningful only when it reaches the MCID **and** the MDC where both are given (4.0 [H]).

    VISA-A uses the 14-point MCID up to 12 weeks and 7 points beyond (4.2 [H] from [V:W41]); without
    ``weeks_between`` the stricter 14 applies. VISA-P needs a change > 13 points [V:R49]. NPRS: a decrease
    of >= 2 points or >= 30% counts as improvement (4.7 [H]); an increase needs the 2-point MCID.
    """
    spec = get_measure(measure, settings)
    rule = spec.change
    change = current_score - previous_score
    size = abs(change)
    if change == 0:
        direction: Direction = "unchanged"
    else:
        direction = "improved" if (change > 0) == spec.higher_is_better else "worsened"
    if rule.mcid_points is None:
        return ScoreChange(spec.measure, previous_score, current_score, change, direction, None, rule.evidence)
    mcid = rule.mcid_points
    note = rule.evidence
    if rule.late_after_weeks is not None and rule.mcid_late_points is not None:
        if weeks_between is not None and weeks_between > rule.late_after_weeks:
            mcid = rule.mcid_late_points
        note += f"; applied MCID {mcid:g} ({'weeks unknown, stricter value' if weeks_between is None else f'{weeks_between:.1f} weeks apart'})"
    reaches_mcid = size > mcid if rule.mcid_exclusive else size >= mcid
    if rule.mcid_relative_decrease_pct is not None and direction == "improved" and previous_score > 0:
        reaches_mcid = reaches_mcid or size / previous_score * 100 >= rule.mcid_relative_decrease_pct
    reaches_mdc = rule.mdc_points is None or size >= rule.mdc_points
    meaningful = change != 0 and reaches_mcid and reaches_mdc
    return ScoreChange(spec.measure, previous_score, current_score, change, direction, meaningful, note)
