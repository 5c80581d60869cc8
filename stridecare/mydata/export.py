"""The export ZIP: records.json (every record the runner owns, following export_schema.json),
the original activity files bit for bit, gait videos and key frames, program and visit summary
PDFs, each run's samples with the privacy zones applied (tracks/), and fhir-bundle.json (FHIR
R4B). Built by a background job with progress; downloadable once by the person who asked, until
it expires.

A therapist's referral export holds the clinic's record of the runner: no original activity
files (those are the runner's alone), no privacy-zone places, no jobs, and nothing of another
clinic."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable

import jsonschema
import numpy as np
from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from stridecare.jobs.models import Job
from stridecare.jobs.runner import PermanentJobError, enqueue_job, job_handler

from . import fhir, schema
from .models import DataExport
from .zones import hidden_track

JOB_KIND = "mydata_export"
Report = Callable[[int, str], None]
# Not in a therapist's referral export: the runner's own settings and places, and our machinery.
NOT_IN_REFERRAL = {
    "mydata.PrivacyZone",
    "mydata.DataSettings",
    "mydata.ErasureRequest",
    "mydata.RetainedRecord",
    "jobs.Job",
    "accounts.Invitation",
}
README = """Your data from Stridecare
=========================

records.json      every record you own, one list per table; schema.json documents each field
files/            the files named in those records: your original activity files bit for bit,
                  gait videos, key frames and overlay videos
tracks/           the samples of each run (time, distance, heart rate, position...), with the
                  parts inside your privacy zones removed (null)
pdf/              your exercise programs, the summaries of your signed visits and the final
                  letters of your episodes of care (discharge summaries, referrals) as PDF
fhir-bundle.json  the same record as a FHIR R4 Bundle (R4B), for another clinic's system
"""


def hours_valid() -> int:
    return int(getattr(settings, "MYDATA_EXPORT_HOURS", 72))


def request_export(runner, by, kind: str = DataExport.Kind.EVERYTHING) -> DataExport:
    """Start building an export of ``runner``'s data for ``by`` (the runner, or their therapist)."""
    export = DataExport.objects.create(runner=runner, requested_by=by, kind=kind)
    job = enqueue_job(JOB_KIND, {"export_id": export.pk}, owner=by)
    DataExport.objects.filter(pk=export.pk).update(job=job)
    export.refresh_from_db()
    return export


def collect_records(runner, kind: str = DataExport.Kind.EVERYTHING, clinic_id: int | None = None) -> dict:
    """{table: [rows]} of every exported model, each row reaching the runner by one of its paths."""
    out: dict[str, list[models.Model]] = {}
    for label, paths in schema.exported_models().items():
        model = apps.get_model(label)
        if kind == DataExport.Kind.REFERRAL and label in NOT_IN_REFERRAL:
            out[label] = []
            continue
        pks: set = set()
        for path in paths:
            pks |= set(model._base_manager.filter(**{path: runner.pk}).values_list("pk", flat=True))
        rows = model._base_manager.filter(pk__in=pks).order_by("pk")
        if kind == DataExport.Kind.REFERRAL and clinic_id is not None and _has_field(model, "clinic"):
            rows = rows.filter(models.Q(clinic_id=clinic_id) | models.Q(clinic_id__isnull=True))
        out[label] = list(rows)
    return out


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def stored_files(records: dict, kind: str = DataExport.Kind.EVERYTHING) -> list[tuple[str, str]]:
    """(storage name, title) of every file the records name, and each gait analysis's rendered files."""
    names: list[tuple[str, str]] = []
    for label, objs in records.items():
        if kind == DataExport.Kind.REFERRAL and label == "training.ActivityFile":
            continue  # the original files are the runner's alone
        for obj in objs:
            for field in type(obj)._meta.concrete_fields:
                if isinstance(field, models.FileField):
                    name = getattr(obj, field.attname).name
                    if name:
                        names.append((name, getattr(obj, "original_name", "") or name.rsplit("/", 1)[-1]))
            if label == "gaitlab.GaitAnalysis" and obj.outputs_dir:
                names += [(f"{obj.outputs_dir}/{n}", f"{obj.original_name}: {n}") for n in sorted(obj.output_names())]
    return names


def _content_type(name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower()
    return {
        "png": "image/png",
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "mp4": "video/mp4",
        "mov": "video/quicktime",
        "webm": "video/webm",
        "gpx": "application/gpx+xml",
        "tcx": "application/vnd.garmin.tcx+xml",
        "pdf": "application/pdf",
    }.get(suffix, "application/octet-stream")


def _track(activity) -> dict:
    samples = activity.samples()
    if "lat_deg" in samples and "lon_deg" in samples:
        samples["lat_deg"], samples["lon_deg"] = hidden_track(
            activity.runner_id, samples["lat_deg"], samples["lon_deg"]
        )
    return {
        "activity_id": activity.pk,
        "channels": {
            name: [None if not np.isfinite(v) else float(v) for v in np.asarray(values, dtype=float)]
            for name, values in samples.items()
        },
    }


def _no_report(percent: int, message: str = "") -> None:
    return None


def write_export(export: DataExport, out, report: Report = _no_report) -> None:
    """Write the ZIP of ``export`` to the binary file ``out``."""
    from stridecare.care.pdf import visit_summary_pdf
    from stridecare.episodes.pdf import letter_pdf
    from stridecare.programs.pdf import program_pdf

    runner, now = export.runner, timezone.now()
    clinic_id = export.requested_by.clinic_id if export.kind == DataExport.Kind.REFERRAL else None
    report(5, "collecting your records")
    records = collect_records(runner, export.kind, clinic_id)
    document = {
        "format_version": schema.FORMAT_VERSION,
        "exported_at": now.isoformat(),
        "runner_id": runner.pk,
        "records": {schema.published_label(label): [schema.row(o) for o in objs] for label, objs in records.items()},
    }
    jsonschema.validate(document, schema.export_schema())
    files = stored_files(records, export.kind)
    zip_files: list[tuple[str, str, str]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        zf.writestr("README.txt", README)
        zf.writestr("schema.json", schema.schema_text())
        zf.writestr("records.json", json.dumps(document, indent=1, ensure_ascii=False))
        for i, (name, title) in enumerate(files):
            report(10 + 60 * i // max(1, len(files)), "copying your files")
            if not default_storage.exists(name):
                continue
            arcname = f"files/{name}"
            # Stored as they are (no recompression): the originals come out bit for bit.
            with (
                default_storage.open(name, "rb") as src,
                zf.open(zipfile.ZipInfo(arcname), "w", force_zip64=True) as dst,
            ):
                shutil.copyfileobj(src, dst, 1024 * 1024)
            zip_files.append((arcname, _content_type(name), title))
        report(72, "writing your runs")
        for activity in records.get("training.Activity", []):
            zf.writestr(f"tracks/activity-{activity.pk}.json", json.dumps(_track(activity)))
        report(82, "drawing your programs")
        for program in records.get("programs.Program", []):
            arcname = f"pdf/program-{program.pk}.pdf"
            zf.writestr(arcname, program_pdf(program))
            zip_files.append((arcname, "application/pdf", f"Exercise program {program.started:%Y-%m-%d}"))
        report(87, "writing your visit summaries")
        for note in records.get("care.ClinicalNote", []):
            if note.is_signed:  # the runner sees a visit's summary once its notes are signed
                arcname = f"pdf/visit-summary-{note.pk}.pdf"
                zf.writestr(arcname, visit_summary_pdf(note))
                zip_files.append((arcname, "application/pdf", f"Visit summary {note.signed_at:%Y-%m-%d}"))
        for letter in records.get("episodes.Letter", []):
            if letter.is_final:  # a draft is in records.json; only a final letter is a document
                arcname = f"pdf/{letter.kind}-letter-{letter.pk}.pdf"
                zf.writestr(arcname, letter_pdf(letter))
                zip_files.append(
                    (arcname, "application/pdf", f"{letter.get_kind_display()} {letter.finalised_at:%Y-%m-%d}")
                )
        report(92, "writing the FHIR bundle")
        bundle = fhir.runner_bundle(runner, zip_files, now)
        zf.writestr("fhir-bundle.json", bundle.model_dump_json(indent=1))


@transaction.atomic
def _finish(export: DataExport, tmp, size: int) -> None:
    export.file.save(f"stridecare-export-{export.runner_id}-{timezone.now():%Y%m%d-%H%M}.zip", File(tmp), save=False)
    now = timezone.now()
    export.status, export.size_bytes, export.ready_at = DataExport.Status.READY, size, now
    export.expires_at = now + dt.timedelta(hours=hours_valid())
    export.save()


def _export_gave_up(job: Job) -> None:
    DataExport.objects.filter(pk=job.payload.get("export_id"), status=DataExport.Status.BUILDING).update(
        status=DataExport.Status.FAILED
    )


def export_job_detail(job: Job) -> dict:
    export = DataExport.objects.filter(pk=job.payload.get("export_id")).first()
    if export is None:
        return {}
    return {
        "export": export,
        "download_url": reverse("mydata:export_download", args=[export.pk]) if export.is_downloadable() else "",
        "titles": {Job.Status.DONE: "Your data is ready", Job.Status.FAILED: "Your data could not be prepared"},
    }


@job_handler(JOB_KIND, doing="preparing your data", gave_up=_export_gave_up, detail=export_job_detail)
def build_export_job(job: Job, report: Report) -> dict:
    export = DataExport.objects.select_related("runner", "requested_by").filter(pk=job.payload["export_id"]).first()
    if export is None:
        raise PermanentJobError("This export was removed.")
    if export.status != DataExport.Status.BUILDING:  # a second run of a finished job
        return {"export_id": export.pk}
    with tempfile.TemporaryFile() as tmp:
        write_export(export, tmp, report)
        size = tmp.tell()
        tmp.seek(0)
        _finish(export, tmp, size)
    report(100, "ready")
    return {"export_id": export.pk, "size_bytes": size}


def purge_exports(now: dt.datetime | None = None) -> int:
    """Remove the files of exports downloaded or past their time; returns how many."""
    now = now or timezone.now()
    done = 0
    stale = DataExport.objects.filter(
        models.Q(status=DataExport.Status.DOWNLOADED) | models.Q(status=DataExport.Status.READY, expires_at__lte=now)
    ).exclude(file="")
    for export in stale:
        default_storage.delete(export.file.name)
        status = DataExport.Status.EXPIRED if export.status == DataExport.Status.READY else export.status
        DataExport.objects.filter(pk=export.pk).update(file="", status=status)
        done += 1
    return done
