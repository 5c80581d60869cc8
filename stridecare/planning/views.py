"""Runner plan pages (goal, calendar, FIT workouts, calendar feed) and the therapist's view and edit."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from stridecare.accounts.access import AuthedRequest, get_runner_or_404, public, role_required
from stridecare.audit.trail import record
from stridecare.core.plan import Goal, StartingPoint
from stridecare.core.plan.fitworkout import planned_run_fit

from . import actions
from .calendar import plan_calendar, plan_to_ics
from .forms import GoalForm, IllnessForm, WeekEditForm
from .models import PlanRunRow, PlanWeekRow, TrainingPlan


def _own_plan(request: AuthedRequest) -> TrainingPlan | None:
    plan = TrainingPlan.objects.filter(runner=request.user).first()
    return actions.refresh_plan(plan) if plan else None


@role_required("runner")
def my_plan(request: AuthedRequest) -> HttpResponse:
    plan = _own_plan(request)
    if plan is None:
        return redirect("planning:goal")
    today = actions.runner_today(request.user)
    context = {"plan": plan, "today": today, "units": request.user.units, "own": True, "illness_form": IllnessForm()}
    context |= plan_calendar(plan, today)
    context["feed_url"] = settings.SITE_URL + reverse("planning:feed", args=[plan.feed_token])
    return render(request, "planning/plan.html", context)


@role_required("runner")
def goal(request: AuthedRequest) -> HttpResponse:
    plan = TrainingPlan.objects.filter(runner=request.user).first()
    today = actions.runner_today(request.user)
    form = GoalForm(request.POST or None, today=today, initial=_initial(plan))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        weekly = d["target_weekly_km"] * 1000 if d["target_weekly_km"] else None
        usual = StartingPoint(d["usual_week_km"] * 1000, d["usual_longest_km"] * 1000) if d["usual_week_km"] else None
        actions.set_goal(
            request.user, Goal(form.distance_m, d["race_on"], d["days_per_week"], d["long_run_weekday"], weekly), usual
        )
        return redirect("planning:mine")
    return render(request, "planning/goal.html", {"form": form, "plan": plan})


def _initial(plan: TrainingPlan | None) -> dict:
    if plan is None:
        return {}
    known = {5000.0, 10000.0, 21097.5, 42195.0}
    return {
        "distance": f"{plan.goal_distance_m:g}" if plan.goal_distance_m in known else "other",
        "other_km": None if plan.goal_distance_m in known else plan.goal_distance_m / 1000,
        "race_on": plan.race_on,
        "days_per_week": plan.days_per_week,
        "long_run_weekday": plan.long_run_weekday,
        "target_weekly_km": plan.target_weekly_m / 1000 if plan.target_weekly_m else None,
    }


@role_required("runner")
@require_POST
def illness(request: AuthedRequest) -> HttpResponse:
    plan = get_object_or_404(TrainingPlan, runner=request.user)
    form = IllnessForm(request.POST)
    if form.is_valid():
        actions.report_illness(plan, form.cleaned_data["first_day"], form.cleaned_data["last_day"])
        return redirect("planning:mine")
    today = actions.runner_today(request.user)
    context = {"plan": plan, "today": today, "units": request.user.units, "own": True, "illness_form": form}
    context |= plan_calendar(plan, today)
    context["feed_url"] = settings.SITE_URL + reverse("planning:feed", args=[plan.feed_token])
    return render(request, "planning/plan.html", context, status=400)


@role_required("runner")
def workout_fit(request: AuthedRequest, planned_run_id: int) -> HttpResponse:
    run = get_object_or_404(
        PlanRunRow.objects.select_related("week"), pk=planned_run_id, week__plan__runner=request.user
    )
    response = HttpResponse(planned_run_fit(run.to_core()), content_type="application/vnd.ant.fit")
    response["Content-Disposition"] = f'attachment; filename="stridecare-{run.on.isoformat()}-{run.kind}.fit"'
    return response


@public
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """Private calendar feed of the planned runs: the secret token in the link is the only key."""
    plan = get_object_or_404(TrainingPlan.objects.select_related("runner"), feed_token=token, runner__is_active=True)
    response = HttpResponse(plan_to_ics(plan), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@role_required("runner")
@require_POST
def reset_feed(request: AuthedRequest) -> HttpResponse:
    from stridecare.accounts.models import new_token

    plan = get_object_or_404(TrainingPlan, runner=request.user)
    plan.feed_token = new_token()
    plan.save(update_fields=["feed_token"])
    return redirect("planning:mine")


@role_required("therapist")
def staff_plan(request: AuthedRequest, runner_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    plan = TrainingPlan.objects.filter(runner=runner).first()
    context = {"runner": runner, "plan": plan, "units": runner.units, "own": False}
    record(request, "read", runner, plan, record_type="training plan")
    if plan is not None:
        actions.refresh_plan(plan)
        today = actions.runner_today(runner)
        context |= plan_calendar(plan, today) | {"today": today, "issues": actions.plan_issues(plan)}
    return render(request, "planning/staff_plan.html", context)


@role_required("therapist")
def staff_week(request: AuthedRequest, runner_id: int, plan_week_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    try:
        week = PlanWeekRow.objects.select_related("plan").get(pk=plan_week_id, plan__runner=runner)
    except PlanWeekRow.DoesNotExist:
        raise Http404("Not found") from None
    form = WeekEditForm(request.POST or None, week=week)
    if request.method == "POST" and form.is_valid():
        actions.edit_week(week, form.distances_m(), form.cleaned_data["lock"], request.user)
        record(request, "change", runner, week, record_type="training plan week")
        return redirect("planning:staff_plan", runner.pk)
    record(request, "read", runner, week, record_type="training plan week")
    return render(request, "planning/staff_week.html", {"runner": runner, "week": week, "form": form})


def week_dates(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(7)]
