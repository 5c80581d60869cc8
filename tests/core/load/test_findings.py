"""Load findings LF-01, LF-03..LF-06 and the early-history rule (REFERENCE.md 5.6)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from stridecare.core.load import LoadSettings, compute_findings

from .helpers import run

D = dt.date.fromisoformat


def codes(findings):
    return [(f.code, f.severity, f.date.isoformat()) for f in findings]


def base():
    """Six weeks of 5 km on Mon, Wed, Fri and Sun from Mon 6 Jan 2025 (24 runs, last on Sun 16 Feb)."""
    days = [D("2025-01-06") + dt.timedelta(weeks=w, days=d) for w in range(6) for d in (0, 2, 4, 6)]
    return [run(f"{day}T07:00", 5) for day in days]


def test_a_run_far_longer_than_the_30_day_longest_is_a_red_spike():
    findings = compute_findings(base() + [run("2025-02-18T07:00", 12, ref="long")], today=D("2025-02-18"))
    (spike,) = [f for f in findings if f.code == "LF-01"]
    # 12 / 5 - 1 = +140% > 100%: large spike
    assert (spike.severity, spike.date, spike.activity_ref) == ("red", D("2025-02-18"), "long")
    assert spike.data["ratio"] == 1.4 and spike.data["reference_m"] == 5000
    assert "140% longer than your longest run" in spike.message and "5.0 km" in spike.message
    assert "2.28 (1.50-3.48)" in spike.therapist_note
    assert spike.source.startswith("Frandsen et al., Br J Sports Med 2025") and spike.evidence == "[V:R01]"


def test_small_and_moderate_spikes_are_amber_and_ten_percent_is_fine():
    for km, expected in [(5.5, []), (6.0, [("LF-01", "amber")]), (8.0, [("LF-01", "amber")])]:
        findings = compute_findings(base() + [run("2025-02-18T07:00", km)], today=D("2025-02-18"))
        assert [(f.code, f.severity) for f in findings if f.code == "LF-01"] == expected, km


def test_the_first_30_days_of_history_raise_no_spike_but_say_so():
    sessions = [run("2025-01-07T07:00", 3), run("2025-01-08T07:00", 3), run("2025-01-14T07:00", 15)]
    findings = compute_findings(sessions, today=D("2025-01-15"))
    # 15 km after 3 km would be a large spike, but the history is 8 days old; the +150% week is
    # not judged either: the week of 6 Jan is only partly in the history (it starts on Tuesday)
    assert codes(findings) == [("LOAD-HISTORY-SHORT", "info", "2025-01-15")]
    assert findings[0].data["ready_on"] == "2025-02-06"  # 7 Jan + 30 days
    assert "no warning does not mean all is well" in findings[0].message


def test_a_known_history_start_before_the_first_run_counts():
    start = dt.datetime(2024, 12, 1, tzinfo=dt.UTC)  # account created, no runs yet
    findings = compute_findings([run("2025-01-14T07:00", 15)], today=D("2025-01-15"), history_start=start)
    assert codes(findings) == [("LF-04", "amber", "2025-01-14")]


def test_the_first_run_after_a_break_is_a_return_finding():
    sessions = base() + [run("2025-03-25T07:00", 4)]  # 37 days after the last run
    (finding,) = compute_findings(sessions, today=D("2025-03-25"))
    assert (finding.code, finding.severity) == ("LF-04", "amber")
    assert "first in more than 30 days" in finding.message and "4.0 km, more than the 3.0 km" in finding.message
    assert finding.evidence == "[H]" and "[V:R111]" in finding.source


def test_a_second_run_the_same_day_is_judged_against_the_first():
    sessions = base() + [run("2025-02-18T06:00", 5), run("2025-02-18T18:00", 5)]
    assert [f for f in compute_findings(sessions, today=D("2025-02-18")) if f.code == "LF-01"] == []


def test_a_weekly_jump_over_30_percent_is_amber_but_not_against_a_partial_first_week():
    # history starts Thu 2 Jan 2025 (partial week), then Mon-Sun weeks of 20, 20, 27 km
    sessions = [run("2025-01-02T07:00", 2)]
    for monday, km in [("2025-01-06", 5), ("2025-01-13", 5), ("2025-01-20", 6.75)]:
        sessions += [run(f"{dt.date.fromisoformat(monday) + dt.timedelta(days=d)}T07:00", km) for d in (0, 2, 4, 6)]
    findings = compute_findings(sessions, today=D("2025-02-03"))
    # week 6 Jan: 20 km vs 2 km is +900% but the week of 30 Dec is only partly in the history
    # week 20 Jan: 27 / 20 - 1 = +35% > 30%
    jumps = [f for f in findings if f.code == "LF-03"]
    assert codes(jumps) == [("LF-03", "amber", "2025-01-26")]
    assert jumps[0].data["change_pct"] == pytest.approx(35.0)
    assert jumps[0].source.startswith("Nielsen et al., J Orthop Sports Phys Ther 2014")


def test_a_monotonous_week_with_rpe_is_flagged():
    sessions = [run(f"2025-01-{6 + d:02d}T07:00", 5, minutes=30, rpe=5) for d in range(6)]
    sessions.append(run("2025-01-12T07:00", 4, minutes=20, rpe=5))
    (finding,) = [f for f in compute_findings(sessions, today=D("2025-01-13")) if f.code == "LF-05"]
    # daily loads [150 x 6, 100]: monotony 8.16 > 2.0
    assert finding.data["kind"] == "monotony" and round(finding.data["monotony"], 2) == 8.16
    assert finding.date == D("2025-01-12")


def test_strain_above_the_runners_own_baseline_is_flagged():
    sessions = []
    for week in range(7):
        monday = D("2025-01-06") + dt.timedelta(weeks=week)
        rpe = 8 if week == 6 else 4
        # Mon 60 min, Wed 30 min, Fri 45 min at the week's RPE
        for day, minutes in ((0, 60), (2, 30), (4, 45)):
            sessions.append(run(f"{monday + dt.timedelta(days=day)}T07:00", minutes / 6, minutes=minutes, rpe=rpe))
    findings = compute_findings(sessions, today=D("2025-02-24"), settings=LoadSettings(monotony_warning=99))
    strain = [f for f in findings if f.code == "LF-05"]
    # six identical weeks give SD 0, so any higher strain in week 7 (double RPE) is flagged
    assert [(f.data["kind"], f.date) for f in strain] == [("strain", D("2025-02-23"))]


def test_the_ewma_ratio_is_info_only():
    steady = [run(f"{D('2025-01-06') + dt.timedelta(days=d)}T07:00", 1) for d in range(28)]
    harder = [run(f"{D('2025-02-03') + dt.timedelta(days=d)}T07:00", 3) for d in range(7)]
    findings = compute_findings(steady + harder, today=D("2025-02-09"), settings=LoadSettings(weekly_jump_pct=1000))
    ewma = [f for f in findings if f.code == "LF-06"]
    assert codes(ewma) == [("LF-06", "info", "2025-02-09")]
    assert round(ewma[0].data["ratio"], 3) == 2.733  # 3 - 2 x 0.75^7, chronic 1 km/day
    assert "does not predict injury" in ewma[0].message


def test_findings_are_sorted_by_severity_then_newest_and_can_be_limited():
    sessions = base() + [run("2025-02-18T07:00", 12), run("2025-03-30T07:00", 4)]
    findings = compute_findings(sessions, today=D("2025-03-30"))
    assert [f.severity for f in findings] == sorted((f.severity for f in findings), key=["red", "amber", "info"].index)
    recent = compute_findings(sessions, today=D("2025-03-30"), since=D("2025-03-01"))
    assert codes(recent) == [("LF-04", "amber", "2025-03-30")]


def test_only_running_is_judged():
    sessions = base() + [run("2025-02-18T07:00", 60, sport="cycling")]
    assert [f for f in compute_findings(sessions, today=D("2025-02-18")) if f.code == "LF-01"] == []
    assert compute_findings([run("2025-02-18T07:00", 60, sport="cycling")], today=D("2025-02-18")) == []


def test_spike_dates_follow_the_runners_zone():
    sessions = base() + [run("2025-02-18T23:30", 12)]  # Wed 00:30 in Copenhagen
    findings = compute_findings(sessions, today=D("2025-02-19"), tz=ZoneInfo("Europe/Copenhagen"))
    assert [f.date for f in findings if f.code == "LF-01"] == [D("2025-02-19")]


def test_a_runner_who_chose_miles_reads_every_distance_in_miles():
    # 1 mi = 1,609.344 m. Spike: 12 km = 7.456 mi -> "7.5 mi"; the 5 km reference = 3.107 -> "3.1 mi";
    # planning guard 5 km x 1.1 = 5.5 km = 3.418 -> "3.4 mi".
    findings = compute_findings(base() + [run("2025-02-18T07:00", 12)], today=D("2025-02-18"), units="mi")
    (spike,) = [f for f in findings if f.code == "LF-01"]
    assert "Your 7.5 mi run on Tue 18 Feb" in spike.message
    assert "(3.1 mi)" in spike.message and "up to 3.4 mi" in spike.message
    assert "(3.1 mi)" in spike.therapist_note and "next run <= 3.4 mi" in spike.therapist_note
    assert " km" not in spike.message and " km" not in spike.therapist_note
    assert spike.data["reference_m"] == 5000  # the data stays in metres


def test_return_and_weekly_jump_messages_use_miles_too():
    # Return run: 4 km = 2.485 mi -> "2.5 mi"; the 3 km clinic cap = 1.864 mi -> "1.9 mi".
    (back,) = compute_findings(base() + [run("2025-03-25T07:00", 4)], today=D("2025-03-25"), units="mi")
    assert "This run was 2.5 mi, more than the 1.9 mi suggested." in back.message
    assert "(about 1.9 mi at first)" in back.message
    # Weekly jump: 20 km = 12.427 mi -> "12.4 mi", 27 km = 16.777 mi -> "16.8 mi".
    sessions = [run("2025-01-02T07:00", 2)]
    for monday, km in [("2025-01-06", 5), ("2025-01-13", 5), ("2025-01-20", 6.75)]:
        sessions += [run(f"{dt.date.fromisoformat(monday) + dt.timedelta(days=d)}T07:00", km) for d in (0, 2, 4, 6)]
    (jump,) = [f for f in compute_findings(sessions, today=D("2025-02-03"), units="mi") if f.code == "LF-03"]
    assert "you ran 16.8 mi, 35% more than the week before (12.4 mi)" in jump.message
    assert "(12.4 mi -> 16.8 mi)" in jump.therapist_note


def test_kilometres_stay_the_default_and_an_unknown_unit_is_refused():
    findings = compute_findings(base() + [run("2025-02-18T07:00", 12)], today=D("2025-02-18"))
    (spike,) = [f for f in findings if f.code == "LF-01"]
    assert "Your 12.0 km run" in spike.message and "up to 5.5 km" in spike.message
    with pytest.raises(ValueError, match="units must be 'km' or 'mi', not 'yd'"):
        compute_findings(base(), today=D("2025-02-18"), units="yd")  # type: ignore[arg-type]
