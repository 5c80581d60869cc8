"""Runs, the load dashboard and shoes, for the runner and (read-only) for their therapist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from stridecare.accounts.access import AuthedRequest, get_runner_or_404, role_required
from stridecare.audit.trail import record
from stridecare.core.errors import InputError
from stridecare.core.load import LoadSettings, week_start
from stridecare.core.models import RUNNING_SPORTS
from stridecare.core.units import format_pace, metres_per_unit
from stridecare.mydata.zones import hidden_track
from stridecare.web.charts import bar_chart, line_chart, route_svg

from . import imports
from .forms import ActivityNoteForm, LoadSettingsForm, ShoeForm
from .models import (
    RECENT_FINDINGS_DAYS,
    RIDE_SPORTS,
    Activity,
    ActivityFile,
    ClinicLoadSettings,
    LoadFinding,
    LoadSnapshot,
    Shoe,
    WeekTotal,
)
from .running_status import running_hold
from .weeks import runner_today

PERIODS = (12, 26, 52)


def _subject(request: AuthedRequest, runner_id: int | None):
    """The runner whose records are shown: oneself, or (for a therapist) one of the clinic's runners."""
    return request.user if runner_id is None else get_runner_or_404(request.user, runner_id)


DASHBOARD_CACHE_S = 6 * 3600  # a kept dashboard body; its key changes with every new load snapshot


def _links(request: AuthedRequest, runner) -> dict:
    """URL names for the runner's own pages or the therapist's view of them."""
    return {"own": runner == request.user, "runner": runner, "units": request.user.units}


@role_required("runner")
def upload(request: AuthedRequest) -> HttpResponse:
    """GET: the drag-and-drop page. POST: one file (the page sends each file on its own)."""
    if request.method == "POST":
        upload_file = request.FILES.get("file")
        if upload_file is None:
            refusal = getattr(request, "upload_refusal", None)  # stopped past the limit (web/uploads.py)
            return JsonResponse({"error": refusal or "No file was received."}, status=413 if refusal else 400)
        try:
            stored = imports.store_upload(request.user, upload_file)
        except imports.UploadError as err:
            return JsonResponse({"file": upload_file.name, "error": str(err)}, status=400)
        return JsonResponse(
            {
                "file": stored.original_name,
                "file_id": stored.pk,
                "status_url": reverse("training:file_status", args=[stored.pk]),
                "progress_url": reverse("job_status", args=[stored.job_id]),
            }
        )
    files = ActivityFile.objects.filter(runner=request.user).select_related("job")[:20]
    return render(request, "training/upload.html", {"files": files, "accept": ",".join(imports.ACCEPTED_SUFFIXES)})


@role_required("runner")
def file_status(request: AuthedRequest, file_id: int) -> JsonResponse:
    stored = get_object_or_404(ActivityFile.objects.select_related("job"), pk=file_id, runner=request.user)
    job = stored.job
    return JsonResponse(
        {
            "file": stored.original_name,
            "status": stored.status,
            "status_label": stored.get_status_display(),
            "percent": 100
            if stored.status in {"imported", "duplicate", "failed"}
            else (job.progress_percent if job else 0),
            "error": stored.error,
            "done": stored.status in {"imported", "duplicate", "failed"},
            **(
                {
                    "recoverable_records": stored.recoverable_records,
                    "recover_url": reverse("training:file_recover", args=[stored.pk]),
                }
                if stored.status == "failed" and stored.recoverable_records
                else {}
            ),
        }
    )


@role_required("runner")
@require_POST
def file_recover(request: AuthedRequest, file_id: int) -> HttpResponse:
    """Import what an unfinished watch file holds, at the runner's request (the file was refused first)."""
    stored = get_object_or_404(ActivityFile, pk=file_id, runner=request.user)
    try:
        stored = imports.recover_file(stored)
    except imports.UploadError as err:
        messages.error(request, str(err))
    else:
        messages.success(
            request, f"{stored.original_name}: importing the {stored.recoverable_records:,} records it holds."
        )
    return redirect("training:upload")


# The run list's filter: runs (what the load engine counts), rides, and every other sport.
SPORT_KINDS = {"runs": "Runs", "rides": "Rides", "other": "Other sports", "all": "All"}


def _of_kind(activities, kind: str):
    if kind == "runs":
        return activities.filter(sport__in=RUNNING_SPORTS)
    if kind == "rides":
        return activities.filter(sport__in=RIDE_SPORTS)
    if kind == "other":
        return activities.exclude(sport__in=RUNNING_SPORTS | RIDE_SPORTS)
    return activities


def _counts_by_kind(activities) -> dict[str, int]:
    """Runs, rides, other sports and all, from one grouped count (served by the runner+sport index)."""
    by_sport = dict(activities.order_by().values_list("sport").annotate(n=Count("pk")))
    runs = sum(n for sport, n in by_sport.items() if sport in RUNNING_SPORTS)
    rides = sum(n for sport, n in by_sport.items() if sport in RIDE_SPORTS)
    total = sum(by_sport.values())
    return {"runs": runs, "rides": rides, "other": total - runs - rides, "all": total}


def _activity_list(request: AuthedRequest, runner_id: int | None = None) -> HttpResponse:
    """The runner's activities, newest first on every page, runs unless another kind is asked for."""
    runner = _subject(request, runner_id)
    kind = request.GET.get("sport", "runs")
    kind = kind if kind in SPORT_KINDS else "runs"
    activities = Activity.objects.filter(runner=runner)
    counts = _counts_by_kind(activities)
    record(request, "read", runner, record_type="activities")
    paginator = Paginator(_of_kind(activities, kind).order_by("-start_utc", "-pk"), 50)
    paginator.count = counts[kind]  # known already: no second count over every run
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "activities": page,
        "page": page,
        "kind": kind,
        "this_year": str(timezone.localdate().year),
        "kinds": [(k, label, counts[k]) for k, label in SPORT_KINDS.items()],
        **_links(request, runner),
    }
    return render(request, "training/activity_list.html", context)


def _activity_detail(request: AuthedRequest, activity_id: int, runner_id: int | None = None) -> HttpResponse:
    runner = _subject(request, runner_id)
    activity = get_object_or_404(Activity, pk=activity_id, runner=runner)
    form = None
    if runner == request.user:
        form = ActivityNoteForm(request.POST or None, instance=activity)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                form.save()
            imports.refresh_load(runner)
            messages.success(request, "Saved.")
            return redirect("training:activity", activity_id=activity.pk)
    findings = list(activity.findings.all())
    record(request, "read", runner, activity)
    context = {
        "activity": activity,
        "form": form,
        "charts": _activity_charts(activity, request.user.units),
        "findings": findings,
        "hold": running_hold(runner) if findings else None,
        **_links(request, runner),
    }
    return render(request, "training/activity_detail.html", context)


def _activity_charts(activity: Activity, units: str) -> dict[str, str]:
    s = activity.samples()
    if "distance_m" not in s:
        return {}
    per = metres_per_unit(units)
    x = s["distance_m"] / per
    where: dict[str, Any] = {"x_title": f"distance ({units})", "x_format": _plain_number}
    charts = {}
    if "speed_m_s" in s:
        speed = s["speed_m_s"].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            pace_s = per / speed
        pace_s[(speed < 0.5)] = float("nan")
        charts["Pace"] = line_chart(
            x,
            pace_s,
            label=f"Pace along the {activity.sport_label.lower()}",
            y_title=f"pace (min:s per {units})",
            invert=True,
            y_format=format_pace,
            y_steps=PACE_TICK_STEPS_S,
            readout=lambda d, p: f"around {d:.1f} {units}: {format_pace(p)} /{units}",
            **where,
        )
    if "hr_bpm" in s:
        charts["Heart rate"] = line_chart(
            x,
            s["hr_bpm"],
            label="Heart rate along the way",
            y_title="heart rate (beats/min)",
            color="#d9534f",
            readout=lambda d, v: f"around {d:.1f} {units}: {v:.0f} beats/min",
            **where,
        )
    if "altitude_m" in s:
        charts["Elevation"] = line_chart(
            x,
            s["altitude_m"],
            label="Elevation along the way",
            y_title="elevation (m)",
            color="#6f42c1",
            readout=lambda d, v: f"around {d:.1f} {units}: {v:.0f} m",
            **where,
        )
    if "cadence_spm" in s:
        charts["Cadence"] = line_chart(
            x,
            s["cadence_spm"],
            label="Cadence along the way",
            y_title="cadence (steps/min)",
            color="#2da44e",
            readout=lambda d, v: f"around {d:.1f} {units}: {v:.0f} steps/min",
            **where,
        )
    if "lat_deg" in s and "lon_deg" in s:
        # Privacy zones hide the track near the runner's places, for the runner and the therapist alike.
        charts["Route"] = route_svg(*hidden_track(activity.runner_id, s["lat_deg"], s["lon_deg"]))
    return {k: v for k, v in charts.items() if v}


PACE_TICK_STEPS_S = (5, 10, 15, 30, 60, 120, 300, 600)


def _plain_number(value: float) -> str:
    return f"{value:g}"


def _dashboard(request: AuthedRequest, runner_id: int | None = None) -> HttpResponse:
    """Weekly distance, the spike history, the load ratio and current findings, from precomputed rows;
    while running is on hold (running_status), the hold is the advice."""
    runner = _subject(request, runner_id)
    try:
        weeks_shown = int(request.GET.get("weeks", "12"))
    except ValueError:
        weeks_shown = 12
    weeks_shown = weeks_shown if weeks_shown in PERIODS else 12
    today = runner_today(runner)
    record(request, "read", runner, record_type="training load")
    snapshot = LoadSnapshot.objects.filter(runner=runner).first()
    if snapshot and runner_today(runner, snapshot.computed_at) < today:
        # Findings and the ratio are as of the last import: bring them up to today in the background.
        imports.schedule_refresh(runner)
    links = _links(request, runner)
    hold = running_hold(runner)
    page = {
        "weeks_shown": weeks_shown,
        "today": today,
        "jump_pct": imports.load_settings_for(runner).weekly_jump_pct,
        "snapshot": snapshot,
        "hold": hold,
        **links,
    }
    context = {
        **page,
        "periods": PERIODS,
        "body": _dashboard_body(request, runner, page),
        "has_runs": Activity.objects.filter(runner=runner).exists(),
        "shoes": Shoe.objects.filter(runner=runner, is_retired=False),
    }
    return render(request, "training/dashboard.html", context)


def _dashboard_body(request: HttpRequest, runner, page: dict) -> str:
    """The findings, charts and weeks of the dashboard: most of its cost (~84 findings and 52 week
    rows), so rendered once per load snapshot and kept in the cache. Every refresh_load writes a new
    snapshot (a new version), so a new import, an RPE change or new clinic thresholds make a new key; so do
    the day, the period, the viewer's side and units and whether running is on hold."""
    snapshot = page["snapshot"]
    key = None
    if snapshot is not None:
        parts = (
            runner.pk,
            snapshot.version,
            page["today"],
            page["weeks_shown"],
            page["own"],
        )
        key = "dashboard-body:" + ":".join(map(str, (*parts, page["units"], page["jump_pct"], bool(page["hold"]))))
        cached = cache.get(key)
        if cached is not None:
            return cached
    this_week = week_start(page["today"])
    weeks = [this_week - dt.timedelta(weeks=page["weeks_shown"] - 1 - i) for i in range(page["weeks_shown"])]
    by_week = {w.week_start: w for w in WeekTotal.objects.filter(runner=runner, week_start__gte=weeks[0])}
    findings = list(LoadFinding.objects.filter(runner=runner)[:100])
    recent = [f for f in findings if f.date >= page["today"] - dt.timedelta(days=RECENT_FINDINGS_DAYS)]
    body = render_to_string(
        "training/_dashboard_body.html",
        {
            **page,
            "this_week": this_week,
            "periods": PERIODS,
            "week_rows": [by_week[w] for w in reversed(weeks) if w in by_week],
            "chart": _weekly_chart(weeks, by_week, page["units"], page["jump_pct"]),
            "current": [f for f in recent if f.severity != "info"],
            "info": [f for f in recent if f.severity == "info"],
            "spikes": [f for f in findings if f.code.startswith("LF-01")][:20],
            "ratio": next((f for f in recent if f.code == "LF-06"), None),
            "ratio_chart": _ratio_chart(snapshot),
        },
        request,
    )
    if key is not None:
        cache.set(key, body, DASHBOARD_CACHE_S)
    return body


def _weekly_chart(weeks: list[dt.date], by_week: dict, units: str, jump_pct: float) -> str:
    """Weekly running distance, the current (last) week drawn as "so far"; red: more than the
    clinic's weekly jump above the week before (the same threshold as the weekly finding)."""
    per = metres_per_unit(units)
    values = [by_week[w].distance_m / per if w in by_week else 0.0 for w in weeks]
    jumps = [bool(by_week.get(w) and by_week[w].change_pct and by_week[w].change_pct > jump_pct) for w in weeks]
    details = [f"Week of {w.day} {w:%b}: {v:.1f} {units}" for w, v in zip(weeks, values, strict=True)]
    details[-1] = f"This week so far (since Mon {weeks[-1].day} {weeks[-1]:%b}): {values[-1]:.1f} {units}"
    return bar_chart(
        [f"{w.day} {w:%b}" for w in weeks],
        values,
        label=f"Running distance per week, in {units}",
        y_title=f"{units} per week",
        x_title="week starting Monday",
        details=details,
        highlight=jumps,
        so_far=True,
    )


def _ratio_chart(snapshot: LoadSnapshot | None) -> str:
    if not snapshot or snapshot.latest is None:
        return ""
    days = [snapshot.first_day + dt.timedelta(days=i) for i in range(len(snapshot.ratios))]
    xs = [(d - days[-1]).days / 7 for d in days]
    return line_chart(
        xs,
        [r if r is not None else float("nan") for r in snapshot.ratios],
        label="Last 7 days against your usual load, day by day",
        y_title="last 7 days / usual",
        x_title="weeks before today",
        y_format=lambda v: f"{v:.1f}",
        x_steps=(1, 2, 4, 8),
        x_format=lambda v: "today" if v == 0 else f"{-v:g}",
        color="#6f42c1",
        readout=lambda w, r: f"{-w:.0f} weeks ago: {r:.2f}" if round(-w) else f"this week: {r:.2f}",
    )


@role_required("therapist")
def needs_attention(request: AuthedRequest) -> HttpResponse:
    """Every runner of the clinic with what needs attention (crisis alerts, red flags, flare-ups,
    load, pain, outcomes, well-being, adherence), the runner with the most pressing item first."""
    from stridecare.inbox import caseload

    since = timezone.localdate() - dt.timedelta(days=RECENT_FINDINGS_DAYS)
    return render(
        request,
        "training/needs_attention.html",
        {"rows": caseload.by_runner(request.user), "since": since, "next": request.get_full_path()},
    )


@role_required("clinic_admin")
def load_settings(request: AuthedRequest) -> HttpResponse:
    """The clinic's load thresholds marked [H] in the reference (clinic defaults)."""
    row, _ = ClinicLoadSettings.objects.get_or_create(clinic=request.user.clinic)
    rows = LoadSettings.describe()
    form = LoadSettingsForm(rows, row.values, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            LoadSettings.from_dict(form.overrides())
        except InputError as err:
            form.add_error(None, str(err))
        else:
            row.values = form.overrides()
            row.save(update_fields=["values"])
            imports.refresh_clinic_later(request.user.clinic)
            messages.success(request, "Saved. Every runner's findings are being recomputed with the new thresholds.")
            return redirect("training:load_settings")
    fixed = [r for r in rows if "[H]" not in r["tag"]]
    return render(request, "training/load_settings.html", {"form": form, "fixed": fixed})


@role_required("runner")
def shoes(request: AuthedRequest) -> HttpResponse:
    form = ShoeForm(request.POST or None, units=request.user.units)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            shoe = form.save(commit=False)
            shoe.runner = request.user
            if shoe.is_default:
                Shoe.objects.filter(runner=request.user).update(is_default=False)
            shoe.save()
        messages.success(request, f"{shoe.name} added.")
        return redirect("training:shoes")
    pairs = [(shoe, shoe.distance_m()) for shoe in Shoe.objects.filter(runner=request.user)]
    return render(request, "training/shoes.html", {"form": form, "pairs": pairs, "units": request.user.units})


@role_required("runner")
def shoe_detail(request: AuthedRequest, shoe_id: int) -> HttpResponse:
    shoe = get_object_or_404(Shoe, pk=shoe_id, runner=request.user)
    form = ShoeForm(request.POST or None, instance=shoe, units=request.user.units)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if form.cleaned_data["is_default"]:
                Shoe.objects.filter(runner=request.user).exclude(pk=shoe.pk).update(is_default=False)
            form.save()
        messages.success(request, "Saved.")
        return redirect("training:shoe", shoe_id=shoe.pk)
    distance_m = shoe.distance_m()
    context = {
        "shoe": shoe,
        "form": form,
        "distance_m": distance_m,
        "reminder": shoe.reminder(distance_m),
        "activities": shoe.activities.all()[:50],
        "units": request.user.units,
    }
    return render(request, "training/shoe_detail.html", context)


@role_required("runner")
@require_POST
def shoe_retire(request: AuthedRequest, shoe_id: int) -> HttpResponse:
    shoe = get_object_or_404(Shoe, pk=shoe_id, runner=request.user)
    shoe.is_retired, shoe.is_default = True, False
    shoe.save(update_fields=["is_retired", "is_default"])
    messages.success(request, f"{shoe.name} retired.")
    return redirect("training:shoes")


# The same pages for the runner (their own records) and for their therapist (one runner of the clinic).
activity_list = role_required("runner")(_activity_list)
activity_detail = role_required("runner")(_activity_detail)
dashboard = role_required("runner")(_dashboard)
staff_activity_list = role_required("therapist")(_activity_list)
staff_activity_detail = role_required("therapist")(_activity_detail)
staff_dashboard = role_required("therapist")(_dashboard)
