"""Upload page: capture advice first, and videos checked on the server (extension, size, content)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stridecare.gaitlab.analysis import UploadError, check_upload, sniff
from stridecare.gaitlab.models import GaitAnalysis
from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import FAKE_MP4

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_sniff_tells_videos_from_other_files():
    assert sniff(FAKE_MP4[:64]) == "video"
    assert sniff(b"\x1a\x45\xdf\xa3" + b"\x00" * 60) == "video"  # WebM / Matroska EBML header
    assert sniff(PNG) == "a PNG image"
    assert sniff(b"\xff\xd8\xff\xe0" + b"\x00" * 60) == "a JPEG photo"
    assert sniff(b"my running notes\n") == "plain text"


@pytest.mark.parametrize(
    ("name", "size", "head", "expected"),
    [
        ("run.txt", 10, FAKE_MP4, "run.txt: not a video file we can read"),
        ("run.mp4", 0, b"", "run.mp4: the file is empty."),
        ("notes.mp4", 20, b"these are notes, honest", "notes.mp4: the name says video, but the file is plain text"),
        ("photo.mov", 72, PNG, "photo.mov: the name says video, but the file is a PNG image"),
    ],
)
def test_check_upload_names_the_file_and_the_problem(name, size, head, expected):
    with pytest.raises(UploadError) as err:
        check_upload(name, size, head)
    assert str(err.value).startswith(expected)


def test_size_limit_comes_from_the_setting(settings):
    settings.GAIT_MAX_UPLOAD_MB = 1
    check_upload("ok.mp4", 1024 * 1024, FAKE_MP4)  # exactly 1 MiB is allowed
    with pytest.raises(UploadError, match=r"^big\.mp4: 2 MB is more than the 1 MB limit"):
        check_upload("big.mp4", 2 * 1000 * 1000, FAKE_MP4)  # 2,000,000 bytes > 1,048,576; shown as 2 MB


def test_upload_page_shows_capture_advice_and_browser_checks(world):
    response = runner_client(world.runner).get(reverse("gaitlab:upload"))
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "lens at hip or knee height" in body
        and "at least 3 m away" in body
        and "120 fps" in body
        and "Close-fitting" in body
    )
    assert "REFERENCE.md" not in body and "[K]" not in body and "[V:" not in body  # sources in words for the runner
    staff = runner_client(world.therapist).get(reverse("gaitlab:staff_upload", args=[world.runner.pk])).content.decode()
    assert "REFERENCE.md 6.2" in staff
    assert 'accept="video/mp4,video/quicktime,video/x-m4v,video/webm,.mp4,.mov,.m4v,.webm"' in body
    assert 'data-max-bytes="209715200"' in body  # default 200 MB x 1,048,576
    assert "gaitlab/upload.js" in body
    assert '<option value="full" selected>' in body


def test_a_text_file_renamed_mp4_is_refused_and_nothing_is_stored(world):
    upload = SimpleUploadedFile("notes.mp4", b"these are my running notes\n" * 10, content_type="video/mp4")
    response = runner_client(world.runner).post(
        reverse("gaitlab:upload"), {"video": upload, "pose_model": "full"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("notes.mp4: the name says video, but the file is plain text")
    assert GaitAnalysis.objects.count() == 0


def test_a_photo_renamed_mp4_is_refused_on_the_form_without_javascript(world):
    upload = SimpleUploadedFile("photo.mp4", PNG, content_type="video/mp4")
    response = runner_client(world.runner).post(reverse("gaitlab:upload"), {"video": upload, "pose_model": "full"})
    assert response.status_code == 400
    assert "photo.mp4: the name says video, but the file is a PNG image" in response.content.decode()
    assert GaitAnalysis.objects.count() == 0


def test_height_and_model_are_validated(world):
    upload = SimpleUploadedFile("run.mp4", FAKE_MP4, content_type="video/mp4")
    response = runner_client(world.runner).post(
        reverse("gaitlab:upload"),
        {"video": upload, "pose_model": "huge", "height_cm": "20"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert "huge is not one of the available choices" in error and "greater than or equal to 100" in error
    assert GaitAnalysis.objects.count() == 0


def test_the_full_model_is_the_default(world):
    from stridecare.gaitlab.forms import VideoUploadForm

    form = VideoUploadForm({}, {"video": SimpleUploadedFile("run.mp4", FAKE_MP4, content_type="video/mp4")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["pose_model"] == "full" and form.cleaned_data["height_cm"] is None
