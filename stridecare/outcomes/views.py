"""Outcome measures (issue 8 item 5) and well-being (item 6): item-level answers scored by
stridecare.core.outcomes; any self-harm indication shows the crisis resources on the same page and
alerts the therapist (REFERENCE.md 8.3)."""

from __future__ import annotations

import functools
import json
from itertools import pairwise

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from stridecare.accounts.access import AuthedRequest, clinic_of, get_runner_or_404, role_required
from stridecare.audit.trail import record
from stridecare.core.outcomes.change import compare_scores
from stridecare.core.outcomes.forms import FormFileError, OfficialForm, parse_form
from stridecare.core.outcomes.measures import MEASURES, needs_official_form, score_sentence
from stridecare.core.outcomes.scoring import AnswersError, parse_answers, score_answers
from stridecare.programs import actions
from stridecare.programs.forms import (
    AddExerciseForm,
    ClinicFormUpload,
    DischargeForm,
    HandReferralForm,
    ReferralForm,
    WhyIRunForm,
)
from stridecare.programs.models import HandedReferral, Referral
from stridecare.programs.views import _program_context, staff_program
from stridecare.web.charts import line_chart

from .checkins import record_check_in, save_follow_ups, save_why_i_run
from .models import CheckIn, ClinicForm, OutcomeResponse, WhyIRun, why_i_run_this_week
from .questionnaire_forms import CheckInForm, MeasureForm

OUTCOME_MEASURES = ("lefs", "visa-a", "visa-p", "akps", "faam-adl", "faam-sports", "nprs", "psfs")  # section 4
SCREENERS = ("phq-9", "gad-7")
# The weekly PHQ-2 / GAD-2 are the first two items of these forms (8.1); a clinic may load either.
SCREENER_SOURCES = {"phq": ("phq-9", "phq-2"), "gad": ("gad-7", "gad-2")}


def clinic_form(clinic_id: int | None, measure: str) -> OfficialForm | None:
    """The clinic's latest official form for a measure, validated again by core before use; None
    when there is none or it lacks the wording of an item (then runners are not asked it)."""
    row = ClinicForm.objects.filter(clinic_id=clinic_id, measure=measure).first() if clinic_id else None
    if row is None:
        return None
    try:
        form = parse_form(row.raw, row.filename, measure)
    except FormFileError:
        return None
    return form if form.has_wording else None


def is_offered(clinic_id: int | None, measure: str) -> bool:
    """Runners are asked a measure only with its official wording loaded (or Stridecare's own, NPRS/PSFS)."""
    return not needs_official_form(measure) or clinic_form(clinic_id, measure) is not None


def offered_measures(clinic_id: int | None) -> list[str]:
    return [m for m in OUTCOME_MEASURES if is_offered(clinic_id, m)]


def screener_forms(clinic_id: int | None) -> dict[str, OfficialForm | None]:
    """The official forms the weekly PHQ-2 / GAD-2 take their first two items from, or None each."""
    return {
        name: next((f for f in (clinic_form(clinic_id, m) for m in sources) if f is not None), None)
        for name, sources in SCREENER_SOURCES.items()
    }


def score_form(form: MeasureForm, official: OfficialForm | None):
    """(answers, result) or None with the core's message put on the field it names."""
    try:
        answers = parse_answers(form.measure, form.raw_answers(), source="this form", form=official)
    except AnswersError as err:
        field = f"item_{err.item}" if isinstance(err.item, int) and f"item_{err.item}" in form.fields else None
        form.add_error(field, err.reason)
        return None
    return answers, score_answers(answers)


# ---- 5. Outcome measures -----------------------------------------------------------------------------


def _charts(runner) -> list[dict]:
    """Per measure: the scores over time and each change marked meaningful only at MCID and MDC (4.0).
    Incomplete answers are listed as "incomplete" but carry no score, so the chart and the changes skip them."""
    out = []
    for measure in OUTCOME_MEASURES:
        responses = list(
            OutcomeResponse.objects.filter(runner=runner, measure=measure, checkin=None).order_by("completed_on", "pk")
        )
        rows = [r for r in responses if r.complete and r.score is not None]
        if not rows:
            if responses:
                out.append(
                    {
                        "measure": measure,
                        "spec": MEASURES[measure],
                        "rows": [],
                        "responses": responses,
                        "changes": [],
                        "chart": "",
                    }
                )
            continue
        scores = [r.score for r in rows if r.score is not None]  # one per row: every row has a score
        changes = []
        for (prev, prev_score), (cur, cur_score) in pairwise(zip(rows, scores, strict=True)):
            weeks = (cur.completed_on - prev.completed_on).days / 7
            changes.append((cur, compare_scores(measure, prev_score, cur_score, weeks)))
        first = rows[0].completed_on
        xs, ys = [(r.completed_on - first).days / 7 for r in rows], scores
        chart = line_chart(
            xs,
            ys,
            label=f"{MEASURES[measure].name} score",
            y_title="score",
            x_title="weeks since the first score (filled dot: meaningful change)",
            y_format=lambda v: f"{v:.0f}",
            marks=[False] + [bool(c.meaningful) for _, c in changes],
            mark_class="meaningful",
        )
        out.append(
            {
                "measure": measure,
                "spec": MEASURES[measure],
                "rows": rows,
                "responses": responses,
                "changes": changes,
                "chart": chart,
            }
        )
    return out


@role_required("runner")
def my_outcomes(request: AuthedRequest) -> HttpResponse:
    measures = [MEASURES[m] for m in offered_measures(request.user.clinic_id)]
    return render(
        request, "outcomes/outcomes.html", {"charts": _charts(request.user), "measures": measures, "own": True}
    )


@role_required("therapist")
def staff_outcomes(request: AuthedRequest, runner_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    not_loaded = [MEASURES[m] for m in OUTCOME_MEASURES if not is_offered(request.user.clinic_id, m)]
    record(request, "read", runner, record_type="outcome measures")
    return render(
        request,
        "outcomes/outcomes.html",
        {"charts": _charts(runner), "runner": runner, "own": False, "not_loaded": not_loaded},
    )


@role_required("runner")
def measure_form(request: AuthedRequest, measure: str) -> HttpResponse:
    if measure not in OUTCOME_MEASURES:
        raise Http404("No such measure")
    spec = MEASURES[measure]
    official = clinic_form(request.user.clinic_id, measure)
    if not is_offered(request.user.clinic_id, measure):
        return render(request, "outcomes/measure.html", {"spec": spec, "needs_form": True})
    form = MeasureForm(measure, official, request.POST or None)
    if request.method == "POST" and form.is_valid():
        scored = score_form(form, official)
        if scored is not None:
            answers, result = scored
            row = actions.save_response(request.user, answers, result, form.labels())
            if result.complete:
                messages.success(request, f"{MEASURES[measure].name}: {result.interpretation}")
            else:
                messages.warning(
                    request,
                    f"{MEASURES[measure].name} saved as incomplete, without a score "
                    f"(unanswered: {row.missing_text()}). {result.interpretation}",
                )
            return redirect("programs:my_outcomes")
    return render(
        request,
        "outcomes/measure.html",
        {"spec": spec, "form": form, "official": official, "score_sentence": score_sentence(spec)},
    )


@role_required("therapist")
def discharge_program(request: AuthedRequest, program_id: int) -> HttpResponse:
    """The therapist sets (or clears) the discharge date; the 4.9 discharge measures then come due on Today."""
    program = staff_program(request.user, program_id)
    if request.method != "POST":
        return redirect("programs:program", program_id=program.pk)
    form = DischargeForm(request.POST, started_on=program.started)
    if not form.is_valid():
        record(request, "read", program.runner, program)
        return render(
            request,
            "programs/program.html",
            {**_program_context(program), "add_form": AddExerciseForm(), "discharge_form": form},
            status=400,
        )
    program.discharged_on = form.cleaned_data["discharged_on"]
    program.save(update_fields=["discharged_on"])
    record(request, "change", program.runner, program)
    if program.discharged_on:
        messages.success(
            request,
            f"Discharge set for {program.discharged_on:%d %b %Y}: the discharge questionnaires come due that day.",
        )
    else:
        messages.success(request, "Discharge date cleared.")
    return redirect("programs:program", program_id=program.pk)


@role_required("therapist", "clinic_admin")
def clinic_forms(request: AuthedRequest) -> HttpResponse:
    """Which official forms are loaded and how to load the others; a clinic admin loads the official
    wording (and the AKPS weights) as a JSON file, checked by core first."""
    if request.method == "POST" and not request.user.is_clinic_admin:
        raise Http404("Only a clinic admin loads forms")
    form = ClinicFormUpload(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            raw = json.loads(upload.read().decode("utf-8"))
            parsed = parse_form(raw, upload.name)
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            form.add_error("file", f"{upload.name}: not a readable JSON file ({err})")
        except FormFileError as err:
            form.add_error("file", str(err))
        else:
            ClinicForm.objects.create(
                clinic=clinic_of(request.user),
                measure=parsed.measure,
                raw=raw,
                filename=upload.name,
                uploaded_by=request.user,
            )
            messages.success(request, f"{MEASURES[parsed.measure].name} form loaded ({len(parsed.items)} items).")
            return redirect("programs:clinic_forms")
    loaded = ClinicForm.objects.filter(clinic=request.user.clinic)
    latest = {row.measure: row for row in reversed(loaded)}
    rows = [
        (MEASURES[m], latest.get(m), is_offered(request.user.clinic_id, m), needs_official_form(m))
        for m in (*OUTCOME_MEASURES, *SCREENERS)
    ]
    return render(
        request,
        "outcomes/clinic_forms.html",
        {"form": form, "loaded": loaded, "rows": rows, "can_load": request.user.is_clinic_admin},
    )


# ---- 6. Well-being ----------------------------------------------------------------------------------------


def _crisis(request: AuthedRequest, where: str, detail: str) -> dict:
    from stridecare.inbox.alerts import raise_crisis_alert

    raise_crisis_alert(request.user, where, detail)
    return {"crisis": True, "clinic": request.user.clinic}


@role_required("runner")
def wellbeing(request: AuthedRequest) -> HttpResponse:
    """The weekly check-in, the "why I run" note and the referrals the therapist handed over."""
    why = WhyIRun.objects.filter(runner=request.user).first()
    why_form = WhyIRunForm(request.POST if "why" in request.POST else None, initial={"text": why.text if why else ""})
    screeners = screener_forms(request.user.clinic_id)
    form = CheckInForm(request.POST if "checkin" in request.POST else None, phq=screeners["phq"], gad=screeners["gad"])
    context = {
        "form": form,
        "why_form": why_form,
        "why": why,
        "clinic": request.user.clinic,
        # called by the template when it renders: a check-in just saved counts (the hard week of 8.2)
        "why_shown": functools.partial(_why_this_week, request.user),
        "handed": HandedReferral.objects.filter(runner=request.user).select_related("referral"),
        "checkins": CheckIn.objects.filter(runner=request.user)[:8],
    }
    if request.method == "POST" and "why" in request.POST and why_form.is_valid():
        if save_why_i_run(request.user, why_form.cleaned_data["text"]):
            return render(
                request, "outcomes/wellbeing.html", {**context, "crisis": True, "clinic": request.user.clinic}
            )
        messages.success(request, "Saved.")
        return redirect("programs:wellbeing")
    if request.method == "POST" and "checkin" in request.POST and form.is_valid():
        return _save_checkin(request, form, context)
    return render(request, "outcomes/wellbeing.html", context)


def _why_this_week(runner) -> WhyIRun | None:
    from stridecare.screening.state import uncleared_red_flag_screenings

    return why_i_run_this_week(runner, timezone.localdate(), is_injured=bool(uncleared_red_flag_screenings(runner)))


def _screener(form: CheckInForm, name: str, measure: str):
    """(items, scored result) of a weekly PHQ-2 / GAD-2, or (None, None) where it was not asked."""
    if name not in form.screeners:
        return None, None
    items = [form.cleaned_data[f"{name}_1"], form.cleaned_data[f"{name}_2"]]
    return items, score_answers(parse_answers(measure, {"items": items}))


def _save_checkin(request: AuthedRequest, form: CheckInForm, context: dict) -> HttpResponse:
    offered = [m for m in SCREENERS if clinic_form(request.user.clinic_id, m) is not None]
    saved = record_check_in(
        request.user,
        form.cleaned_data,
        phq=_screener(form, "phq", "phq-2"),
        gad=_screener(form, "gad", "gad-2"),
        follow_up_offered=offered,
    )
    if saved.rf20:
        messages.warning(request, RF20_MESSAGES[saved.rf20])
    if (
        saved.crisis_detail
    ):  # 8.3: the crisis resources come first, at once; a red-flag result is saved and told already
        return render(
            request,
            "outcomes/wellbeing.html",
            {**context, "checkin": saved.checkin, "crisis": True, "clinic": request.user.clinic},
        )
    if saved.flagged is not None:
        return redirect("screening:result", screening_id=saved.flagged.pk)
    if saved.checkin.follow_ups:
        return redirect("programs:follow_up", checkin_id=saved.checkin.pk)
    messages.success(request, "Thanks for checking in.")
    return redirect("programs:wellbeing")


RF20_MESSAGES = {
    "clinic_told": "You said it is getting worse two weeks in a row. Please contact your clinic to book a review "
    "within about a week; we have let your therapist know.",
    "no_clinic": "You said it is getting worse two weeks in a row. Please contact a physical therapist or doctor "
    "to book a review within about a week.",
}


@role_required("runner")
def follow_up(request: AuthedRequest, checkin_id: int) -> HttpResponse:
    """PHQ-9 and/or GAD-7 after a positive PHQ-2 / GAD-2. PHQ-9 item 9 above 0 shows the crisis resources
    here, at once, even when the rest of the form is incomplete (8.3)."""
    checkin = get_object_or_404(CheckIn, pk=checkin_id, runner=request.user)
    officials = {m: clinic_form(request.user.clinic_id, m) for m in checkin.follow_ups if m in SCREENERS}
    forms = {
        m: MeasureForm(m, official, request.POST or None, prefix=m, initial=_carry_items(checkin, m))
        for m, official in officials.items()
        if official is not None
    }
    context = {
        "checkin": checkin,
        "forms": forms,
        "why": WhyIRun.objects.filter(runner=request.user).first(),
        "clinic": request.user.clinic,
    }
    if request.method != "POST" or not forms:
        return render(request, "outcomes/follow_up.html", context)
    if "phq-9" in forms and _item9(request) > 0:
        context |= _crisis(request, "phq9_item9", f"PHQ-9 item 9 answered {_item9(request)}")
    if all(f.is_valid() for f in forms.values()):
        scored = {measure: score_form(form, None) for measure, form in forms.items()}
        if any(s is None for s in scored.values()):
            return render(request, "outcomes/follow_up.html", context)
        context["results"] = save_follow_ups(request.user, checkin, scored)
        if not context.get("crisis"):
            messages.success(
                request, "Thank you. Your therapist can see your answers and will talk them through with you."
            )
            return redirect("programs:wellbeing")
    return render(request, "outcomes/follow_up.html", context)


def _carry_items(checkin: CheckIn, measure: str) -> dict:
    first_two = (checkin.phq2_items if measure == "phq-9" else checkin.gad2_items) or []
    return {f"item_{i}": v for i, v in enumerate(first_two, 1)}


def _item9(request: HttpRequest) -> int:
    try:
        return int(float(request.POST.get("phq-9-item_9", "")))
    except ValueError:
        return 0


@role_required("therapist")
def staff_wellbeing(request: AuthedRequest, runner_id: int) -> HttpResponse:
    runner = get_runner_or_404(request.user, runner_id)
    form = HandReferralForm(request.user.clinic, request.POST or None)
    if request.method == "POST" and form.is_valid():
        handed = HandedReferral.objects.create(
            runner=runner, referral=form.cleaned_data["referral"], handed_by=request.user
        )
        record(request, "create", runner, handed)
        messages.success(request, f"{form.cleaned_data['referral']} handed to {runner.full_name}.")
        return redirect("programs:staff_wellbeing", runner_id=runner.pk)
    record(request, "read", runner, record_type="well-being check-ins")
    return render(
        request,
        "outcomes/staff_wellbeing.html",
        {
            "runner": runner,
            "form": form,
            "checkins": CheckIn.objects.filter(runner=runner).prefetch_related("responses")[:12],
            "handed": HandedReferral.objects.filter(runner=runner).select_related("referral"),
        },
    )


@role_required("therapist")
def referrals(request: AuthedRequest) -> HttpResponse:
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        referral = form.save(commit=False)
        referral.clinic = request.user.clinic
        referral.save()
        messages.success(request, f"{referral} added.")
        return redirect("programs:referrals")
    return render(
        request, "programs/referrals.html", {"form": form, "rows": Referral.objects.filter(clinic=request.user.clinic)}
    )


@role_required("therapist")
def referral_remove(request: AuthedRequest, referral_id: int) -> HttpResponse:
    referral = get_object_or_404(Referral, pk=referral_id, clinic=request.user.clinic)
    if request.method == "POST":
        referral.delete()
        messages.success(request, f"{referral} removed.")
    return redirect("programs:referrals")
