"""Weekly well-being check-in logic (REFERENCE.md 8.1) and the crisis-pathway triggers of 8.3.

PHQ-2 and GAD-2 every week; a positive screen (>= 3) asks for the PHQ-9 / GAD-7. Any self-harm
indication triggers the crisis pathway at once, whatever the totals; the software never handles it
alone: it shows the clinic's crisis resources and creates a human follow-up task.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from stridecare.core.outcomes.scoring import ScoreResult

TriggerKind = Literal["phq9_item9", "help_button", "clinician_concern", "free_text"]


@dataclass(frozen=True, slots=True)
class WellbeingQuestion:
    """One of Stridecare's own weekly questions: plain words, not a validated screener.

    Every scale runs 1 to 5 with 5 the good end, and ``labels[i]`` says what ``i + 1`` means, so
    the number a runner taps and the words next to it always agree."""

    key: str
    question: str
    labels: tuple[str, str, str, str, str]

    def choices(self) -> list[tuple[int, str]]:
        return [(i, f"{i}: {label}") for i, label in enumerate(self.labels, 1)]


# Our own words (no questionnaire's wording); asked every week. Where the clinic has loaded the
# official PHQ-9 and GAD-7 forms, their first two items are asked as well (8.1).
WELLBEING_QUESTIONS: tuple[WellbeingQuestion, ...] = (
    WellbeingQuestion(
        "sleep", "How have you slept this week?", ("Very badly", "Badly", "Fairly well", "Well", "Very well")
    ),
    WellbeingQuestion("energy", "How has your energy been?", ("Very low", "Low", "In between", "Good", "Very good")),
    WellbeingQuestion(
        "stress",
        "How stressed have you felt?",
        ("Very stressed", "Quite stressed", "A little stressed", "Hardly stressed", "Not stressed at all"),
    ),
    WellbeingQuestion("mood", "How has your mood been?", ("Very low", "Low", "In between", "Good", "Very good")),
    WellbeingQuestion(
        "motivation",
        "How keen have you been to train?",
        ("Not at all", "A little", "Fairly", "Quite keen", "Very keen"),
    ),
    WellbeingQuestion(
        "soreness",
        "How sore have your muscles and joints felt?",
        ("Very sore", "Sore", "A little sore", "Hardly sore", "Not sore at all"),
    ),
)
WELLBEING_NOTE = "Stridecare's own questions about your week, in plain words. They are not a validated screener and give no score or result."

# 8.3 [H]: a starting list a clinic edits; false positives are acceptable, misses are not.
DEFAULT_SELF_HARM_PHRASES: tuple[str, ...] = (
    "suicide",
    "suicidal",
    "kill myself",
    "end my life",
    "end it all",
    "self-harm",
    "self harm",
    "hurt myself",
    "harm myself",
    "want to die",
    "better off dead",
    "no reason to live",
)


@dataclass(frozen=True, slots=True)
class CrisisTrigger:
    """One 8.3 trigger: show crisis resources now and create a human follow-up task."""

    kind: TriggerKind
    detail: str
    required_actions: tuple[str, ...] = (
        "show the clinic's crisis resources at once (emergency number and crisis line, offline static text)",
        "notify the responsible clinician and create a human follow-up task (default: same working day [H])",
        "escalate to the clinic's backup contact if unacknowledged [H]",
        "pause automated training nudges for 72 h unless a clinician re-enables them [H]",
        "log the trigger, what was shown and the clinician response",
    )
    source: str = "REFERENCE.md 8.3 [K] (non-negotiable)"


def find_self_harm_language(text: str, phrases: Sequence[str] = DEFAULT_SELF_HARM_PHRASES) -> tuple[str, ...]:
    """Clinic-maintained phrases found in free text (8.3: false positives are acceptable)."""
    lowered = " ".join(text.lower().split())
    return tuple(p for p in phrases if re.search(r"(?<!\w)" + re.escape(p.lower()) + r"(?!\w)", lowered))


def crisis_trigger_from_text(text: str, phrases: Sequence[str] = DEFAULT_SELF_HARM_PHRASES) -> CrisisTrigger | None:
    found = find_self_harm_language(text, phrases)
    return CrisisTrigger("free_text", f"the words: {', '.join(found)}") if found else None


@dataclass(frozen=True, slots=True)
class CheckInOutcome:
    """What follows a weekly check-in: the follow-up questionnaires and any crisis trigger."""

    follow_ups: tuple[str, ...]
    triggers: tuple[CrisisTrigger, ...]
    alert_therapist: bool


def evaluate_check_in(
    phq2: ScoreResult | None,
    gad2: ScoreResult | None,
    help_pressed: bool = False,
    free_text: str = "",
    phrases: Sequence[str] = DEFAULT_SELF_HARM_PHRASES,
) -> CheckInOutcome:
    """Weekly check-in (issue 8 item 6, 8.1): positive PHQ-2 -> PHQ-9, positive GAD-2 -> GAD-7; the help
    button or self-harm language -> crisis pathway (8.3)."""
    follow = tuple(r.follow_up_measure for r in (phq2, gad2) if r is not None and r.follow_up_measure)
    triggers = []
    if help_pressed:
        triggers.append(CrisisTrigger("help_button", 'the runner pressed "I need help now"'))
    text_trigger = crisis_trigger_from_text(free_text, phrases) if free_text else None
    if text_trigger:
        triggers.append(text_trigger)
    return CheckInOutcome(follow, tuple(triggers), bool(triggers))
