"""Objects of the first clinic's runner for the URL access walk (tests/accounts/test_access_rules.py).
Object kwargs: planned_run_id, plan_week_id."""

from __future__ import annotations


def access_values(world) -> dict:
    from stridecare.planning.models import PlanRunRow, PlanWeekRow, TrainingPlan

    plan = TrainingPlan.objects.create(runner=world.runner, goal_distance_m=10000, days_per_week=3)
    week = PlanWeekRow.objects.create(
        plan=plan, week_start="2030-01-07", kind="locked", reason="r", source="s", locked=True
    )
    run = PlanRunRow.objects.create(week=week, on="2030-01-08", kind="easy", distance_m=5000, reason="r", source="s")
    return {"planned_run_id": run.pk, "plan_week_id": week.pk, "token": plan.feed_token}
