"""Every access rule of the web app, in one place.

- A runner sees only their own records.
- A physical therapist sees the runners (and requests, visits) of their own clinic.
- A clinic admin manages staff and clinic settings but reads no clinical records unless they are
  also a therapist.
- Anything outside a person's scope is a 404, never a 403: it does not reveal that it exists.

Every view carries exactly one of the decorators below; tests/accounts/test_access_rules.py walks
every URL pattern and fails when a view has none.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from .models import Clinic, User

ROLES = ("runner", "therapist", "clinic_admin", "member")


class AuthedRequest(HttpRequest):
    """The request a view behind ``role_required`` receives: its user is logged in. Only a type for
    the views' annotations (Django still passes its own request object)."""

    user: User


def has_role(user: User | AnonymousUser, role: str) -> bool:
    if isinstance(user, AnonymousUser) or not user.is_authenticated or not user.is_active:
        return False
    if role == "runner":
        return user.is_runner
    if role == "therapist":
        return not user.is_runner and user.is_therapist and user.clinic_id is not None
    if role == "clinic_admin":
        return not user.is_runner and user.is_clinic_admin and user.clinic_id is not None
    return role == "member"


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Open to anyone. Token-protected pages use this too and check their token themselves."""
    view.access = "public"  # type: ignore[attr-defined]  # a mark read by the URL walk of the tests
    return view


def role_required(*roles: str) -> Callable[[Callable], Callable]:
    """Logged-in users with one of ``roles`` ("member" = any logged-in user). Others get a login
    redirect (anonymous) or a 404 (wrong role)."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not any(has_role(request.user, role) for role in roles):
                raise Http404("Not found")
            return view(request, *args, **kwargs)

        wrapper.access = "roles:" + ",".join(roles)  # type: ignore[attr-defined]  # read by the URL walk of the tests
        return wrapper

    return decorator


def clinic_id_of(user: User) -> int:
    """The user's clinic, which the role of a therapist or clinic admin guarantees (``has_role``); a 404
    for a user with none. Never None: a filter on a missing clinic id would match the rows that belong
    to no clinic."""
    if user.clinic_id is None:
        raise Http404("Not found")
    return user.clinic_id


def clinic_of(user: User) -> Clinic:
    """The user's clinic row (see ``clinic_id_of``)."""
    if user.clinic is None:
        raise Http404("Not found")
    return user.clinic


def visible_runners(user: User) -> QuerySet[User]:
    """Runners whose clinical records ``user`` may read."""
    runners = User.objects.filter(role=User.Role.RUNNER, is_active=True)
    if has_role(user, "runner"):
        return runners.filter(pk=user.pk)
    if has_role(user, "therapist"):
        return runners.filter(clinic_id=clinic_id_of(user))
    return runners.none()


def get_runner_or_404(user: User, runner_id: int) -> User:
    try:
        return visible_runners(user).get(pk=runner_id)
    except User.DoesNotExist:
        raise Http404("Not found") from None


def clinic_staff(user: User) -> QuerySet[User]:
    """Staff of the user's clinic (for admins managing staff and therapists picking a colleague)."""
    if user.is_runner or user.clinic_id is None:
        return User.objects.none()
    return User.objects.filter(role=User.Role.STAFF, clinic_id=user.clinic_id, is_active=True)


def visible_requests(user: User):
    """Appointment requests ``user`` may open: their own (runner) or their clinic's (therapist)."""
    from stridecare.booking.models import AppointmentRequest

    if has_role(user, "runner"):
        return AppointmentRequest.objects.filter(runner=user)
    if has_role(user, "therapist"):
        return AppointmentRequest.objects.filter(clinic_id=clinic_id_of(user))
    return AppointmentRequest.objects.none()


def visible_visits(user: User):
    """Visits ``user`` may see: their own (runner) or their clinic's (therapist)."""
    from stridecare.booking.models import Visit

    if has_role(user, "runner"):
        return Visit.objects.filter(runner=user)
    if has_role(user, "therapist"):
        return Visit.objects.filter(clinic_id=clinic_id_of(user))
    return Visit.objects.none()
