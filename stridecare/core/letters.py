"""Draft letters at the end of an episode of care (issue 18 point 6): the discharge summary and a
referral letter to a physician, composed as plain text the therapist edits before it is final.

:func:`discharge_summary_text` and :func:`referral_letter_text` take an :class:`EpisodeFacts` of
plain data (the evaluation's findings, the treatments given, outcome scores, visits, programs,
screenings and weekly running totals) and return the text. Nothing is invented here: every sentence
says what the records hold. Whether an outcome change is meaningful is decided by
:func:`stridecare.core.outcomes.change.compare_scores` (REFERENCE.md 4.0: the change must reach the
questionnaire's MCID and MDC), and the letter names the questionnaire's source paper
(``MeasureSpec.plain_source``). Screening appears as decision support, never as a diagnosis.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from stridecare.core.load import week_start
from stridecare.core.outcomes.change import compare_scores
from stridecare.core.outcomes.measures import get_measure
from stridecare.core.units import DistanceUnit, metres_per_unit

LOAD_WEEKS = 4
"""Weeks of running averaged for "then" (before the episode opened) and "now" (before it closed)."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """The initial evaluation: its day, body region and findings in words ("Positive: Noble test, left")."""

    on: dt.date
    region: str
    findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TreatmentGiven:
    """One treatment entry of a note: the technique's name and its minutes."""

    technique: str
    minutes: int


@dataclass(frozen=True, slots=True)
class OutcomeScore:
    """One completed questionnaire: its measure id ("lefs"), day and total."""

    measure: str
    completed_on: dt.date
    score: float


@dataclass(frozen=True, slots=True)
class Screening:
    """A self-screening: its day and its urgency in words ("Routine")."""

    on: dt.date
    urgency: str


@dataclass(frozen=True, slots=True)
class WeekLoad:
    """One week's running total (the load engine's weekly summary)."""

    week_start: dt.date
    distance_m: float
    runs: int


@dataclass(frozen=True, slots=True)
class Recipient:
    """The physician a referral letter goes to."""

    name: str
    address: str
    reason: str


@dataclass(frozen=True, slots=True)
class EpisodeFacts:
    runner_name: str
    therapist_name: str
    opened_on: dt.date
    until: dt.date
    """The day the episode closed, or today for an open one."""
    working_diagnosis: str = ""
    goals: tuple[str, ...] = ()
    plan: str = ""
    discharge_reason: str = ""
    """In words ("Goals met"); empty while the episode is open."""
    discharge_note: str = ""
    evaluation: Evaluation | None = None
    screenings: tuple[Screening, ...] = ()
    visit_days: tuple[dt.date, ...] = ()
    treatments: tuple[TreatmentGiven, ...] = ()
    programs: tuple[str, ...] = ()
    outcomes: tuple[OutcomeScore, ...] = ()
    load_weeks: tuple[WeekLoad, ...] = ()
    units: DistanceUnit = "km"


@dataclass(frozen=True, slots=True)
class OutcomeLine:
    """First and last score of one questionnaire in the episode, and the judged change."""

    name: str
    first: OutcomeScore
    last: OutcomeScore
    direction: str
    meaningful: bool | None
    source: str

    @property
    def sentence(self) -> str:
        first, last = self.first, self.last
        points = _number(abs(last.score - first.score))
        head = (
            f"{self.name}: {_number(first.score)} on {day_text(first.completed_on)}, "
            f"{_number(last.score)} on {day_text(last.completed_on)}"
        )
        if self.direction == "unchanged":
            return f"{head}: no change."
        change = f"{points} points {'better' if self.direction == 'improved' else 'worse'}"
        if self.meaningful is None:
            judged = "there is no published threshold for a meaningful change on this questionnaire"
        elif self.meaningful:
            judged = "a meaningful change by the questionnaire's published threshold"
        else:
            judged = "smaller than the questionnaire's published threshold for a meaningful change"
        return f"{head}: {change}, {judged} (source: {self.source})."


def day_text(day: dt.date) -> str:
    """ "3 November 2026"."""
    return f"{day.day} {day:%B %Y}"


def _number(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def outcome_lines(scores: tuple[OutcomeScore, ...]) -> list[OutcomeLine]:
    """Per questionnaire with two or more scores: the first and the last, the change judged by
    ``compare_scores`` with the weeks between them (REFERENCE.md 4.0); ordered by name."""
    by_measure: dict[str, list[OutcomeScore]] = {}
    for score in sorted(scores, key=lambda s: s.completed_on):
        by_measure.setdefault(score.measure, []).append(score)
    lines = []
    for measure, rows in by_measure.items():
        if len(rows) < 2:
            continue
        first, last = rows[0], rows[-1]
        weeks = (last.completed_on - first.completed_on).days / 7
        change = compare_scores(measure, first.score, last.score, weeks)
        spec = get_measure(measure)
        lines.append(OutcomeLine(spec.name, first, last, change.direction, change.meaningful, spec.plain_source))
    return sorted(lines, key=lambda line: line.name)


def treatment_sentence(treatments: tuple[TreatmentGiven, ...]) -> str:
    """ "Soft tissue massage 3 times (45 minutes in all); Kinesiology taping once (10 minutes).",
    most often given first."""
    if not treatments:
        return "No hands-on treatment was recorded."
    counts = Counter(t.technique for t in treatments)
    minutes: Counter[str] = Counter()
    for t in treatments:
        minutes[t.technique] += t.minutes
    parts = [
        f"{name} {'once' if n == 1 else f'{n} times'} ({minutes[name]} minutes{' in all' if n > 1 else ''})"
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return "; ".join(parts) + "."


def load_sentence(weeks: tuple[WeekLoad, ...], opened_on: dt.date, until: dt.date, units: DistanceUnit) -> str:
    """Average weekly running of the 4 whole weeks before the episode's week and of the 4 whole
    weeks before ``until``'s week; a week with no runs counts as 0."""
    then_end, now_end = week_start(opened_on), week_start(until)
    then = _average(weeks, then_end - dt.timedelta(weeks=LOAD_WEEKS), then_end)
    now = _average(weeks, now_end - dt.timedelta(weeks=LOAD_WEEKS), now_end)
    if then is None and now is None:
        return "No running was recorded in Stridecare in the weeks before the episode or before its end."
    before = f"the {LOAD_WEEKS} weeks to {day_text(then_end - dt.timedelta(days=1))}"
    recent = f"the {LOAD_WEEKS} weeks to {day_text(now_end - dt.timedelta(days=1))}"
    return (
        f"Running in {before}: {_weekly(then, units)}. In {recent}: {_weekly(now, units)}. "
        "Weekly totals from the runner's own watch or app files."
    )


def _average(weeks: tuple[WeekLoad, ...], start: dt.date, end: dt.date) -> tuple[float, float] | None:
    inside = [w for w in weeks if start <= w.week_start < end]
    if not inside:
        return None
    return sum(w.distance_m for w in inside) / LOAD_WEEKS, sum(w.runs for w in inside) / LOAD_WEEKS


def _weekly(average: tuple[float, float] | None, units: DistanceUnit) -> str:
    if average is None:
        return "no runs recorded"
    distance_m, runs = average
    return f"{distance_m / metres_per_unit(units):.1f} {units} a week on average over {runs:g} runs a week"


def _episode_lines(facts: EpisodeFacts) -> list[str]:
    """The paragraphs both letters share: assessment, screening, care given, outcomes and load."""
    out = []
    if facts.evaluation is not None:
        e = facts.evaluation
        findings = "; ".join(e.findings) if e.findings else "no positive tests were recorded"
        out.append(f"Assessment on {day_text(e.on)} ({e.region}): {findings}.")
    if facts.working_diagnosis:
        out.append(f"Working diagnosis: {facts.working_diagnosis}")
    for s in facts.screenings:
        out.append(
            f"Self-screening on {day_text(s.on)}: urgency {s.urgency.lower()}. The screening is decision support, "
            "not a diagnosis."
        )
    visits = sorted(facts.visit_days)
    if visits:
        out.append(
            f"Visits: {len(visits)}, from {day_text(visits[0])} to {day_text(visits[-1])}."
            if len(visits) > 1
            else f"Visits: 1, on {day_text(visits[0])}."
        )
    out.append(f"Treatment: {treatment_sentence(facts.treatments)}")
    if facts.programs:
        out.append("Exercise programs: " + "; ".join(facts.programs) + ".")
    lines = outcome_lines(facts.outcomes)
    if lines:
        out.append("Outcome questionnaires, first and last score:\n" + "\n".join(f"- {x.sentence}" for x in lines))
    else:
        out.append("Outcome questionnaires: fewer than two scores of any one questionnaire in this episode.")
    out.append(f"Training load: {load_sentence(facts.load_weeks, facts.opened_on, facts.until, facts.units)}")
    return out


def discharge_summary_text(facts: EpisodeFacts) -> str:
    """The draft discharge summary: the episode, what was found and done, how the outcomes and the
    running changed, and why care ended."""
    parts = [
        f"Discharge summary for {facts.runner_name}.",
        f"Episode of care from {day_text(facts.opened_on)} to {day_text(facts.until)}.",
        *_episode_lines(facts),
    ]
    if facts.goals:
        parts.append("Goals set at the start:\n" + "\n".join(f"- {g}" for g in facts.goals))
    if facts.plan:
        parts.append(f"Plan: {facts.plan}")
    if facts.discharge_reason:
        reason = f"Reason for discharge: {facts.discharge_reason}."
        parts.append(reason + (f" {facts.discharge_note}" if facts.discharge_note else ""))
    return "\n\n".join(parts)


def referral_letter_text(facts: EpisodeFacts, recipient: Recipient) -> str:
    """The draft referral letter to ``recipient``: the reason first, then the episode's record."""
    if not recipient.name.strip():
        raise ValueError("a referral letter needs the physician's name")
    if not recipient.reason.strip():
        raise ValueError("a referral letter needs the reason for referral")
    parts = [
        f"Dear {recipient.name.strip()},",
        f"I am writing to refer {facts.runner_name}, whom I have seen for physical therapy since "
        f"{day_text(facts.opened_on)}.",
        f"Reason for referral: {recipient.reason.strip()}",
        *_episode_lines(facts),
        "I would be grateful for your assessment. Please contact me with any questions.",
        "Yours sincerely,",
    ]
    return "\n\n".join(parts)
