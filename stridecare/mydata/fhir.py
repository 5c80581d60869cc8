"""The runner's record as a FHIR R4 (R4B models of fhir.resources) collection Bundle: Patient,
Observations (outcome scores, weekly load, gait metrics), QuestionnaireResponses, Appointments,
CarePlans (programs) with their Goals, Conditions (screened regions), Procedures (treatments)
and DocumentReferences (stored files). Every bundle is validated by the library's models before
it is written: a resource missing a required element fails the export instead of shipping."""

from __future__ import annotations

import datetime as dt
import math

from fhir.resources.R4B.bundle import Bundle

from stridecare.care.models import ClinicalNote, TreatmentEntry
from stridecare.training.models import WeekTotal

SYSTEM = "https://stridecare.example/fhir"  # our local code system for codes without a standard one
UCUM = "http://unitsofmeasure.org"
UCUM_UNITS = {"m": "m", "s": "s", "ms": "ms", "cm": "cm", "deg": "deg", "%": "%", "steps/min": "/min", "spm": "/min"}


def _ref(kind: str, pk) -> dict:
    return {"reference": f"{kind}/{pk}"}


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat()


def _quantity(value: float, unit: str) -> dict:
    out = {"value": round(float(value), 4), "unit": unit or "1"}
    if unit in UCUM_UNITS:
        out |= {"system": UCUM, "code": UCUM_UNITS[unit]}
    return out


def _patient(runner) -> dict:
    patient = {
        "resourceType": "Patient",
        "id": str(runner.pk),
        "active": runner.is_active,
        "name": [{"text": runner.full_name}],
        "telecom": [{"system": "email", "value": runner.email}]
        + ([{"system": "phone", "value": runner.phone}] if runner.phone else []),
    }
    if runner.clinic_id:
        patient["managingOrganization"] = {"display": runner.clinic.name}
    return patient


def _outcomes(runner) -> list[dict]:
    out = []
    for r in runner.outcome_responses.all():
        out.append(
            {
                "resourceType": "QuestionnaireResponse",
                "id": f"outcome-{r.pk}",
                "status": "completed" if r.complete else "in-progress",
                "subject": _ref("Patient", runner.pk),
                "authored": _iso(r.created_at),
                "item": [
                    {"linkId": str(i), **({"answer": [{"valueDecimal": float(x)}]} if x is not None else {})}
                    for i, x in enumerate(r.items, 1)
                    if isinstance(x, (int, float)) or x is None
                ],
            }
        )
        if r.score is not None:
            out.append(
                {
                    "resourceType": "Observation",
                    "id": f"outcome-score-{r.pk}",
                    "status": "final",
                    "category": [{"text": "survey"}],
                    "code": {"coding": [{"system": SYSTEM, "code": f"outcome-{r.measure}"}], "text": r.measure},
                    "subject": _ref("Patient", runner.pk),
                    "effectiveDateTime": _iso(r.completed_on),
                    "valueQuantity": {"value": round(float(r.score), 4)},
                    "derivedFrom": [_ref("QuestionnaireResponse", f"outcome-{r.pk}")],
                    "note": [{"text": r.interpretation}] if r.interpretation else None,
                }
            )
    return out


def _load(runner) -> list[dict]:
    out = []
    for w in WeekTotal.objects.filter(runner=runner):
        end = w.week_start + dt.timedelta(days=6)
        out.append(
            {
                "resourceType": "Observation",
                "id": f"week-{w.pk}",
                "status": "final",
                "category": [{"text": "activity"}],
                "code": {
                    "coding": [{"system": SYSTEM, "code": "weekly-running-distance"}],
                    "text": "Running distance in the week",
                },
                "subject": _ref("Patient", runner.pk),
                "effectivePeriod": {"start": _iso(w.week_start), "end": _iso(end)},
                "valueQuantity": _quantity(w.distance_m, "m"),
                "component": [
                    {"code": {"text": "running time"}, "valueQuantity": _quantity(w.duration_s, "s")},
                    {"code": {"text": "runs"}, "valueInteger": w.runs},
                ],
            }
        )
    return out


def _gait(runner) -> list[dict]:
    out = []
    for a in runner.gait_analyses.filter(status="done"):
        for name, metric in sorted(((a.report or {}).get("metrics") or {}).items()):
            value = metric.get("value") if isinstance(metric, dict) else None
            if value is None or not math.isfinite(float(value)):
                continue
            out.append(
                {
                    "resourceType": "Observation",
                    "id": f"gait-{a.pk}-{name.replace('_', '-')}"[:64],
                    "status": "final",
                    "category": [{"text": "exam"}],
                    "code": {"coding": [{"system": SYSTEM, "code": f"gait-{name}"}], "text": name.replace("_", " ")},
                    "subject": _ref("Patient", runner.pk),
                    "effectiveDateTime": _iso(a.created_at),
                    "valueQuantity": _quantity(value, str(metric.get("unit") or "")),
                }
            )
    return out


def _appointments(runner) -> list[dict]:
    return [
        {
            "resourceType": "Appointment",
            "id": f"visit-{v.pk}",
            "status": "booked" if v.status == "confirmed" else "cancelled",
            "start": _iso(v.start),
            "end": _iso(v.end),
            "description": v.get_visit_type_display(),
            "participant": [
                {"actor": {**_ref("Patient", runner.pk), "display": runner.full_name}, "status": "accepted"},
                {"actor": {"display": v.therapist.full_name}, "status": "accepted"},
            ],
        }
        for v in runner.visits_as_runner.select_related("therapist")
    ]


def _programs(runner) -> list[dict]:
    out: list[dict] = []
    for p in runner.programs.all():
        goal = {
            "resourceType": "Goal",
            "id": f"program-goal-{p.pk}",
            "lifecycleStatus": "active" if p.is_active else "completed",
            "description": {"text": f"Return to running: {p.get_condition_display()}"},
            "subject": _ref("Patient", runner.pk),
            "startDate": _iso(p.started),
        }
        out.append(goal)
        out.append(
            {
                "resourceType": "CarePlan",
                "id": f"program-{p.pk}",
                "status": "active" if p.is_active else "completed",
                "intent": "plan",
                "title": str(p.get_condition_display()),
                "subject": _ref("Patient", runner.pk),
                "period": {"start": _iso(p.started), **({"end": _iso(p.discharged_on)} if p.discharged_on else {})},
                "goal": [_ref("Goal", goal["id"])],
                "activity": [
                    {"detail": {"status": "in-progress" if p.is_active else "completed", "description": e.exercise_id}}
                    for e in p.exercises.all()
                ],
            }
        )
    return out


def _conditions(runner) -> list[dict]:
    out = []
    for note in ClinicalNote.objects.filter(runner=runner, kind="evaluation").exclude(region=""):
        out.append(
            {
                "resourceType": "Condition",
                "id": f"evaluation-{note.pk}",
                "subject": _ref("Patient", runner.pk),
                "bodySite": [{"text": note.region_name()}],
                "code": {"text": f"Complaint of the {note.region_name().lower()} (see the evaluation note)"},
                "recordedDate": _iso(note.created_at),
                "verificationStatus": {"text": "signed" if note.is_signed else "draft"},
            }
        )
    return out


def _procedures(runner) -> list[dict]:
    return [
        {
            "resourceType": "Procedure",
            "id": f"treatment-{t.pk}",
            "status": "completed",
            "code": {"coding": [{"system": SYSTEM, "code": t.technique}], "text": t.get_technique_display()},
            "subject": _ref("Patient", runner.pk),
            "performedDateTime": _iso(t.created_at),
            "bodySite": [{"text": f"{t.get_body_area_display()} ({t.get_side_display()})"}],
            "note": [{"text": t.response}] if t.response else None,
        }
        for t in TreatmentEntry.objects.filter(note__runner=runner)
    ]


def _documents(runner, files: list[tuple[str, str, str]]) -> list[dict]:
    """``files``: (path inside the ZIP, content type, title) of each file in the export."""
    return [
        {
            "resourceType": "DocumentReference",
            "id": f"file-{i}",
            "status": "current",
            "subject": _ref("Patient", runner.pk),
            "description": title,
            "content": [{"attachment": {"contentType": content_type, "url": path, "title": title[:200]}}],
        }
        for i, (path, content_type, title) in enumerate(files, 1)
    ]


def _clean(value):
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def runner_bundle(runner, files: list[tuple[str, str, str]], now: dt.datetime) -> Bundle:
    """The validated Bundle (raises pydantic's ValidationError when a resource is not valid FHIR)."""
    resources = [
        _patient(runner),
        *_outcomes(runner),
        *_load(runner),
        *_gait(runner),
        *_appointments(runner),
        *_programs(runner),
        *_conditions(runner),
        *_procedures(runner),
        *_documents(runner, files),
    ]
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": [{"fullUrl": f"{SYSTEM}/{r['resourceType']}/{r['id']}", "resource": _clean(r)} for r in resources],
    }
    return Bundle.model_validate(bundle)
