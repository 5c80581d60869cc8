"""The pages: the runner's thread, the therapist's thread and list, attachments, the inbox and nav
counts, read receipts in words, crisis resources at once, audit of staff reads, and 404 to others."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from stridecare.audit.models import AuditEntry
from stridecare.messaging import actions
from stridecare.messaging.models import Message
from tests.messaging.helpers import PDF, PNG, pdf, png


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def thread(world):
    return actions.thread_for(world.runner)


def test_the_runner_sends_a_message_with_a_photo(world, thread):
    client = login(world.runner)
    response = client.post(reverse("messaging:mine"), {"body": "Swelling after 10 km", "attachment": png()})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.author == world.runner and message.attachment.original_name == "knee.png"
    page = client.get(reverse("messaging:mine")).content.decode()
    assert "Message sent to your clinic." in page and "Swelling after 10 km" in page and "Not seen yet" in page


def test_a_refused_file_is_named_on_the_form_and_nothing_is_sent(world, thread):
    client = login(world.runner)
    fake = SimpleUploadedFile("knee.jpg", b"MZ\x90\x00 this is a program")
    response = client.post(reverse("messaging:mine"), {"body": "Look", "attachment": fake})
    assert response.status_code == 400
    assert "knee.jpg: this is not a photo (JPEG, PNG, WebP) or a PDF" in response.content.decode()
    assert not Message.objects.exists()


def test_the_runner_sees_when_the_clinic_read_their_message(world, thread):
    actions.send_message(thread, world.runner, "Hello")
    login(world.therapist).get(reverse("messaging:staff_thread", args=[world.runner.pk]))
    page = login(world.runner).get(reverse("messaging:mine")).content.decode()
    assert re.search(r"Seen by your clinic \w{3} \d{1,2} \w{3}, \d\d:\d\d", page), page


def test_the_therapist_sees_when_the_runner_read_their_reply(world, thread):
    actions.send_message(thread, world.therapist, "Ice it")
    login(world.runner).get(reverse("messaging:mine"))
    page = login(world.therapist2).get(reverse("messaging:staff_thread", args=[world.runner.pk])).content.decode()
    assert "Seen by Sam " in page and "Priya Shah" in page


def test_self_harm_words_show_the_crisis_resources_at_once(world, thread):
    response = login(world.runner).post(reverse("messaging:mine"), {"body": "I want to kill myself"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="crisis-resources"' in page and 'href="tel:' in page
    assert "your clinic has been told" in page
    assert world.runner.alerts.filter(kind="self_harm").exists() and Message.objects.count() == 1


def test_the_therapist_reads_and_answers_and_each_read_is_audited(world, thread):
    actions.send_message(thread, world.runner, "Hello", png())
    client = login(world.therapist)
    url = reverse("messaging:staff_thread", args=[world.runner.pk])
    page = client.get(url).content.decode()
    assert "Hello" in page and "Messages with Sam Rivera" in page
    assert AuditEntry.objects.filter(actor=world.therapist, runner=world.runner, action="read").count() == 1
    assert client.post(url, {"body": "Thanks, see you Tuesday"}).status_code == 302
    assert AuditEntry.objects.filter(action="create", view_name="messaging:staff_thread").count() == 1
    reply = Message.objects.get(from_runner=False)
    assert reply.author == world.therapist and reply.body == "Thanks, see you Tuesday"


def test_attachments_come_back_with_their_real_type_and_no_store(world, thread):
    photo = actions.send_message(thread, world.runner, "", png("knee.jpg")).message.attachment
    letter = actions.send_message(thread, world.therapist, "", pdf()).message.attachment
    runner = login(world.runner)
    response = runner.get(reverse("messaging:my_attachment", args=[photo.pk]))
    assert response["Content-Type"] == "image/png" and b"".join(response.streaming_content) == PNG
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    response = runner.get(reverse("messaging:my_attachment", args=[letter.pk]))
    assert response["Content-Disposition"].startswith("attachment") and b"".join(response.streaming_content) == PDF
    staff = login(world.therapist)
    response = staff.get(reverse("messaging:staff_attachment", args=[world.runner.pk, photo.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(record_type="attachment", record_id=photo.pk, action="read").count() == 1


def test_others_get_404_for_the_thread_and_its_attachments(world, thread):
    attachment = actions.send_message(thread, world.runner, "Private", png()).message.attachment
    for outsider in (world.other_therapist, world.admin):
        client = login(outsider)
        assert client.get(reverse("messaging:staff_thread", args=[world.runner.pk])).status_code == 404
        url = reverse("messaging:staff_attachment", args=[world.runner.pk, attachment.pk])
        assert client.get(url).status_code == 404
    for runner in (world.clinic_mate, world.other_runner, world.lone_runner):
        assert login(runner).get(reverse("messaging:my_attachment", args=[attachment.pk])).status_code == 404
    # a therapist of the clinic cannot reach it through another runner's address either
    url = reverse("messaging:staff_attachment", args=[world.clinic_mate.pk, attachment.pk])
    assert login(world.therapist).get(url).status_code == 404


def test_the_clinic_mate_sees_only_their_own_thread(world, thread):
    actions.send_message(thread, world.runner, "Sam's own words")
    page = login(world.clinic_mate).get(reverse("messaging:mine")).content.decode()
    assert "Sam's own words" not in page and "No messages yet" in page


def test_a_runner_without_a_clinic_is_told_in_plain_words(world):
    page = login(world.lone_runner).get(reverse("messaging:mine")).content.decode()
    assert "You are not with a clinic yet" in page


def test_unread_counts_on_the_nav_the_inbox_and_the_runners_home(world, thread):
    actions.send_message(thread, world.runner, "One")
    actions.send_message(thread, world.runner, "Two")
    inbox = login(world.therapist).get(reverse("inbox:inbox")).content.decode()
    assert 'id="messages-unread-count">2<' in inbox
    assert 'id="inbox-messages"' in inbox and "2 unread" in inbox and "Sam Rivera" in inbox
    assert 'id="messages-unread-count"' not in login(world.other_therapist).get(reverse("inbox:inbox")).content.decode()
    actions.send_message(thread, world.therapist, "Reply")
    home = login(world.runner).get(reverse("home")).content.decode()
    assert 'id="messages-unread-count">1<' in home and "1 new message" in home
    login(world.runner).get(reverse("messaging:mine"))
    home = login(world.runner).get(reverse("home")).content.decode()
    assert 'id="messages-unread-count"' not in home and 'id="card-messages"' in home


def test_the_clinic_list_shows_each_conversation_with_its_unread_count(world, thread):
    actions.send_message(thread, world.runner, "Hi")
    page = login(world.therapist).get(reverse("messaging:clinic_messages")).content.decode()
    assert "Sam Rivera" in page and "1 unread" in page
    assert "Sam Rivera" not in login(world.other_therapist).get(reverse("messaging:clinic_messages")).content.decode()
