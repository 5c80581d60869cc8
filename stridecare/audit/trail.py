"""`record(...)`: the one function every clinical view calls to write the audit trail."""

from __future__ import annotations

from django.db import models
from django.http import HttpRequest

from .models import AuditEntry

ACTIONS = {choice.value for choice in AuditEntry.Action}


def record(
    request: HttpRequest,
    action: str,
    runner,
    obj: models.Model | None = None,
    *,
    record_type: str | None = None,
) -> AuditEntry | None:
    """Write who (the request's user) did ``action`` to which record (``obj``, or ``record_type``
    for a page that lists a runner's records) of which ``runner``, when and from which address.

    A runner reading their own record is not written: the trail is of staff access."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    user = request.user
    if runner is None or not user.is_authenticated or user.pk == runner.pk:
        return None
    if record_type is None:
        record_type = str(obj._meta.verbose_name) if obj is not None else "record"
    match = getattr(request, "resolver_match", None)
    return AuditEntry.objects.create(
        clinic_id=user.clinic_id,
        actor=user,
        actor_name=user.full_name or user.email,
        runner=runner,
        runner_name=runner.full_name or runner.email,
        action=action,
        record_type=str(record_type)[:60],
        record_id=obj.pk if obj is not None else None,
        view_name=(match.view_name if match else "")[:100],
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )
