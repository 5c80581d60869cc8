"""The clinic admin's audit trail page and CSV export, and a runner's 'who opened my record'."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stridecare.accounts.access import AuthedRequest, clinic_id_of, role_required

from .forms import AuditFilterForm
from .models import AuditEntry

PAGE_SIZE = 100


def _clinic_entries(request: AuthedRequest):
    form = AuditFilterForm(request.user, request.GET or {})
    return form, form.apply(AuditEntry.objects.filter(clinic_id=clinic_id_of(request.user)))


@role_required("clinic_admin")
def clinic_audit(request: AuthedRequest) -> HttpResponse:
    form, entries = _clinic_entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/clinic_audit.html", {"form": form, "page": page, "query": query.urlencode()})


@role_required("clinic_admin")
def clinic_audit_csv(request: AuthedRequest) -> HttpResponse:
    _form, entries = _clinic_entries(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y-%m-%d}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["when", "person", "person id", "runner", "runner id", "action", "record", "record id", "page", "address"]
    )
    for e in entries.iterator():
        writer.writerow(
            [
                timezone.localtime(e.at).isoformat(timespec="seconds"),
                _cell(e.actor_name),
                e.actor_id,
                _cell(e.runner_name),
                e.runner_id,
                e.action,
                e.record_type,
                e.record_id if e.record_id is not None else "",
                e.view_name,
                e.ip_address or "",
            ]
        )
    return response


def _cell(text: str) -> str:
    """No spreadsheet formulas from names people typed (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@role_required("runner")
def my_record_access(request: AuthedRequest) -> HttpResponse:
    entries = AuditEntry.objects.filter(runner_id=request.user.pk)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/my_record_access.html", {"page": page})
