"""REFERENCE.md 8.3: every trigger creates a crisis alert with a human follow-up due the same working
day [H]; unacknowledged by then it goes to the clinic's backup contact [H], once. Triggers covered
here: a clinician marks a risk concern, the clinic's own phrase list in free text, an appointment
request's text."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stridecare.booking.models import AppointmentRequest
from stridecare.inbox.alerts import CRISIS_WHERE, crisis_due_at, escalate_if_overdue, raise_alert, raise_crisis_alert
from stridecare.inbox.models import Alert
from stridecare.jobs.models import Job


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _crisis(world) -> Alert:
    return raise_alert(runner=world.runner, kind="self_harm", severity="red", title="PHQ-9 item 9 answered 1")


def test_a_crisis_alert_is_due_by_the_end_of_the_clinics_working_day(world):
    world.clinic.working_day_ends = dt.time(17, 30)
    world.clinic.save()
    # Monday 23 Nov 2026, 10:00 UTC = 10:00 in London: due the same day at 17:30 London time
    monday = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
    assert crisis_due_at(world.clinic, monday) == dt.datetime(2026, 11, 23, 17, 30, tzinfo=ZoneInfo("Europe/London"))
    alert = _crisis(world)
    assert alert.follow_up_due_at is not None and alert.follow_up_due_at > alert.created_at
    # the escalation job ran at once on the test queue (it cannot defer) and found nothing due yet
    job = Job.objects.get(kind="crisis_escalation")
    assert job.payload == {"alert_id": alert.pk} and job.result == {"outcome": "not due"}
    assert Alert.objects.get(pk=alert.pk).escalated_at is None


def test_an_unacknowledged_alert_goes_to_the_backup_contact_once(world):
    world.clinic.crisis_backup_name, world.clinic.crisis_backup_email = "Dr Backup", "backup@riverside.test"
    world.clinic.save()
    alert = _crisis(world)
    mail.outbox.clear()
    before = alert.follow_up_due_at - dt.timedelta(minutes=1)
    after = alert.follow_up_due_at + dt.timedelta(minutes=1)
    assert escalate_if_overdue(alert.pk, before) == "not due" and mail.outbox == []
    assert escalate_if_overdue(alert.pk, after) == "escalated"
    assert [m.to for m in mail.outbox] == [["backup@riverside.test"]] and "Sam Rivera" in mail.outbox[0].body
    alert.refresh_from_db()
    assert alert.escalated_at == after and alert.escalated_to == "backup@riverside.test"
    assert escalate_if_overdue(alert.pk, after + dt.timedelta(hours=1)) == "already escalated" and len(mail.outbox) == 1
    page = _login(world.therapist).get(reverse("inbox:inbox")).content.decode()
    assert "Escalated to backup@riverside.test" in page


def test_without_a_backup_contact_every_therapist_and_admin_of_the_clinic_is_told(world):
    alert = _crisis(world)
    mail.outbox.clear()
    assert escalate_if_overdue(alert.pk, alert.follow_up_due_at) == "escalated"
    to = set(mail.outbox[0].to)
    assert to == {world.therapist.email, world.therapist2.email, world.admin.email}
    assert world.other_therapist.email not in to


def test_a_recorded_follow_up_stops_the_escalation(world):
    alert = _crisis(world)
    _login(world.therapist).post(
        reverse("inbox:acknowledge", args=[alert.pk]), {"response": "Called at 11:05, safe, GP informed."}
    )
    mail.outbox.clear()
    assert escalate_if_overdue(alert.pk, alert.follow_up_due_at + dt.timedelta(hours=2)) == "followed up"
    assert mail.outbox == []


def test_the_inbox_shows_when_the_follow_up_is_due(world):
    alert = _crisis(world)
    page = _login(world.therapist).get(reverse("inbox:inbox")).content.decode()
    assert f'id="alert-{alert.pk}"' in page and 'data-follow-up="due"' in page and "Follow up by" in page
    Alert.objects.filter(pk=alert.pk).update(follow_up_due_at=alert.created_at - dt.timedelta(minutes=5))
    page = _login(world.therapist).get(reverse("inbox:inbox")).content.decode()
    assert 'data-follow-up="overdue"' in page and "Overdue: the follow-up was due" in page


def test_a_therapist_marks_a_risk_concern(world):
    client = _login(world.therapist)
    url = reverse("inbox:risk_concern", args=[world.runner.pk])
    client.post(url, {"note": "   "})
    assert not Alert.objects.exists()  # a concern needs the clinician's words
    client.post(url, {"note": "Said on the phone he sees no point in going on."})
    alert = Alert.objects.get()
    assert (alert.kind, alert.severity, alert.runner, alert.clinic) == ("self_harm", "red", world.runner, world.clinic)
    assert "Priya Shah" in alert.title and "no point in going on" in alert.body and alert.follow_up_due_at is not None
    assert Job.objects.filter(kind="crisis_escalation", payload={"alert_id": alert.pk}).exists()


@pytest.mark.parametrize("who", ["other_therapist", "runner", "admin"])
def test_only_a_therapist_of_the_runners_clinic_can_mark_a_concern(world, who):
    response = _login(getattr(world, who)).post(
        reverse("inbox:risk_concern", args=[world.runner.pk]), {"note": "concern"}
    )
    assert response.status_code in (403, 404)
    assert not Alert.objects.exists()


def test_the_clinics_own_phrase_list_is_what_free_text_is_matched_against(world):
    world.clinic.self_harm_phrases = "feel hopeless\nno way out"
    world.clinic.save()
    client = _login(world.runner)
    page = client.post(
        reverse("programs:wellbeing"), {"why": "1", "text": "Running is my only way to cope when I feel hopeless."}
    ).content.decode()
    assert 'id="crisis-resources"' in page
    assert Alert.objects.filter(kind="self_harm", runner=world.runner).count() == 1
    # a phrase the clinic took off its list no longer matches (8.3: the list is the clinic's)
    page = client.post(
        reverse("programs:wellbeing"),
        {"why": "1", "text": "I do not want to die before my first marathon."},
        follow=True,
    ).content.decode()
    assert 'id="crisis-resources"' not in page and Alert.objects.filter(kind="self_harm").count() == 1


def test_the_clinic_settings_page_starts_from_stridecares_list_and_checks_phrases(world):
    client = _login(world.admin)
    page = client.get(reverse("accounts:clinic_settings")).content.decode()
    assert "kill myself" in page and "better off dead" in page  # prefilled with the starting list
    data = {
        "name": world.clinic.name,
        "timezone": "Europe/London",
        "default_visit_minutes": 45,
        "emergency_number": "999",
        "working_day_ends": "17:00",
        "crisis_backup_name": "Dr Backup",
        "crisis_backup_email": "backup@riverside.test",
        "self_harm_phrases": "kill myself\nno\n",
    }
    page = client.post(reverse("accounts:clinic_settings"), data).content.decode()
    assert "at least 3 characters" in page
    world.clinic.refresh_from_db()
    assert world.clinic.self_harm_phrases == "" and world.clinic.crisis_backup_email == ""  # nothing saved
    data["self_harm_phrases"] = "kill myself\n  no   way out \nkill myself"
    client.post(reverse("accounts:clinic_settings"), data)
    world.clinic.refresh_from_db()
    assert world.clinic.phrase_list() == ("kill myself", "no way out")  # spaces tidied, duplicates dropped
    assert (
        world.clinic.working_day_ends == dt.time(17, 0) and world.clinic.crisis_backup_email == "backup@riverside.test"
    )
    data["self_harm_phrases"] = ""
    assert "Keep at least one phrase" in client.post(reverse("accounts:clinic_settings"), data).content.decode()


def _request(client: Client, reason: str, token: str) -> AppointmentRequest:
    data = {
        "name": "Sam Rivera",
        "email": "sam@runner.test",
        "phone": "0700 000000",
        "visit_type": "telehealth",
        "reason": reason,
        "preferred_days": ["mon"],
        "preferred_times": ["evening"],
        "submission_token": token,
    }
    client.post(reverse("booking:request_form", args=["riverside"]), data)
    return AppointmentRequest.objects.get(submission_token=token)


def test_an_appointment_request_with_self_harm_language_shows_the_resources_and_alerts(world):
    client = _login(world.runner)
    req = _request(client, "Knee pain for weeks and honestly I want to end my life", "tok-crisis-1")
    page = client.get(reverse("booking:status", args=[req.status_token])).content.decode()
    assert 'id="crisis-resources"' in page and "Your clinic has been told" in page
    alert = Alert.objects.get(kind="self_harm")
    assert alert.runner == world.runner and "end my life" in alert.body


def test_a_visitors_request_shows_the_resources_without_an_account(world):
    req = _request(Client(), "I keep thinking I would be better off dead", "tok-crisis-2")
    page = Client().get(reverse("booking:status", args=[req.status_token])).content.decode()
    assert 'id="crisis-resources"' in page and "tell the clinic by phone" in page
    assert not Alert.objects.exists()  # no runner account to attach an alert to


def test_an_ordinary_request_shows_no_crisis_resources(world):
    client = _login(world.runner)
    req = _request(client, "Shin pain after a 10 km race", "tok-plain")
    assert (
        'id="crisis-resources"' not in client.get(reverse("booking:status", args=[req.status_token])).content.decode()
    )
    assert not Alert.objects.exists()


def test_the_clinic_queue_marks_a_request_that_mentions_self_harm(world):
    _request(Client(), "I keep thinking I would be better off dead", "tok-crisis-3")  # a visitor, no account
    plain = _request(Client(), "Shin pain after a 10 km race", "tok-plain-2")
    therapist = _login(world.therapist)
    queue = therapist.get(reverse("booking:queue")).content.decode()
    assert queue.count("data-crisis-language") == 1
    flagged = AppointmentRequest.objects.get(submission_token="tok-crisis-3")
    detail = therapist.get(reverse("booking:request_detail", args=[flagged.pk])).content.decode()
    assert (
        'id="crisis-language"' in detail and "better off dead" in detail and "no crisis alert could be raised" in detail
    )
    assert (
        'id="crisis-language"' not in therapist.get(reverse("booking:request_detail", args=[plain.pk])).content.decode()
    )


@pytest.mark.parametrize("where", sorted(CRISIS_WHERE))
def test_every_crisis_trigger_composes_one_readable_urgent_alert_with_a_deadline(world, where):
    import re

    alert = raise_crisis_alert(world.runner, where, "the words: end my life")
    assert alert.kind == "self_harm" and alert.severity == "red" and alert.follow_up_due_at is not None
    assert alert.title.startswith("Sam Rivera: a sign of self-harm ")
    assert alert.body.startswith("The words: end my life. Crisis resources were shown")
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|REFERENCE\.md", alert.title + alert.body)


def test_a_risk_concern_keeps_the_clinicians_words(world):
    alert = raise_crisis_alert(world.runner, "", "Said he sees no point any more.", marked_by=world.therapist)
    assert (
        alert.title == "Risk concern about Sam Rivera marked by Priya Shah"
        and alert.body == "Said he sees no point any more."
    )


def test_a_runner_outside_any_clinic_is_told_to_no_staff_member_without_a_clinic(world):
    """A crisis of a runner with no clinic has no care team to email; a therapist or admin who has no
    clinic (just invited, or left one) must not receive a stranger's health alert."""
    from stridecare.accounts.models import User
    from stridecare.inbox.alerts import backup_recipients, care_team_emails, raise_crisis_alert

    User.objects.create_user(
        "free@agent.test", "x-long-password-1", full_name="Fay Free", role="staff", is_therapist=True
    )
    User.objects.create_user(
        "solo@admin.test", "x-long-password-1", full_name="Sol Solo", role="staff", is_clinic_admin=True
    )
    alert = raise_crisis_alert(world.lone_runner, "message", "The message has the words: test")
    assert alert.clinic_id is None
    assert care_team_emails(world.lone_runner, None) == []
    assert backup_recipients(alert) == []
    # a runner of a clinic still reaches that clinic's therapists
    assert set(care_team_emails(world.clinic_mate, world.clinic.pk)) == {"priya@riverside.test", "tom@riverside.test"}
