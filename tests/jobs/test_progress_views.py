"""What people see of a job: the progress fragment (done with links, failed with the reason and a red
look, waiting to try again with the time) and "Try again", only on one's own failed job."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from stridecare.jobs.models import Job
from stridecare.jobs.runner import HANDLERS, job_handler
from stridecare.training.imports import store_upload
from stridecare.training.models import Activity, ActivityFile
from tests.conftest import ACTIVITIES

DATA = ACTIVITIES
RUN_A, RUN_B = DATA / "sports-lib__6914538454.fit", DATA / "sports-lib__2067489619.fit"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def flaky():
    """A kind that fails until told otherwise."""
    state = {"fail": True}

    @job_handler("test_flaky_view", doing="doing the test step")
    def run(job, report):
        if state["fail"]:
            raise ConnectionError("mail server down")
        return {"ok": True}

    yield state
    HANDLERS.pop("test_flaky_view")


def fragment(client, job: Job) -> str:
    response = client.get(reverse("job_status", args=[job.pk]), **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_a_failed_job_looks_failed_says_why_and_offers_to_try_again(world, client, flaky):
    from stridecare.jobs.runner import enqueue_job

    job = enqueue_job("test_flaky_view", {}, owner=world.runner)  # in-process queue: all 4 attempts at once
    client.force_login(world.runner)
    body = fragment(client, job)
    assert 'class="job job-failed"' in body and "<progress" not in body and "&#10005;" in body
    assert "ConnectionError: mail server down" in body and "hx-get" not in body  # final: no more polling
    assert f'action="{reverse("job_try_again", args=[job.pk])}"' in body and ">Try again</button>" in body

    flaky["fail"] = False
    response = client.post(reverse("job_try_again", args=[job.pk]), **HTMX)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.last_error) == ("done", 1, "")  # a fresh attempt budget
    assert 'class="job job-done"' in response.content.decode()


def test_only_the_owner_may_try_again(world, client, flaky):
    from stridecare.jobs.runner import enqueue_job

    job = enqueue_job("test_flaky_view", {}, owner=world.runner)
    for outsider in (world.other_runner, world.clinic_mate, world.therapist):
        client.force_login(outsider)
        assert client.post(reverse("job_try_again", args=[job.pk])).status_code == 404
        assert client.get(reverse("job_status", args=[job.pk])).status_code == 404
    assert Job.objects.get(pk=job.pk).status == "failed"


def test_a_failure_on_the_input_itself_offers_no_try_again(world, client):
    broken = SimpleUploadedFile("broken.fit", b"\x0e\x10 definitely not a FIT file " * 20)
    stored = store_upload(world.runner, broken)
    client.force_login(world.runner)
    body = fragment(client, stored.job)
    assert 'class="job job-failed"' in body and "Not imported" in body and "broken.fit:" in body
    assert "Try again" not in body
    assert client.post(reverse("job_try_again", args=[stored.job_id])).status_code == 404


def test_a_retrying_job_says_which_attempt_comes_and_when(world, client, flaky):
    from stridecare.jobs.runner import enqueue_job

    job = enqueue_job("test_flaky_view", {}, owner=world.runner)
    at = dt.datetime(2026, 5, 4, 13, 5, tzinfo=dt.UTC)
    Job.objects.filter(pk=job.pk).update(
        status="retrying",
        attempts=1,
        next_attempt_at=at,
        last_error="The server stopped while doing the test step (attempt 1 of 4).",
    )
    world.runner.timezone = "Europe/London"
    world.runner.save()
    client.force_login(world.runner)
    body = fragment(client, job)
    assert 'class="job job-retrying"' in body and "Waiting to try again" in body
    assert "The server stopped while doing the test step (attempt 1 of 4)." in body
    assert "Next try at 14:05 (attempt 2 of 4)." in body  # the runner's own time (BST)
    assert 'hx-trigger="every 5s"' in body and "Try again" not in body


def test_an_imported_file_links_to_its_run(world, client):
    stored = store_upload(world.runner, SimpleUploadedFile(RUN_A.name, RUN_A.read_bytes()))
    run = Activity.objects.get(source=stored)
    client.force_login(world.runner)
    body = fragment(client, stored.job)
    assert 'class="job job-done"' in body and "Imported" in body and "1 run from sports-lib__6914538454.fit" in body
    assert f'href="{reverse("training:activity", args=[run.pk])}"' in body
    again = store_upload(world.runner, SimpleUploadedFile("copy.fit", RUN_A.read_bytes()))
    body = fragment(client, again.job)
    assert "Already imported" in body and "This run is already in your list: not counted twice." in body


def test_a_zip_says_how_many_runs_it_brought_skipped_and_could_not_read(world, client):
    store_upload(world.runner, SimpleUploadedFile(RUN_B.name, RUN_B.read_bytes()))  # already here before the zip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("activities/a.fit", RUN_A.read_bytes())
        archive.writestr("activities/b.fit", RUN_B.read_bytes())
        archive.writestr("activities/c.fit", b"\x0e\x10 not a FIT file " * 20)
    stored = store_upload(world.runner, SimpleUploadedFile("export.zip", buffer.getvalue()))
    client.force_login(world.runner)
    body = fragment(client, stored.job)
    assert "1 run from export.zip; 1 already in your list (not counted twice); 1 could not be read." in body
    run = Activity.objects.get(source=stored)
    assert f'href="{reverse("training:activity", args=[run.pk])}"' in body
    assert "What could not be read" in body and "c.fit" in body


def test_the_upload_page_shows_each_recent_file_where_it_stands(world, client):
    store_upload(world.runner, SimpleUploadedFile(RUN_A.name, RUN_A.read_bytes()))
    store_upload(world.runner, SimpleUploadedFile("broken.fit", b"\x0e\x10 definitely not a FIT file " * 20))
    waiting = ActivityFile.objects.create(
        runner=world.runner,
        original_name="late.gpx",
        file=SimpleUploadedFile("late.gpx", b"<gpx/>"),
        size_bytes=6,
        sha256="0" * 64,
        job=Job.objects.create(
            kind="import_activity_file",
            owner=world.runner,
            payload={},
            status="running",
            attempts=2,
            progress_percent=10,
            progress_message="reading the file",
            lease_expires_at=timezone.now(),
        ),
    )
    waiting.job.payload = {"file_id": waiting.pk}
    waiting.job.save()
    client.force_login(world.runner)
    body = client.get(reverse("training:upload")).content.decode()
    assert body.count('class="job job-done"') == 1 and body.count('class="job job-failed"') == 1
    assert f'hx-get="{reverse("job_status", args=[waiting.job_id])}"' in body  # the running one keeps polling
    assert "Reading the file" in body and "10%, attempt 2 of 4" in body
    response = client.post(reverse("training:upload"), {"file": SimpleUploadedFile(RUN_B.name, RUN_B.read_bytes())})
    stored = ActivityFile.objects.get(original_name=RUN_B.name)
    assert response.json()["progress_url"] == reverse("job_status", args=[stored.job_id])


def test_a_finished_gait_analysis_links_to_its_report(world, client):
    from tests.gaitlab.helpers import make_analysis

    analysis = make_analysis(world.runner, status="done")
    job = Job.objects.create(
        kind="analyse_gait", owner=world.therapist, payload={"analysis_id": analysis.pk}, status="done"
    )
    client.force_login(world.therapist)
    body = fragment(client, job)
    assert (
        "Analysed" in body and f'href="{reverse("gaitlab:staff_report", args=[world.runner.pk, analysis.pk])}"' in body
    )
