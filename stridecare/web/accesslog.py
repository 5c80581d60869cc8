"""Access logs without secrets: calendar feed, request status, invitation and password reset tokens
are part of their URLs, and a log line must never be enough to open them.

`redact_path` swaps the secret parts of a path for "[redacted]": the URL kwargs named in
SECRET_KWARGS of a path that resolves, and any long token-like run of characters in one that does
not (a mistyped or expired token, a 404). Query values whose name sounds secret are redacted too.
Used by gunicorn's access log (`RedactingGunicornLogger`, `stridecare serve` and README) and by
Django's own request loggers (`RedactPathsFilter`, settings LOGGING)."""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[redacted]"
SECRET_KWARGS = frozenset({"token", "status_token", "uidb64"})
# secrets.token_urlsafe(32) is 43 characters, Django's reset tokens 30-40: no word or id is this long.
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_\-]{20,}")
SECRET_QUERY_NAMES = re.compile(r"token|key|secret|code|pass|sig|auth", re.IGNORECASE)


def redact_path(path: str) -> str:
    """``path`` (no query) with its secret parts replaced."""
    try:
        from django.urls import Resolver404, resolve

        try:
            match = resolve(path)
        except Resolver404:
            match = None
    except Exception:  # Django not set up (gunicorn's master): the heuristic alone
        match = None
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_KWARGS and value:
                path = path.replace(str(value), REDACTED)
    return TOKEN_LIKE.sub(REDACTED, path)


def redact_query(query: str) -> str:
    if not query:
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(
        [(k, REDACTED if SECRET_QUERY_NAMES.search(k) else TOKEN_LIKE.sub(REDACTED, v)) for k, v in pairs], safe="[]"
    )


def redact_url(url: str) -> str:
    """A full URL or a path with its query (a Referer, a Location, a request line's target)."""
    if not url or url == "-":
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=redact_path(parts.path), query=redact_query(parts.query)))


def redact_request_line(line: str) -> str:
    """'GET /r/TOKEN/ HTTP/1.1' -> 'GET /r/[redacted]/ HTTP/1.1'."""
    method, _, rest = line.partition(" ")
    target, _, protocol = rest.rpartition(" ")
    if not target:
        return TOKEN_LIKE.sub(REDACTED, line)
    return f"{method} {redact_url(target)} {protocol}"


class RedactPathsFilter(logging.Filter):
    """For Django's request loggers ('Not Found: /r/TOKEN/', the development server's request line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(a) for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = _redact_arg(record.msg)
        return True


def _redact_arg(value):
    if not isinstance(value, str):
        return value
    if re.match(r"^[A-Z]+ \S+ HTTP/", value):
        return redact_request_line(value)
    if value.startswith("/"):
        return redact_url(value)
    return TOKEN_LIKE.sub(REDACTED, value)


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is a dependency
    _GunicornLogger = object


class RedactingGunicornLogger(_GunicornLogger):
    """gunicorn's logger (`--logger-class stridecare.web.accesslog.RedactingGunicornLogger`) whose
    access log atoms carry redacted paths, queries, referers and redirect targets."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path, query = redact_path(environ.get("PATH_INFO", "")), redact_query(environ.get("QUERY_STRING", ""))
        target = path + (f"?{query}" if query else "")
        atoms.update(r=f"{environ['REQUEST_METHOD']} {target} {environ['SERVER_PROTOCOL']}", U=path, q=query)
        for key, value in list(atoms.items()):
            if isinstance(value, str) and (
                key == "f" or any(word in key for word in ("referer", "location", "uri", "path", "query", "url"))
            ):
                atoms[key] = redact_url(value) if key not in ("{query_string}e",) else redact_query(value)
        return atoms
