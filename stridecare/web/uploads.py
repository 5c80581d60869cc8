"""Request bodies refused before they are stored: size limits per upload page, and multipart bodies
from a browser without a session and CSRF token refused before Django reads them.

Django reads the whole body of a POST (and streams its files to temporary files) as soon as
CsrfViewMiddleware looks for the token in the form: a visitor with a made-up CSRF cookie could make
the server write a gigabyte to disk before the 403. ``UploadGuardMiddleware`` answers from the
headers alone; ``LimitedUploadHandler`` stops a file as soon as it passes the page's limit; and
every temporary file of a request is removed when it ends, whatever happened (a crashed process's
files are swept at the next start).
"""

from __future__ import annotations

import logging
import pathlib
import time
from typing import Protocol, cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadhandler import FileUploadHandler, StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.middleware.csrf import REASON_BAD_ORIGIN, REASON_NO_CSRF_COOKIE, CsrfViewMiddleware, InvalidTokenFormat

logger = logging.getLogger(__name__)

# Room for the form's other fields (names, the CSRF token, the height...) beside the file.
FORM_OVERHEAD_BYTES = 1024 * 1024
STALE_TEMP_FILE_S = 6 * 3600


def is_public(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and getattr(match.func, "access", None) == "public"


def upload_limit_mb(request: HttpRequest) -> int:
    """The largest file the page that receives the request accepts: videos on the gait pages,
    activity files (MAX_UPLOAD_MB) everywhere else."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.app_name == "gaitlab":
        return settings.GAIT_MAX_UPLOAD_MB
    return settings.MAX_UPLOAD_MB


def too_large_message(request: HttpRequest, size_bytes: int | None = None) -> str:
    limit = upload_limit_mb(request)
    what = "A video" if limit == settings.GAIT_MAX_UPLOAD_MB and limit != settings.MAX_UPLOAD_MB else "A file"
    size = f" This one is {size_bytes / 1e6:,.0f} MB." if size_bytes else ""
    return f"{what} can be at most {limit} MB.{size} Nothing was stored."


class LimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: counts each file's bytes and stops the upload the moment one
    passes the page's limit (the handlers after it never get the rest)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # public pages (log in, sign up, booking) take no files: a form's worth of fields at most
        assert self.request is not None  # Django makes its upload handlers for a request
        self.limit_bytes = (
            settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if is_public(self.request)
            else upload_limit_mb(self.request) * 1024 * 1024
        )
        if content_length > self.limit_bytes + FORM_OVERHEAD_BYTES:
            self._refuse(content_length)
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit_bytes:
            self._refuse(None)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _refuse(self, size_bytes: int | None) -> None:
        assert self.request is not None  # Django makes its upload handlers for a request
        # read back with getattr by the views that take files
        self.request.upload_refusal = too_large_message(self.request, size_bytes)  # type: ignore[attr-defined]
        raise StopUpload(connection_reset=True)  # stop reading: the rest of the body is never stored


def refused(request: HttpRequest, status: int, message: str) -> HttpResponse:
    if "application/json" in request.headers.get("Accept", "") or settings.CSRF_HEADER_NAME in request.META:
        return JsonResponse({"error": message}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class _CsrfChecks(Protocol):
    """The private checks of Django 5.2's CsrfViewMiddleware used below, which django-stubs leaves out."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse: ...
    def _origin_verified(self, request: HttpRequest) -> bool: ...
    def _get_secret(self, request: HttpRequest) -> str | None: ...


class UploadGuardMiddleware:
    """Before CsrfViewMiddleware in MIDDLEWARE (its process_view runs first). For a multipart POST:
    to a public page, more than a form's worth -> 413; elsewhere no session -> the login page, a
    Content-Length past the page's limit -> 413, no valid CSRF token in the X-CSRFToken header and no same-site Origin -> 403, all without
    reading the body. Then removes the request's temporary upload files when it ends."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._csrf = cast(_CsrfChecks, CsrfViewMiddleware(get_response))
        sweep_stale_temp_files()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        finally:
            remove_temp_files(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method != "POST" or request.content_type != "multipart/form-data":
            return None
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if getattr(view, "access", None) == "public":  # takes no files: a form's worth of fields at most
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE + FORM_OVERHEAD_BYTES:
                return refused(request, 413, "This page takes no files. Nothing was stored.")
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if length > upload_limit_mb(request) * 1024 * 1024 + FORM_OVERHEAD_BYTES:
            return refused(request, 413, too_large_message(request, length))
        if getattr(view, "csrf_exempt", False) or getattr(request, "_dont_enforce_csrf_checks", False):
            return None
        reason = self._csrf_refusal(request)
        return self._csrf._reject(request, reason) if reason else None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UnreadablePostError):  # the client's connection broke mid-upload
            return refused(
                request, 400, "The upload was interrupted before it finished; nothing was stored. Please try again."
            )
        return None

    def _csrf_refusal(self, request: HttpRequest) -> str | None:
        """Why the request cannot carry a valid token, judged from its headers; None when it can.
        Uses CsrfViewMiddleware's own checks (Django 5.2; tests/web/test_upload_limits.py covers them)."""
        from django.middleware.csrf import (  # type: ignore[attr-defined]  # private: not in django-stubs
            _check_token_format,
            _does_token_match,
        )

        has_origin = "HTTP_ORIGIN" in request.META
        if has_origin and not self._csrf._origin_verified(request):
            return REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"]
        try:
            secret = self._csrf._get_secret(request)
        except InvalidTokenFormat as exc:
            return f"CSRF cookie {exc.reason}."
        if secret is None:
            return REASON_NO_CSRF_COOKIE
        token = request.META.get(settings.CSRF_HEADER_NAME)
        if token is None:
            # a plain form post: its token is in the body, which Django checks after reading it; a
            # browser says where the form came from, and only our own pages get that far
            return (
                None if has_origin else "an upload must come from this site's pages (the request has no Origin header)."
            )
        try:
            _check_token_format(token)
        except InvalidTokenFormat as exc:
            return f"CSRF token from the X-CSRFToken header {exc.reason}."
        return None if _does_token_match(token, secret) else "CSRF token from the X-CSRFToken header incorrect."


class TrackedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for files past FILE_UPLOAD_MAX_MEMORY_SIZE, remembering each temporary file
    it opens on the request, so that :func:`remove_temp_files` finds them on every path (a parse
    error drops the finished ones with the parser, before they reach request.FILES)."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.request.__dict__.setdefault("_upload_temp_files", []).append(self.file)


def remove_temp_files(request: HttpRequest) -> None:
    """Close (and so delete) every temporary file opened for the request: finished, cut short by an
    error or an aborted connection, or refused past the limit alike."""
    for upload in request.__dict__.pop("_upload_temp_files", []):
        try:
            upload.close()
        except OSError:
            logger.warning("could not remove the temporary upload %s", getattr(upload, "name", "?"))


def temp_dir() -> pathlib.Path | None:
    return pathlib.Path(settings.FILE_UPLOAD_TEMP_DIR) if settings.FILE_UPLOAD_TEMP_DIR else None


def sweep_stale_temp_files(max_age_s: float = STALE_TEMP_FILE_S) -> int:
    """Remove upload temp files left by a process that died mid-request (killed, out of memory)."""
    folder = temp_dir()
    if folder is None:
        return 0
    folder.mkdir(parents=True, exist_ok=True)
    removed, now = 0, time.time()
    for path in folder.iterdir():
        try:
            if path.is_file() and now - path.stat().st_mtime > max_age_s:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
