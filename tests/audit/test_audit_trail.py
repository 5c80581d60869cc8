"""The audit trail: append-only rows, the clinic admin's page and CSV, the runner's own view."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from stridecare.audit.models import AppendOnlyError, AuditEntry
from tests.accounts.test_access_rules import client_for


def _open_record(world, therapist=None):
    client = client_for(therapist or world.therapist)
    assert client.get(reverse("accounts:runner_detail", args=[world.runner.pk])).status_code == 200
    assert client.get(reverse("care:notes", args=[world.runner.pk])).status_code == 200


@pytest.fixture
def trail(world):
    _open_record(world)
    _open_record(world, world.therapist2)
    return AuditEntry.objects.all()


def test_opening_a_record_writes_who_which_runner_what_when_and_from_where(world, trail):
    entry = AuditEntry.objects.filter(view_name="care:notes", actor=world.therapist).get()
    assert entry.runner_id == world.runner.pk and entry.clinic_id == world.clinic.pk
    assert entry.action == "read" and entry.record_type == "clinical notes" and entry.ip_address == "127.0.0.1"
    assert entry.actor_name == "Priya Shah" and entry.runner_name == "Sam Rivera" and entry.at is not None


def test_an_entry_cannot_be_changed_or_removed_through_the_model(trail):
    entry = trail.first()
    entry.action = "change"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="change")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "read" and AuditEntry.objects.count() == 4


def test_the_database_refuses_an_update_behind_the_models_back(trail):
    entry = trail.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET actor_name = 'someone else' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).actor_name == entry.actor_name


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE for the test suite's flush")
def test_postgresql_refuses_a_delete_behind_the_models_back(trail):
    entry = trail.first()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_the_clinic_admin_sees_and_filters_the_trail(world, trail):
    client = client_for(world.admin)
    page = client.get(reverse("audit:clinic_audit")).content.decode()
    assert page.count("Sam Rivera") >= 4 and "Priya Shah" in page and "Tom Becker" in page
    only_tom = client.get(reverse("audit:clinic_audit"), {"person": world.therapist2.pk}).content.decode()
    assert "Tom Becker" in only_tom and "<td>Priya Shah</td>" not in only_tom
    none_changed = client.get(reverse("audit:clinic_audit"), {"action": "sign"}).content.decode()
    assert "No entries." in none_changed
    today = trail.first().at.date().isoformat()
    assert "No entries." not in client.get(reverse("audit:clinic_audit"), {"date_from": today}).content.decode()
    assert "No entries." in client.get(reverse("audit:clinic_audit"), {"date_to": "2000-01-01"}).content.decode()
    by_runner = client.get(reverse("audit:clinic_audit"), {"runner": world.clinic_mate.pk}).content.decode()
    assert "No entries." in by_runner


def test_the_csv_export_holds_the_filtered_rows_of_the_admins_clinic_only(world, trail):
    _open_record(type("W", (), {"therapist": world.other_therapist, "runner": world.other_runner})())
    response = client_for(world.admin).get(reverse("audit:clinic_audit_csv"), {"person": world.therapist.pk})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["when", "person", "person id"]
    assert len(rows) == 3 and {r[1] for r in rows[1:]} == {"Priya Shah"} and {r[3] for r in rows[1:]} == {"Sam Rivera"}
    other = client_for(world.other_admin).get(reverse("audit:clinic_audit_csv")).content.decode()
    assert "Sam Rivera" not in other and "Olga Other" in other


@pytest.mark.parametrize("who", ["therapist", "runner", "other_therapist"])
def test_only_clinic_admins_open_the_trail(world, trail, who):
    client = client_for(getattr(world, who))
    assert client.get(reverse("audit:clinic_audit")).status_code == 404
    assert client.get(reverse("audit:clinic_audit_csv")).status_code == 404
    assert Client().get(reverse("audit:clinic_audit")).status_code == 302


def test_a_runner_sees_who_opened_their_record_from_their_account_page(world, trail):
    client = client_for(world.runner)
    assert reverse("audit:my_record_access") in client.get(reverse("accounts:profile")).content.decode()
    page = client.get(reverse("audit:my_record_access")).content.decode()
    assert "Priya Shah" in page and "Tom Becker" in page and "clinical notes" in page
    mate = client_for(world.clinic_mate).get(reverse("audit:my_record_access")).content.decode()
    assert "Priya Shah" not in mate and "Nobody at a clinic has opened your record yet." in mate


def test_a_name_that_looks_like_a_formula_is_quoted_in_the_csv(world):
    world.therapist.full_name = "=HYPERLINK(1)"
    world.therapist.save()
    _open_record(world)
    body = client_for(world.admin).get(reverse("audit:clinic_audit_csv")).content.decode()
    assert "'=HYPERLINK(1)" in body
