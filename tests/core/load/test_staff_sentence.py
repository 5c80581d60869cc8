"""The therapist's sentence of a load finding: third person, the runner's name, the finding's own numbers."""

import datetime as dt

import pytest

from stridecare.core.load import compute_findings, staff_sentence

from .helpers import run
from .test_findings import D, base


def _only(findings, code):
    (finding,) = [f for f in findings if f.code == code]
    return finding


def test_a_spike_is_told_to_the_therapist_in_the_third_person():
    spike = _only(compute_findings(base() + [run("2025-02-18T07:00", 12)], today=D("2025-02-18")), "LF-01")
    sentence = staff_sentence(spike.code, spike.date, spike.data, name="Sam")
    assert (
        sentence
        == "Sam's 12.0 km run on Tue 18 Feb was 140% longer than the longest run of the 30 days before it (5.0 km)."
    )
    assert "Your" not in sentence and "your" not in sentence
    assert "140% longer than your longest run" in spike.message  # the runner's words are unchanged


def test_the_sentence_uses_the_readers_unit_from_the_stored_metres():
    spike = _only(compute_findings(base() + [run("2025-02-18T07:00", 12)], today=D("2025-02-18"), units="mi"), "LF-01")
    assert spike.data["distance_m"] == 12000
    assert staff_sentence(spike.code, spike.date, spike.data, name="Sam", units="km").startswith("Sam's 12.0 km run")
    assert staff_sentence(spike.code, spike.date, spike.data, name="Sam", units="mi").startswith("Sam's 7.5 mi run")


def test_a_weekly_jump_and_a_return_after_a_break():
    days = [D("2025-01-06") + dt.timedelta(days=d) for d in range(0, 14, 2)]
    runs = [run(f"{day}T07:00", 5) for day in days[:4]] + [run(f"{day}T07:00", 8) for day in days[4:]]
    jump = _only(compute_findings(runs + [run("2025-01-16T07:00", 8)], today=D("2025-01-19")), "LF-03")
    expected = (
        f"In the week of 13 Jan Jo ran {jump.data['distance_m'] / 1000:.1f} km, {jump.data['change_pct']:.0f}% more than "
        f"the week before ({jump.data['previous_distance_m'] / 1000:.1f} km)."
    )
    assert staff_sentence(jump.code, jump.date, jump.data, name="Jo") == expected
    back = compute_findings([run("2025-01-06T07:00", 5), run("2025-03-01T07:00", 6)], today=D("2025-03-01"))
    ret = _only(back, "LF-04")
    assert staff_sentence(ret.code, ret.date, ret.data, name="Kai") == (
        "Kai's 6.0 km run on Sat 1 Mar was the first in more than 30 days, longer than the 3.0 km suggested after a break."
    )


def test_rows_stored_before_the_window_was_kept_use_the_default_window():
    data = {"state": "moderate_spike", "ratio": 0.41, "reference_m": 16300.0, "distance_m": 23000.0}
    assert staff_sentence("LF-01", D("2026-11-22"), data, name="Sam") == (
        "Sam's 23.0 km run on Sun 22 Nov was 41% longer than the longest run of the 30 days before it (16.3 km)."
    )


def test_broken_or_unknown_data_gives_a_neutral_sentence_and_a_bad_unit_is_refused():
    assert staff_sentence("LF-01", D("2026-11-22"), {"ratio": "x"}, name="Sam") == (
        "Sam has a training-load finding (LF-01) on Sun 22 Nov; open the load page for its numbers."
    )
    assert (
        staff_sentence("LF-99", D("2026-11-22"), {}, name="Sam")
        == "Sam has a training-load finding (LF-99) on Sun 22 Nov."
    )
    with pytest.raises(ValueError):
        staff_sentence("LF-01", D("2026-11-22"), {}, name="Sam", units="m")
