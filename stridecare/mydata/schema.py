"""Which records a runner owns, found from the ORM, and the documented JSON schema of their export.

A model holds runner data when it has a path of foreign keys to the user model (``runner``,
``program__runner``, ``job__owner``...). ``runner_models()`` finds every such model and every path;
the export takes each row that reaches the runner by one of them. Each model must have a sentence
in ``DESCRIPTIONS`` (or a reason in ``NOT_EXPORTED``), and the committed ``export_schema.json`` must
equal ``export_schema()``: tests/mydata/test_export_coverage.py fails otherwise, so a new model that
holds runner data cannot be left out of the export silently.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import pathlib
import uuid
from typing import cast

from django.apps import apps
from django.conf import settings
from django.db import models

from stridecare.web.moved_models import MOVED_MODELS

SCHEMA_PATH = pathlib.Path(__file__).with_name("export_schema.json")
FORMAT_VERSION = 1
MAX_DEPTH = 4

# Never in an export: secrets and internal bytes (the route samples are written as tracks/*.json,
# with the privacy zones applied).
FIELDS_NOT_EXPORTED = {
    "accounts.User": {"password", "calendar_token", "is_superuser", "last_login", "has_second_factor"},
    "booking.AppointmentRequest": {"status_token"},
    "accounts.Invitation": {"token"},
}
# Models reachable from the runner that are not runner data, and why.
NOT_EXPORTED = {
    "mydata.DataExport": "the exports themselves (the ZIP being built is one of them)",
    "otp_static.StaticDevice": "two-step login backup codes: secrets, never exported",
    "otp_static.StaticToken": "two-step login backup codes: secrets, never exported",
    "otp_totp.TOTPDevice": "the two-step login app's secret key: never exported",
    "training.ActivitySamples": "each run's samples, written as tracks/activity-<id>.json with the privacy zones applied",
}

DESCRIPTIONS = {
    "accounts.User": "The runner's account: name, email, phone, units, time zone, clinic and therapist.",
    "accounts.Invitation": "Invitations to the clinic sent by this person (staff only; empty for a runner).",
    "booking.AppointmentRequest": "Requests for an appointment and what the clinic answered.",
    "audit.AuditEntry": "Who read, changed, signed or exported the runner's clinical records, and when.",
    "accounts.TwoFactorReset": "Resets of the two-step login done by the clinic.",
    "planning.TrainingPlan": "Training plans built from the runner's own history.",
    "planning.PlanWeekRow": "The weeks of each training plan.",
    "planning.PlanRunRow": "The planned runs of each week.",
    "booking.TimeOff": "Time off of this person (staff only; empty for a runner).",
    "booking.VisitReminder": "Reminders sent for each visit.",
    "booking.WaitlistEntry": "Places on a clinic's waiting list and the times offered.",
    "booking.WeeklyHours": "Weekly working hours of this person (staff only; empty for a runner).",
    "booking.Visit": "Booked and past visits at the clinic.",
    "booking.RequestEvent": "The history of each appointment request (received, proposed, confirmed...).",
    "screening.ScreeningSession": "Screening questionnaires answered, with their urgency (decision support, not a diagnosis).",
    "care.ClinicalNote": "Clinical notes the therapist wrote (evaluations and follow-ups), signed or not.",
    "care.TreatmentEntry": "Treatments recorded in a clinical note (technique, body area, minutes).",
    "care.NoteVersion": "Earlier versions of each clinical note.",
    "care.NoteAddendum": "Addenda added to a signed clinical note.",
    "episodes.Episode": "Episodes of care: opened on, intake evaluation, working diagnosis, goals, plan, discharge and its reason.",
    "episodes.Letter": "Letters of an episode (discharge summary, referral to a physician), draft or final.",
    "gaitlab.GaitAnalysis": "Gait videos and their analyses: report, metrics and the names of the rendered files.",
    "gaitlab.ClinicGaitSettings": "A clinic's gait thresholds changed by this person (staff only).",
    "messaging.Thread": "The runner's conversations with their clinic's care team.",
    "messaging.Message": "Messages between the runner and their clinic, with when the other side first saw each.",
    "messaging.Attachment": "Photos and PDFs sent with messages (the files are in files/).",
    "inbox.Alert": "Alerts the clinic received about the runner (red flags, crisis check-ins, load).",
    "jobs.Job": "Background jobs run for this person (imports, analyses, emails) and how they ended.",
    "mydata.PrivacyZone": "Privacy zones: places whose surroundings are hidden on routes.",
    "mydata.DataSettings": "The runner's data choices (how long gait videos are kept, whether their report is shared with their clinic).",
    "mydata.VideoRemoval": "Gait videos removed by the runner's retention choice.",
    "mydata.ErasureRequest": "Requests to erase the runner's data.",
    "mydata.RetainedRecord": "Records kept through an erasure, with the legal reason.",
    "programs.Program": "Exercise programs prescribed to the runner.",
    "programs.PrescribedExercise": "The exercises of each program with their dose.",
    "programs.ExerciseLog": "Exercise sessions the runner logged (sets, reps, pain).",
    "programs.ProgressionSuggestion": "Suggestions to progress or regress an exercise, and the therapist's decision.",
    "programs.WalkRunLog": "Walk-run sessions of a return-to-running program.",
    "outcomes.OutcomeResponse": "Answers to outcome questionnaires and their scores.",
    "outcomes.ClinicForm": "Questionnaire forms uploaded by this person (staff only).",
    "outcomes.CheckIn": "Well-being check-ins.",
    "outcomes.WhyIRun": "The runner's own words on why they run.",
    "programs.HandedReferral": "Referrals handed to the runner.",
    "training.ActivityFile": "Uploaded activity files (the originals are in files/, bit for bit).",
    "training.Shoe": "Shoes and their distances.",
    "training.Activity": "Runs and other activities with their summaries (the samples are in tracks/).",
    "training.WeekTotal": "Weekly running totals.",
    "training.LoadFinding": "Training-load findings.",
    "training.LoadSnapshot": "The latest acute:chronic load ratios, day by day.",
}


# The export's table names are a published contract (export_schema.json, records.json): a model that
# moved to another app keeps the name it was published under. Keys are the models' labels now.
PUBLISHED_LABELS = {now: first for first, now in MOVED_MODELS.items()}


def published_label(label: str) -> str:
    """The name ``label``'s table has in an export (``app.Model``, as first published)."""
    return PUBLISHED_LABELS.get(label, label)


def _user_label() -> str:
    return settings.AUTH_USER_MODEL


def runner_models() -> dict[str, list[str]]:
    """Every model (``app_label.ModelName``) with a path of foreign keys to the user model, and its
    lookup paths (``runner``, ``prescribed__program__runner``); the user model itself has ``pk``."""
    user_model = apps.get_model(_user_label())
    paths: dict[type[models.Model], list[str]] = {user_model: ["pk"]}
    for _ in range(MAX_DEPTH):
        grew = False
        for model in apps.get_models():
            if model is user_model or model._meta.auto_created:
                continue
            found = set(paths.get(model, []))
            for field in model._meta.get_fields():
                if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
                    continue
                target = field.related_model
                if target is user_model:
                    found.add(field.name)
                elif target in paths and target is not model:
                    found.update(f"{field.name}__{p}" for p in paths[target] if p.count("__") < MAX_DEPTH - 1)
            if found and sorted(found) != sorted(paths.get(model, [])):
                paths[model] = sorted(found)
                grew = True
        if not grew:
            break
    return {m._meta.label: p for m, p in sorted(paths.items(), key=lambda kv: kv[0]._meta.label)}


def exported_models() -> dict[str, list[str]]:
    return {label: p for label, p in runner_models().items() if label not in NOT_EXPORTED}


def exported_fields(model: type[models.Model]) -> list[models.Field]:
    skip = FIELDS_NOT_EXPORTED.get(model._meta.label, set())
    return [f for f in model._meta.concrete_fields if f.name not in skip and not isinstance(f, models.BinaryField)]


def _field_schema(field: models.Field) -> dict:
    if field.is_relation:
        related = cast(type[models.Model], field.related_model)  # a model class once the apps are loaded
        kind: dict = {
            "type": "integer",
            "description": f"Id of the {published_label(related._meta.label)} record.",
        }
    elif isinstance(field, models.JSONField):
        kind = {}
    elif isinstance(field, models.BooleanField):
        kind = {"type": "boolean"}
    elif isinstance(field, (models.AutoField, models.IntegerField, models.BigIntegerField)):
        kind = {"type": "integer"}
    elif isinstance(field, (models.FloatField, models.DurationField)):
        kind = {"type": "number"}
    elif isinstance(field, models.DateTimeField):
        kind = {"type": "string", "format": "date-time"}
    elif isinstance(field, models.DateField):
        kind = {"type": "string", "format": "date"}
    elif isinstance(field, models.FileField):
        kind = {"type": "string", "description": "The stored file's name; the file itself is files/<name>."}
    else:
        kind = {"type": "string"}
    words = str(field.help_text or "") or str(field.verbose_name)
    if "description" not in kind:
        kind["description"] = words[:1].upper() + words[1:]
    if "type" in kind and (field.null or field.is_relation and field.null):
        kind["type"] = [kind["type"], "null"]
    if field.choices and not field.is_relation:
        values = [value for value, _ in field.flatchoices]
        kind["enum"] = values + ([""] if field.blank and "" not in values else []) + ([None] if field.null else [])
    return kind


def export_schema() -> dict:
    """The JSON Schema (draft 2020-12) of records.json in an export."""
    tables = {}
    for label in exported_models():
        model = apps.get_model(label)
        fields = exported_fields(model)
        tables[published_label(label)] = {
            "description": DESCRIPTIONS.get(label, ""),
            "type": "array",
            "items": {
                "type": "object",
                "properties": {f.attname: _field_schema(f) for f in fields},
                "required": [f.attname for f in fields],
                "additionalProperties": False,
            },
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Stridecare export: every record a runner owns",
        "description": "records.json of the export ZIP. Each key is a table (app.Model); each row holds the "
        "table's fields, foreign keys as the other record's id. Files named in a row are under files/, "
        "route samples under tracks/, a FHIR R4B Bundle in fhir-bundle.json.",
        "type": "object",
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "exported_at": {"type": "string", "format": "date-time"},
            "runner_id": {"type": "integer"},
            "records": {
                "type": "object",
                "properties": tables,
                "required": sorted(tables),
                "additionalProperties": False,
            },
        },
        "required": ["format_version", "exported_at", "runner_id", "records"],
        "additionalProperties": False,
    }


def schema_text() -> str:
    return json.dumps(export_schema(), indent=1, sort_keys=True) + "\n"


def row(obj: models.Model) -> dict:
    """One record as JSON values, following export_schema()."""
    return {f.attname: _jsonable(f, f.value_from_object(obj)) for f in exported_fields(type(obj))}


def _jsonable(field: models.Field, value):
    if value is None:
        return None
    if isinstance(field, models.FileField):
        return value.name or ""
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
