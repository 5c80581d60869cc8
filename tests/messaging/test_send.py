"""Sending a message: saved whole or not at all, one email notice per burst and none after a
rollback, no words of the message in the email, read receipts, and the crisis path."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from stridecare.core.attachments import AttachmentError
from stridecare.inbox.models import CRISIS, Alert
from stridecare.jobs.models import Job
from stridecare.messaging import actions
from stridecare.messaging.emails import TO_CLINIC_SUBJECT, TO_RUNNER_SUBJECT
from stridecare.messaging.models import Attachment, Message, Thread
from tests.messaging.helpers import PNG, pdf, png

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "urgent"]}}


@pytest.fixture
def thread(world):
    return actions.thread_for(world.runner)


def _stored(prefix: str = "messages") -> list[str]:
    """Every stored file under ``prefix`` (the storage outlives each test's database rollback)."""
    out, stack = [], [prefix]
    while stack:
        folder = stack.pop()
        try:
            dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        out += [f"{folder}/{f}" for f in files]
        stack += [f"{folder}/{d}" for d in dirs]
    return out


def test_a_runner_has_one_thread_with_their_clinic(world, thread):
    assert actions.thread_for(world.runner) == thread
    assert thread.clinic == world.clinic and Thread.objects.count() == 1


def test_a_runner_without_a_clinic_has_no_thread(world):
    assert actions.thread_for(world.lone_runner) is None


def test_the_runners_message_tells_their_therapist_without_its_words(world, thread):
    sent = actions.send_message(thread, world.runner, "My knee is swollen after the long run", png())
    assert sent.message.from_runner and sent.self_harm_words == ()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [world.therapist.email] and email.subject == TO_CLINIC_SUBJECT
    text = email.subject + email.body
    assert "knee" not in text and "swollen" not in text and "Sam" not in text and "Rivera" not in text
    assert f"/clinic/runners/{world.runner.pk}/messages/" in email.body


def test_the_clinics_message_tells_the_runner_without_its_words(world, thread):
    actions.send_message(thread, world.therapist, "Ice it and rest two days; the MRI looks fine")
    email = mail.outbox[0]
    assert email.to == [world.runner.email] and email.subject == TO_RUNNER_SUBJECT
    assert email.subject == "You have a new message from your clinic"
    assert "MRI" not in email.body and "Ice" not in email.body and "http://testserver/messages/" in email.body


def test_a_burst_sends_one_email_until_the_recipient_reads(world, thread):
    for text in ("One", "Two", "Three"):
        actions.send_message(thread, world.runner, text)
    assert len(mail.outbox) == 1
    assert actions.mark_seen(thread, world.therapist) == 3
    actions.send_message(thread, world.runner, "Four")
    assert len(mail.outbox) == 2


def test_a_reply_in_the_other_direction_has_its_own_email(world, thread):
    actions.send_message(thread, world.runner, "Question")
    actions.send_message(thread, world.therapist, "Answer")
    assert [m.to for m in mail.outbox] == [[world.therapist.email], [world.runner.email]]


def test_without_a_primary_therapist_every_therapist_of_the_clinic_hears(world, thread):
    world.runner.primary_therapist = None
    world.runner.save()
    actions.send_message(thread, world.runner, "Hello")
    assert sorted(mail.outbox[0].to) == sorted([world.therapist.email, world.therapist2.email])


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_rolled_back_message_leaves_no_row_no_file_and_no_email_job(world, thread):
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.send_message(thread, world.runner, "Photo attached", png())
        assert Job.objects.filter(kind="message_notice").count() == 1
        raise RuntimeError("the request failed after the message")
    assert not Message.objects.exists() and not Job.objects.exists() and mail.outbox == []


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_committed_message_queues_its_notice(world, thread):
    sent = actions.send_message(thread, world.runner, "Hello")
    job = Job.objects.get(kind="message_notice")
    assert job.payload == {"message_id": sent.message.pk}


def test_a_failure_while_saving_removes_the_stored_file(world, thread, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Thread.objects, "filter", broken)
    before = _stored()
    with pytest.raises(RuntimeError):
        actions.send_message(thread, world.runner, "Photo", png())
    assert not Message.objects.exists() and not Attachment.objects.exists() and _stored() == before


def test_the_attachment_is_stored_with_the_type_its_bytes_say(world, thread):
    sent = actions.send_message(thread, world.runner, "", png("IMG 2041.JPG"))
    attachment = sent.message.attachment
    assert attachment.content_type == "image/png" and attachment.original_name == "IMG 2041.JPG"
    assert attachment.file.name.startswith(f"messages/{world.runner.pk}/") and attachment.file.name.endswith(".png")
    with default_storage.open(attachment.file.name, "rb") as f:
        assert f.read() == PNG


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("knee.jpg", b"MZ\x90\x00" * 100), "knee.jpg: this is not a photo"),
        (SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script>"), "page.pdf: this is not a photo"),
        (SimpleUploadedFile("empty.png", b""), "empty.png: the file is empty"),
    ],
)
def test_a_refused_attachment_saves_nothing(world, thread, upload, reason):
    before = _stored()
    with pytest.raises(AttachmentError) as err:
        actions.send_message(thread, world.runner, "See attached", upload)
    assert str(err.value).startswith(reason) and "Nothing was sent" in str(err.value)
    assert not Message.objects.exists() and _stored() == before and mail.outbox == []


@override_settings(MESSAGE_ATTACHMENT_MAX_MB=1)
def test_an_attachment_past_the_cap_is_refused(world, thread):
    big = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n" + b"0" * 1_500_000)
    with pytest.raises(AttachmentError, match=r"^scan\.pdf: the file is 1\.5 MB; an attachment can be at most 1 MB"):
        actions.send_message(thread, world.runner, "", big)
    assert not Message.objects.exists()


def test_an_empty_message_without_attachment_is_refused(world, thread):
    with pytest.raises(actions.MessageError, match="Write a message or attach"):
        actions.send_message(thread, world.runner, "   ")


def test_a_pdf_alone_is_a_message(world, thread):
    sent = actions.send_message(thread, world.therapist, "", pdf())
    assert sent.message.body == "" and sent.message.attachment.content_type == "application/pdf"


def test_read_receipts_record_who_on_the_other_side_opened_first(world, thread):
    first = actions.send_message(thread, world.runner, "Hello").message
    reply = actions.send_message(thread, world.therapist, "Hi Sam").message
    assert actions.mark_seen(thread, world.runner) == 1  # the clinic's message; their own stays unread
    first.refresh_from_db()
    reply.refresh_from_db()
    assert first.read_at is None and reply.read_by == world.runner and reply.read_at is not None
    actions.mark_seen(thread, world.therapist2)
    actions.mark_seen(thread, world.therapist)
    first.refresh_from_db()
    assert first.read_by == world.therapist2  # the first opening stands


def test_unread_counts_for_each_side(world, thread):
    actions.send_message(thread, world.runner, "One")
    actions.send_message(thread, world.runner, "Two")
    actions.send_message(thread, world.therapist, "Reply")
    assert actions.clinic_unread_total(world.clinic.pk) == 2
    assert actions.runner_unread_total(world.runner) == 1
    assert actions.clinic_unread_total(world.other_clinic.pk) == 0
    assert [t.unread for t in actions.clinic_threads(world.clinic.pk)] == [2]


def test_a_runner_who_moved_clinic_leaves_the_old_thread_behind(world, thread):
    actions.send_message(thread, world.runner, "Private to Riverside")
    world.runner.clinic, world.runner.primary_therapist = world.other_clinic, None
    world.runner.save()
    assert actions.clinic_unread_total(world.clinic.pk) == 0
    assert list(actions.clinic_threads(world.clinic.pk)) == []
    new = actions.thread_for(world.runner)
    assert new != thread and new.clinic == world.other_clinic and not new.messages.exists()


def test_self_harm_words_raise_the_crisis_alert_with_the_message(world, thread):
    sent = actions.send_message(thread, world.runner, "Some days I want to end it all")
    assert sent.self_harm_words == ("end it all",)
    alert = Alert.objects.get(kind=CRISIS, runner=world.runner)
    assert alert.severity == "red" and "in a message to the clinic" in alert.title
    assert alert.follow_up_due_at is not None


def test_a_therapists_words_raise_no_crisis_alert(world, thread):
    sent = actions.send_message(thread, world.therapist, "We screen for suicide risk at every visit")
    assert sent.self_harm_words == () and not Alert.objects.exists()
