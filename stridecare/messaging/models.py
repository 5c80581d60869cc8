"""One thread per runner with the care team of their clinic; its messages, their attachments and
read receipts (each message records when the other side first saw it)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.web.stored_files import remove_after_commit


class Thread(models.Model):
    """The conversation between a runner and their clinic's care team. A runner who moves clinic
    starts a new thread: the new clinic never reads what was said to the old one."""

    runner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="message_threads")
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="message_threads")
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["runner", "clinic"], name="one_thread_per_runner_and_clinic")]

    def __str__(self) -> str:
        return f"Messages of runner #{self.runner_id} with clinic #{self.clinic_id}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="messages_written"
    )
    # the side it came from, kept should the author's account go
    from_runner = models.BooleanField()
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # the read receipt: when the other side first opened the thread after it came, and who
    read_at = models.DateTimeField(null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "from_runner", "read_at"], name="message_unread")]

    def __str__(self) -> str:
        return f"Message #{self.pk} ({'runner' if self.from_runner else 'clinic'})"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"messages/{instance.message.thread.runner_id}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """A photo or PDF sent with a message; its kind was read from its bytes, not its name."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="attachment")
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=attachment_path, max_length=400)
    content_type = models.CharField(max_length=50)
    size_bytes = models.PositiveBigIntegerField()

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def remove_attachment_file(sender, instance: Attachment, using: str, **kwargs) -> None:
    remove_after_commit([instance.file.name], using)
