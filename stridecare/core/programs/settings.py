"""Clinic-configurable boundaries of the progression and return-to-run rules.

Every number tagged `[H]` in REFERENCE.md must be a per-clinic parameter (0.1); the defaults below
are the reference's values. A clinic builds its own with ``dataclasses.replace(DEFAULT_SETTINGS, ...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Family = Literal["tendinopathy", "patellofemoral_group", "muscle_strain", "bone_stress"]
ProgressionRule = Literal["pain_monitoring", "state_machine"]


@dataclass(frozen=True, slots=True)
class PainCeiling:
    """Acceptable pain during loading for one condition family (table 0.6)."""

    family: Family
    ceiling_during: int
    settle_by: str
    evidence: str


PAIN_CEILINGS: dict[str, PainCeiling] = {
    "tendinopathy": PainCeiling(
        "tendinopathy",
        5,
        "next morning; morning pain/stiffness must not rise week on week",
        "[V:R23] for Achilles (pain-monitoring model, 4.7); extension to other tendons and plantar heel pain [K]",
    ),
    "patellofemoral_group": PainCeiling("patellofemoral_group", 3, "within 24 h", "[H]"),
    "muscle_strain": PainCeiling(
        "muscle_strain", 2, "same day", "[H] (strain protocols generally progress when pain-free [K])"
    ),
    "bone_stress": PainCeiling("bone_stress", 1, "immediately", "[K] (0-1/10, pain-free)"),
}

CONDITION_FAMILY: dict[str, Family] = {  # table 0.6 rows
    "achilles_midportion": "tendinopathy",
    "achilles_insertional": "tendinopathy",
    "patellar_tendinopathy": "tendinopathy",
    "gluteal_tendinopathy": "tendinopathy",
    "proximal_hamstring_tendinopathy": "tendinopathy",
    "plantar_heel_pain": "tendinopathy",
    "pfp": "patellofemoral_group",
    "itbs": "patellofemoral_group",
    "mtss": "patellofemoral_group",
    "lbp_nonspecific": "patellofemoral_group",
    "hamstring_strain": "muscle_strain",
    "calf_strain": "muscle_strain",
    "bsi": "bone_stress",
}
CONDITION_IDS: tuple[str, ...] = tuple(CONDITION_FAMILY)


@dataclass(frozen=True, slots=True)
class ProgressionSettings:
    """Boundaries of 4.7 (pain-monitoring model), 0.5 (state machine), 0.6 (ceilings) and 7.2 (walk-run)."""

    # 4.7 zones during activity: green 0..green_max, amber ..amber_max, red above [H]
    green_max_during: int = 2
    amber_max_during: int = 5
    # 4.7: next-morning pain above baseline (delta > this) reduces [V:R23]
    pain_monitoring_morning_delta_max: int = 0
    # 0.5: REGRESS when next-morning delta >= this [H]
    regress_morning_delta: int = 2
    # 0.5: PROGRESS needs next-morning delta <= 0 for this many last sessions [H]
    progress_sessions_required: int = 2
    regress_step: str = "drop 1 level or -20% load/volume"
    progress_step: str = "next level or +5-10% load"
    # 0.6 ceilings per family; a clinic may override one family
    ceiling_overrides: dict[str, int] = field(default_factory=dict)
    # 7.2: each stage completed successfully at least this many times before moving on [V:W15]
    walk_run_successes_to_advance: int = 2
    # 7.2: extra rest days after a failed (painful) session, then back one stage [H]
    walk_run_extra_rest_days: int = 1
    # 7.2: a clinic may set its own walk-run ceiling (the MTSS trial used <= 4/10 [V:R40 via W14]) [H]
    walk_run_ceiling_override: int | None = None
    # 5.3 planning guard: next run <= this x longest run in the previous 30 days [derived from V:R01]
    spike_guard_ratio: float = 1.10
    spike_window_days: int = 30
    # 5.3: cap for the first run after >= 30 days off [H]
    no_reference_cap_km: float = 3.0
    # 7.3: weekly increases kept modest (<= 10-20%) [H]
    weekly_increase_max_pct: float = 20.0

    def ceiling_for(self, condition: str) -> int:
        """Pain ceiling during loading for a condition id (0.6), with the clinic's override."""
        family = family_for(condition)
        return self.ceiling_overrides.get(family, PAIN_CEILINGS[family].ceiling_during)


DEFAULT_SETTINGS = ProgressionSettings()


def family_for(condition: str) -> Family:
    """The 0.6 family of a condition id of section 1; raises KeyError naming the known ids."""
    try:
        return CONDITION_FAMILY[condition]
    except KeyError:
        raise KeyError(f"unknown condition {condition!r}; one of {', '.join(CONDITION_IDS)}") from None


def progression_rule_for(condition: str) -> ProgressionRule:
    """Tendinopathies and plantar heel pain use the pain-monitoring model of 4.7; others the 0.5 state machine."""
    return "pain_monitoring" if family_for(condition) == "tendinopathy" else "state_machine"
