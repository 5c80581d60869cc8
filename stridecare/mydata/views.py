"""My data: privacy zones, video retention, exports, erasure and the report for a therapist (runner);
erasure requests, referral exports and the report a runner shares (clinic)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from stridecare.accounts.access import AuthedRequest, clinic_id_of, clinic_of, get_runner_or_404, role_required
from stridecare.audit.trail import record
from stridecare.training.models import ActivityFile

from . import erasure as erasure_actions
from . import export as export_actions
from . import handoff as handoff_actions
from . import retention as retention_actions
from .forms import DeleteAccountForm, HandoffSpanForm, PrivacyZoneForm, RetentionForm
from .models import DataExport, DataSettings, ErasureRequest, PrivacyZone


def _home_context(request: AuthedRequest, **forms) -> dict:
    runner = request.user
    settings_row = DataSettings.objects.filter(runner=runner).first() or DataSettings(runner=runner)
    return {
        "zones": PrivacyZone.objects.filter(runner=runner),
        "zone_form": forms.get("zone_form") or PrivacyZoneForm(),
        "retention_form": forms.get("retention_form") or RetentionForm(instance=settings_row),
        "exports": DataExport.objects.filter(runner=runner, requested_by=runner).select_related("job")[:5],
        "files": ActivityFile.objects.filter(runner=runner).exclude(file="")[:50],
        "erasure": ErasureRequest.objects.filter(runner=runner, status=ErasureRequest.Status.REQUESTED).first(),
        "delete_form": forms.get("delete_form") or DeleteAccountForm(runner),
        "export_hours": export_actions.hours_valid(),
    }


@role_required("runner")
def home(request: AuthedRequest) -> HttpResponse:
    return render(request, "mydata/home.html", _home_context(request))


@role_required("runner")
@require_POST
def zone_add(request: AuthedRequest) -> HttpResponse:
    form = PrivacyZoneForm(request.POST)
    if not form.is_valid():
        return render(request, "mydata/home.html", _home_context(request, zone_form=form), status=400)
    zone = PrivacyZone(runner=request.user, name=form.cleaned_data["name"])
    zone.place(form.cleaned_data["lat_deg"], form.cleaned_data["lon_deg"], form.cleaned_data["radius_m"])
    zone.save()
    messages.success(request, f"{zone.name}: routes near it are now hidden on every map, page and export.")
    return redirect("mydata:home")


@role_required("runner")
@require_POST
def zone_delete(request: AuthedRequest, zone_id: int) -> HttpResponse:
    zone = get_object_or_404(PrivacyZone, pk=zone_id, runner=request.user)
    zone.delete()
    messages.success(request, f"{zone.name} removed: routes near it show again.")
    return redirect("mydata:home")


@role_required("runner")
@require_POST
def retention(request: AuthedRequest) -> HttpResponse:
    row = DataSettings.objects.filter(runner=request.user).first() or DataSettings(runner=request.user)
    form = RetentionForm(request.POST, instance=row)
    if not form.is_valid():
        return render(request, "mydata/home.html", _home_context(request, retention_form=form), status=400)
    form.save()
    retention_actions.schedule(request.user.pk)
    messages.success(request, "Saved. " + form.instance.get_video_retention_display() + ".")
    return redirect("mydata:home")


@role_required("runner")
@require_POST
def export_start(request: AuthedRequest) -> HttpResponse:
    export_actions.request_export(request.user, request.user)
    messages.success(request, "Preparing your data: the link appears below when it is ready.")
    return redirect("mydata:home")


class _OnceFileResponse(FileResponse):
    """The export's file, removed from storage once sent (it can be downloaded once)."""

    stored_name = ""

    def close(self) -> None:
        super().close()
        if self.stored_name:
            default_storage.delete(self.stored_name)


@role_required("member")
def export_download(request: AuthedRequest, export_id: int) -> HttpResponseBase:
    export = get_object_or_404(DataExport, pk=export_id, requested_by=request.user)
    now = timezone.now()
    with transaction.atomic():
        claimed = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.READY, expires_at__gt=now).update(
            status=DataExport.Status.DOWNLOADED, downloaded_at=now
        )
    if not claimed or not default_storage.exists(export.file.name):
        messages.error(request, "That download was already used or has expired. Ask for a new export.")
        return redirect("mydata:home" if request.user.is_runner else "mydata:staff_export", **_back(export, request))
    response = _OnceFileResponse(
        default_storage.open(export.file.name, "rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
    response.stored_name = export.file.name
    return response


def _back(export: DataExport, request: AuthedRequest) -> dict:
    return {} if request.user.is_runner else {"runner_id": export.runner_id}


@role_required("runner")
def original_file(request: AuthedRequest, file_id: int) -> HttpResponseBase:
    """The uploaded activity file exactly as it came, to its runner alone (privacy zones do not
    apply to it: it is theirs)."""
    stored = get_object_or_404(ActivityFile, pk=file_id, runner=request.user)
    if not stored.file.name or not default_storage.exists(stored.file.name):
        return HttpResponse("This file is no longer stored.", status=404, content_type="text/plain")
    return FileResponse(default_storage.open(stored.file.name, "rb"), as_attachment=True, filename=stored.original_name)


@role_required("runner")
@require_POST
def erase(request: AuthedRequest) -> HttpResponse:
    runner = request.user
    if runner.clinic_id is not None:
        erasure_actions.request_erasure(runner)
        messages.success(request, "Your request was sent to your clinic. It will confirm it under its policy.")
        return redirect("mydata:home")
    form = DeleteAccountForm(runner, request.POST)
    if not form.is_valid():
        return render(request, "mydata/home.html", _home_context(request, delete_form=form), status=400)
    erasure_actions.erase_own_account(runner)
    logout(request)
    messages.success(request, "Your account and everything in it were deleted.")
    return redirect("home")


@role_required("clinic_admin")
def erasure_queue(request: AuthedRequest) -> HttpResponse:
    rows = ErasureRequest.objects.filter(clinic_id=clinic_id_of(request.user)).select_related("runner", "decided_by")
    return render(
        request,
        "mydata/erasure_queue.html",
        {
            "open": [r for r in rows if r.status == "requested"],
            "done": [r for r in rows if r.status != "requested"][:50],
        },
    )


@role_required("clinic_admin")
@require_POST
def erasure_confirm(request: AuthedRequest, erasure_id: int) -> HttpResponse:
    get_object_or_404(ErasureRequest, pk=erasure_id, clinic_id=request.user.clinic_id)
    try:
        done = erasure_actions.confirm_erasure(erasure_id, request.user)
    except erasure_actions.ErasureError as err:
        messages.error(request, str(err))
    else:
        kept = sum(done.summary.get("records_retained", {}).values())
        messages.success(
            request,
            f"Erased: {done.summary['files_removed']} files removed; {kept} signed clinical records kept as the law requires.",
        )
    return redirect("mydata:erasure_queue")


@role_required("therapist")
def staff_export(request: AuthedRequest, runner_id: int) -> HttpResponse:
    """A referral export of one of the clinic's runners (the clinic's record, not the runner's files)."""
    runner = get_runner_or_404(request.user, runner_id)
    if request.method == "POST":
        record(request, "export", runner, record_type="referral export")
        export_actions.request_export(runner, request.user, kind=DataExport.Kind.REFERRAL)
        messages.success(request, "Preparing the referral export: the link appears below when it is ready.")
        return redirect("mydata:staff_export", runner_id=runner.pk)
    record(request, "read", runner, record_type="referral exports")
    exports = DataExport.objects.filter(runner=runner, requested_by=request.user).select_related("job")[:5]
    return render(
        request,
        "mydata/staff_export.html",
        {"runner": runner, "exports": exports, "export_hours": export_actions.hours_valid()},
    )


# ---- The hand-off report (issue 18 point 7) -----------------------------------------------------


@role_required("runner")
def handoff(request: AuthedRequest) -> HttpResponse:
    """The report for a therapist: the span, the PDF button, the clinic share switch and the report itself."""
    weeks = handoff_actions.span_weeks(request.GET.get("weeks"))
    return render(
        request,
        "mydata/handoff.html",
        {
            "form": HandoffSpanForm(initial={"weeks": weeks}),
            "report": handoff_actions.runner_report(request.user, weeks),
            "shared": handoff_actions.is_shared_with_clinic(request.user),
        },
    )


@role_required("runner")
def handoff_pdf(request: AuthedRequest) -> HttpResponse:
    from .handoff_pdf import handoff_pdf as render_pdf

    report = handoff_actions.runner_report(request.user, handoff_actions.span_weeks(request.GET.get("weeks")))
    response = HttpResponse(render_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="running-report-{report.last_day:%Y-%m-%d}.pdf"'
    return response


@role_required("runner")
@require_POST
def handoff_share(request: AuthedRequest) -> HttpResponse:
    if request.user.clinic_id is None:
        messages.error(
            request, "You are not with a clinic, so there is no one to share with. The PDF is yours to take."
        )
        return redirect("mydata:handoff")
    on = request.POST.get("share") == "on"
    handoff_actions.set_sharing(request.user, on)
    clinic = clinic_of(request.user).name  # the runner has one: checked above
    if on:
        messages.success(request, f"The therapists of {clinic} can now read this report, always up to date.")
    else:
        messages.success(request, f"Sharing stopped: the therapists of {clinic} no longer see this report.")
    return redirect("mydata:handoff")


@role_required("therapist")
def staff_handoff(request: AuthedRequest, runner_id: int) -> HttpResponse:
    """The report a runner of the clinic shares with it; 404 while they do not share it."""
    runner = get_runner_or_404(request.user, runner_id)
    if not handoff_actions.is_shared_with_clinic(runner):
        raise Http404("Not found")
    weeks = handoff_actions.span_weeks(request.GET.get("weeks"))
    record(request, "read", runner, record_type="hand-off report")
    report = handoff_actions.runner_report(runner, weeks)
    return render(
        request,
        "mydata/staff_handoff.html",
        {"runner": runner, "report": report, "weeks": weeks, "span_choices": handoff_actions.SPAN_WEEKS},
    )
