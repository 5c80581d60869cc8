"""Leave-one-out bound of the event detector (issue 17 item 2; the table: bench/gait_events_loo.py).

For every split the constants are chosen on the other trials only; on the trial left out, initial
contact and toe-off must each be within 20 ms mean (force-plate contacts, vertical GRF > 50 N).

The gaitmap walking sample does not meet it and is marked so (strict: the test says when it
starts to): its motion-capture contact comes with the heel marker still 9 mm above its stance
level and moving forward at 1.8 m/s, and its toe-off with the toe already moving at 1.8 m/s, so a
detector that times contact by the foot coming to rest on the ground finds stances ~145 ms shorter
(contact +67 ms, toe-off -77 ms, the same on every stride: a different definition, not noise).
"""

from __future__ import annotations

import pytest

from .loo import FORCE_TRIALS, GAITMAP, Split, leave_one_out, load_trials


@pytest.fixture(scope="module")
def splits() -> dict[str, Split]:
    return {s.left_out: s for s in leave_one_out(load_trials())}


@pytest.mark.parametrize(
    "trial",
    [
        *FORCE_TRIALS,
        pytest.param(GAITMAP, marks=pytest.mark.xfail(strict=True, reason="walking reference timed differently")),
    ],
)
def test_each_left_out_trial_is_within_20_ms(splits: dict[str, Split], trial: str) -> None:
    result = splits[trial].result
    assert result.missed == 0
    assert len(result.ic_ms) >= 3 and len(result.to_ms) >= 3
    assert result.ic_mean <= 20.0, result.ic_ms
    assert result.to_mean <= 20.0, result.to_ms


@pytest.mark.slow  # searches the event constants again for every left-out trial
def test_the_constants_are_chosen_without_the_left_out_trial(splits: dict[str, Split]) -> None:
    # each split's choice is the best worst-case over the other trials: recomputing it with the
    # left-out trial's errors changed must not change it (the left-out trial plays no part)
    from .loo import candidates, errors, load_trials

    trials = {t.name: t for t in load_trials()}
    grid = candidates()
    for name, split in splits.items():
        dev = [t for n, t in trials.items() if n != name]
        scores = [max(errors(t, cfg).worst for t in dev) for cfg in grid]
        assert grid[scores.index(min(scores))] == split.chosen
