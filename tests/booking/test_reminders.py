"""Visit reminders at the clinic's offsets, sent by the job queue once (in-process queue, frozen
time; the killed-worker case with real processes is in test_reminder_processes.py), and the
telehealth link that opens 10 minutes before a video visit."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from stridecare.booking import selfbook
from stridecare.booking.models import BookingSettings, VisitReminder
from stridecare.booking.reminders import send_due_reminders, send_reminder
from stridecare.jobs.models import Job
from stridecare.jobs.runner import recover_jobs
from tests.booking.selfbook_helpers import book, local


def reminders_sent():
    return [m for m in mail.outbox if m.subject.startswith("Reminder: your visit")]


def test_both_reminders_go_once_each_at_their_time(world, types, frozen):
    start = local(2026, 3, 25, 10, 0)
    book(types["Follow-up"], world.therapist, start, runner=world.runner)
    assert send_due_reminders() == [] and reminders_sent() == []  # nothing is due yet
    frozen.move_to(start - timedelta(hours=24))
    assert len(send_due_reminders()) == 1
    assert len(send_due_reminders()) == 0  # sent: no second job
    [first] = reminders_sent()
    assert first.to == [world.runner.email] and "in 24 hours" in first.body and "10:00" in first.body
    assert "Knee" not in first.body
    frozen.move_to(start - timedelta(hours=2))
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # the cron command
    assert [m.body.split("is in ")[1].split(",")[0] for m in reminders_sent()] == ["24 hours", "2 hours"]
    frozen.move_to(start - timedelta(minutes=30))
    assert send_due_reminders() == [] and len(reminders_sent()) == 2


def test_a_reminder_job_run_twice_or_early_sends_once(world, types, frozen):
    start = local(2026, 3, 25, 10, 0)
    visit = book(types["Follow-up"], world.therapist, start)
    reminder = VisitReminder.objects.get(visit=visit, offset_minutes=120)
    assert send_reminder(reminder.pk) == "not due"
    frozen.move_to(reminder.due_at)
    assert [send_reminder(reminder.pk), send_reminder(reminder.pk)] == ["sent", "already sent"]
    assert len(reminders_sent()) == 1


def test_a_job_whose_worker_died_after_claiming_it_is_taken_back_and_sends_once(world, types, frozen, settings):
    """What a worker killed between claim and send leaves behind: the job RUNNING under its id with
    a lease that runs out, and nothing else (its transaction never committed)."""
    start = local(2026, 3, 25, 10, 0)
    visit = book(types["Follow-up"], world.therapist, start)
    reminder = VisitReminder.objects.get(visit=visit, offset_minutes=1440)
    frozen.move_to(reminder.due_at)
    job = Job.objects.create(kind="visit_reminder", payload={"reminder_id": reminder.pk}, max_attempts=4)
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, attempts=1, worker_id="dead-worker:1", lease_expires_at=reminder.due_at
    )
    frozen.shift(timedelta(seconds=settings.JOB_LEASE_S + 1))
    assert send_due_reminders() == []  # a job holds it: the sweep does not queue another
    assert recover_jobs() == [job.pk]  # the lease ran out: queued again, run by this (in-process) queue
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and job.result == {"outcome": "sent"}
    assert len(reminders_sent()) == 1
    assert send_due_reminders() == [] and len(reminders_sent()) == 1


def test_a_moved_or_cancelled_visit_gets_no_reminder_of_its_old_time(world, types, frozen):
    first = book(types["Follow-up"], world.therapist, local(2026, 3, 25, 10, 0), runner=world.runner)
    second = book(types["Follow-up"], world.therapist, local(2026, 3, 25, 11, 0))
    selfbook.reschedule_visit(first.pk, start=local(2026, 3, 27, 10, 0), actor=world.runner)
    selfbook.cancel_visit(second.pk, actor=world.therapist)
    old = VisitReminder.objects.get(visit=first, offset_minutes=120, visit_start=local(2026, 3, 25, 10, 0))
    frozen.move_to(local(2026, 3, 25, 9, 30))
    assert send_reminder(old.pk) == "no longer needed"
    assert send_due_reminders() == []
    assert [m.subject for m in reminders_sent()] == []
    frozen.move_to(local(2026, 3, 26, 10, 0))
    send_due_reminders()
    assert len(reminders_sent()) == 1 and "Friday 27 March 2026 at 10:00" in reminders_sent()[0].body


def test_reminder_offsets_are_the_clinics_choice(world, types, frozen):
    rules = BookingSettings.objects.get(clinic=world.clinic)
    rules.reminder_hours = "48, 1.5"
    rules.save()
    visit = book(types["Follow-up"], world.therapist, local(2026, 3, 27, 10, 0))
    assert sorted(VisitReminder.objects.filter(visit=visit).values_list("offset_minutes", flat=True)) == [90, 2880]


def test_the_telehealth_link_shows_to_both_sides_from_ten_minutes_before(world, types, frozen, client):
    start = local(2026, 3, 24, 17, 0)  # Tuesday evening video calls
    visit = book(types["Video follow-up"], world.therapist, start, runner=world.runner)
    link = f"https://meet.example.org/riverside-{visit.join_token}"
    status_url = reverse("booking:status", args=[visit.request.status_token])
    calendar_url = reverse("booking:calendar")
    staff = client.__class__()

    def calendar_page():
        staff.force_login(world.therapist)  # sessions end after idle time: log in at the moment
        response = staff.get(calendar_url)
        assert response.status_code == 200
        return response.content.decode()

    frozen.move_to(start - timedelta(minutes=11))
    assert visit.join_url() == ""
    page = client.get(status_url).content.decode()
    assert link not in page and "shows here from 16:50" in page
    assert link not in calendar_page() and "video link from 16:50" in calendar_page()
    frozen.move_to(start - timedelta(minutes=10))
    assert link in client.get(status_url).content.decode()
    assert link in calendar_page()
    frozen.move_to(visit.end)
    assert link not in client.get(status_url).content.decode()
    page = client.get(status_url).content.decode()
    assert '<script src="https://' not in page and "meet.example.org/" not in page.split("<footer")[0]
