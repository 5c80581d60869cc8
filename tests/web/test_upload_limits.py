"""Request bodies refused before they are stored (issue 14, point 4): no session or no valid CSRF
token, or a body past the page's limit, is answered from the headers without reading the body; a
file that passes the limit mid-stream stops there; no temporary file outlives its request."""

from __future__ import annotations

import gc
import pathlib
import select
import socket
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, override_settings
from django.urls import reverse

from stridecare.gaitlab.models import GaitAnalysis
from stridecare.training.models import ActivityFile
from stridecare.web import uploads
from tests.conftest import ACTIVITIES

BOUNDARY = "BoUnDaRy"
DATA = ACTIVITIES


class CountingBody:
    """A request body of ``size`` zero bytes that is never held in memory; counts what is read."""

    def __init__(self, size: int, name: str = "run.fit") -> None:
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        self.size, self.read_bytes = size, 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_bytes if n is None or n < 0 else min(n, self.size - self.read_bytes)
        n = min(n, 2**20)
        start, self.read_bytes = self.read_bytes, self.read_bytes + n
        head = self.head[start : start + n]
        return head + b"\0" * (n - len(head))

    def readline(self, *args) -> bytes:
        return self.read(*args)


class DroppedBody(CountingBody):
    """The client's connection breaks after ``size`` bytes: the server's read raises."""

    def read(self, n: int = -1) -> bytes:
        if self.read_bytes >= self.size:
            raise OSError("connection reset by peer")
        return super().read(n)


def temp_files() -> list[pathlib.Path]:
    folder = pathlib.Path(settings.FILE_UPLOAD_TEMP_DIR)
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def csrf():
    return _get_new_csrf_string()


def post_body(client: Client, url: str, body: CountingBody, headers: dict | None = None):
    return client.post(url, **multipart(body, body.size), **(headers or {}))


def multipart(body: CountingBody, length: int) -> dict:
    """The WSGI environ of a multipart body (RequestFactory sets these only for data it encodes itself)."""
    return {
        "wsgi.input": body,
        "CONTENT_LENGTH": str(length),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
    }


def csrf_client(user=None, cookie: str | None = None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    if cookie is not None:
        client.cookies[settings.CSRF_COOKIE_NAME] = cookie
    return client


def test_an_anonymous_gigabyte_with_a_made_up_csrf_cookie_is_refused_unread(db, csrf):
    body = CountingBody(2**30)
    response = post_body(csrf_client(cookie=csrf), reverse("training:upload"), body, {"HTTP_X_CSRFTOKEN": csrf})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert body.read_bytes == 0
    assert ActivityFile.objects.count() == 0 and temp_files() == []


def test_a_public_page_takes_no_large_body(db):
    body = CountingBody(2**30)
    response = post_body(Client(), reverse("login"), body)
    assert response.status_code == 413 and body.read_bytes == 0


def test_a_session_without_a_valid_csrf_token_is_refused_unread(world, csrf):
    for headers in ({"HTTP_X_CSRFTOKEN": _get_new_csrf_string()}, {}, {"HTTP_ORIGIN": "https://evil.example"}):
        body = CountingBody(50 * 2**20)
        response = post_body(csrf_client(world.runner, csrf), reverse("training:upload"), body, headers)
        assert response.status_code == 403, headers
        assert body.read_bytes == 0, headers
    body = CountingBody(50 * 2**20)
    response = post_body(
        csrf_client(world.runner), reverse("training:upload"), body, {"HTTP_X_CSRFTOKEN": csrf}
    )  # no cookie
    assert response.status_code == 403 and body.read_bytes == 0


@override_settings(MAX_UPLOAD_MB=1)
def test_a_body_past_the_limit_is_refused_from_its_length(world, csrf):
    body = CountingBody(3 * 2**20)
    response = post_body(
        csrf_client(world.runner, csrf),
        reverse("training:upload"),
        body,
        {"HTTP_X_CSRFTOKEN": csrf, "HTTP_ACCEPT": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "A file can be at most 1 MB. This one is 3 MB. Nothing was stored."
    assert body.read_bytes == 0


@override_settings(MAX_UPLOAD_MB=1)
def test_a_file_that_passes_the_limit_mid_stream_stops_there(world, csrf):
    body = CountingBody(int(1.6 * 2**20))  # under limit + form overhead by its length, over by its content
    response = post_body(csrf_client(world.runner, csrf), reverse("training:upload"), body, {"HTTP_X_CSRFTOKEN": csrf})
    assert response.status_code == 413
    assert response.json()["error"].startswith("A file can be at most 1 MB.")
    assert body.read_bytes < int(1.3 * 2**20)  # stopped about the limit, the rest never read
    assert ActivityFile.objects.count() == 0 and temp_files() == []


@override_settings(MAX_UPLOAD_MB=1, GAIT_MAX_UPLOAD_MB=4)
def test_the_gait_pages_have_the_video_limit(world, csrf):
    body = CountingBody(3 * 2**20, name="clip.mp4")
    response = post_body(
        csrf_client(world.runner, csrf),
        reverse("gaitlab:upload"),
        body,
        {"HTTP_X_CSRFTOKEN": csrf, "HTTP_ACCEPT": "application/json"},
    )
    # past the activity limit but under the video one: read, and refused for what it is, not its size
    assert response.status_code == 400 and "MB" not in response.json()["error"]
    assert body.read_bytes == body.size
    body = CountingBody(6 * 2**20, name="clip.mp4")
    response = post_body(
        csrf_client(world.runner, csrf),
        reverse("gaitlab:upload"),
        body,
        {"HTTP_X_CSRFTOKEN": csrf, "HTTP_ACCEPT": "application/json"},
    )
    assert response.status_code == 413 and response.json()["error"].startswith("A video can be at most 4 MB.")
    assert body.read_bytes == 0 and GaitAnalysis.objects.count() == 0


def test_a_plain_form_post_from_our_own_page_still_works(world):
    """No X-CSRFToken header: the token is in the form; a same-site Origin lets Django check it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.runner)
    client.get(reverse("training:upload"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    upload = SimpleUploadedFile("run.fit", (DATA / "fitparse__garmin-fenix-5-run.fit").read_bytes())
    response = client.post(
        reverse("training:upload"), {"csrfmiddlewaretoken": token, "file": upload}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 200 and ActivityFile.objects.filter(runner=world.runner).count() == 1


def test_a_large_upload_leaves_no_temporary_file(world):
    client = Client()
    client.force_login(world.runner)
    content = (DATA / "sports-lib__6782987395.tcx").read_bytes()  # 3.4 MB: past the in-memory size, so a temp file
    assert len(content) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(reverse("training:upload"), {"file": SimpleUploadedFile("run.tcx", content)})
    assert response.status_code == 200
    assert temp_files() == []


def test_an_interrupted_upload_leaves_no_temporary_file(world):
    gc.disable()  # without collection, only explicit removal deletes the temp file
    try:
        body = CountingBody(8 * 2**20)
        client = Client()
        client.force_login(world.runner)
        response = client.post(
            reverse("training:upload"), **multipart(body, 12 * 2**20)
        )  # the connection ends 4 MB early
        assert response.status_code == 400
        assert temp_files() == []
    finally:
        gc.enable()


def test_a_dropped_connection_leaves_no_temporary_file(world):
    gc.disable()
    try:
        client = Client(raise_request_exception=False)
        client.force_login(world.runner)
        body = DroppedBody(8 * 2**20)
        response = client.post(reverse("training:upload"), **multipart(body, 12 * 2**20))
        assert response.status_code == 400  # nobody is listening any more, but it is no server error
        assert body.read_bytes == body.size
        assert temp_files() == []
    finally:
        gc.enable()


@override_settings(DATA_UPLOAD_MAX_NUMBER_FILES=2)
def test_a_request_refused_mid_parse_leaves_no_temporary_file(world):
    gc.disable()
    try:
        client = Client(raise_request_exception=False)
        client.force_login(world.runner)
        big = (DATA / "sports-lib__6782987395.tcx").read_bytes()
        files = [SimpleUploadedFile(f"run{i}.tcx", big) for i in range(3)]
        response = client.post(reverse("training:upload"), {"file": files})
        assert response.status_code == 400  # Django's TooManyFilesSent, after two temp files were written
        assert temp_files() == []
    finally:
        gc.enable()


def test_stale_temp_files_of_a_dead_process_are_swept(tmp_path):
    with override_settings(FILE_UPLOAD_TEMP_DIR=str(tmp_path)):
        old, new = tmp_path / "old.upload", tmp_path / "new.upload"
        old.write_bytes(b"x")
        new.write_bytes(b"x")
        stale = time.time() - uploads.STALE_TEMP_FILE_S - 60
        import os

        os.utime(old, (stale, stale))
        assert uploads.sweep_stale_temp_files() == 1
        assert sorted(tmp_path.iterdir()) == [new]


@pytest.mark.django_db(transaction=True)
def test_a_gigabyte_streamed_to_the_live_server_is_refused_after_the_headers(live_server, csrf):
    """The 1 GiB of the issue over a real socket: the answer comes before the client has sent 1% of it."""
    host, port = live_server.url.removeprefix("http://").split(":")
    head = (
        f"POST {reverse('training:upload')} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {2**30}\r\n"
        f"Cookie: {settings.CSRF_COOKIE_NAME}={csrf}\r\nX-CSRFToken: {csrf}\r\n\r\n"
    ).encode()
    sent, answer = 0, b""
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head + CountingBody(0).head)
        sock.setblocking(False)
        chunk = b"\0" * 65536
        deadline = time.monotonic() + 60
        while sent < 64 * 2**20 and time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock], [], 1)
            if readable:
                answer = sock.recv(4096)
                break
            if writable:
                try:
                    sent += sock.send(chunk)
                except BlockingIOError:
                    continue
    assert answer.startswith(b"HTTP/1.1 302"), answer[:200]
    assert sent < 16 * 2**20, f"{sent / 2**20:.0f} MB sent before the answer"
    assert temp_files() == []
