"""RF-20's second clause (REFERENCE.md 2.2): "trend == worse for 2 consecutive weekly check-ins".

One answers file cannot show it, so the weekly check-in evaluates it from the runner's check-in
history (2.3 rule 1: red flags are evaluated on every weekly check-in)."""

from __future__ import annotations

from collections.abc import Sequence

TRENDS: tuple[str, ...] = ("improving", "static", "worse")  # 2.1 `trend`
RF20_RULE_ID = "RF-20"
RF20_CONSECUTIVE_WORSE = 2  # 2.2 RF-20: "for 2 consecutive weekly check-ins" [H]
RF20_EVIDENCE = "[H]"


def is_worse_in_consecutive_check_ins(trends_newest_first: Sequence[str | None]) -> bool:
    """Whether the latest ``RF20_CONSECUTIVE_WORSE`` weekly check-ins all answered ``worse`` (RF-20,
    REFERENCE.md 2.2). A check-in without an answer (None or "") breaks the run: unknown never
    counts as worse, and the rule's other clause and the clinician cover that case."""
    unknown = [t for t in trends_newest_first if t not in (None, "", *TRENDS)]
    if unknown:
        raise ValueError(f"unknown trend {unknown[0]!r}; expected one of {', '.join(TRENDS)}")
    latest = list(trends_newest_first[:RF20_CONSECUTIVE_WORSE])
    return len(latest) == RF20_CONSECUTIVE_WORSE and all(t == "worse" for t in latest)
