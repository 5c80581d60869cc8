"""Draft letters from plain episode facts: hand-worked pieces of the expected text."""

from __future__ import annotations

import datetime as dt

import pytest

from stridecare.core.letters import (
    EpisodeFacts,
    Evaluation,
    OutcomeScore,
    Recipient,
    Screening,
    TreatmentGiven,
    WeekLoad,
    discharge_summary_text,
    load_sentence,
    outcome_lines,
    referral_letter_text,
    treatment_sentence,
)

OPENED = dt.date(2026, 11, 4)  # a Wednesday: its week starts Monday 2 November
CLOSED = dt.date(2026, 12, 2)  # a Wednesday: its week starts Monday 30 November


def facts(**kw) -> EpisodeFacts:
    base = dict(runner_name="Sam Rivera", therapist_name="Priya Shah", opened_on=OPENED, until=CLOSED)
    return EpisodeFacts(**(base | kw))


def test_treatments_are_counted_by_technique_with_their_minutes_most_often_first():
    given = (
        TreatmentGiven("Soft tissue massage", 15),
        TreatmentGiven("Kinesiology taping", 10),
        TreatmentGiven("Soft tissue massage", 20),
        TreatmentGiven("Soft tissue massage", 10),
    )
    assert treatment_sentence(given) == (
        "Soft tissue massage 3 times (45 minutes in all); Kinesiology taping once (10 minutes)."
    )
    assert treatment_sentence(()) == "No hands-on treatment was recorded."


def test_lefs_gain_of_twenty_points_is_meaningful_and_names_its_source():
    # LEFS: higher is better, MCID 9 points (REFERENCE.md 4.1): 40 -> 60 is +20, meaningful.
    (line,) = outcome_lines(
        (
            OutcomeScore("lefs", dt.date(2026, 11, 4), 40),
            OutcomeScore("lefs", dt.date(2026, 11, 18), 47),
            OutcomeScore("lefs", dt.date(2026, 12, 2), 60),
        )
    )
    assert (line.first.score, line.last.score, line.direction, line.meaningful) == (40, 60, "improved", True)
    assert line.sentence == (
        "Lower Extremity Functional Scale: 40 on 4 November 2026, 60 on 2 December 2026: 20 points better, a meaningful change by the "
        "questionnaire's published threshold (source: Binkley et al. 1999)."
    )


def test_a_small_change_is_said_to_be_below_the_threshold_and_a_single_score_is_left_out():
    lines = outcome_lines(
        (
            OutcomeScore("lefs", dt.date(2026, 11, 4), 40),
            OutcomeScore("lefs", dt.date(2026, 12, 2), 43),
            OutcomeScore("nprs", dt.date(2026, 11, 4), 6),
        )
    )
    assert len(lines) == 1
    assert "3 points better, smaller than the questionnaire's published threshold" in lines[0].sentence


def test_nprs_falling_from_6_to_2_is_better_because_lower_is_better():
    (line,) = outcome_lines(
        (OutcomeScore("nprs", dt.date(2026, 11, 4), 6), OutcomeScore("nprs", dt.date(2026, 12, 2), 2))
    )
    assert line.direction == "improved" and line.meaningful is True
    assert "4 points better" in line.sentence


def test_load_then_and_now_average_four_whole_weeks_counting_weeks_without_runs_as_zero():
    weeks = (
        WeekLoad(dt.date(2026, 10, 5), 20000, 2),  # before the episode
        WeekLoad(dt.date(2026, 10, 19), 20000, 2),
        WeekLoad(dt.date(2026, 11, 2), 99000, 9),  # the episode's own week: in neither average
        WeekLoad(dt.date(2026, 11, 9), 30000, 3),  # the 4 weeks before 30 November
        WeekLoad(dt.date(2026, 11, 16), 30000, 3),
        WeekLoad(dt.date(2026, 11, 23), 40000, 4),
    )
    text = load_sentence(weeks, OPENED, CLOSED, "km")
    # then: (20 + 20) / 4 = 10.0 km, (2 + 2) / 4 = 1 run; now: (99 + 30 + 30 + 40) / 4 = 49.75 km, 19 / 4 = 4.75 runs
    assert "Running in the 4 weeks to 1 November 2026: 10.0 km a week on average over 1 runs a week." in text
    assert "In the 4 weeks to 29 November 2026: 49.8 km a week on average over 4.75 runs a week." in text


def test_no_runs_at_all_says_so():
    assert load_sentence((), OPENED, CLOSED, "mi").startswith("No running was recorded")


def test_the_discharge_summary_holds_the_episode_the_screening_as_decision_support_and_the_reason():
    text = discharge_summary_text(
        facts(
            working_diagnosis="Patellofemoral pain, right.",
            goals=("Run 10 km without pain", "Stairs without pain"),
            plan="Loading program, gradual return to running.",
            discharge_reason="Goals met",
            discharge_note="Back to parkrun.",
            evaluation=Evaluation(dt.date(2026, 11, 4), "Front of the knee", ("Positive: step-down test, right",)),
            screenings=(Screening(dt.date(2026, 11, 3), "Routine"),),
            visit_days=(dt.date(2026, 11, 4), dt.date(2026, 11, 18), dt.date(2026, 12, 2)),
            programs=("Patellofemoral pain, Phase 1 (from 4 November 2026)",),
        )
    )
    assert text.startswith(
        "Discharge summary for Sam Rivera.\n\nEpisode of care from 4 November 2026 to 2 December 2026."
    )
    assert "Assessment on 4 November 2026 (Front of the knee): Positive: step-down test, right." in text
    assert (
        "Self-screening on 3 November 2026: urgency routine. The screening is decision support, not a diagnosis."
        in text
    )
    assert "Visits: 3, from 4 November 2026 to 2 December 2026." in text
    assert "Goals set at the start:\n- Run 10 km without pain\n- Stairs without pain" in text
    assert text.endswith("Reason for discharge: Goals met. Back to parkrun.")
    assert "[" not in text  # no evidence tags or reference numbers


def test_the_referral_letter_opens_with_the_physician_and_the_reason():
    text = referral_letter_text(facts(), Recipient("Dr Ana Lopez", "2 High Street", "Night pain not easing."))
    assert text.startswith(
        "Dear Dr Ana Lopez,\n\nI am writing to refer Sam Rivera, whom I have seen for physical therapy since "
        "4 November 2026.\n\nReason for referral: Night pain not easing."
    )
    assert text.endswith("Yours sincerely,")


def test_a_referral_letter_without_a_reason_is_refused():
    with pytest.raises(ValueError, match="reason for referral"):
        referral_letter_text(facts(), Recipient("Dr Ana Lopez", "", "  "))
