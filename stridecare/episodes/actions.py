"""Writes across episodes and letters, each in one transaction that locks the row it changes, and
the records of an episode's window (opened..closed, in the runner's time zone) read into the plain
facts ``core.letters`` composes its drafts from."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from stridecare.accounts.access import clinic_id_of
from stridecare.accounts.models import User
from stridecare.booking.models import Visit
from stridecare.care.models import ClinicalNote, TreatmentEntry
from stridecare.core.care import TEST_RESULTS, technique_by_code
from stridecare.core.letters import (
    LOAD_WEEKS,
    EpisodeFacts,
    Evaluation,
    OutcomeScore,
    Recipient,
    Screening,
    TreatmentGiven,
    WeekLoad,
    day_text,
    discharge_summary_text,
    referral_letter_text,
)
from stridecare.core.load import week_start
from stridecare.screening.models import ScreeningSession
from stridecare.training.weeks import runner_today, runner_zone

from .models import Episode, EpisodeError, Letter, LetterLockedError


def open_episode(
    *,
    runner: User,
    therapist: User,
    opened_on: dt.date,
    intake: ClinicalNote | None = None,
    working_diagnosis: str = "",
    goals: str = "",
    plan: str = "",
) -> Episode:
    """A new open episode of ``runner`` at the therapist's clinic; refused while one is open."""
    if intake is not None and (intake.runner_id != runner.pk or intake.kind != ClinicalNote.Kind.EVALUATION):
        raise EpisodeError("The intake must be an evaluation of this runner.")
    try:
        with transaction.atomic():
            return Episode.objects.create(
                runner=runner,
                clinic_id=clinic_id_of(therapist),
                therapist=therapist,
                opened_on=opened_on,
                intake=intake,
                working_diagnosis=working_diagnosis.strip(),
                goals=goals.strip(),
                plan=plan.strip(),
            )
    except IntegrityError:
        raise EpisodeError(
            f"{runner.full_name} already has an open episode at this clinic: discharge it before opening another."
        ) from None


def discharge_episode(episode_id: int, *, closed_on: dt.date, reason: str, note: str = "") -> Episode:
    """Close the episode on ``closed_on`` with one of the discharge reasons ("other" needs a note)."""
    if reason not in Episode.DischargeReason.values:
        raise EpisodeError(f"Choose a discharge reason, one of: {', '.join(Episode.DischargeReason.labels)}.")
    if reason == Episode.DischargeReason.OTHER and not note.strip():
        raise EpisodeError("Say in the note why care ended when the reason is 'Other'.")
    with transaction.atomic():
        episode = Episode.objects.select_for_update().get(pk=episode_id)
        if episode.closed_on is not None:  # not open
            raise EpisodeError(f"This episode was already discharged on {day_text(episode.closed_on)}.")
        if closed_on < episode.opened_on:
            raise EpisodeError(
                f"The discharge day cannot be before the episode opened ({day_text(episode.opened_on)})."
            )
        episode.closed_on, episode.discharge_reason, episode.discharge_note = closed_on, reason, note.strip()
        episode.save()
    return episode


def draft_letter(episode_id: int, *, author: User, kind: str, recipient: Recipient | None = None) -> Letter:
    """A new draft letter with the text composed from the episode's records (the therapist edits it)."""
    episode = Episode.objects.select_related("runner", "therapist", "intake").get(pk=episode_id)
    facts = episode_facts(episode)
    if kind == Letter.Kind.REFERRAL:
        if recipient is None:
            raise EpisodeError("A referral letter needs the physician and the reason for referral.")
        try:
            text = referral_letter_text(facts, recipient)
        except ValueError as err:
            raise EpisodeError(f"{str(err)[:1].upper()}{str(err)[1:]}.") from err
    elif kind == Letter.Kind.DISCHARGE:
        if episode.is_open:
            raise EpisodeError("Discharge the episode before writing its discharge summary.")
        text = discharge_summary_text(facts)
    else:
        raise EpisodeError(f"Unknown letter kind {kind!r}.")
    recipient = recipient or Recipient("", "", "")
    return Letter.objects.create(
        episode=episode,
        kind=kind,
        recipient_name=recipient.name.strip(),
        recipient_address=recipient.address.strip(),
        reason=recipient.reason.strip(),
        text=text,
        author=author,
    )


def _locked_draft(letter_id: int) -> Letter:
    letter = Letter.objects.select_for_update().get(pk=letter_id)
    if letter.is_final:
        raise LetterLockedError("This letter is final and cannot be changed; write a new one.")
    return letter


def edit_letter(letter_id: int, *, text: str, recipient_name: str = "", recipient_address: str = "") -> Letter:
    if not text.strip():
        raise EpisodeError("The letter is empty: write its text.")
    with transaction.atomic():
        letter = _locked_draft(letter_id)
        letter.text, letter.updated_at = text.strip(), timezone.now()
        if letter.kind == Letter.Kind.REFERRAL:
            if not recipient_name.strip():
                raise EpisodeError("A referral letter needs the physician's name.")
            letter.recipient_name, letter.recipient_address = recipient_name.strip(), recipient_address.strip()
        letter.save()
    return letter


def finalise_letter(letter_id: int, *, by: User) -> Letter:
    """Make the letter final: from now on it is read-only (a clinical record, kept under erasure)."""
    with transaction.atomic():
        letter = _locked_draft(letter_id)
        if letter.author_id != by.pk:
            raise EpisodeError(f"Only the author, {letter.author.full_name}, can finalise this letter.")
        letter.finalised_at, letter.finalised_by = timezone.now(), by
        letter.save()
    return letter


def _bounds(episode: Episode, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The episode's window as aware datetimes: from its first day's midnight to after its last day."""
    zone = runner_zone(episode.runner)
    start = dt.datetime.combine(episode.opened_on, dt.time(0), zone)
    return start, dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), zone)


def episode_records(episode: Episode) -> dict:
    """What belongs to the episode by date: the clinic's visits and notes, screenings, programs
    running in the window and the outcome scores completed in it."""
    from stridecare.outcomes.models import OutcomeResponse
    from stridecare.programs.models import Program

    first, last = episode.opened_on, episode.window_end(runner_today(episode.runner))
    start, end = _bounds(episode, last)
    runner = episode.runner
    return {
        "visits": list(
            Visit.objects.filter(
                clinic_id=episode.clinic_id,
                runner=runner,
                status=Visit.Status.CONFIRMED,
                start__gte=start,
                start__lt=end,
            ).select_related("therapist")
        ),
        "notes": list(
            ClinicalNote.objects.filter(
                runner=runner, clinic_id=episode.clinic_id, created_at__gte=start, created_at__lt=end
            ).select_related("author")
        ),
        "screenings": list(ScreeningSession.objects.filter(runner=runner, created_at__gte=start, created_at__lt=end)),
        "programs": list(
            Program.objects.filter(
                Q(discharged_on__isnull=True) | Q(discharged_on__gte=first), runner=runner, started__lte=last
            )
        ),
        "outcomes": list(
            OutcomeResponse.objects.filter(
                runner=runner,
                checkin=None,
                complete=True,
                score__isnull=False,
                completed_on__gte=first,
                completed_on__lte=last,
            ).order_by("completed_on", "pk")
        ),
    }


def _evaluation(note: ClinicalNote | None) -> Evaluation | None:
    if note is None:
        return None
    display, results = note.evaluation_display(), dict(TEST_RESULTS)
    findings = [
        f"{results['positive']}: {t['name']}" + (f", {t['side_label'].lower()}" if t["side_label"] else "")
        for t in display["tests"]
        if t["result"] == "positive"
    ]
    findings += [
        f"single-leg squat, {s['side_label'].lower()}: {'passed' if s.get('passed') else 'not passed'}"
        for s in display["squat"]
    ]
    day = timezone.localtime(note.created_at, runner_zone(note.runner)).date()
    return Evaluation(day, note.region_name() or "region not recorded", tuple(findings))


def episode_facts(episode: Episode) -> EpisodeFacts:
    """The plain facts of the episode's window for ``core.letters``."""
    from stridecare.training.models import WeekTotal

    records, zone = episode_records(episode), runner_zone(episode.runner)
    until = episode.window_end(runner_today(episode.runner))
    signed = [n for n in records["notes"] if n.is_signed]
    treatments = TreatmentEntry.objects.filter(note__in=signed)
    weeks = WeekTotal.objects.filter(
        runner=episode.runner,
        week_start__gte=week_start(episode.opened_on) - dt.timedelta(weeks=LOAD_WEEKS),
        week_start__lt=week_start(until),
    )
    from stridecare.screening.models import URGENCY_LABELS

    return EpisodeFacts(
        runner_name=episode.runner.full_name,
        therapist_name=episode.therapist.full_name,
        opened_on=episode.opened_on,
        until=until,
        working_diagnosis=episode.working_diagnosis,
        goals=tuple(episode.goal_list()),
        plan=episode.plan,
        discharge_reason=episode.get_discharge_reason_display() if episode.discharge_reason else "",
        discharge_note=episode.discharge_note,
        evaluation=_evaluation(episode.intake),
        screenings=tuple(
            Screening(timezone.localtime(s.created_at, zone).date(), URGENCY_LABELS.get(s.urgency, s.urgency))
            for s in sorted(records["screenings"], key=lambda s: s.created_at)
        ),
        visit_days=tuple(timezone.localtime(v.start, zone).date() for v in records["visits"]),
        treatments=tuple(TreatmentGiven(technique_by_code(t.technique).name, t.minutes) for t in treatments),
        programs=tuple(
            f"{p.get_condition_display()}{', ' + p.phase_label if p.phase_label else ''} (from {day_text(p.started)})"
            for p in sorted(records["programs"], key=lambda p: p.started)
        ),
        outcomes=tuple(OutcomeScore(o.measure, o.completed_on, o.score) for o in records["outcomes"]),
        load_weeks=tuple(WeekLoad(w.week_start, w.distance_m, w.runs) for w in weeks),
        units="mi" if episode.therapist.units == "mi" else "km",
    )
