"""Runs, the load dashboard and shoes, for the runner and (read-only) for their therapist."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from stridecare.accounts.access import get_runner_or_404, role_required, visible_runners
from stridecare.web.charts import bar_chart, line_chart, route_svg

from . import imports
from stridecare.core.errors import InputError
from stridecare.core.load import LoadSettings

from .forms import ActivityNoteForm, LoadSettingsForm, ShoeForm
from .models import CODE_PRIORITY, RECENT_FINDINGS_DAYS, Activity, ActivityFile, ClinicLoadSettings, LoadFinding, LoadSnapshot, Shoe, WeekTotal

PERIODS = (12, 26, 52)


def _subject(request: HttpRequest, runner_id: int | None):
    """The runner whose records are shown: oneself, or (for a therapist) one of the clinic's runners."""
    return request.user if runner_id is None else get_runner_or_404(request.user, runner_id)


def _links(request: HttpRequest, runner) -> dict:
    """URL names for the runner's own pages or the therapist's view of them."""
    return {"own": runner == request.user, "runner": runner, "units": request.user.units}


@role_required("runner")
def upload(request: HttpRequest) -> HttpResponse:
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
        return JsonResponse({"file": stored.original_name, "file_id": stored.pk, "status_url": reverse("training:file_status", args=[stored.pk])})
    files = ActivityFile.objects.filter(runner=request.user)[:20]
    return render(request, "training/upload.html", {"files": files, "accept": ",".join(imports.ACCEPTED_SUFFIXES)})


@role_required("runner")
def file_status(request: HttpRequest, file_id: int) -> JsonResponse:
    stored = get_object_or_404(ActivityFile.objects.select_related("job"), pk=file_id, runner=request.user)
    job = stored.job
    return JsonResponse({
        "file": stored.original_name, "status": stored.status, "status_label": stored.get_status_display(),
        "percent": 100 if stored.status in {"imported", "duplicate", "failed"} else (job.progress_percent if job else 0),
        "error": stored.error, "done": stored.status in {"imported", "duplicate", "failed"},
        **({"recoverable_records": stored.recoverable_records, "recover_url": reverse("training:file_recover", args=[stored.pk])}
           if stored.status == "failed" and stored.recoverable_records else {}),
    })


@role_required("runner")
@require_POST
def file_recover(request: HttpRequest, file_id: int) -> HttpResponse:
    """Import what an unfinished watch file holds, at the runner's request (the file was refused first)."""
    stored = get_object_or_404(ActivityFile, pk=file_id, runner=request.user)
    try:
        stored = imports.recover_file(stored)
    except imports.UploadError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, f"{stored.original_name}: importing the {stored.recoverable_records:,} records it holds.")
    return redirect("training:upload")


def _activity_list(request: HttpRequest, runner_id: int | None = None) -> HttpResponse:
    runner = _subject(request, runner_id)
    page = Paginator(Activity.objects.filter(runner=runner).defer("samples_npz"), 50).get_page(request.GET.get("page"))
    return render(request, "training/activity_list.html", {"activities": page, "page": page, **_links(request, runner)})


def _activity_detail(request: HttpRequest, activity_id: int, runner_id: int | None = None) -> HttpResponse:
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
    context = {"activity": activity, "form": form, "charts": _activity_charts(activity, request.user.units),
               "findings": activity.findings.all(), **_links(request, runner)}
    return render(request, "training/activity_detail.html", context)


def _activity_charts(activity: Activity, units: str) -> dict[str, str]:
    s = activity.samples()
    if "distance_m" not in s:
        return {}
    per = 1609.344 if units == "mi" else 1000.0
    x = s["distance_m"] / per
    x_label = f"distance ({units})"
    charts = {}
    if "speed_m_s" in s:
        speed = s["speed_m_s"].astype(float)
        with __import__("numpy").errstate(divide="ignore", invalid="ignore"):
            pace_min = per / speed / 60
        pace_min[(speed < 0.5)] = float("nan")
        charts["Pace"] = line_chart(x, pace_min, label=f"Pace (min/{units})", x_label=x_label, invert=True,
                                    y_format="{:.1f} min/" + units)
    if "hr_bpm" in s:
        charts["Heart rate"] = line_chart(x, s["hr_bpm"], label="Heart rate (bpm)", x_label=x_label, y_format="{:.0f} bpm", color="#d9534f")
    if "altitude_m" in s:
        charts["Elevation"] = line_chart(x, s["altitude_m"], label="Elevation (m)", x_label=x_label, y_format="{:.0f} m", color="#6f42c1")
    if "cadence_spm" in s:
        charts["Cadence"] = line_chart(x, s["cadence_spm"], label="Cadence (steps/min)", x_label=x_label, y_format="{:.0f} spm", color="#2da44e")
    if "lat_deg" in s and "lon_deg" in s:
        charts["Route"] = route_svg(s["lat_deg"], s["lon_deg"])
    return {k: v for k, v in charts.items() if v}


def _dashboard(request: HttpRequest, runner_id: int | None = None) -> HttpResponse:
    """Weekly distance, the spike history, the load ratio and current findings, from precomputed rows."""
    runner = _subject(request, runner_id)
    try:
        weeks_shown = int(request.GET.get("weeks", "12"))
    except ValueError:
        weeks_shown = 12
    weeks_shown = weeks_shown if weeks_shown in PERIODS else 12
    today = timezone.localdate()
    first_week = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks_shown - 1)
    totals = list(WeekTotal.objects.filter(runner=runner, week_start__gte=first_week))
    by_week = {w.week_start: w for w in totals}
    weeks = [first_week + dt.timedelta(weeks=i) for i in range(weeks_shown)]
    per = 1609.344 if request.user.units == "mi" else 1000.0
    values = [by_week[w].distance_m / per if w in by_week else 0.0 for w in weeks]
    jumps = [bool(by_week.get(w) and by_week[w].change_pct and by_week[w].change_pct > 30) for w in weeks]
    findings = list(LoadFinding.objects.filter(runner=runner).select_related("activity")[:100])
    recent = [f for f in findings if f.date >= today - dt.timedelta(days=RECENT_FINDINGS_DAYS)]
    spikes = [f for f in findings if f.code.startswith("LF-01")][:20]
    ratio = next((f for f in recent if f.code == "LF-06"), None)
    snapshot = LoadSnapshot.objects.filter(runner=runner).first()
    if snapshot and timezone.localdate(snapshot.computed_at) < today:
        # Findings and the ratio are as of the last import: bring them up to today in the background.
        imports.schedule_refresh(runner)
    ratio_chart = ""
    if snapshot and snapshot.latest is not None:
        days = [snapshot.first_day + dt.timedelta(days=i) for i in range(len(snapshot.ratios))]
        xs = [(d - days[-1]).days / 7 for d in days]
        ratio_chart = line_chart(xs, [r if r is not None else float("nan") for r in snapshot.ratios], label="Acute:chronic ratio (uncoupled EWMA)",
                                 x_label="weeks before today", y_format="{:.2f}", color="#6f42c1")
    context = {
        "weeks_shown": weeks_shown, "periods": PERIODS, "week_rows": [by_week[w] for w in reversed(weeks) if w in by_week][:weeks_shown],
        "chart": bar_chart([f"{w:%d %b}" for w in weeks], values, label=f"Weekly running distance ({request.user.units})", highlight=jumps,
                           value_format="{:.1f} " + request.user.units),
        "current": [f for f in recent if f.severity != "info"], "info": [f for f in recent if f.severity == "info"], "spikes": spikes, "ratio": ratio,
        "snapshot": snapshot, "ratio_chart": ratio_chart,
        "has_runs": Activity.objects.filter(runner=runner).exists(), "shoes": Shoe.objects.filter(runner=runner, is_retired=False),
        **_links(request, runner),
    }
    return render(request, "training/dashboard.html", context)


@role_required("therapist")
def needs_attention(request: HttpRequest) -> HttpResponse:
    """The clinic's runners ordered by their most serious recent load finding."""
    since = timezone.localdate() - dt.timedelta(days=RECENT_FINDINGS_DAYS)
    recent = LoadFinding.objects.filter(runner__in=visible_runners(request.user), date__gte=since).exclude(severity="info")
    by_runner: dict[int, list] = {}
    for finding in recent:
        by_runner.setdefault(finding.runner_id, []).append(finding)
    rows = [(runner, LoadFinding.most_serious(by_runner.get(runner.pk, []))) for runner in visible_runners(request.user)]
    rank = lambda f: (f.severity_rank, CODE_PRIORITY.get(f.code, 0), f.date.toordinal()) if f else (-1, 0, 0)  # noqa: E731
    rows.sort(key=lambda r: (tuple(-x for x in rank(r[1])), r[0].full_name))
    return render(request, "training/needs_attention.html", {"rows": rows, "since": since})


@role_required("clinic_admin")
def load_settings(request: HttpRequest) -> HttpResponse:
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
def shoes(request: HttpRequest) -> HttpResponse:
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
def shoe_detail(request: HttpRequest, shoe_id: int) -> HttpResponse:
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
    context = {"shoe": shoe, "form": form, "distance_m": distance_m, "reminder": shoe.reminder(distance_m),
               "activities": shoe.activities.defer("samples_npz")[:50], "units": request.user.units}
    return render(request, "training/shoe_detail.html", context)


@role_required("runner")
@require_POST
def shoe_retire(request: HttpRequest, shoe_id: int) -> HttpResponse:
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
