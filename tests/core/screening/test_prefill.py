"""Prefilled training changes from imported runs (REFERENCE.md 5.2, 5.3) and answers in words."""

import datetime as dt

import pytest

from stridecare.core.screening import answer_lines, prefill_training_changes

PAIN = dt.datetime(2026, 11, 20, 8, 0)


def _day(days_before: float) -> dt.datetime:
    return PAIN - dt.timedelta(days=days_before)


def test_a_session_spike_proposes_more_distance() -> None:
    # Longest run in the 30 days before the 12 km run is 8 km: 12 / 8 - 1 = 50% > 10% (5.3).
    runs = [(_day(40), 8000.0), (_day(20), 8000.0), (_day(10), 12000.0)]
    [change] = prefill_training_changes(runs, PAIN)
    assert change.value == "more_distance" and change.evidence == "[V:R01]"
    assert "50% longer" in change.because and "8.0 km" in change.because


def test_steady_running_proposes_nothing() -> None:
    # 8 km every 3.5 days; a final 8.8 km run is exactly +10%, which is not over 10%.
    runs = [(_day(3.5 * i + 1), 8000.0) for i in range(1, 12)] + [(_day(1), 8800.0)]
    assert prefill_training_changes(runs, PAIN) == []


def test_a_weekly_jump_over_30_percent_proposes_more_distance() -> None:
    # Week before pain: 3 x 5 km = 15 km; the week before that: 2 x 5 km = 10 km -> +50% (5.2).
    # No single run is longer than 5 km, so there is no session spike.
    runs = [(_day(d), 5000.0) for d in (13, 10, 6, 4, 2)]
    [change] = prefill_training_changes(runs, PAIN)
    assert change.evidence == "[V:R02]" and "50% more" in change.because


def test_runs_after_the_pain_started_are_ignored() -> None:
    runs = [(_day(20), 8000.0), (PAIN + dt.timedelta(days=1), 20000.0)]
    assert prefill_training_changes(runs, PAIN) == []


def test_negative_distance_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        prefill_training_changes([(_day(2), -1.0)], PAIN)


def test_answer_lines_put_answers_in_words_with_assumptions() -> None:
    lines = answer_lines({"body_map": ["front_left_groin"], "night_pain_any": False, "trauma": False, "age": 30})
    by_name = {line.name: line for line in lines}
    assert by_name["trauma"].value == "no" and by_name["trauma"].label.startswith("Was there a fall")
    assert by_name["body_map"].value == "front left groin"
    assert by_name["night_pain"].is_assumed and "assumed: no pain at night at all" in by_name["night_pain"].value
    assert [line.name for line in lines][:2] == ["body_map", "age"]  # questionnaire order
