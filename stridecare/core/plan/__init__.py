"""Training plans built from the runner's own history (issue 19): generate, check, adapt, FIT export.

Every planned run passes the single-session guard of REFERENCE.md 5.3 (LF-02, planned runs counted
as done), weekly changes stay in the 7.3 band, and each run carries its reason and source.
"""

from stridecare.core.plan.adapt import Illness, PainReport, adapt_plan
from stridecare.core.plan.check import PlanIssue, check_plan
from stridecare.core.plan.generate import Adjustments, generate_plan, needed_long_m
from stridecare.core.plan.models import Alternative, Goal, Plan, PlannedRun, PlanWeek, StartingPoint, Step
from stridecare.core.plan.settings import PlanSettings

__all__ = [
    "Adjustments",
    "Alternative",
    "Goal",
    "Illness",
    "PainReport",
    "Plan",
    "PlanIssue",
    "PlanSettings",
    "PlanWeek",
    "PlannedRun",
    "StartingPoint",
    "Step",
    "adapt_plan",
    "check_plan",
    "generate_plan",
    "needed_long_m",
]
