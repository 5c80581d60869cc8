"""Numbers of the training plan, each with its evidence tag (REFERENCE.md 5.2, 5.3, 5.6, 7.3).

The single-session guard and the weekly cap come from the rules that already exist
(:class:`~stridecare.core.load.settings.LoadSettings` LF-02 and
:class:`~stridecare.core.programs.settings.ProgressionSettings` 7.3); they are read from there, not
restated. The reference gives no number for recovery weeks, the taper or how a week is shared out:
those are clinic defaults ``[H]`` (0.1: configurable, labelled "clinic default").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stridecare.core.load.settings import LoadSettings
from stridecare.core.programs.settings import DEFAULT_SETTINGS as PROGRESSION_DEFAULTS

GUARD_SOURCE = "REFERENCE.md 5.3 planning guard and 5.6 LF-02: no run longer than 1.10 x the longest run in the previous 30 days, planned runs counted as done (derived from [V:R01])"
WEEKLY_SOURCE = "REFERENCE.md 7.3: weekly increases kept modest (<= 20% clinic default [H]); 5.2 and 5.6 LF-03: above 30% is a weekly jump [V:R02]"
RECOVERY_SOURCE = "clinic default [H]: the reference gives no number for recovery weeks (0.1)"
TAPER_SOURCE = "clinic default [H]: the reference gives no number for a taper (0.1)"
RACE_SOURCE = "REFERENCE.md 5.3: the race is a run too, so it must not be a spike over the longest run of the 30 days before it [V:R01]"
INTENSITY_SOURCE = (
    "REFERENCE.md 7.3: strides, then tempo, then hills, one at a time, each after >= 2 weeks of tolerated volume [K]"
)
STRIDES_SOURCE = "REFERENCE.md 1.8 (strides 4-6 x 60-80 m) [K]; recovery between strides clinic default [H]"
TEMPO_SOURCE = "clinic default [H]: the reference gives no tempo dose (0.1)"
HOLD_SOURCE = "REFERENCE.md 5.3 and 7.3: after missed running the plan restarts from what was done, never catching up with a spike [V:R01]; hold week clinic default [H]"
PAIN_SOURCE = "REFERENCE.md 0.5: pain above the ceiling means regress (-20% load/volume) [H]; 5.6 LF-07 [V:R23]"
PAUSE_SOURCE = "REFERENCE.md 0.2.2 and 2.3: a red flag suspends prescribed exercise until a clinician clears it; 7.2 walk-run first"
NO_START_SOURCE = (
    "REFERENCE.md 5.3 no_reference and 5.6 LF-04: after 30 days without running, use the walk-run (section 7) [H]"
)


def _f(default, tag: str, doc: str):  # type: ignore[no-untyped-def]
    return field(default=default, metadata={"tag": tag, "doc": doc})


@dataclass(frozen=True, slots=True)
class PlanSettings:
    """Plan defaults. ``guard_factor``, ``window_days`` and ``weekly_increase_max_pct`` default to the
    existing load and progression rules so that a clinic's override there applies here too."""

    guard_factor: float = _f(LoadSettings().planning_guard_factor, "derived from [V:R01]", "LF-02 planning guard.")
    window_days: float = _f(LoadSettings().spike_window_days, "[V:R01]", "Days searched for the longest run (5.3).")
    weekly_increase_max_pct: float = _f(
        PROGRESSION_DEFAULTS.weekly_increase_max_pct, "[H]", "Largest weekly distance increase (7.3)."
    )
    weekly_jump_pct: float = _f(LoadSettings().weekly_jump_pct, "[V:R02]", "Weekly jump of LF-03 (5.2).")
    recovery_every_weeks: int = _f(4, "[H]", "Every n-th building week is a recovery week.")
    recovery_factor: float = _f(0.8, "[H]", "A recovery week's distance as a share of the week before.")
    taper_factors_long: tuple[float, ...] = _f((0.75, 0.6), "[H]", "Taper weeks before a race over 10 km.")
    taper_factors_short: tuple[float, ...] = _f((0.85, 0.7), "[H]", "Taper weeks before a race of 10 km or less.")
    long_run_share_max: float = _f(0.5, "[H]", "The long run is at most this share of the week.")
    min_run_m: float = _f(1000.0, "[H]", "Shorter planned runs become rest days.")
    intensity_after_weeks: int = _f(2, "[K]", "Weeks of tolerated volume before strides, and between steps (7.3).")
    pain_regress_factor: float = _f(0.8, "[H]", "A week after a worse pain report: -20% volume (0.5).")
    max_weeks: int = _f(52, "[H]", "Longest plan.")
    round_m: float = _f(100.0, "[H]", "Planned distances are rounded down to this (rounding up could cross the guard).")

    @property
    def weekly_factor(self) -> float:
        return 1.0 + self.weekly_increase_max_pct / 100.0
