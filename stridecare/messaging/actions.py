"""Writes of the messaging app: sending a message (with its attachment, the email notice and, for
a runner's words of self-harm, the crisis alert) and recording read receipts."""

from __future__ import annotations

import pathlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.core.attachments import HEAD_BYTES, AttachmentKind, check_attachment
from stridecare.core.errors import StridecareError
from stridecare.jobs.runner import enqueue_job
from stridecare.web.stored_files import remove_stored

from .models import Attachment, Message, Thread

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

MAX_BODY_CHARS = 5000
NOTICE_JOB = "message_notice"


class MessageError(StridecareError):
    """A message could not be sent: says why."""


@dataclass(frozen=True, slots=True)
class Sent:
    message: Message
    self_harm_words: tuple[str, ...]


def max_attachment_bytes() -> int:
    return settings.MESSAGE_ATTACHMENT_MAX_MB * 1_000_000


def thread_for(runner: User) -> Thread | None:
    """The runner's thread with their current clinic (created on first use); None without a clinic."""
    if runner.clinic_id is None:
        return None
    thread, _ = Thread.objects.get_or_create(runner=runner, clinic_id=runner.clinic_id)
    return thread


def unread_for(thread: Thread, viewer: User) -> QuerySet[Message]:
    """The messages of the other side that nobody on the viewer's side has opened yet."""
    return thread.messages.filter(from_runner=not viewer.is_runner, read_at__isnull=True)


def _clinic_sees(clinic_id: int, prefix: str = "") -> Q:
    """Threads the clinic's therapists may read: theirs, of runners still with the clinic (as
    accounts.access.visible_runners)."""
    return Q(
        **{
            f"{prefix}clinic_id": clinic_id,
            f"{prefix}runner__clinic_id": clinic_id,
            f"{prefix}runner__is_active": True,
            f"{prefix}runner__role": User.Role.RUNNER,
        }
    )


def clinic_unread_total(clinic_id: int) -> int:
    """Runner messages no one at the clinic has opened yet (the count beside Inbox)."""
    return Message.objects.filter(_clinic_sees(clinic_id, "thread__"), from_runner=True, read_at__isnull=True).count()


def runner_unread_total(runner: User) -> int:
    if runner.clinic_id is None:
        return 0
    return Message.objects.filter(
        thread__runner=runner, thread__clinic_id=runner.clinic_id, from_runner=False, read_at__isnull=True
    ).count()


def mark_seen(thread: Thread, viewer: User) -> int:
    """The viewer opened the thread: every unread message of the other side is seen now, by them.
    The first opening stands (a colleague opening it later changes nothing). Returns how many."""
    return unread_for(thread, viewer).update(read_at=timezone.now(), read_by=viewer)


def send_message(thread: Thread, author: User, body: str, upload: UploadedFile | None = None) -> Sent:
    """Save the message and its attachment whole or not at all; tell the other side by email when
    this is the first message they have not read (a burst sends one email); a runner's words of
    self-harm raise the crisis alert (REFERENCE.md 8.3) in the same transaction."""
    from stridecare.inbox.alerts import raise_crisis_alert
    from stridecare.programs.actions import text_mentions_self_harm

    body = body.strip()
    if not body and upload is None:
        raise MessageError("Write a message or attach a photo or PDF.")
    if len(body) > MAX_BODY_CHARS:
        raise MessageError(f"A message can be at most {MAX_BODY_CHARS:,} characters; this one has {len(body):,}.")
    kind = _checked(upload) if upload is not None else None
    from_runner = author.is_runner
    found = text_mentions_self_harm(body, thread.runner) if from_runner else ()
    stored: list[str] = []
    try:
        with transaction.atomic():
            thread = Thread.objects.select_for_update().get(pk=thread.pk)  # one notice per burst, even at once
            had_unread = thread.messages.filter(from_runner=from_runner, read_at__isnull=True).exists()
            message = Message.objects.create(thread=thread, author=author, from_runner=from_runner, body=body)
            if upload is not None and kind is not None:
                attachment = Attachment(
                    message=message,
                    original_name=_display_name(upload.name or "attachment"),
                    content_type=kind.content_type,
                    size_bytes=upload.size or 0,  # an UploadedFile always has its size
                )
                upload.seek(0)
                attachment.file.save(f"attachment.{kind.extension}", upload, save=False)
                stored.append(attachment.file.name)
                attachment.save()
            Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created_at)
            if not had_unread:
                enqueue_job(NOTICE_JOB, {"message_id": message.pk})
            if found:
                raise_crisis_alert(thread.runner, "message", f"The message has the words: {', '.join(found)}")
    except BaseException:
        remove_stored(stored)  # nothing saved: not the file either
        raise
    return Sent(message=message, self_harm_words=found)


def _checked(upload: UploadedFile) -> AttachmentKind:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    return check_attachment(_display_name(upload.name or "attachment"), head, upload.size or 0, max_attachment_bytes())


def _display_name(name: str) -> str:
    """The file's own name as the person sees it: no folders, no control characters, at most 120."""
    base = pathlib.PurePath(name.replace("\\", "/")).name
    return re.sub(r"[\x00-\x1f\x7f]", "", base)[:120] or "attachment"


class UnreadCount(TypedDict):
    unread: int


def clinic_threads(clinic_id: int) -> QuerySet[WithAnnotations[Thread, UnreadCount]]:
    """The clinic's threads with a message, newest first, with their unread count."""
    return (
        Thread.objects.filter(_clinic_sees(clinic_id), last_message_at__isnull=False)
        .select_related("runner")
        .annotate(unread=Count("messages", filter=Q(messages__from_runner=True, messages__read_at__isnull=True)))
        .order_by("-last_message_at")
    )
