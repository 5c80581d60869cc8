"""A file that trips a decoder ends "Could not be read" with its reason after one attempt, instead
of staying "Reading" through every retry; in a zip, the good runs beside it are imported."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stridecare.jobs.models import Job
from stridecare.training.models import Activity, ActivityFile
from tests.conftest import ACTIVITIES

DATA = ACTIVITIES
RUN = (DATA / "fitparse__garmin-fenix-5-run.fit").read_bytes()
TRIPS_FITDECODE = RUN[:201] + b"\x00" + RUN[201:]  # fitdecode raised AssertionError on it


def test_a_file_that_trips_the_decoder_fails_once_with_its_reason(world, client):
    client.force_login(world.runner)
    response = client.post(reverse("training:upload"), {"file": SimpleUploadedFile("run.fit", TRIPS_FITDECODE)})
    status = client.get(response.json()["status_url"]).json()
    assert status["done"] and status["status"] == "failed"
    assert status["error"].startswith("run.fit: is damaged after") and "please export it again" in status["error"]
    stored = ActivityFile.objects.get(pk=response.json()["file_id"])
    assert Job.objects.get(pk=stored.job_id).attempts == 1


def test_a_zip_keeps_the_good_runs_beside_a_damaged_one(world, client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("activities/good.fit", RUN)
        z.writestr("activities/broken.fit", TRIPS_FITDECODE)
        z.writestr("activities/other.fit", (DATA / "sports-lib__2067489619.fit").read_bytes())
    client.force_login(world.runner)
    response = client.post(reverse("training:upload"), {"file": SimpleUploadedFile("export.zip", buf.getvalue())})
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "imported"
    assert Activity.objects.filter(runner=world.runner).count() == 2
    assert "export.zip/activities/broken.fit: is damaged" in status["error"]
