"""Our own record of each background job. The django-tasks database queue has no retries, no
progress and no recovery of its own, so attempts, back-off, percent done and the lease of the
worker running the job live here (see runner.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        RETRYING = "retrying", "Waiting to try again"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    max_attempts = models.PositiveIntegerField(default=4)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    result = models.JSONField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # Failed on its input (PermanentJobError): trying again would give the same answer.
    is_permanent_failure = models.BooleanField(default=False)
    # While RUNNING: which worker runs it and until when that worker's claim holds. The worker
    # renews the lease while the handler runs; a job whose lease ran out had its worker die.
    worker_id = models.CharField(max_length=64, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The queue's task row of the current or next run (django-tasks-db), to find a lost one.
    task_id = models.CharField(max_length=64, blank=True)
    # An email job: when the message was handed to the mail server, so a retry does not send it again.
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def can_try_again(self) -> bool:
        """A failure the person may retry: not one on the input itself (that would fail the same way)."""
        return self.status == self.Status.FAILED and not self.is_permanent_failure

    @property
    def next_attempt_number(self) -> int:
        """The attempt that runs next (or runs now): 'attempt 2 of 4'."""
        return self.attempts if self.status == self.Status.RUNNING else min(self.attempts + 1, self.max_attempts)

    def to_dict(self) -> dict:
        return {
            "id": self.pk,
            "kind": self.kind,
            "status": self.status,
            "attempts": self.attempts,
            "max_attempts": self.max_attempts,
            "next_attempt_at": self.next_attempt_at.isoformat()
            if self.status == self.Status.RETRYING and self.next_attempt_at
            else None,
            "progress_percent": self.progress_percent,
            "progress_message": self.progress_message,
            "error": self.last_error if self.status in {self.Status.FAILED, self.Status.RETRYING} else "",
            "can_try_again": self.can_try_again,
        }
