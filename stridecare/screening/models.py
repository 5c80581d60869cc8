"""Screening sessions: the runner's answers, the engine's result, and the clinic's acknowledgement and
clearance (REFERENCE.md 2.3). The table keeps the name it had in the care app (no data moved)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from stridecare.accounts.models import Clinic


class ScreeningSession(models.Model):
    """One self-screening: the answers and the engine's result (REFERENCE.md 2.3)."""

    class Source(models.TextChoices):
        SELF_SCREENING = "self_screening", "Self-screening"
        CHECK_IN = "check_in", "Weekly check-in (red-flag questions)"

    runner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="screening_sessions"
    )
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.SET_NULL, related_name="screening_sessions"
    )
    answers = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SELF_SCREENING)
    rules_version = models.CharField(max_length=40)
    urgency = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)
    # 2.3 rule 2: when the clinic was told, and when the runner confirmed reading an urgent result.
    clinic_notified_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # 2.3 rule 4: only a clinician clears fired flags, with a note, a time and who did it.
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clearance_note = models.TextField(blank=True)

    class Meta:
        db_table = "care_screeningsession"
        ordering = ["-created_at"]

    def fired_rule_ids(self) -> list[str]:
        """The ids of the red-flag rules that fired (RF-nn), in rule order."""
        return [str(f.get("id", "")) for f in (self.result or {}).get("red_flags", []) if isinstance(f, dict)]

    @property
    def has_red_flags(self) -> bool:
        return bool(self.fired_rule_ids())

    @property
    def is_acknowledgement_required(self) -> bool:
        """Emergency and same-day results must be acknowledged by the runner (2.3 rule 2)."""
        return bool((self.result or {}).get("is_acknowledgement_required")) or self.urgency in ("emergency", "same_day")

    @property
    def needs_acknowledgement(self) -> bool:
        return self.is_acknowledgement_required and self.acknowledged_at is None

    @property
    def is_cleared(self) -> bool:
        return self.cleared_at is not None

    @property
    def needs_clearance(self) -> bool:
        """Fired red flags suspend the region's exercises until a clinician clears them (0.2.2)."""
        return self.has_red_flags and not self.is_cleared

    def answer_items(self) -> list[tuple[str, str]]:
        """The answers as (question key, readable value) for the therapist's side panel."""
        return [(key.replace("_", " "), _readable(value)) for key, value in (self.answers or {}).items()]

    def result_summary(self) -> dict:
        """The parts of the engine's result a therapist scans first; unknown shapes shown as they are."""
        result = self.result or {}
        from stridecare.core.programs.wording import plain_text

        flags = [
            f"{f.get('id', '')} {f.get('name', '')}: {f.get('reason', '')} ({URGENCY_LABELS.get(str(f.get('urgency', '')), f.get('urgency', ''))})"
            if isinstance(f, dict)
            else str(f)
            for f in result.get("red_flags", [])
        ]
        conditions = [
            f"{c.get('name') or c.get('code')} (score {c.get('score')}): {'; '.join(plain_text(str(r)) for r in c.get('reasons', []))}"
            if isinstance(c, dict)
            else str(c)
            for c in result.get("conditions", [])
        ]
        return {
            "needs_review": bool(result.get("needs_review")),
            "review_reasons": [str(r) for r in result.get("review_reasons", [])],
            "red_flags": flags,
            "conditions": conditions,
            "not_assessed": [
                str(n.get("id", n)) if isinstance(n, dict) else str(n) for n in result.get("not_assessed", [])
            ],
        }

    @property
    def urgency_label(self) -> str:
        """The result's urgency in words for the therapist ("Same day")."""
        return URGENCY_LABELS.get(self.urgency, self.urgency.replace("_", " ").capitalize())

    @property
    def is_urgent(self) -> bool:
        """Emergency and same-day results: the therapist's first screen until the flags are cleared."""
        return self.urgency in ("emergency", "same_day")

    def fired_flags(self) -> list[dict[str, str]]:
        """The fired red flags for the therapist: rule id, plain name, urgency in words and the reason."""
        return [
            {
                "id": str(f.get("id", "")),
                "name": str(f.get("name", "")),
                "reason": str(f.get("reason", "")),
                "urgency": URGENCY_LABELS.get(str(f.get("urgency", "")), str(f.get("urgency", ""))),
            }
            for f in (self.result or {}).get("red_flags", [])
            if isinstance(f, dict)
        ]

    def answer_lines(self) -> list[tuple[str, str, bool]]:
        """The answers as (question as the runner read it, answer in words, whether implied by another
        answer), in questionnaire order; answers the current rules cannot read fall back to their keys."""
        from stridecare.core.errors import InputError
        from stridecare.core.screening import answer_lines

        try:
            return [(line.label, line.value, line.is_assumed) for line in answer_lines(self.answers or {})]
        except (InputError, KeyError, TypeError):
            return [(key.capitalize(), value, False) for key, value in self.answer_items()]


URGENCY_LABELS = {
    "emergency": "Emergency",
    "same_day": "Same day",
    "soon": "Soon (within about a week)",
    "routine": "Routine",
}


def _readable(value: object) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_readable(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_readable(v)}" for k, v in value.items())
    return str(value)
