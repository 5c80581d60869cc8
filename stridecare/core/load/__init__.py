"""Training-load engine (REFERENCE.md section 5): weekly totals, session spike, EWMA ratio, Foster.

Pure functions over :class:`LoadSession` records; the web app precomputes
:func:`weekly_summaries` rows and re-runs :func:`compute_findings` after each import.
"""

from stridecare.core.load.acwr import EwmaSeries, ewma, uncoupled_ewma_acwr
from stridecare.core.load.findings import compute_findings, staff_sentence
from stridecare.core.load.foster import FosterWeek, foster_week, srpe_load_au
from stridecare.core.load.sessions import (
    LoadSession,
    running_sessions,
    session_from_activity,
    sessions_from_activities,
    week_start,
)
from stridecare.core.load.settings import LoadSettings
from stridecare.core.load.spike import SpikeResult, classify_increase, planning_guard_m, session_spike
from stridecare.core.load.weekly import (
    DayTotal,
    daily_totals,
    nielsen_category,
    weekly_progression_pct,
    weekly_summaries,
)

__all__ = [
    "DayTotal",
    "EwmaSeries",
    "FosterWeek",
    "LoadSession",
    "LoadSettings",
    "SpikeResult",
    "classify_increase",
    "compute_findings",
    "staff_sentence",
    "daily_totals",
    "ewma",
    "foster_week",
    "nielsen_category",
    "planning_guard_m",
    "running_sessions",
    "session_from_activity",
    "session_spike",
    "sessions_from_activities",
    "srpe_load_au",
    "uncoupled_ewma_acwr",
    "week_start",
    "weekly_progression_pct",
    "weekly_summaries",
]
