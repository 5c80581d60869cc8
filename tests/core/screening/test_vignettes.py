"""Case vignettes written from REFERENCE.md v1.1 (vignettes/cases.yaml, one answers file each).

Each case states the expected urgency, the exact set of fired red flags, the top-3 conditions in
order and whether clinician review is needed, with a note naming the reference section it comes
from. The expectations were written from the reference before the scoring was tuned.
"""

import json
import pathlib

import pytest
import yaml

from stridecare.core.screening import screen
from stridecare.core.screening.rules import CONDITION_CODES, urgency_rank

VIGNETTES = pathlib.Path(__file__).resolve().parent / "vignettes"
CASES = yaml.safe_load((VIGNETTES / "cases.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["file"].removesuffix(".json") for c in CASES])
def test_vignette(case: dict) -> None:
    result = screen(json.loads((VIGNETTES / case["file"]).read_text(encoding="utf-8")))
    assert result.urgency == case["urgency"], case["note"]
    assert sorted(f.id for f in result.red_flags) == sorted(case["red_flags"]), case["note"]
    assert [m.code for m in result.conditions[:3]] == case["top3"], case["note"]
    assert result.needs_review is case["needs_review"], (case["note"], result.review_reasons)


def test_there_are_at_least_40_vignettes_each_with_a_source_note() -> None:
    assert len(CASES) >= 40
    assert all(c["note"].strip() for c in CASES)
    assert len({c["file"] for c in CASES}) == len(CASES) == len(list(VIGNETTES.glob("*.json")))


def test_every_red_flag_rule_has_a_vignette() -> None:
    fired = {rule for c in CASES for rule in c["red_flags"]}
    assert fired == {f"RF-{n:02d}" for n in range(1, 22)}


def test_every_condition_leads_some_vignette() -> None:
    assert {c["top3"][0] for c in CASES if c["top3"]} == CONDITION_CODES


def test_every_red_flag_vignette_reaches_at_least_its_rules_urgency() -> None:
    # No misses: a vignette's result is never less urgent than any rule it fires.
    for case in CASES:
        result = screen(json.loads((VIGNETTES / case["file"]).read_text(encoding="utf-8")))
        for flag in result.red_flags:
            assert urgency_rank(result.urgency) >= urgency_rank(flag.urgency), (case["file"], flag.id)


def test_red_flag_results_stop_running_when_urgent() -> None:
    urgent = [c for c in CASES if c["urgency"] in ("emergency", "same_day")]
    assert len(urgent) >= 15
    for case in urgent:
        result = screen(json.loads((VIGNETTES / case["file"]).read_text(encoding="utf-8")))
        assert result.is_running_stopped, case["file"]
