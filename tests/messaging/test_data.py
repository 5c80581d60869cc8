"""Messages and their attachments are in the runner's export and go with an erasure, files too."""

from __future__ import annotations

from django.core.files.storage import default_storage

from stridecare.messaging import actions
from stridecare.messaging.models import Attachment, Message, Thread
from stridecare.mydata import erasure, export
from tests.messaging.helpers import pdf, png


def test_the_export_holds_the_messages_and_their_files(world):
    thread = actions.thread_for(world.runner)
    photo = actions.send_message(thread, world.runner, "Knee", png()).message.attachment
    letter = actions.send_message(thread, world.therapist, "Letter", pdf()).message.attachment
    records = export.collect_records(world.runner)
    assert [m.body for m in records["messaging.Message"]] == ["Knee", "Letter"]
    assert {a.pk for a in records["messaging.Attachment"]} == {photo.pk, letter.pk}
    names = dict(export.stored_files(records))
    assert names[photo.file.name] == "knee.png" and names[letter.file.name] == "letter.pdf"
    other = export.collect_records(world.clinic_mate)
    assert other["messaging.Message"] == [] and other["messaging.Attachment"] == []


def test_erasure_removes_the_messages_and_their_files(world, django_capture_on_commit_callbacks):
    thread = actions.thread_for(world.lone_runner)  # none: a runner without a clinic erases at once
    assert thread is None
    world.lone_runner.clinic = world.clinic
    world.lone_runner.save()
    thread = actions.thread_for(world.lone_runner)
    name = actions.send_message(thread, world.lone_runner, "Bye", png()).message.attachment.file.name
    assert default_storage.exists(name)
    request = erasure.request_erasure(world.lone_runner)
    with django_capture_on_commit_callbacks(execute=True):
        erasure.confirm_erasure(request.pk, world.admin)
    assert not Thread.objects.exists() and not Message.objects.exists() and not Attachment.objects.exists()
    assert not default_storage.exists(name)


def test_deleting_a_message_removes_its_file_after_commit(world, django_capture_on_commit_callbacks):
    thread = actions.thread_for(world.runner)
    message = actions.send_message(thread, world.runner, "", png()).message
    name = message.attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        message.delete()
    assert not default_storage.exists(name)
