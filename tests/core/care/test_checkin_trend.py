"""RF-20's second clause over the weekly check-ins (REFERENCE.md 2.2)."""

import pytest

from stridecare.core.care.checkin_trend import is_worse_in_consecutive_check_ins


def test_two_worse_check_ins_in_a_row_fire():
    assert is_worse_in_consecutive_check_ins(["worse", "worse"])
    assert is_worse_in_consecutive_check_ins(["worse", "worse", "improving"])


def test_one_worse_or_a_break_in_between_does_not_fire():
    assert not is_worse_in_consecutive_check_ins(["worse"])
    assert not is_worse_in_consecutive_check_ins(["worse", "static", "worse"])
    assert not is_worse_in_consecutive_check_ins(["improving", "worse", "worse"])  # the newest is better
    assert not is_worse_in_consecutive_check_ins(["worse", None, "worse"])
    assert not is_worse_in_consecutive_check_ins([])


def test_it_rejects_an_unknown_trend():
    with pytest.raises(ValueError, match="'bad'"):
        is_worse_in_consecutive_check_ins(["bad", "worse"])
