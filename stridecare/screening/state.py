"""What a saved screening sets in motion (REFERENCE.md 0.2.2, 0.3, 2.3 rules 2 and 4): telling the
clinic, the runner's acknowledgement of an urgent result, a clinician's clearance of fired flags,
and the exercises paused until then."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.db import transaction
from django.utils import timezone

from stridecare.accounts.models import User
from stridecare.core.care.suspension import PausedGroups, paused_library_groups
from stridecare.core.errors import InputError, StridecareError
from stridecare.core.screening import ScreeningResult, load_rules, screen
from stridecare.core.screening.answers import effective_answers

from .models import ScreeningSession

NOTIFY_URGENCIES = ("emergency", "same_day")
SEVERITY_BY_URGENCY = {"emergency": "red", "same_day": "amber", "soon": "amber", "routine": "info"}


class ClearanceError(StridecareError):
    """A clearance that cannot be recorded; the message is for the clinician who tried."""


def should_notify_clinic(result: ScreeningResult) -> bool:
    """0.3 / 2.3 rule 2: emergency and same-day results, and any result whose actions ask for it."""
    return "notify_clinician" in result.actions or result.urgency in NOTIFY_URGENCIES


def should_notify(saved: ScreeningSession) -> bool:
    """The same test as ``should_notify_clinic`` on a stored result."""
    result = saved.result or {}
    return "notify_clinician" in result.get("actions", []) or saved.urgency in NOTIFY_URGENCIES


def finish_screening(runner: User, answers: dict, *, stopped_early: bool = False) -> ScreeningSession:
    """Screen a runner's answers and save the result with what it sets in motion, all or nothing: the
    screening, the clinic's alert (2.3 rule 2) and, for a self-harm answer, the crisis alert (8.3), with
    their email jobs written in the same transaction."""
    from stridecare.inbox.alerts import raise_crisis_alert

    rules = load_rules()
    result = screen(answers, rules)
    with transaction.atomic():
        saved = ScreeningSession.objects.create(
            runner=runner,
            clinic=runner.clinic,
            answers=answers,
            result=result.to_dict() | {"stopped_early": stopped_early},
            rules_version=rules.rules_version,
            urgency=result.urgency,
        )
        notify_clinic(saved, result, runner)
        if result.advice.crisis:
            raise_crisis_alert(runner, "self_screening", "A screening answer indicated thoughts of self-harm")
    return saved


def notify_clinic(saved: ScreeningSession, result: ScreeningResult, runner: User) -> bool:
    """Raise an alert for the runner's clinic when the result calls for it; True when the clinic
    was told. A self-harm answer has its own crisis alert (8.3, raised by the view), so it is not
    repeated here."""
    flags = [f for f in result.red_flags if "show_crisis_resources" not in f.actions]
    if runner.clinic_id is None or not should_notify_clinic(result):
        return False
    if flags or not result.advice.crisis:
        _raise_screening_alert(saved, result, runner, flags)
    ScreeningSession.objects.filter(pk=saved.pk).update(clinic_notified_at=timezone.now())
    saved.clinic_notified_at = timezone.now()
    return True


def _raise_screening_alert(saved: ScreeningSession, result: ScreeningResult, runner: User, flags: list) -> None:
    from stridecare.inbox.alerts import raise_alert

    urgency = max(
        (f.urgency for f in flags), key=("routine", "soon", "same_day", "emergency").index, default=result.urgency
    )
    ids = ", ".join(f.id for f in flags) or "none (needs clinician review)"
    where = "Self-screening" if saved.source == saved.Source.SELF_SCREENING else "Weekly check-in red-flag questions"
    body = f"{where} result: {urgency.replace('_', ' ')}. Fired rules: {ids}.\n" + "".join(
        f"- {f.id} {f.name}: {f.reason}\n" for f in flags
    )
    raise_alert(
        runner=runner,
        kind="screening",
        severity=SEVERITY_BY_URGENCY[urgency],
        title=f"{runner.full_name}: {urgency.replace('_', ' ')} {where.lower()} result ({ids})",
        body=body,
        source=f"REFERENCE.md 0.3, 2.3; rules {result.rules_version}",
        screening=saved,
    )


def acknowledge(saved: ScreeningSession) -> ScreeningSession:
    """The runner confirms reading an urgent result (2.3 rule 2); the first time is kept."""
    if saved.acknowledged_at is None:
        saved.acknowledged_at = timezone.now()
        saved.save(update_fields=["acknowledged_at"])
    return saved


def clear_flags(screening_id: int, *, clinician: User, note: str) -> ScreeningSession:
    """A clinician clears the fired flags with a note, time and user (2.3 rule 4); the screening's
    unread alerts count as read by them, so the inbox no longer calls them urgent."""
    from stridecare.inbox.models import Alert

    if not note.strip():
        raise ClearanceError("Write a clearance note: what you checked and why the flags can be cleared.")
    with transaction.atomic():
        saved = ScreeningSession.objects.select_for_update().get(pk=screening_id)
        if not saved.has_red_flags:
            raise ClearanceError("This screening has no fired red flags to clear.")
        if saved.is_cleared:
            raise ClearanceError(
                f"Already cleared by {saved.cleared_by.full_name if saved.cleared_by else 'a therapist'} on {saved.cleared_at:%Y-%m-%d %H:%M}."
            )
        saved.cleared_at, saved.cleared_by, saved.clearance_note = timezone.now(), clinician, note.strip()
        saved.save(update_fields=["cleared_at", "cleared_by", "clearance_note"])
        Alert.objects.filter(screening=saved, read_at__isnull=True).update(read_at=saved.cleared_at, read_by=clinician)
    return saved


def uncleared_red_flag_screenings(runner: User) -> list[ScreeningSession]:
    """The runner's screenings with fired red flags no clinician has cleared, newest first."""
    return [s for s in ScreeningSession.objects.filter(runner=runner, cleared_at__isnull=True) if s.has_red_flags]


def screened_regions(saved: ScreeningSession) -> frozenset[str] | None:
    """The painful regions of a screening (2.1 codes, body map included); None when unknown."""
    try:
        values, _ = effective_answers(saved.answers or {}, load_rules())
    except (InputError, KeyError, TypeError):
        return None
    regions = values.get("region")
    return frozenset(cast(list[str], regions)) if regions else None  # a multiple choice: a list of codes


@dataclass(frozen=True, slots=True)
class Suspension:
    """The exercises paused on the runner's Today page until a clinician clears the screenings."""

    screenings: tuple[ScreeningSession, ...]
    regions: tuple[str, ...]
    paused: PausedGroups

    @property
    def region_words(self) -> str:
        return ", ".join(r.replace("_", " ") for r in self.regions)

    @property
    def rule_ids(self) -> list[str]:
        return list(dict.fromkeys(i for s in self.screenings for i in s.fired_rule_ids()))


def exercise_suspension(runner: User) -> Suspension | None:
    """What the uncleared red flags pause (0.2.2), or None when nothing is paused. The regions of
    all uncleared screenings are joined; any screening without a known region pauses everything."""
    pending = uncleared_red_flag_screenings(runner)
    if not pending:
        return None
    regions = [screened_regions(s) for s in pending]
    if any(r is None for r in regions):
        return Suspension(tuple(pending), (), paused_library_groups(None))
    joined = sorted(set().union(*regions))  # type: ignore[arg-type]
    return Suspension(tuple(pending), tuple(joined), paused_library_groups(joined))
