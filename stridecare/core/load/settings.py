"""Load-engine thresholds (REFERENCE.md 5.3-5.6), each with its evidence tag.

Fields tagged ``[H]`` are clinic defaults: the app stores per-clinic overrides and passes them in.
The published spike bands of Frandsen 2025 (``[V:R01]``) are constants in :mod:`.spike`, not settings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

from stridecare.core.errors import InputError
from stridecare.core.fields import setting


def _f(default: Any, tag: str, doc: str) -> Any:
    return setting(default, tag=tag, doc=doc)


@dataclass(frozen=True, slots=True)
class LoadSettings:
    """Thresholds of the load flags; see :meth:`describe` for each field's tag and meaning."""

    spike_window_days: float = _f(
        30.0, "[V:R01] window; 30 x 24 h encoding [H]", "Days before a run searched for the longest run (5.3)."
    )
    weekly_jump_pct: float = _f(30.0, "[V:R02]", "Week-over-week distance increase above which LF-03 fires (5.2, 5.6).")
    return_first_run_cap_m: float = _f(
        3000.0, "[H] (cf. [V:R111])", "Suggested cap for the first run after >= 30 days off (5.3, LF-04)."
    )
    planning_guard_factor: float = _f(
        1.10, "derived from [V:R01]", "Longest recommended next run as a multiple of the 30-day longest run (LF-02)."
    )
    ewma_acute_days: int = _f(7, "[V:R08]", "EWMA acute time constant N, lambda = 2/(N+1) (5.4 d).")
    ewma_chronic_days: int = _f(28, "[V:R08]", "EWMA chronic time constant N (5.4 d).")
    ewma_warmup_days: int = _f(28, "[V:W17]", "Days of history before the EWMA ratio is shown (5.4 e).")
    ewma_caution_ratio: float = _f(1.5, "[H]", "Uncoupled EWMA ratio at which LF-06 shows an info note (5.4 e, 5.6).")
    ewma_load: Literal["distance_km", "duration_min"] = _f(
        "distance_km", "[H]", "Daily load unit of the EWMA series (5.4)."
    )
    monotony_warning: float = _f(2.0, "[K]", "Foster monotony above which LF-05 fires (5.5).")
    strain_baseline_weeks: int = _f(6, "[H]", "Weeks of the runner's own strain baseline (5.5).")
    strain_sd_factor: float = _f(1.0, "[H]", "Strain flag: above baseline mean + this many SD (5.5).")

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> LoadSettings:
        """Settings with a clinic's overrides; unknown names or non-numbers raise :class:`InputError`."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(f"unknown load setting(s): {', '.join(unknown)}")
        checked: dict[str, Any] = {}
        for name, value in values.items():
            if name == "ewma_load":
                if value not in ("distance_km", "duration_min"):
                    raise InputError(f"load setting ewma_load must be 'distance_km' or 'duration_min', not {value!r}")
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise InputError(f"load setting {name} must be a positive number, not {value!r}")
            checked[name] = value
        return cls(**checked)

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """One row per setting: name, default, evidence tag, meaning (for a clinic settings page)."""
        return [
            {"name": f.name, "default": f.default, "tag": f.metadata["tag"], "doc": f.metadata["doc"]}
            for f in dataclasses.fields(cls)
        ]
