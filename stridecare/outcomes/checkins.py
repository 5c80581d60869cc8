"""The weekly check-in saved whole (REFERENCE.md 8.1-8.3, 2.2 RF-20, 2.3 rule 1): the check-in row, the
RF-20 trend alert, a red-flag screening with its clinic alert and the crisis alert are written in one
transaction, so a failure half-way leaves none of them. Alert emails are jobs written in the same
transaction (enqueue_job): with the database queue a worker sees them only once it commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction

from stridecare.accounts.models import User
from stridecare.core.outcomes.scoring import Answers, ScoreResult
from stridecare.core.outcomes.wellbeing import evaluate_check_in
from stridecare.inbox.alerts import raise_alert, raise_crisis_alert
from stridecare.programs import actions

from .models import CheckIn, WhyIRun

Rf20 = Literal["", "clinic_told", "no_clinic"]


@dataclass(frozen=True)
class CheckInRecord:
    """What a saved check-in set in motion, for the page that follows it."""

    checkin: CheckIn
    crisis_detail: str  # non-empty: self-harm language was seen and the crisis alert raised (8.3)
    flagged: Any  # the ScreeningSession saved from the red-flag items (2.3 rule 1), or None
    rf20: Rf20  # worse in 2 weekly check-ins in a row: who was told


def record_check_in(
    runner: User,
    answers: Mapping[str, Any],
    *,
    phq: tuple[list[int] | None, ScoreResult | None] = (None, None),
    gad: tuple[list[int] | None, ScoreResult | None] = (None, None),
    follow_up_offered: Sequence[str] = (),
) -> CheckInRecord:
    """Save one weekly check-in and everything it triggers, all or nothing. ``answers`` are the form's
    cleaned data; ``phq``/``gad`` the weekly PHQ-2 / GAD-2 items and scores where asked;
    ``follow_up_offered`` the measures (PHQ-9, GAD-7) the clinic has an official form for."""
    (phq_items, phq2), (gad_items, gad2) = phq, gad
    note = answers["note"]
    outcome = evaluate_check_in(phq2, gad2, free_text=note, phrases=actions.self_harm_phrases(runner))
    # a follow-up is asked only with its official form loaded (a PHQ-2 from a PHQ-2-only file stops there)
    follow_ups = [m for m in outcome.follow_ups if m in follow_up_offered]
    with transaction.atomic():
        checkin = CheckIn.objects.create(
            runner=runner,
            mood=answers["mood"],
            stress=answers["stress"],
            sleep=answers["sleep"],
            motivation=answers["motivation"],
            energy=answers["energy"],
            soreness=answers["soreness"],
            phq2_items=phq_items,
            gad2_items=gad_items,
            phq2_score=phq2.score if phq2 else None,
            gad2_score=gad2.score if gad2 else None,
            follow_ups=follow_ups,
            note=note,
            trend=answers.get("trend") or "",
            red_flags=answers["red_flags"],
        )
        rf20 = _check_rf20(checkin)
        flagged = _check_red_flags(runner, checkin)
        detail = "; ".join(t.detail for t in outcome.triggers)
        if outcome.triggers:
            raise_crisis_alert(runner, "check_in", detail)
    return CheckInRecord(checkin, detail, flagged, rf20)


def _check_red_flags(runner: User, checkin: CheckIn) -> Any:
    """2.3 rule 1: the check-in's red-flag items go through the screening engine; a fired rule is
    saved as a screening (so the clinic's alert, the runner's acknowledgement, the clinician's
    clearance and the paused exercises follow as for any screening). Returns it, or None."""
    from stridecare.core.care.checkin_flags import evaluate
    from stridecare.screening.models import ScreeningSession
    from stridecare.screening.state import notify_clinic

    regions = (
        s.answers.get("region")
        for s in ScreeningSession.objects.filter(runner=runner).only("answers")[:10]
        if s.answers
    )
    region = next((r for r in regions if isinstance(r, str) and r), None)
    answers, result = evaluate(checkin.red_flags, region)
    if result is None:
        return None
    saved = ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        source=ScreeningSession.Source.CHECK_IN,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )
    notify_clinic(saved, result, runner)
    return saved


def _check_rf20(checkin: CheckIn) -> Rf20:
    """RF-20 (REFERENCE.md 2.2, 2.3 rule 1): worse in 2 consecutive weekly check-ins -> soon, notify the clinician."""
    from stridecare.core.care.checkin_trend import RF20_EVIDENCE, is_worse_in_consecutive_check_ins

    trends = list(CheckIn.objects.filter(runner=checkin.runner).values_list("trend", flat=True)[:2])
    if checkin.trend != "worse" or not is_worse_in_consecutive_check_ins(trends):
        return ""
    if checkin.runner.clinic_id is None:
        return "no_clinic"
    raise_alert(
        runner=checkin.runner,
        kind="rf20_trend",
        severity="amber",
        title=f"{checkin.runner.full_name}: worse in 2 weekly check-ins in a row (RF-20)",
        body="RF-20 not improving with guided rehab: the runner answered 'worse' in their last 2 consecutive weekly "
        "check-ins. Review the plan; a clinician should see them within about a week (urgency soon).",
        source=f"REFERENCE.md 2.2 RF-20 {RF20_EVIDENCE}",
    )
    return "clinic_told"


def save_why_i_run(runner: User, text: str) -> tuple[str, ...]:
    """Save the runner's "why I run" note; self-harm language in it raises the crisis alert (8.3) in the
    same transaction. Returns the words found (empty when none)."""
    found = actions.text_mentions_self_harm(text, runner)
    with transaction.atomic():
        WhyIRun.objects.update_or_create(runner=runner, defaults={"text": text})
        if found:
            raise_crisis_alert(runner, "why_i_run", f"The note has the words: {', '.join(found)}")
    return found


def save_follow_ups(
    runner: User, checkin: CheckIn, scored: Mapping[str, tuple[Answers, ScoreResult]]
) -> dict[str, ScoreResult]:
    """Save the PHQ-9 / GAD-7 answers that followed a check-in (8.1), and the therapist's well-being
    alert when one screens positive, all or nothing. Returns each measure's result."""
    results = {measure: result for measure, (_, result) in scored.items()}
    with transaction.atomic():
        for answers, result in scored.values():
            actions.save_response(runner, answers, result, checkin=checkin)
        if any(r.positive_screen for r in results.values()):
            actions.wellbeing_alert(runner, "; ".join(f"{m.upper()}: {r.interpretation}" for m, r in results.items()))
    return results
