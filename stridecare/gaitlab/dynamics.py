"""Watch running dynamics per run and their trends, with a finding for sustained left/right
ground-contact-time asymmetry (issue 9 item 7).

The asymmetry threshold is REFERENCE.md 6.4 ``gct_asymmetry_pct`` (abs(L - R) / ((L + R) / 2) x 100,
amber >= 5%, red >= 10%, [H]). A watch reports the left share of contact time, b = L / (L + R) x 100,
so the asymmetry is abs(4b - 200): 5% is a balance outside 48.75-51.25%, 10% outside 47.5-52.5%.
How many runs in a row make it "sustained" is not in the reference: a clinic default [H], the
setting GAIT_BALANCE_MIN_RUNS.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from stridecare.accounts.models import User
from stridecare.core.models import RUNNING_SPORTS
from stridecare.training.models import Activity

CHANNELS: tuple[tuple[str, str, str, int], ...] = (  # field, label, unit, decimals shown
    ("avg_gct_ms", "Ground contact time", "ms", 0),
    ("avg_gct_balance_left_pct", "Contact-time balance (left share)", "% left", 1),
    ("avg_vertical_oscillation_cm", "Vertical oscillation", "cm", 1),
    ("avg_vertical_ratio_pct", "Vertical ratio", "%", 1),
    ("avg_cadence_spm", "Cadence", "steps/min", 0),
    ("avg_step_length_m", "Step length", "m", 2),
)
DYNAMICS = tuple(c[0] for c in CHANNELS if c[0] != "avg_cadence_spm")
AMBER_ASYMMETRY_PCT = 5.0
RED_ASYMMETRY_PCT = 10.0
DEFAULT_MIN_RUNS = 3
THRESHOLD_SOURCE = "REFERENCE.md 6.4 gct_asymmetry_pct: amber >= 5%, red >= 10% [H] ([K]/[H])"
RUNS_SOURCE = "runs in a row: clinic default [H] (setting GAIT_BALANCE_MIN_RUNS); the reference gives no number"


def min_runs() -> int:
    return int(getattr(settings, "GAIT_BALANCE_MIN_RUNS", DEFAULT_MIN_RUNS))


def asymmetry_pct(balance_left_pct: float) -> float:
    """6.4 gct_asymmetry_pct from a watch's left share b: |L - R| / ((L + R) / 2) x 100 = |4b - 200|."""
    return abs(4.0 * balance_left_pct - 200.0)


@dataclass(frozen=True, slots=True)
class BalanceFinding:
    """Sustained contact-time asymmetry over the most recent runs with a balance value."""

    severity: str
    runs: int
    longer_side: str
    mean_balance_left_pct: float
    mean_asymmetry_pct: float
    first_date: dt.date
    last_date: dt.date

    @property
    def message(self) -> str:
        return (
            f"In each of your last {self.runs} runs with balance data, your {self.longer_side} foot stayed on the ground longer "
            f"(on average {self.mean_balance_left_pct:.1f}% left, an asymmetry of {self.mean_asymmetry_pct:.1f}%). "
            "Small asymmetries are normal; one that is new after an injury matters most. Mention it to your physical therapist."
        )


def running_activities(runner: User) -> list[Activity]:
    """The runner's runs that carry at least one running-dynamics channel, oldest first."""
    rows = Activity.objects.filter(runner=runner, sport__in=RUNNING_SPORTS).order_by("start_utc")
    return [a for a in rows if any(getattr(a, name) is not None for name in DYNAMICS)]


def balance_finding(activities: list[Activity], runs: int | None = None) -> BalanceFinding | None:
    """A finding when each of the last ``runs`` runs with a balance value is asymmetric (>= 5%) to the same side."""
    needed = runs or min_runs()
    recent = [a for a in activities if a.avg_gct_balance_left_pct is not None][-needed:]
    if len(recent) < needed:
        return None
    balances = [b for a in recent if (b := a.avg_gct_balance_left_pct) is not None]  # one per run
    asymmetries = [asymmetry_pct(b) for b in balances]
    sides = {"left" if b > 50 else "right" for b in balances}
    if min(asymmetries) < AMBER_ASYMMETRY_PCT or len(sides) != 1:
        return None
    severity = "red" if min(asymmetries) >= RED_ASYMMETRY_PCT else "amber"
    return BalanceFinding(
        severity,
        needed,
        sides.pop(),
        sum(balances) / needed,
        sum(asymmetries) / needed,
        recent[0].start_utc.date(),
        recent[-1].start_utc.date(),
    )
