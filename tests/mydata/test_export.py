"""The export ZIP: every record (valid against the documented schema), original files bit for bit,
videos and key frames, program PDFs, route samples with the privacy zones applied, and a FHIR
bundle the library validates; downloadable once by the person who asked, until it expires."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import jsonschema
import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from stridecare.mydata import export, schema
from stridecare.mydata.models import DataExport
from tests.gaitlab.helpers import FAKE_MP4
from tests.mydata.helpers import GPX, full_record, make_zone


@pytest.fixture
def exported(world, client):
    run = full_record(world)
    make_zone(world.runner)
    client.force_login(world.runner)
    assert client.post(reverse("mydata:export_start")).status_code == 302
    item = DataExport.objects.filter(runner=world.runner).order_by("-pk").first()
    assert item.status == "ready", item.job.last_error
    response = client.get(reverse("mydata:export_download", args=[item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    # closing sends request_finished; keep the test's connection open as the test client does
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    return world, run, item, zipfile.ZipFile(io.BytesIO(body))


def test_records_cover_every_table_and_validate_against_the_committed_schema(exported):
    world, run, item, zf = exported
    document = json.loads(zf.read("records.json"))
    jsonschema.validate(document, json.loads(schema.SCHEMA_PATH.read_text()))
    records = document["records"]
    assert set(records) == {schema.published_label(label) for label in schema.exported_models()}
    # models that moved to another app keep the table names the export was published with
    assert {"care.ScreeningSession", "programs.CheckIn", "programs.OutcomeResponse"} <= set(records)
    assert not {label for label in records if label.startswith(("screening.", "outcomes."))}
    assert [u["id"] for u in records["accounts.User"]] == [world.runner.pk]
    assert "password" not in records["accounts.User"][0]
    for table in (
        "training.Activity",
        "care.ClinicalNote",
        "care.TreatmentEntry",
        "programs.Program",
        "programs.ExerciseLog",
        "gaitlab.GaitAnalysis",
        "mydata.PrivacyZone",
        "booking.Visit",
    ):
        assert records[table], table
    # nothing of another runner
    assert all(r["runner_id"] == world.runner.pk for r in records["training.Activity"])


def test_original_files_videos_and_key_frames_come_out_bit_for_bit(exported):
    world, run, item, zf = exported
    assert zf.read(f"files/{run.source.file.name}") == GPX
    analysis = world.runner.gait_analyses.get()
    assert zf.read(f"files/{analysis.video.name}") == FAKE_MP4
    frame = f"{analysis.outputs_dir}/keyframe_left_initial_contact.png"
    with default_storage.open(frame, "rb") as f:
        assert zf.read(f"files/{frame}") == f.read()
    assert any(n.startswith("pdf/program-") and zf.read(n).startswith(b"%PDF") for n in zf.namelist())


def test_the_route_samples_have_the_privacy_zone_applied(exported):
    world, run, item, zf = exported
    track = json.loads(zf.read(f"tracks/activity-{run.pk}.json"))
    lat = track["channels"]["lat_deg"]
    assert lat[0] is None and lat[-1] is None  # the run starts and ends at home
    assert lat[100] is not None  # 2 km out
    assert track["channels"]["hr_bpm"][0] == 140.0  # only positions are hidden


def test_the_fhir_bundle_validates_and_holds_each_kind_of_resource(exported):
    world, run, item, zf = exported
    bundle = Bundle.model_validate_json(zf.read("fhir-bundle.json"))
    kinds = {e.resource.get_resource_type() for e in bundle.entry}
    assert {
        "Patient",
        "Observation",
        "Appointment",
        "CarePlan",
        "Goal",
        "Condition",
        "Procedure",
        "DocumentReference",
    } <= kinds
    patient = next(e.resource for e in bundle.entry if e.resource.get_resource_type() == "Patient")
    assert patient.name[0].text == world.runner.full_name


def test_a_download_works_once(exported, client):
    world, run, item, zf = exported
    item.refresh_from_db()
    assert item.status == "downloaded" and not default_storage.exists(item.file.name)
    again = client.get(reverse("mydata:export_download", args=[item.pk]))
    assert again.status_code == 302


def test_an_export_expires_and_its_file_is_purged(world, client):
    item = export.request_export(world.runner, world.runner)
    item.refresh_from_db()
    assert item.is_downloadable()
    later = timezone.now() + dt.timedelta(hours=export.hours_valid(), minutes=1)
    with time_machine.travel(later):
        client.force_login(world.runner)
        assert client.get(reverse("mydata:export_download", args=[item.pk])).status_code == 302
        assert export.purge_exports() == 1
    item.refresh_from_db()
    assert item.status == "expired" and item.file.name == ""


def test_only_the_person_who_asked_may_download(world, client):
    item = export.request_export(world.runner, world.runner)
    client.force_login(world.therapist)
    assert client.get(reverse("mydata:export_download", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == "ready"


def test_a_therapists_referral_export_leaves_out_the_runners_files_and_places(world, client):
    run = full_record(world)
    make_zone(world.runner)
    client.force_login(world.therapist)
    client.post(reverse("mydata:staff_export", args=[world.runner.pk]))
    item = DataExport.objects.get(requested_by=world.therapist)
    response = client.get(reverse("mydata:export_download", args=[item.pk]))
    zf = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    records = json.loads(zf.read("records.json"))["records"]
    assert records["mydata.PrivacyZone"] == [] and records["jobs.Job"] == []
    assert f"files/{run.source.file.name}" not in zf.namelist()
    assert json.loads(zf.read(f"tracks/activity-{run.pk}.json"))["channels"]["lat_deg"][0] is None
    Bundle.model_validate_json(zf.read("fhir-bundle.json"))
