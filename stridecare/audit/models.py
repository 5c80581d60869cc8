"""The audit trail: one row each time a member of staff reads or changes a runner's clinical record.

Rows are append-only: the model refuses an update or a delete (save, delete, and its queryset's
update and delete), and the database refuses them too (a trigger, see the migration). People and
clinics are kept by id and by name without a foreign-key constraint, so a row outlives the account.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """An audit row was to be changed or removed."""


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("audit entries are append-only")

    def delete(self):
        raise AppendOnlyError("audit entries are append-only")


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        READ = "read", "read"
        CREATE = "create", "created"
        CHANGE = "change", "changed"
        SIGN = "sign", "signed"
        CLEAR = "clear", "cleared"
        EXPORT = "export", "exported"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    clinic = models.ForeignKey(
        "accounts.Clinic", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    actor = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    runner = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    runner_name = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices)
    record_type = models.CharField(max_length=60)
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    view_name = models.CharField(max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["clinic", "-at"], name="audit_clinic_at"),
            models.Index(fields=["runner", "-at"], name="audit_runner_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.record_type} of {self.runner_name}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("audit entries are append-only")
        kwargs.update(force_insert=True, force_update=False)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit entries are append-only")
