"""Response headers and session rules for health data.

- `SecurityHeadersMiddleware`: a strict Content-Security-Policy on every response (scripts, styles,
  images and connections from this site only, nothing inline, no framing), and
  `Cache-Control: no-store, private` on every response of a view: pages, program PDFs, calendar
  feeds, videos and exports are never kept by a browser or a proxy cache. Static files are served
  before this middleware (WhiteNoise) and keep their long cache.
- `IdleTimeoutMiddleware`: a session unused for longer than the person's idle timeout is ended
  (staff: STRIDECARE_IDLE_TIMEOUT_STAFF_S, 30 minutes; runners: STRIDECARE_IDLE_TIMEOUT_RUNNER_S,
  14 days); the next request goes to the login page and comes back after it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse

LAST_SEEN_KEY = "stridecare_last_seen_s"
# The session is written at most this often; a person is logged out at most this much early, never late.
TOUCH_EVERY_S = 60
EXPIRY_GRACE_S = 3600


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Content-Security-Policy"] = settings.STRIDECARE_CONTENT_SECURITY_POLICY
        response["Cache-Control"] = "private, no-store"
        return response


def idle_timeout_s(user) -> int:
    return settings.STRIDECARE_IDLE_TIMEOUT_RUNNER_S if user.is_runner else settings.STRIDECARE_IDLE_TIMEOUT_STAFF_S


class IdleTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timeout_s = idle_timeout_s(user)
            now_s = int(time.time())
            last_s = request.session.get(LAST_SEEN_KEY)
            if last_s is not None and now_s - last_s > timeout_s:
                return self._expired(request, timeout_s)
            if last_s is None or now_s - last_s >= TOUCH_EVERY_S:
                request.session[LAST_SEEN_KEY] = now_s
                # The cookie outlives the timeout by an hour so that this check, not a silent
                # expiry, ends the session and can say why.
                request.session.set_expiry(timeout_s + EXPIRY_GRACE_S)
        return self.get_response(request)

    def _expired(self, request: HttpRequest, timeout_s: int) -> HttpResponse:
        logout(request)
        minutes = timeout_s // 60
        quiet = f"{minutes // (60 * 24)} days" if minutes >= 60 * 24 * 2 else f"{minutes} minutes"
        messages.info(request, f"You were logged out after {quiet} without activity. Log in again to go on.")
        response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = response["Location"]
        return response
