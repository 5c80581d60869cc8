"""The therapist's clinical notes (evaluation, SOAP follow-up, treatment log, signing, addenda,
history) and the runner's plain-language visit summaries."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from stridecare.accounts.access import (
    AuthedRequest,
    clinic_id_of,
    clinic_of,
    get_runner_or_404,
    role_required,
    visible_runners,
)
from stridecare.accounts.models import User
from stridecare.audit.trail import record
from stridecare.core.care import REGIONS, region_by_code
from stridecare.core.errors import InputError
from stridecare.core.programs.rtr import RTR_CRITERIA
from stridecare.screening.state import uncleared_red_flag_screenings
from stridecare.training.models import LoadFinding

from . import notes
from .forms import AddendumForm, CareSettingsForm, EvaluationForm, FollowUpForm, RegionForm, SignForm, TreatmentForm
from .models import ClinicalNote, ClinicCareSettings, HomeCareOverride, NoteError


def _note_or_404(user: User, note_id: int) -> ClinicalNote:
    """A note of one of the therapist's clinic's runners, written in that clinic; else 404."""
    notes_qs = ClinicalNote.objects.select_related("runner", "author", "signed_by", "visit")
    return get_object_or_404(notes_qs, pk=note_id, clinic_id=user.clinic_id, runner__in=visible_runners(user))


def _side_panel(runner: User) -> dict:
    """What the evaluation page shows beside the form: the latest screening and load findings."""
    gait = runner.gait_analyses.filter(status="done").order_by("-created_at").first()
    latest = runner.screening_sessions.select_related("cleared_by").first()
    return {
        "screening": latest,
        "older_uncleared": [s for s in uncleared_red_flag_screenings(runner) if s != latest],
        "findings": LoadFinding.objects.filter(runner=runner).order_by("-date", "-pk")[:5],
        "gait": gait,
        "gait_findings": (gait.report or {}).get("findings", []) if gait else [],
    }


def _evaluation_extras(runner: User, region_code: str) -> dict:
    """What the evaluation form shows besides its fields: the region, the side panel and the
    return-to-run balance criterion its balance section refers to."""
    balance = next((c for c in RTR_CRITERIA if c.id == "RTR-07"), None)
    return {"region": region_by_code(region_code), "balance_criterion": balance, **_side_panel(runner)}


def _squat_limits(clinic_id: int | None) -> dict:
    stored = ClinicCareSettings.for_clinic(clinic_id)
    return {"squat_max_items": stored.squat_max_items, "squat_max_pain_nprs": stored.squat_max_pain_nprs}


@role_required("therapist")
def runner_notes(request: AuthedRequest, runner_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    note_list = runner.clinical_notes.filter(clinic_id=clinic_id_of(request.user)).select_related("author", "visit")
    record(request, "read", runner, record_type="clinical notes")
    return render(request, "care/notes.html", {"runner": runner, "notes": note_list})


@role_required("therapist")
def evaluation_new(request: AuthedRequest, runner_id: int) -> HttpResponse:
    """GET without a region: choose one. With ``?region=``: that region's evaluation form."""
    runner = get_runner_or_404(request.user, runner_id)
    code = request.GET.get("region", "")
    try:
        region = region_by_code(code)
    except InputError:
        chooser = RegionForm(REGIONS, {"region": code} if code else None)
        return render(request, "care/choose_region.html", {"runner": runner, "form": chooser})
    form = EvaluationForm(
        runner,
        region,
        request.POST or None,
        initial={"visit": request.GET.get("visit")},
        **_squat_limits(request.user.clinic_id),
    )
    if request.method == "POST" and form.is_valid():
        note = notes.create_note(
            runner=runner,
            author=request.user,
            kind=ClinicalNote.Kind.EVALUATION,
            region=region.code,
            content=form.content(),
            visit=form.cleaned_data["visit"],
        )
        record(request, "create", runner, note)
        messages.success(request, "Evaluation saved. Add treatments, then sign it.")
        return redirect("care:note", note_id=note.pk)
    record(request, "read", runner, record_type="evaluation form")
    return render(
        request,
        "care/evaluation_form.html",
        {"runner": runner, "form": form, **_evaluation_extras(runner, region.code)},
    )


@role_required("therapist")
def followup_new(request: AuthedRequest, runner_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    form = FollowUpForm(runner, request.POST or None, initial={"visit": request.GET.get("visit")})
    if request.method == "POST" and form.is_valid():
        note = notes.create_note(
            runner=runner,
            author=request.user,
            kind=ClinicalNote.Kind.FOLLOW_UP,
            content=form.content(),
            visit=form.cleaned_data["visit"],
        )
        record(request, "create", runner, note)
        messages.success(request, "Follow-up saved. Add treatments, then sign it.")
        return redirect("care:note", note_id=note.pk)
    record(request, "read", runner, record_type="follow-up form")
    return render(request, "care/followup_form.html", {"runner": runner, "form": form})


def _render_note(request: HttpRequest, note: ClinicalNote, **forms) -> HttpResponse:
    context = {
        "note": note,
        "runner": note.runner,
        "treatments": note.treatments.all(),
        "addenda": note.addenda.select_related("author"),
        "versions": note.versions.select_related("author"),
        "treatment_form": forms.get("treatment_form") or (None if note.is_signed else TreatmentForm()),
        "addendum_form": forms.get("addendum_form") or (AddendumForm() if note.is_signed else None),
        "sign_form": forms.get("sign_form") or (None if note.is_signed else SignForm()),
    }
    if note.kind == ClinicalNote.Kind.EVALUATION:
        context["region"] = region_by_code(note.region)
    record(request, "read", note.runner, note)
    return render(request, "care/note_detail.html", context)


@role_required("therapist")
def note_detail(request: AuthedRequest, note_id: int) -> HttpResponse:
    return _render_note(request, _note_or_404(request.user, note_id))


@role_required("therapist")
def note_edit(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = _note_or_404(request.user, note_id)
    if note.is_signed:
        messages.error(request, "This note is signed and cannot be edited. Add an addendum instead.")
        return redirect("care:note", note_id=note.pk)
    data = request.POST if request.method == "POST" else None
    form: EvaluationForm | FollowUpForm
    if note.kind == ClinicalNote.Kind.EVALUATION:
        form = EvaluationForm(
            note.runner,
            region_by_code(note.region),
            data,
            initial={**EvaluationForm.initial_from(note.content), "visit": note.visit_id},
            **_squat_limits(note.clinic_id),
        )
    else:
        form = FollowUpForm(
            note.runner, data, initial={**FollowUpForm.initial_from(note.content), "visit": note.visit_id}
        )
    if data is not None and form.is_valid():
        try:
            notes.update_note(note.pk, author=request.user, content=form.content(), visit=form.cleaned_data["visit"])
            record(request, "change", note.runner, note)
            messages.success(request, "Note saved; the earlier version is kept in its history.")
            return redirect("care:note", note_id=note.pk)
        except NoteError as err:
            form.add_error(None, str(err))
    template = "care/evaluation_form.html" if note.kind == ClinicalNote.Kind.EVALUATION else "care/followup_form.html"
    extra = _evaluation_extras(note.runner, note.region) if note.kind == ClinicalNote.Kind.EVALUATION else {}
    record(request, "read", note.runner, note)
    return render(request, template, {"runner": note.runner, "form": form, "note": note, **extra})


@role_required("therapist")
def treatment_add(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = _note_or_404(request.user, note_id)
    if request.method != "POST":
        return redirect("care:note", note_id=note.pk)
    form = TreatmentForm(request.POST)
    if not form.is_valid():
        return _render_note(request, note, treatment_form=form)
    try:
        notes.add_treatment(note.pk, author=request.user, **form.cleaned_data)
        record(request, "change", note.runner, note)
    except NoteError as err:
        messages.error(request, str(err))
    return redirect("care:note", note_id=note.pk)


@role_required("therapist")
def treatment_remove(request: AuthedRequest, note_id: int, treatment_id: int) -> HttpResponse:
    note = _note_or_404(request.user, note_id)
    entry = get_object_or_404(note.treatments, pk=treatment_id)
    if request.method == "POST":
        try:
            notes.remove_treatment(note.pk, entry.pk, author=request.user)
            record(request, "change", note.runner, note)
        except NoteError as err:
            messages.error(request, str(err))
    return redirect("care:note", note_id=note.pk)


@role_required("therapist")
def note_sign(request: AuthedRequest, note_id: int) -> HttpResponse:
    """Sign a note once its author has ticked the confirmation: signing cannot be undone."""
    note = _note_or_404(request.user, note_id)
    if request.method != "POST":
        return redirect("care:note", note_id=note.pk)
    if note.author_id != request.user.pk:
        messages.error(request, f"Only the author, {note.author.full_name}, can sign this note.")
        return redirect("care:note", note_id=note.pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        return _render_note(request, note, sign_form=form)
    try:
        notes.sign_note(note.pk, signer=request.user)
        record(request, "sign", note.runner, note)
        messages.success(request, "Signed. The note is now read-only; the runner sees its summary.")
    except NoteError as err:
        messages.error(request, str(err))
    return redirect("care:note", note_id=note.pk)


@role_required("therapist")
def addendum_add(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = _note_or_404(request.user, note_id)
    if request.method != "POST":
        return redirect("care:note", note_id=note.pk)
    form = AddendumForm(request.POST)
    if not form.is_valid():
        return _render_note(request, note, addendum_form=form)
    try:
        notes.add_addendum(note.pk, author=request.user, text=form.cleaned_data["text"])
        record(request, "change", note.runner, note)
        messages.success(request, "Addendum added.")
    except NoteError as err:
        messages.error(request, str(err))
    return redirect("care:note", note_id=note.pk)


def _overrides(clinic_id: int | None) -> dict[str, str]:
    return HomeCareOverride.texts_of(clinic_id)


@role_required("runner")
def my_summaries(request: AuthedRequest) -> HttpResponse:
    """The runner's signed visit summaries, newest first, in plain language."""
    signed = list(
        ClinicalNote.objects.filter(runner=request.user, signed_at__isnull=False)
        .select_related("author", "visit")
        .prefetch_related("treatments")
        .order_by("-signed_at")
    )
    overrides = {clinic_id: _overrides(clinic_id) for clinic_id in {note.clinic_id for note in signed}}
    summaries = [note.plain_summary(overrides[note.clinic_id]) for note in signed]
    return render(request, "care/my_summaries.html", {"summaries": summaries})


@role_required("runner")
def my_summary(request: AuthedRequest, note_id: int) -> HttpResponse:
    note = get_object_or_404(
        ClinicalNote.objects.select_related("author", "visit"), pk=note_id, runner=request.user, signed_at__isnull=False
    )
    return render(request, "care/my_summary.html", {"summary": note.plain_summary(_overrides(note.clinic_id))})


@role_required("clinic_admin")
def care_settings(request: AuthedRequest) -> HttpResponse:
    """The clinic's squat thresholds ([H] defaults) and its wording of the home-care texts that
    REFERENCE.md gives no content for."""
    clinic = clinic_of(request.user)
    current = ClinicCareSettings.for_clinic(clinic.pk)
    initial = {
        "squat_max_items": current.squat_max_items,
        "squat_max_pain_nprs": current.squat_max_pain_nprs,
        **_overrides(clinic.pk),
    }
    form = CareSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        notes.save_care_settings(
            clinic,
            squat_max_items=form.cleaned_data["squat_max_items"],
            squat_max_pain_nprs=form.cleaned_data["squat_max_pain_nprs"],
            home_care=form.home_care_texts(),
        )
        messages.success(request, "Care settings saved.")
        return redirect("care:settings")
    return render(request, "care/settings.html", {"form": form})
