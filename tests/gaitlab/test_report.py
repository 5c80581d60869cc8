"""The report page from a stored report: findings with their advice, retraining template and
source; metrics with their 6.4 typical values; low-confidence ones greyed with the reason."""

from __future__ import annotations

import copy

from django.urls import reverse

from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import MINIMAL_REPORT, make_analysis

FINDING = {
    "id": "overstride",
    "severity": "amber",
    "title": "Overstriding",
    "message": "The shank leans 14 deg forward at foot contact (flag above 10 deg) with a fairly straight knee (9 deg < 15 deg).",
    "metrics": ["shank_angle_ic_deg", "knee_flex_ic_deg"],
    "rule": "overstride: shank_angle_ic > 10 deg AND knee_flex_ic < 15 deg [H]",
    "evidence": "[V:R15] concept; [V:R14] extended knee at IC; [V:R12, R13] step rate",
    "source": "REFERENCE.md 6.4 shank_angle_ic_deg / overstride; 6.5 GR-CADENCE",
    "template": {
        "id": "GR-CADENCE",
        "cue": "metronome at 168 steps/min (your 160 x 1.05; at most 176) at the same speed",
        "dose": "start with +5%; several sessions of 10-20 min",
        "evidence": "effects [V:R12]",
        "metronome_spm": 168,
        "metronome_max_spm": 176,
        "source": "REFERENCE.md 6.5",
    },
}


def report_with_finding() -> dict:
    report = copy.deepcopy(MINIMAL_REPORT)
    report["findings"] = [FINDING]
    report["metrics"].update(
        {
            "shank_angle_ic_deg": {
                "value": 14.0,
                "unit": "deg",
                "n_strides": 12,
                "confidence": "ok",
                "left": 13.0,
                "right": 15.0,
                "source": "REFERENCE.md 6.4",
            },
            "knee_flex_ic_deg": {
                "value": 9.0,
                "unit": "deg",
                "n_strides": 12,
                "confidence": "ok",
                "source": "REFERENCE.md 6.4",
            },
            "gct_ms": {
                "value": 260.0,
                "unit": "ms",
                "n_strides": 12,
                "confidence": "low",
                "reason": "30 fps is too low for contact timing (needs >= 100 fps)",
            },
        }
    )
    return report


def _staff_report(world, item) -> str:
    return (
        runner_client(world.therapist)
        .get(reverse("gaitlab:staff_report", args=[world.runner.pk, item.pk]))
        .content.decode()
    )


def test_findings_show_advice_the_metronome_value_and_sources(world):
    item = make_analysis(world.runner, report=report_with_finding())
    body = _staff_report(world, item)
    assert '<div class="finding amber"><h3>Overstriding</h3>' in body
    assert "Metronome: 168 steps/min</strong> (at most 176)" in body
    assert (
        "Retraining (GR-CADENCE):" in body
        and "Source: REFERENCE.md 6.4 shank_angle_ic_deg / overstride; 6.5 GR-CADENCE." in body
    )


def test_metrics_carry_typical_values_and_low_ones_their_reason(world):
    item = make_analysis(world.runner, report=report_with_finding())
    body = _staff_report(world, item)
    shank = body[body.index('data-metric="shank_angle_ic_deg"') :].split("</div>")[0]
    assert "14.0 deg" in shank and "outside typical" in shank and "amber &gt; 10 deg at contact [H]" in shank
    assert "left 13.0 · right 15.0" in shank
    knee = body[body.index('data-metric="knee_flex_ic_deg"') :].split("</div>")[0]
    assert "outside typical" in knee and "roughly 10-25 deg in healthy runners [K]" in knee  # 9 < 10
    gct = body[body.index('data-metric="gct_ms"') :].split("</div>")[0]
    assert 'data-confidence="low"' in gct and "Low confidence: 30 fps is too low for contact timing" in gct
    assert "outside typical" not in gct  # a low-confidence number is never flagged
    cadence = body[body.index('data-metric="cadence_spm"') :].split("</div>")[0]
    assert "170 steps/min" in cadence and "outside typical" not in cadence and "24 stance phases" in cadence
    assert (
        body.index('data-metric="cadence_spm"')
        < body.index('data-metric="shank_angle_ic_deg"')
        < body.index('data-metric="gct_ms"')
    )


def test_hip_control_findings_link_to_the_library_hip_abductor_exercises():
    from stridecare.gaitlab.views import with_exercises

    linked = with_exercises(
        [{"id": "pelvic_drop", "metrics": ["pelvic_drop_deg"]}, {"id": "GR-CADENCE", "metrics": ["cadence_spm"]}]
    )
    names = [name for _, name in linked[0]["exercises"]]
    assert "Clamshell" in names and linked[1]["exercises"] == []


def test_sided_values_with_too_few_stances_are_marked_low_and_strike_patterns_show_as_words():
    from stridecare.gaitlab.views import metric_rows

    rows = {
        r["name"]: r
        for r in metric_rows(
            {
                "knee_flex_ic_deg": {
                    "value": 12.0,
                    "left": 11.0,
                    "right": 14.0,
                    "asymmetry_pct": 24.0,
                    "confidence": "ok",
                    "n_strides": 3,
                    "sided_confidence": "low",
                    "sided_reason": "right: only 1 stance phase",
                },
                "foot_strike_pattern": {
                    "value": 1,
                    "confidence": "ok",
                    "n_strides": 3,
                    "labels": {"value": "RFS", "left": "RFS"},
                },
            }
        )
    }
    assert rows["knee_flex_ic_deg"]["sided_low"] and "only 1 stance" in rows["knee_flex_ic_deg"]["sided_reason"]
    assert rows["foot_strike_pattern"]["value"] == "RFS" and rows["foot_strike_pattern"]["left"] == "RFS"
