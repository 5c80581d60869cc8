"""Gait analysis pages for the runner (their own videos) and their therapist (one runner of the
clinic): upload, progress, report, private files, before/after comparison and watch dynamics; and
for the clinic admin, the clinic's [H] gait flag thresholds (REFERENCE.md 6.4)."""

from __future__ import annotations

import mimetypes
import pathlib
import re
from collections.abc import Callable, Iterator

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from stridecare.accounts.access import AuthedRequest, clinic_of, get_runner_or_404, role_required
from stridecare.accounts.models import User
from stridecare.audit.trail import record
from stridecare.core.gait.flag_settings import (
    BASELINE_RULES,
    FIXED_RULES,
    METRICS,
    REFERENCE_DEFAULTS,
    GaitFlagSettings,
    threshold_text,
)
from stridecare.core.gait.frames import comparability
from stridecare.gaitlab.strip import strip_rows
from stridecare.training.running_status import running_hold
from stridecare.web.charts import line_chart

from . import analysis as gait
from . import dynamics
from .forms import GaitFlagSettingsForm, VideoUploadForm
from .models import GaitAnalysis
from .reference import CAPTURE_ADVICE, CURVE_LABELS, SIDE_EVENTS, SOURCE, VIEW_WORDS
from .summary import runner_summary

RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
SOURCE_FILE = "video"
CHUNK = 64 * 1024


def _subject(request: AuthedRequest, runner_id: int | None) -> User:
    """The runner whose records are shown: oneself, or (for a therapist) one of the clinic's runners."""
    return request.user if runner_id is None else get_runner_or_404(request.user, runner_id)


def _analysis(request: AuthedRequest, analysis_id: int, runner_id: int | None) -> GaitAnalysis:
    runner = _subject(request, runner_id)
    return get_object_or_404(GaitAnalysis.objects.select_related("job", "runner"), pk=analysis_id, runner=runner)


def _url(name: str, own: bool, runner_id: int, *args: object) -> str:
    return reverse(f"gaitlab:{name}", args=args) if own else reverse(f"gaitlab:staff_{name}", args=(runner_id, *args))


def _links(request: HttpRequest, runner: User) -> dict:
    own = runner == request.user
    return {
        "own": own,
        "runner": runner,
        "list_url": _url("list", own, runner.pk),
        "upload_url": _url("upload", own, runner.pk),
        "dynamics_url": _url("dynamics", own, runner.pk),
    }


def _analysis_list(request: AuthedRequest, runner_id: int | None = None) -> HttpResponse:
    runner = _subject(request, runner_id)
    links = _links(request, runner)
    rows = [
        (a, _url("report", links["own"], runner.pk, a.pk))
        for a in GaitAnalysis.objects.filter(runner=runner).select_related("job")[:100]
    ]
    record(request, "read", runner, record_type="gait analyses")
    return render(request, "gaitlab/list.html", {"rows": rows, **links})


def _upload(request: AuthedRequest, runner_id: int | None = None) -> HttpResponse:
    """GET: capture advice and the form. POST: store the video untouched and queue its analysis."""
    runner = _subject(request, runner_id)
    links = _links(request, runner)
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = VideoUploadForm(request.POST, request.FILES) if request.method == "POST" else VideoUploadForm()
    if request.method == "POST":
        if refusal := getattr(request, "upload_refusal", None):  # the video was stopped past the limit (web/uploads.py)
            form.add_error("video", refusal)
        if form.is_valid():
            data = form.cleaned_data
            try:
                stored = gait.store_upload(
                    runner, data["video"], request.user, data["height_cm"], data["pose_model"], data["label"]
                )
            except gait.UploadError as err:
                form.add_error("video", str(err))
            else:
                record(request, "create", runner, stored)
                report_url = _url("report", links["own"], runner.pk, stored.pk)
                if wants_json:
                    return JsonResponse(
                        {
                            "file": stored.original_name,
                            "report_url": report_url,
                            "status_url": _url("status", links["own"], runner.pk, stored.pk),
                        }
                    )
                return redirect(report_url)
        if wants_json:
            errors = [str(e) for field in form.errors.values() for e in field]
            return JsonResponse({"error": " ".join(errors) or "The upload was not valid."}, status=400)
    context = {"form": form, "advice": CAPTURE_ADVICE, "max_mb": gait.max_upload_mb(), **links}
    return render(request, "gaitlab/upload.html", context, status=400 if form.errors else 200)


def _status(request: AuthedRequest, analysis_id: int, runner_id: int | None = None) -> JsonResponse:
    """Progress for the poll: status, percent done, attempts, and the message when it failed."""
    item = _analysis(request, analysis_id, runner_id)
    return JsonResponse({"id": item.pk, "file": item.original_name, **item.state()})


def _report(request: AuthedRequest, analysis_id: int, runner_id: int | None = None) -> HttpResponse:
    item = _analysis(request, analysis_id, runner_id)
    links = _links(request, item.runner)
    own, rid = links["own"], item.runner.pk
    context = {
        "item": item,
        "state": item.state(),
        "status_url": _url("status", own, rid, item.pk),
        "compare_url": _url("compare", own, rid, item.pk),
        **links,
    }
    if item.job and item.job.can_try_again and item.job.owner_id == request.user.pk:  # a crash, not the video: retry it
        context["retry_job"] = item.job
    if item.status == GaitAnalysis.Status.DONE and item.report:
        context.update(report_context(item, own))
        context["summary"] = runner_summary(item.report, context["findings"])
        hold = running_hold(item.runner)
        context["running_on_hold"] = hold is not None and hold.is_full_stop
    record(request, "read", item.runner, item)
    return render(request, "gaitlab/report.html", context)


# Frontal-plane hip control findings point to the library's hip abductor exercises (the muscle group
# the REFERENCE.md 1.1/1.2 protocols strengthen for the same pattern); other findings are cues only.
EXERCISE_TARGETS = {
    "pelvic_drop_deg": "hip_abductors",
    "knee_fppa_deg": "hip_abductors",
    "hip_adduction_peak_deg": "hip_abductors",
}


def with_exercises(findings: list[dict]) -> list[dict]:
    from stridecare.core.programs.library import search_exercises

    out = []
    for finding in findings:
        targets = {EXERCISE_TARGETS[m] for m in finding.get("metrics", []) if m in EXERCISE_TARGETS}
        exercises = [e for t in sorted(targets) for e in search_exercises(target=t)][:5]
        out.append({**finding, "exercises": [(e.id, e.name) for e in exercises]})
    return out


def report_context(item: GaitAnalysis, own: bool) -> dict:
    """Everything the report template shows, from the stored JSON report."""
    report = item.report or {}
    file_url = lambda name: _url("file", own, item.runner_id, item.pk, name)  # noqa: E731
    frames = []
    for side, events in sorted(item.outputs.get("key_frames", {}).items()):
        frames.append((side, [(label, file_url(events[key])) for key, label in SIDE_EVENTS if key in events]))
    overlay = item.outputs.get("overlay_video")
    findings = report.get("findings", []) + clinic_findings(item)
    return {
        "report": report,
        "view_label": VIEW_WORDS.get(str(report.get("view") or ""), str(report.get("view") or "").replace("_", " ")),
        "metric_rows": metric_rows(report.get("metrics", {}), gait.flag_settings_for(item.runner)),
        "frames": frames,
        "overlay_url": file_url(overlay) if overlay else "",
        "video_url": file_url(SOURCE_FILE) if item.video.name else "",
        "charts": curve_charts(report.get("angle_curves", {})),
        "findings": with_exercises(findings),
        "quality": report.get("quality", {}),
        "warnings": report.get("warnings", []),
        "strip": strip_rows(report),
        "capture_advice": report.get("capture_advice", []),
        "notes": item.outputs.get("notes", []),
        "ranges_source": SOURCE,
    }


def clinic_findings(item: GaitAnalysis) -> list[dict]:
    """The "top quartile of clinic data" arm of the 6.4 heel-ahead flag: this analysis against
    each of the clinic's runners' latest confident value (the analysed runner's own included)."""
    from stridecare.core.gait.findings import clinic_top_quartile

    metric = (item.report or {}).get("metrics", {}).get(QUARTILE_METRIC) or {}
    if metric.get("confidence") != "ok" or metric.get("value") is None or item.runner.clinic_id is None:
        return []
    finding = clinic_top_quartile(
        QUARTILE_METRIC, float(metric["value"]), gait.clinic_latest_values(item.runner.clinic_id, QUARTILE_METRIC)
    )
    return [finding.to_dict()] if finding else []


QUARTILE_METRIC = "heel_ahead_of_hip_norm"


def metric_rows(metrics: dict, flag_settings: GaitFlagSettings = REFERENCE_DEFAULTS) -> list[dict]:
    """One row per metric with its 6.4 typical values and flag rule (with ``flag_settings``' thresholds,
    the clinic's); low-confidence ones keep their reason."""
    order = list(METRICS) + sorted(set(metrics) - set(METRICS))
    rows = []
    for name in order:
        m = metrics.get(name)
        if not m or m.get("value") is None:
            continue
        info = METRICS.get(name)
        value = m["value"]
        labels = m.get("labels") or {}
        outside = bool(
            info
            and m.get("confidence") == "ok"
            and ((info.low is not None and value < info.low) or (info.high is not None and value > info.high))
        )
        rows.append(
            {
                "name": name,
                "label": info.label if info else name.replace("_", " "),
                "value": labels.get("value") or _fmt(value),
                "unit": m.get("unit", ""),
                "left": labels.get("left") or _fmt(m.get("left")),
                "right": labels.get("right") or _fmt(m.get("right")),
                "has_sides": "left" in m or "right" in m,
                "sided_low": m.get("sided_confidence") == "low",
                "sided_reason": m.get("sided_reason", ""),
                "asymmetry": _fmt(m.get("asymmetry_pct")),
                "variability": _fmt(m.get("variability_sd")),
                "n_strides": m.get("n_strides", 0),
                "is_low": m.get("confidence") == "low",
                "reason": m.get("reason", ""),
                "outside": outside,
                "typical": info.typical if info else "",
                "flag": info.flag_text(flag_settings) if info else "",
                "evidence": info.evidence if info else "",
                "source": m.get("source", SOURCE),
            }
        )
    return rows


def curve_charts(curves: dict) -> list[tuple[str, str]]:
    charts = []
    for side, joints in sorted(curves.items()):
        cycles = int((joints.get("n_cycles") or [0])[0] or 0)
        for joint, label in CURVE_LABELS.items():
            values = joints.get(joint)
            if not values:
                continue
            xs = [100 * i / (len(values) - 1) for i in range(len(values))]
            ys = [float("nan") if v is None else v for v in values]
            title = f"{side.capitalize()} {label.lower()}, mean of {cycles} cycle{'s' if cycles != 1 else ''}"
            svg = line_chart(
                xs,
                ys,
                label=title,
                y_title="angle (degrees)",
                x_title="% of gait cycle (initial contact to the next)",
                y_format=lambda v: f"{v:g}",
                readout=lambda x, y: f"{x:.0f}% of the cycle: {y:.0f} degrees",
                color="#ff8c00" if side == "left" else "#1e90ff",
            )
            if svg:
                charts.append((title, svg))
    return charts


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.1f}" if abs(value) >= 1 else f"{value:.2f}"


def _file(request: AuthedRequest, analysis_id: int, gait_file: str, runner_id: int | None = None) -> HttpResponseBase:
    """The uploaded video or a rendered file, only to those who may see the analysis."""
    item = _analysis(request, analysis_id, runner_id)
    if gait_file == SOURCE_FILE:
        name = item.video.name or None  # "" once removed by the runner's video retention choice
        content_type = gait.CONTENT_TYPES.get(pathlib.PurePosixPath(item.video.name).suffix.lower(), "")
    else:
        name = item.output_name(gait_file)
        content_type = mimetypes.guess_type(gait_file)[0] or ""
    if name is None or not default_storage.exists(name):
        raise Http404("Not found")
    # Once per viewing: a video player asks for many ranges, only the first starts at byte 0.
    if request.headers.get("Range", "bytes=0-").replace(" ", "").startswith("bytes=0-"):
        record(request, "read", item.runner, item, record_type=f"gait file {gait_file}")
    return ranged_file_response(request, name, content_type or "application/octet-stream")


def ranged_file_response(request: HttpRequest, name: str, content_type: str) -> HttpResponseBase:
    """The stored file with Range support (Safari plays videos only from servers that answer ranges)."""
    size = default_storage.size(name)
    match = RANGE.match(request.headers.get("Range", "").strip())
    if not match or not (match.group(1) or match.group(2)):
        response: HttpResponseBase = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    else:
        first, last = match.groups()
        start, end = (
            (int(first), min(int(last) if last else size - 1, size - 1))
            if first
            else (max(size - int(last), 0), size - 1)
        )
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = StreamingHttpResponse(_read_range(name, start, end), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


def _read_range(name: str, start: int, end: int) -> Iterator[bytes]:
    with default_storage.open(name, "rb") as handle:
        handle.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk


def _compare(request: AuthedRequest, analysis_id: int, runner_id: int | None = None) -> HttpResponse:
    """Two finished analyses of the same runner side by side (before/after retraining)."""
    item = _analysis(request, analysis_id, runner_id)
    links = _links(request, item.runner)
    own, rid = links["own"], item.runner.pk
    choices = GaitAnalysis.objects.filter(runner=item.runner, status=GaitAnalysis.Status.DONE).exclude(pk=item.pk)
    other = None
    if re.fullmatch(r"[0-9]{1,18}", request.GET.get("with", "")):  # ASCII digits only ("²".isdigit() is true)
        other = choices.filter(pk=int(request.GET["with"])).first()
        if other is None:
            raise Http404("Not found")
    context = {
        "item": item,
        "other": other,
        "choices": choices,
        "report_url": _url("report", own, rid, item.pk),
        **links,
    }
    if other is not None and item.report:
        before, after = sorted((item, other), key=lambda a: a.created_at)
        context.update(compare_context(before, after, own))
    record(request, "read", item.runner, item, record_type="gait comparison")
    return render(request, "gaitlab/compare.html", context)


def compare_context(before: GaitAnalysis, after: GaitAnalysis, own: bool) -> dict:
    thresholds = gait.flag_settings_for(before.runner)
    report_a, report_b = before.report or {}, after.report or {}
    rows_a = {r["name"]: r for r in metric_rows(report_a.get("metrics", {}), thresholds)}
    rows_b = {r["name"]: r for r in metric_rows(report_b.get("metrics", {}), thresholds)}
    names = [n for n in METRICS if n in rows_a or n in rows_b] + sorted((rows_a.keys() | rows_b.keys()) - set(METRICS))
    rows = []
    for name in names:
        a, b = rows_a.get(name), rows_b.get(name)
        shown = a or rows_b[name]  # every name is in one of them
        change = None
        if a and b and not a["is_low"] and not b["is_low"]:
            change = report_b["metrics"][name]["value"] - report_a["metrics"][name]["value"]
        baseline = None
        if change is not None:
            baseline = baseline_flag(name, report_a["metrics"][name]["value"], report_b["metrics"][name]["value"])
        rows.append(
            {
                "name": name,
                "label": shown["label"],
                "unit": shown["unit"],
                "before": a,
                "after": b,
                "change": "" if change is None else ("+" if change >= 0 else "") + _fmt(change),
                "noise": name == "knee_flex_ic_deg" and change is not None and abs(change) < 10,
                "baseline_flag": baseline,
            }
        )
    file_url = lambda a, name: _url("file", own, a.runner_id, a.pk, name)  # noqa: E731
    videos = [
        (
            a,
            file_url(a, a.outputs["overlay_video"]) if a.outputs.get("overlay_video") else "",
            _url("report", own, a.runner_id, a.pk),
        )
        for a in (before, after)
    ]
    return {
        "before": before,
        "after": after,
        "rows": rows,
        "videos": videos,
        "findings": [(a, (a.report or {}).get("findings", [])) for a in (before, after)],
        "comparability": comparability(report_a.get("capture") or {}, report_b.get("capture") or {}),
    }


def baseline_flag(name: str, baseline: float, later: float) -> dict | None:
    """The REFERENCE.md 6.4 flag against the runner's own baseline (the earlier analysis), for a
    metric that has one (BASELINE_RULES): the rise in percent, the rule and its evidence tag, or
    None when the later value is not at least ``rise_pct`` percent above a positive baseline.
    Call it only with two confident values."""
    rule = BASELINE_RULES.get(name)
    if rule is None or baseline <= 0:
        return None
    rise_pct = 100.0 * (later - baseline) / baseline
    if rise_pct < rule.rise_pct - 1e-9:  # tolerance: 0.20 -> 0.24 is +20% despite binary rounding
        return None
    return {
        "rise_pct": f"{rise_pct:.0f}",
        "severity": rule.severity,
        "rule": rule.rule,
        "evidence": rule.evidence,
        "source": rule.source,
    }


def _days_before_readout(decimals: int, unit: str) -> Callable[[float, float], str]:
    return lambda x, y: f"{-x:.0f} days before: {y:.{decimals}f} {unit}"


def _dynamics(request: AuthedRequest, runner_id: int | None = None) -> HttpResponse:
    """Watch running dynamics per run and as trends, with the sustained-asymmetry finding."""
    runner = _subject(request, runner_id)
    runs = dynamics.running_activities(runner)
    charts = []
    if len(runs) >= 2:
        last = runs[-1].start_utc
        xs = [(a.start_utc - last).total_seconds() / 86400 for a in runs]
        for name, label, unit, decimals in dynamics.CHANNELS:
            ys = [getattr(a, name) if getattr(a, name) is not None else float("nan") for a in runs]
            svg = line_chart(
                xs,
                ys,
                label=f"{label} ({unit}) per run",
                y_title=f"{label.lower()} ({unit})",
                x_title="days before the latest run",
                x_format=lambda v: f"{-v:g}",
                readout=_days_before_readout(decimals, unit),
            )
            if svg:
                charts.append((label, svg))
    rows = [
        (
            a,
            [
                "-" if getattr(a, name) is None else f"{getattr(a, name):.{decimals}f}"
                for name, _, _, decimals in dynamics.CHANNELS
            ],
            dynamics.asymmetry_pct(a.avg_gct_balance_left_pct) if a.avg_gct_balance_left_pct is not None else None,
        )
        for a in reversed(runs)
    ]
    context = {
        "runs": rows,
        "channels": dynamics.CHANNELS,
        "charts": charts,
        "finding": dynamics.balance_finding(runs),
        "min_runs": dynamics.min_runs(),
        "threshold_source": dynamics.THRESHOLD_SOURCE,
        "runs_source": dynamics.RUNS_SOURCE,
        "amber": dynamics.AMBER_ASYMMETRY_PCT,
        "red": dynamics.RED_ASYMMETRY_PCT,
        **_links(request, runner),
    }
    record(request, "read", runner, record_type="running dynamics")
    return render(request, "gaitlab/dynamics.html", context)


# The same pages for the runner (their own records) and for their therapist (one runner of the clinic).
analysis_list = role_required("runner")(_analysis_list)
upload = role_required("runner")(_upload)
report = role_required("runner")(_report)
status = role_required("runner")(_status)
media_file = role_required("runner")(_file)
compare = role_required("runner")(_compare)
running_dynamics = role_required("runner")(_dynamics)
staff_analysis_list = role_required("therapist")(_analysis_list)
staff_upload = role_required("therapist")(_upload)
staff_report = role_required("therapist")(_report)
staff_status = role_required("therapist")(_status)
staff_media_file = role_required("therapist")(_file)
staff_compare = role_required("therapist")(_compare)
staff_running_dynamics = role_required("therapist")(_dynamics)


@role_required("clinic_admin")
def gait_settings(request: AuthedRequest) -> HttpResponse:
    """The clinic's gait flag thresholds tagged [H] in REFERENCE.md 6.4, for videos analysed from now on."""
    clinic = clinic_of(request.user)
    current = gait.clinic_flag_settings(clinic.pk)
    if request.method == "POST" and "reset" in request.POST:
        gait.save_clinic_flag_settings(clinic, REFERENCE_DEFAULTS, request.user)
        messages.success(request, "Reset: videos analysed from now on use REFERENCE.md's default thresholds.")
        return redirect("gaitlab:gait_settings")
    form = GaitFlagSettingsForm(current, request.POST or None)
    if request.method == "POST" and form.is_valid():
        gait.save_clinic_flag_settings(clinic, form.settings(), request.user)
        messages.success(
            request,
            "Saved: videos analysed from now on use these thresholds; earlier reports keep the ones they were made with.",
        )
        return redirect("gaitlab:gait_settings")
    changed = [
        (row["label"], threshold_text(current, row["name"]))
        for row in GaitFlagSettings.describe()
        if not current.is_default(row["name"])
    ]
    context = {"form": form, "changed": changed, "fixed": FIXED_RULES}
    return render(request, "gaitlab/gait_settings.html", context, status=400 if form.errors else 200)
