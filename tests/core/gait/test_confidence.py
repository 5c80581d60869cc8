"""Confidence honesty (issue 9 item 3): sided values need enough stances on each side, cadence
follows the gait verdict, and an ankle angle built on a tilted foot line is marked low."""

from __future__ import annotations

import pytest

from stridecare.core.gait.analysis import analyse_keypoints
from stridecare.core.gait.findings import build_findings
from stridecare.core.gait.metrics import MIN_STANCES_OK, Metric, _check_foot_line, _summarise
from stridecare.core.gait.pipeline import VideoAnalysis

from .synthetic import running_series


def test_sided_values_need_enough_stances_on_each_side() -> None:
    # 2 left + 1 right = 3 stances: enough for the overall median, not for the left/right values
    metric = _summarise("knee_flex_ic_deg", {"left": [18.0, 18.6], "right": [34.8]}, 30.0)
    assert MIN_STANCES_OK == 3
    assert metric.confidence == "ok" and metric.n_strides == 3
    assert (metric.left_n, metric.right_n) == (2, 1)
    assert metric.sided_confidence == "low"
    assert "2 left and 1 right" in metric.sided_reason and "asymmetry" in metric.sided_reason
    # abs(18.3 - 34.8) / 26.55 x 100 = 62.1 %: still shown, but not as a trustworthy number
    assert metric.asymmetry_pct == pytest.approx(62.15, abs=0.05)
    assert metric.to_dict()["sided_confidence"] == "low"


def test_three_stances_per_side_make_sided_values_ok() -> None:
    metric = _summarise("gct_ms", {"left": [200.0] * 3, "right": [220.0] * 3}, 240.0)
    assert metric.sided_confidence == "ok" and metric.sided_reason == ""


def test_an_asymmetry_from_too_few_stances_per_side_gives_no_finding() -> None:
    # 6.4: abs(200 - 240) / 220 x 100 = 18 % would be red, but the right side rests on 1 stance
    gct = _summarise("gct_ms", {"left": [200.0] * 4, "right": [240.0]}, 240.0)
    assert gct.confidence == "ok" and gct.asymmetry_pct == pytest.approx(18.18, abs=0.01)
    assert build_findings({"gct_ms": gct}, cadence_spm=None) == []
    both = _summarise("gct_ms", {"left": [200.0] * 4, "right": [240.0] * 3}, 240.0)
    assert [f.id for f in build_findings({"gct_ms": both}, cadence_spm=None)] == ["gct_asymmetry"]


def test_cadence_is_low_when_the_gait_is_unknown() -> None:
    # the synthetic runner cut to its first 0.55 s holds ICs at 0.10 (L) and 0.45 (R) only:
    # one step, so the gait cannot be called running and the cadence cannot be ok
    series = running_series()
    keep = series.times_s < 0.55
    short = type(series)(
        series.times_s[keep], series.xy[keep], series.visibility[keep], series.units, series.lateral[keep], "short"
    )
    report = analyse_keypoints(short)
    assert report.gait == "unknown"
    cadence = report.metrics["cadence_spm"]
    assert cadence.confidence == "low" and "no steady running" in cadence.reason


def test_backflip_cadence_is_not_ok_when_no_steady_running(backflip: VideoAnalysis) -> None:
    report = backflip.report
    assert report.gait == "unknown"
    cadence = report.metrics["cadence_spm"]
    assert cadence.confidence == "low" and "no steady running" in cadence.reason


def test_running_clip_asymmetry_is_not_ok_on_two_left_and_one_right_stance(running: VideoAnalysis) -> None:
    knee = running.report.metrics["knee_flex_ic_deg"]
    # hand labels: left ICs at frames 4 and 23, right IC at frame 14
    assert (knee.left_n, knee.right_n) == (2, 1)
    assert knee.sided_confidence == "low" and "1 right" in knee.sided_reason


def test_running_clip_ankle_angle_on_a_tilted_foot_line_is_low(running: VideoAnalysis) -> None:
    ankle = running.report.metrics["ankle_df_ic_deg"]
    assert ankle.confidence == "low" and "heel->toe landmark line is tilted" in ankle.reason


def test_a_level_foot_line_keeps_the_ankle_angle() -> None:
    metric = Metric(name="ankle_df_ic_deg", unit="deg", value=6.0, n_strides=6)
    # lab markers: heel marker above the toe marker, the line 4-9 deg off level at mid-stance
    assert _check_foot_line(metric, [-5.6, -7.4, -8.7]).confidence == "ok"
    low = _check_foot_line(metric, [-45.3, -22.7, -43.0])  # median |tilt| 43 deg > 15
    assert low.confidence == "low" and "43 deg" in low.reason
