"""Access logs carry no secret tokens: calendar feeds, request status pages, invitations and
password resets appear with their tokens redacted, in gunicorn's access log (`stridecare serve`)
and in Django's own request log lines."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.urls import reverse

from stridecare.web import serve
from stridecare.web.accesslog import RedactingGunicornLogger, RedactPathsFilter, redact_path, redact_url
from tests.accounts import test_access_rules

scene = test_access_rules.scene  # the walk's objects and tokens, a fixture


def secret_urls(world, values, tokens):
    return {
        "feed": (reverse("booking:feed", args=[tokens["booking:feed"]]), tokens["booking:feed"]),
        "status": (reverse("booking:status", args=[values["status_token"]]), values["status_token"]),
        "status ics": (reverse("booking:status_ics", args=[values["status_token"]]), values["status_token"]),
        "invitation": (
            reverse("accounts:accept_invitation", args=[tokens["accounts:accept_invitation"]]),
            tokens["accounts:accept_invitation"],
        ),
        "reset": (
            reverse("accounts:password_reset_confirm", args=["MQ", "cx8tgr-0123456789abcdef0123456789abcdef"]),
            "cx8tgr-0123456789abcdef0123456789abcdef",
        ),
    }


def test_every_token_url_is_redacted_and_keeps_its_shape(scene):
    world, values, tokens = scene
    for what, (url, token) in secret_urls(world, values, tokens).items():
        redacted = redact_path(url)
        assert token not in redacted and "[redacted]" in redacted, what
        assert redacted.split("/")[1] == url.split("/")[1], what  # still says which page it was
    assert redact_path("/clinic/runners/12/notes/") == "/clinic/runners/12/notes/"
    unknown = "/r/" + "x" * 43 + "/"  # a mistyped or expired token does not resolve: still redacted
    assert redact_path(unknown) == "/r/[redacted]/"
    assert redact_url("https://clinic.example/invite/" + "a" * 43 + "/?token=abc&page=2") == (
        "https://clinic.example/invite/[redacted]/?token=[redacted]&page=2"
    )


class FakeResponse:
    status = "200 OK"
    sent = 120
    headers = [("Location", "/r/" + "b" * 43 + "/")]


class FakeConfig:
    def __getattr__(self, name):
        return None


def test_gunicorn_access_lines_carry_no_token(scene):
    world, values, tokens = scene
    token = tokens["booking:feed"]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/{token}.ics?key=s3cret",
        "PATH_INFO": f"/calendar/{token}.ics",
        "QUERY_STRING": "key=s3cret",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://testserver/r/{values['status_token']}/",
        "HTTP_USER_AGENT": "Calendar/1.0",
    }
    logger = RedactingGunicornLogger.__new__(RedactingGunicornLogger)
    logger.cfg = FakeConfig()
    atoms = logger.atoms(FakeResponse(), [("Referer", environ["HTTP_REFERER"])], environ, timedelta(seconds=0.1))
    line = " ".join(str(v) for v in atoms.values())
    assert token not in line and values["status_token"] not in line and "s3cret" not in line and "b" * 43 not in line
    assert atoms["r"] == "GET /calendar/[redacted].ics?key=[redacted] HTTP/1.1"
    assert atoms["f"] == "http://testserver/r/[redacted]/"


def test_stridecare_serve_uses_the_redacting_logger():
    source = open(serve.__file__).read()
    assert '"--logger-class",\n            "stridecare.web.accesslog.RedactingGunicornLogger"' in source


def test_djangos_request_log_lines_are_redacted(scene):
    world, values, tokens = scene
    token = values["status_token"]
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s', (f"GET /r/{token}/ HTTP/1.1", 200, 10), None
    )
    assert RedactPathsFilter().filter(record) and token not in record.getMessage()
    assert record.getMessage() == '"GET /r/[redacted]/ HTTP/1.1" 200 10'
    not_found = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (f"/invite/{token}/",), None
    )
    RedactPathsFilter().filter(not_found)
    assert not_found.getMessage() == "Not Found: /invite/[redacted]/"
