"""`stridecare plan`: the JSON contract of its docstring, exit 1 with a clear message when unsafe."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from stridecare.cli import main
from tests.core.plan.gpxrun import gpx_run

START = "2027-01-06"


@pytest.fixture
def history(tmp_path):
    """Six weeks of Tuesday 5 km, Thursday 6 km and Sunday 9 km before the week of 6 January 2027."""
    paths = []
    monday = dt.date(2027, 1, 4)
    for w in range(6, 0, -1):
        for offset, m in ((1, 5000), (3, 6000), (6, 9000)):
            day = monday - dt.timedelta(days=7 * w - offset)
            path = tmp_path / f"{day}.gpx"
            path.write_bytes(gpx_run(dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC), m))
            paths.append(str(path))
    return paths


def run_json(capsys, argv):
    code = main(["plan", *argv, "--json"])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


def test_it_prints_weeks_runs_and_reasons(capsys, history):
    code, out, err = run_json(
        capsys, [*history, "--goal", "21.1km", "--date", "2027-04-11", "--days", "4", "--start", START]
    )
    assert code == 0, err
    assert set(out) == {
        "status",
        "message",
        "source",
        "goal",
        "start_date",
        "weeks",
        "alternatives",
        "issues",
        "errors",
    }
    assert out["status"] == "ok" and out["errors"] == [] and out["alternatives"] == []
    assert out["goal"] == {
        "distance_m": 21100.0,
        "date": "2027-04-11",
        "days_per_week": 4,
        "long_run_weekday": 6,
        "target_weekly_m": None,
    }
    week = out["weeks"][0]
    assert set(week) == {
        "week_start",
        "type",
        "planned_m",
        "total_m",
        "change_pct",
        "reason",
        "source",
        "locked",
        "rest_days",
        "runs",
    }
    assert week["week_start"] == "2027-01-04" and week["type"] == "build"
    run = week["runs"][-1]
    assert set(run) == {"date", "type", "distance_m", "reason", "source", "locked", "steps"}
    # the last history week's longest run was 9 km: 1.10 x 9.0 km, rounded down to 100 m (5.3 guard)
    assert (run["date"], run["type"], run["distance_m"]) == ("2027-01-10", "long", 9900.0)
    assert "5.3" in run["source"] and run["reason"]
    assert set(run["steps"][0]) == {"kind", "label", "distance_m", "duration_s", "repeat"}
    last = out["weeks"][-1]
    assert last["type"] == "race" and last["runs"][-1] == last["runs"][-1] | {
        "date": "2027-04-11",
        "type": "race",
        "distance_m": 21100.0,
    }
    assert "taper" in [w["type"] for w in out["weeks"]] and "recovery" in [w["type"] for w in out["weeks"]]


def test_an_unsafe_goal_exits_1_with_the_safer_alternatives(capsys, history):
    code, out, err = run_json(
        capsys, [*history, "--goal", "marathon", "--date", "2027-03-14", "--days", "4", "--start", START]
    )
    assert code == 1
    assert out["status"] == "unsafe" and out["weeks"] == []
    assert "not safe" in err and "Safer:" in err
    assert {a["type"] for a in out["alternatives"]} == {"later_date", "shorter_race"}
    assert set(out["alternatives"][0]) == {"type", "distance_m", "date", "message"}


def test_no_recent_runs_exit_1_unless_a_usual_week_is_given(capsys):
    code, out, err = run_json(capsys, ["--goal", "10k", "--date", "2027-04-04", "--start", START])
    assert code == 1 and out["status"] == "needs_start" and "walk-run" in err
    code, out, err = run_json(
        capsys,
        ["--goal", "10k", "--date", "2027-04-04", "--start", START, "--usual-week-km", "15", "--usual-longest-km", "6"],
    )
    assert code == 0 and out["status"] == "ok"


def test_a_bad_goal_is_a_clear_error(capsys):
    assert main(["plan", "--goal", "far", "--start", START]) == 1
    assert "write it like 21.1km" in capsys.readouterr().err


def test_fit_dir_gets_one_workout_per_run(tmp_path, capsys, history):
    out_dir = tmp_path / "fit"
    code = main(
        ["plan", *history, "--goal", "10k", "--date", "2027-02-21", "--start", START, "--fit-dir", str(out_dir)]
    )
    assert code == 0
    files = sorted(p.name for p in out_dir.iterdir())
    assert files[-1] == "2027-02-21-race.fit" and len(files) > 10
    assert "Race" in capsys.readouterr().out
