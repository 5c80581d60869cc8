"""Walk every URL pattern with every outsider role, so no view can skip the access rules.

Outsiders: anonymous, a runner of another clinic, a runner with no clinic, a therapist and an
admin of another clinic, and (for clinical pages) the own clinic's admin, who is not a therapist.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from stridecare.accounts.models import Invitation
from stridecare.booking import actions
from tests.booking.helpers import make_request

SECRET = "ZEBRA-SECRET-REASON"
OBJECT_KWARGS = {
    "runner_id",
    "request_id",
    "visit_id",
    "job_id",
    "activity_id",
    "file_id",
    "shoe_id",
    "note_id",
    "screening_id",
    "evaluation_id",
    "treatment_id",
    "addendum_id",
    "alert_id",
    "program_id",
    "prescribed_id",
    "log_id",
    "suggestion_id",
    "checkin_id",
    "referral_id",
    "analysis_id",
    "zone_id",
    "export_id",
    "erasure_id",
    "staff_id",
    "planned_run_id",
    "plan_week_id",
    "attachment_id",
    "episode_id",
    "letter_id",
}


def walk(patterns=None, namespace=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, entry


def all_views():
    return list(walk())


@pytest.fixture
def scene(world, tomorrow_10am):
    from stridecare.jobs.runner import enqueue_job

    req = make_request(world.clinic, world.runner)
    visit = actions.confirm_request(
        req.pk, therapist=world.therapist, start=tomorrow_10am, minutes=45, actor=world.therapist
    )
    invitation = Invitation.objects.create(
        clinic=world.clinic, kind="runner", email="new@runner.test", invited_by=world.therapist
    )
    job = enqueue_job("booking_email", {"request_id": req.pk, "event": "received"}, owner=world.runner)
    activity, stored, shoe = make_runner_records(world.runner)
    values = {
        "activity_id": activity.pk,
        "file_id": stored.pk,
        "shoe_id": shoe.pk,
        "runner_id": world.runner.pk,
        "request_id": req.pk,
        "visit_id": visit.pk,
        "job_id": job.pk,
        "slug": world.clinic.slug,
        "status_token": req.status_token,
        "action": "accept",
        "uidb64": "MQ",
        "token": "set-token",
        "staff_id": world.therapist.pk,
    }
    tokens = {"accounts:accept_invitation": invitation.token, "booking:feed": world.therapist.calendar_token}
    values.update(app_access_values(world))
    return world, values, tokens


def app_access_values(world) -> dict:
    """URL kwarg values from each app's `tests/<app>/access.py: access_values(world)`: objects of
    the first clinic's runner that outsiders must not reach (add one when an app adds object URLs)."""
    import importlib
    import pathlib

    values = {}
    for module in sorted(pathlib.Path(__file__).resolve().parents[1].glob("*/access.py")):
        values.update(importlib.import_module(f"tests.{module.parent.name}.access").access_values(world))
    return values


def make_runner_records(runner):
    from django.core.files.base import ContentFile

    from stridecare.training.models import Activity, ActivityFile, Shoe

    stored = ActivityFile.objects.create(
        runner=runner,
        original_name="run.gpx",
        file=ContentFile(b"<gpx/>", name="run.gpx"),
        size_bytes=6,
        sha256="0" * 64,
    )
    shoe = Shoe.objects.create(runner=runner, name="Trainers")
    activity = Activity.objects.create(
        runner=runner,
        source=stored,
        shoe=shoe,
        sport="running",
        start_utc=timezone.now(),
        distance_m=8000,
        moving_time_s=2400,
        elapsed_time_s=2500,
        fingerprint="run:x",
        note=SECRET,
    )
    return activity, stored, shoe


def url_for(name, pattern, values, tokens):
    kwargs = {k: (tokens.get(name, values[k]) if k == "token" else values[k]) for k in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs)


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_view_declares_its_access_rule():
    missing = [str(p.pattern) for name, p in all_views() if not getattr(p.callback, "access", None)]
    unnamed = [str(p.pattern) for name, p in all_views() if name is None]
    assert missing == [] and unnamed == []


def test_outsiders_never_see_another_clinics_records(scene):
    world, values, tokens = scene
    outsiders = {
        "anonymous": None,
        "other runner": world.other_runner,
        "lone runner": world.lone_runner,
        "runner of the same clinic": world.clinic_mate,
        "other therapist": world.other_therapist,
        "other admin": world.other_admin,
    }
    checked = 0
    for name, pattern in all_views():
        access = pattern.callback.access
        if access == "public":
            continue
        url = url_for(name, pattern, values, tokens)
        has_object = bool(OBJECT_KWARGS & set(pattern.pattern.converters))
        for role, user in outsiders.items():
            for method in ("get", "post"):
                response = getattr(client_for(user), method)(url)
                checked += 1
                body = response.content.decode(errors="replace")
                assert SECRET not in body and "sam@runner.test" not in body, f"{role} {method} {url} leaks"
                if user is None:
                    assert response.status_code == 302 and response["Location"].startswith("/login/"), (
                        f"anonymous {method} {url}"
                    )
                elif has_object:
                    # 405 for a GET of a POST-only view says nothing about the object; a POST must be 404.
                    allowed = {404, 405} if method == "get" else {404}
                    assert response.status_code in allowed, (
                        f"{role} {method} {url} gave {response.status_code}, not 404"
                    )
                else:
                    assert response.status_code in {200, 302, 400, 404, 405}, f"{role} {method} {url}"
    assert checked > 50


def test_clinic_admin_who_is_not_a_therapist_reads_no_clinical_pages(scene):
    world, values, tokens = scene
    client = client_for(world.admin)
    for name in (
        "accounts:runner_detail",
        "booking:request_detail",
        "booking:queue",
        "accounts:runners",
        "booking:visit_ics",
    ):
        pattern = dict(all_views())[name]
        assert client.get(url_for(name, pattern, values, tokens)).status_code == 404, name


def test_the_rightful_user_gets_each_page(scene):
    """The positive control: the rules do not simply refuse everyone."""
    world, values, tokens = scene
    insiders = {
        "runner": world.runner,
        "therapist": world.therapist,
        "clinic_admin": world.admin,
        "member": world.runner,
    }
    for name, pattern in all_views():
        access = pattern.callback.access
        if access == "public":
            continue
        user = insiders[access.split(":")[1].split(",")[0]]
        response = client_for(user).get(url_for(name, pattern, values, tokens))
        # 405: a POST-only action; the outsider test checks its POST.
        assert response.status_code in {200, 302, 405}, f"{name} gave {response.status_code} to {user.email}"
        if user.is_runner and response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert reverse("inbox:help_now") in response.content.decode(), f"{name} lacks the 'Need help now' button"
        if response.status_code == 302:
            assert not response["Location"].startswith("/login/"), name


def test_token_pages_refuse_a_wrong_token(scene):
    world, values, tokens = scene
    wrong = dict(values, status_token="not-a-real-token", slug="no-such-clinic")
    for name, pattern in all_views():
        converters = set(pattern.pattern.converters)
        if pattern.callback.access != "public" or not converters & {"status_token", "slug"} and name != "booking:feed":
            continue
        url = url_for(name, pattern, wrong, {"booking:feed": "not-a-real-token"})
        response = Client().get(url)
        assert response.status_code in {404, 405}, f"{name}: {response.status_code}"
        assert SECRET not in response.content.decode()


def test_a_runner_sees_their_own_visit_but_not_anothers(scene, tomorrow_10am):
    world, values, tokens = scene
    other_req = make_request(world.clinic, None, name="Someone Else")
    other_visit = actions.confirm_request(
        other_req.pk, therapist=world.therapist2, start=tomorrow_10am + timedelta(hours=3), minutes=30, actor=None
    )
    client = client_for(world.runner)
    assert client.get(reverse("booking:visit_ics", args=[values["visit_id"]])).status_code == 200
    assert client.get(reverse("booking:visit_ics", args=[other_visit.pk])).status_code == 404
    assert timezone.now() < other_visit.start


def test_a_therapist_sees_only_their_clinics_visits_of_a_runner_who_also_booked_elsewhere(world, client, tomorrow_10am):
    elsewhere = make_request(world.other_clinic, world.runner, reason="booked elsewhere")
    actions.confirm_request(elsewhere.pk, therapist=world.other_therapist, start=tomorrow_10am, minutes=30, actor=None)
    client.force_login(world.therapist)
    page = client.get(reverse("accounts:runner_detail", args=[world.runner.pk])).content.decode()
    assert "Hank Hill" not in page and "No visits." in page


def test_home_is_public_a_landing_page_for_visitors_and_each_persons_own_home_otherwise(scene):
    """`home` is the one public view that shows records: only to the person they belong to."""
    world, values, tokens = scene
    assert dict(all_views())["home"].callback.access == "public"
    visitor = Client().get(reverse("home"))
    body = visitor.content.decode()
    assert visitor.status_code == 200 and "For clinics" in body and SECRET not in body and "Sam Rivera" not in body
    assert "Hello Sam Rivera" in client_for(world.runner).get(reverse("home")).content.decode()
    other = client_for(world.other_runner).get(reverse("home")).content.decode()
    assert "Hello Olga Other" in other and "Sam Rivera" not in other and "Priya Shah" not in other
    staff_home = client_for(world.therapist).get(reverse("home")).content.decode()
    assert "<h1>Caseload</h1>" in staff_home and "For clinics" not in staff_home and "Hello" not in staff_home
    assert client_for(world.other_admin).get(reverse("home"))["Location"] == reverse("accounts:staff")


# The clinical views: each, opened by a therapist of the runner's clinic, writes an audit entry
# (stridecare.audit.trail.record). A value is the POST data for a view that acts only on a POST,
# a query string for a GET that needs one, or None for a plain GET. In walk order: the scene's note is signed, so the edits go to a draft (DRAFT_VIEWS).
CLINICAL_VIEWS = {
    "accounts:runner_detail": None,
    "messaging:staff_thread": None,
    "messaging:staff_attachment": None,
    "mydata:staff_export": None,
    "mydata:staff_handoff": None,
    "training:staff_activities": None,
    "training:staff_activity": None,
    "training:staff_dashboard": None,
    "care:notes": None,
    "care:evaluation_new": "?region=anterior_knee",  # the region chooser before it shows no record
    "care:followup_new": None,
    "care:note": None,
    "care:note_edit": None,
    "care:treatment_add": {},  # an incomplete entry shows the note again with its errors: a read
    "care:treatment_remove": {},
    "care:note_sign": {},
    "care:addendum_add": {},
    "screening:clear": None,
    "inbox:risk_concern": {"note": "Said they feel hopeless."},
    "inbox:acknowledge": {"response": "Called the runner at 14:10, safe."},
    "programs:runner_programs": None,
    "programs:program": None,
    "programs:program_pdf": None,
    "programs:staff_rtr": None,
    "programs:prescribed": None,
    "programs:suggestion": {"action": "hold"},
    "programs:advance_phase": {},
    "programs:discharge": {"discharged_on": ""},
    "programs:staff_outcomes": None,
    "programs:staff_wellbeing": None,
    "gaitlab:staff_list": None,
    "gaitlab:staff_dynamics": None,
    "gaitlab:staff_report": None,
    "gaitlab:staff_compare": None,
    "gaitlab:staff_file": None,
    "planning:staff_plan": None,
    "planning:staff_week": None,
    "episodes:episode_new": None,
    "episodes:episode": None,
    "episodes:discharge": {},  # an incomplete form shows the episode again: a read
    "episodes:letter_new": {"kind": "referral"},  # no physician named: the episode again, a read
    "episodes:letter": None,
    "episodes:letter_finalise": {},
    "episodes:letter_pdf": None,
}
DRAFT_VIEWS = {"care:note_edit", "care:treatment_remove"}
# Staff views that open no one runner's clinical record (lists across the caseload, settings,
# progress polls), each with why; a new staff view must join one of the two lists.
NOT_CLINICAL_VIEWS = {
    "accounts:runners": "the clinic's runner list",
    "booking:queue": "appointment requests of the clinic",
    "booking:request_detail": "an appointment request, not a clinical record",
    "booking:calendar": "the clinic's calendar",
    "booking:visit_ics": "one visit's time and place",
    "booking:availability": "a therapist's own working hours and days off",
    "booking:approve_visit": "confirms a booked time, not a clinical record",
    "training:needs_attention": "the caseload's flags, one line each",
    "screening:rules": "the screening rules",
    "inbox:inbox": "the caseload's alerts, one line each",
    "inbox:mark_read": "marks an alert read",
    "messaging:clinic_messages": "the clinic's conversations, one line each",
    "programs:clinic_programs": "the clinic's active programs",
    "programs:referrals": "the clinic's referral directory",
    "programs:referral_remove": "the clinic's referral directory",
    "programs:clinic_forms": "the clinic's outcome forms",
    "gaitlab:staff_status": "an analysis's progress, polled every second",
    "gaitlab:staff_upload": "the upload form (an upload writes 'create')",
}


def test_every_staff_view_is_classified_clinical_or_not():
    staff_views = {name for name, p in all_views() if "therapist" in p.callback.access}
    assert staff_views - set(CLINICAL_VIEWS) - set(NOT_CLINICAL_VIEWS) == set()
    assert set(CLINICAL_VIEWS) | set(NOT_CLINICAL_VIEWS) <= staff_views
    assert not set(CLINICAL_VIEWS) & set(NOT_CLINICAL_VIEWS)


def test_each_clinical_view_opened_by_a_clinician_writes_its_audit_entry(scene):
    from stridecare.audit.models import AuditEntry
    from stridecare.care import notes

    world, values, tokens = scene
    draft = notes.create_note(runner=world.runner, author=world.therapist, kind="follow_up", content={})
    draft_treatment = notes.add_treatment(
        draft.pk, author=world.therapist, technique="kinesiology_taping", body_area="knee", side="L", minutes=10
    )
    drafts = dict(values, note_id=draft.pk, treatment_id=draft_treatment.pk)
    views = dict(all_views())
    client = client_for(world.therapist)
    silent = []
    for name, data in CLINICAL_VIEWS.items():
        url = url_for(name, views[name], drafts if name in DRAFT_VIEWS else values, tokens)
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if isinstance(data, dict):
            response = client.post(url, data)
        else:
            response = client.get(url + (data or ""))
        assert response.status_code in {200, 302}, f"{name} gave {response.status_code}"
        written = AuditEntry.objects.filter(pk__gt=last, view_name=name)
        entry = written.first()
        if entry is None:
            silent.append(name)
            continue
        assert (entry.actor_id, entry.runner_id, entry.clinic_id) == (
            world.therapist.pk,
            world.runner.pk,
            world.clinic.pk,
        )
        assert entry.ip_address == "127.0.0.1" and entry.action in {a.value for a in AuditEntry.Action}
    assert silent == [], f"clinical views that wrote no audit entry: {silent}"


def test_a_runner_opening_their_own_record_writes_no_audit_entry(scene):
    from stridecare.audit.models import AuditEntry

    world, values, tokens = scene
    views = dict(all_views())
    client = client_for(world.runner)
    for name in ("training:activity", "gaitlab:report", "programs:my_program"):
        assert client.get(url_for(name, views[name], values, tokens)).status_code == 200
    assert not AuditEntry.objects.exists()
