"""Who may see an analysis and its files: the runner and their clinic's therapists; anyone else
gets a 404 (stridecare/accounts/access.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import FAKE_MP4, make_analysis

OWN_PAGES = ("report", "status", "compare")


@pytest.fixture
def item(world):
    return make_analysis(world.runner)


def test_the_runner_and_their_clinics_therapist_see_the_analysis(world, item):
    runner, therapist = runner_client(world.runner), runner_client(world.therapist2)  # any therapist of the clinic
    for name in OWN_PAGES:
        assert runner.get(reverse(f"gaitlab:{name}", args=[item.pk])).status_code == 200, name
        assert therapist.get(reverse(f"gaitlab:staff_{name}", args=[world.runner.pk, item.pk])).status_code == 200, name
    for name in ("list", "upload", "dynamics"):
        assert runner.get(reverse(f"gaitlab:{name}")).status_code == 200, name
        assert therapist.get(reverse(f"gaitlab:staff_{name}", args=[world.runner.pk])).status_code == 200, name
    assert therapist.get(reverse("gaitlab:staff_file", args=[world.runner.pk, item.pk, "video"])).status_code == 200


@pytest.mark.parametrize("outsider", ["other_runner", "lone_runner", "other_therapist", "other_admin", "admin"])
def test_outsiders_get_404_for_every_analysis_url(world, item, outsider):
    client = runner_client(getattr(world, outsider))
    urls = [reverse(f"gaitlab:{name}", args=[item.pk]) for name in OWN_PAGES]
    urls += [reverse(f"gaitlab:staff_{name}", args=[world.runner.pk, item.pk]) for name in OWN_PAGES]
    urls += [
        reverse("gaitlab:file", args=[item.pk, "overlay.mp4"]),
        reverse("gaitlab:staff_file", args=[world.runner.pk, item.pk, "video"]),
    ]
    urls += [reverse(f"gaitlab:staff_{name}", args=[world.runner.pk]) for name in ("list", "upload", "dynamics")]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_a_therapist_cannot_upload_for_another_clinics_runner(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stridecare.gaitlab.models import GaitAnalysis

    video = SimpleUploadedFile("run.mp4", FAKE_MP4, content_type="video/mp4")
    response = runner_client(world.other_therapist).post(
        reverse("gaitlab:staff_upload", args=[world.runner.pk]), {"video": video, "pose_model": "full"}
    )
    assert response.status_code == 404 and GaitAnalysis.objects.count() == 0


def test_a_runners_list_shows_only_their_own_analyses(world, item):
    make_analysis(world.other_runner, label="Olga's video")
    body = runner_client(world.runner).get(reverse("gaitlab:list")).content.decode()
    assert reverse("gaitlab:report", args=[item.pk]) in body and "Olga's video" not in body


def test_only_the_analysis_own_files_are_served(world, item):
    client = runner_client(world.runner)
    assert client.get(reverse("gaitlab:file", args=[item.pk, "report.json"])).status_code == 404
    assert client.get(reverse("gaitlab:file", args=[item.pk, "..%2F..%2Fsecret"])).status_code == 404


def test_video_is_served_with_ranges(world, item):
    client = runner_client(world.runner)
    url = reverse("gaitlab:file", args=[item.pk, "video"])
    whole = client.get(url)
    assert (
        whole.status_code == 200
        and whole["Content-Type"] == "video/mp4"
        and whole["Cache-Control"] == "private, no-store"
    )
    assert b"".join(whole.streaming_content) == FAKE_MP4
    part = client.get(url, HTTP_RANGE="bytes=4-11")
    assert (
        part.status_code == 206
        and part["Content-Range"] == f"bytes 4-11/{len(FAKE_MP4)}"
        and part["Content-Length"] == "8"
    )
    assert b"".join(part.streaming_content) == b"ftypmp42"  # bytes 4..11 of the ftyp box
    tail = client.get(url, HTTP_RANGE="bytes=-4")
    assert b"".join(tail.streaming_content) == FAKE_MP4[-4:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(FAKE_MP4)}-").status_code == 416


def test_a_therapist_uploads_for_their_runner(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from stridecare.gaitlab.models import GaitAnalysis

    video = SimpleUploadedFile("notes.mp4", b"plain words", content_type="video/mp4")
    response = runner_client(world.therapist).post(
        reverse("gaitlab:staff_upload", args=[world.runner.pk]),
        {"video": video, "pose_model": "lite"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and response.json()["error"].startswith("notes.mp4:")
    assert GaitAnalysis.objects.count() == 0
