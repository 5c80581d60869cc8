"""`stridecare load FILES... --json`: the contract of issue 3, item 7."""

import json

import pytest

from stridecare.cli import main
from tests.conftest import ACTIVITIES

DATA = ACTIVITIES


def test_json_lists_activities_weeks_findings_and_errors(capsys):
    files = [
        DATA / "sports-lib__2067489619.fit",
        DATA / "sports-lib__2067489619.gpx",
        DATA / "fitparse__activity-filecrc.fit",
    ]
    code = main(["load", *map(str, files), "--json", "--jobs", "1"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1  # one file failed; the others are still reported
    assert set(out) == {"activities", "weeks", "findings", "errors"}
    fit, gpx = out["activities"]
    assert fit["file"] == "sports-lib__2067489619.fit" and fit["sport"] == "running"
    assert fit["start"] == "2017-10-08T16:54:11+02:00"
    assert (fit["distance_m"], fit["moving_time_s"], fit["elapsed_time_s"]) == (4489.39, 2820.172, 2824.407)
    assert fit["avg_hr_bpm"] == 130.0 and fit["avg_cadence_spm"] == 117.3 and fit["elevation_gain_m"] == 33.0
    assert fit["avg_gct_ms"] is None and fit["avg_vertical_oscillation_cm"] is None
    assert gpx["duplicate_of"] == "sports-lib__2067489619.fit"  # same run: counted once
    assert out["weeks"] == [
        {
            "week_start": "2017-10-02",
            "distance_m": 4489.39,
            "duration_s": 2820.172,
            "runs": 1,
            "longest_run_m": 4489.39,
            "long_run_share": 1.0,
            "change_pct": None,
        }
    ]
    assert [f["code"] for f in out["findings"]] == ["LOAD-HISTORY-SHORT"]
    assert set(out["findings"][0]) >= {"code", "severity", "date", "message", "source"}
    assert out["errors"] == [
        {
            "file": "fitparse__activity-filecrc.fit",
            "error": "is damaged: its checksum does not match (after 14 records); please export it again",
        }
    ]


def test_running_dynamics_and_exit_zero_when_all_files_read(capsys):
    code = main(["load", str(DATA / "sports-lib__6916663933.fit"), "--json"])
    (a,) = json.loads(capsys.readouterr().out)["activities"]
    assert code == 0
    assert (a["avg_gct_ms"], a["avg_vertical_oscillation_cm"], a["avg_vertical_ratio_pct"], a["avg_step_length_m"]) == (
        206.0,
        9.4,
        7.9,
        1.2,
    )


def test_without_json_it_prints_tables(capsys):
    code = main(["load", str(DATA / "fitparse__garmin-fenix-5-run.fit"), str(DATA / "fitparse__MonitoringFile.fit")])
    text = capsys.readouterr().out
    assert code == 1
    assert "fitparse__garmin-fenix-5-run.fit" in text and "2017-06-05" in text
    assert "fitparse__MonitoringFile.fit: is a FIT 'monitoring_b' file" in text


@pytest.mark.slow
def test_an_unfinished_file_is_refused_with_a_hint_then_read_with_recover(capsys):
    path = str(DATA / "fitparse__nick.fit")
    code = main(["load", path, "--json", "--jobs", "1"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1 and out["activities"] == []
    (error,) = out["errors"]
    assert error["recoverable_records"] == 14391 and error["hint"] == "run again with --recover"
    code = main(["load", path, "--json", "--recover"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["errors"] == [] and [a["sport"] for a in out["activities"]] == ["cycling"]
