"""The [H] gait flag thresholds of REFERENCE.md 6.4 as clinic settings: defaults, validation, and
build_findings flagging just above/below a changed threshold with the value used in its rule."""

from __future__ import annotations

import dataclasses

import pytest

from stridecare.core.errors import InputError
from stridecare.core.gait.findings import build_findings
from stridecare.core.gait.flag_settings import GaitFlagSettings, validate_flag_settings
from stridecare.core.gait.metrics import Metric


def _metric(name: str, value: float, **extra: object) -> Metric:
    return Metric(name=name, unit="deg", value=value, n_strides=10, **extra)  # type: ignore[arg-type]


DEFAULT_FLAGS = GaitFlagSettings()


def _ids(metrics: dict[str, Metric], settings: GaitFlagSettings = DEFAULT_FLAGS) -> list[str]:
    return [f.id for f in build_findings(metrics, 160.0, settings)]


def test_the_defaults_are_the_h_values_of_reference_6_4() -> None:
    # typed from the REFERENCE.md 6.4 metric table (lines ~1686-1700), not from the code
    assert dataclasses.asdict(GaitFlagSettings()) == {
        "shank_angle_ic_above_deg": 10.0,  # `[H]` amber > 10 deg at IC
        "overstride_knee_flex_ic_below_deg": 15.0,  # `[H]` TRUE if shank_angle_ic > 10 deg AND knee_flex_ic < 15 deg
        "knee_flex_ic_below_deg": 10.0,  # `[H]` amber < 10 deg
        "trunk_lean_above_deg": 20.0,  # info; `[H]` amber > 20 deg
        "pelvic_drop_at_least_deg": 7.0,  # `[H]` amber >= 7 deg or side difference >= 3 deg
        "pelvic_drop_side_difference_at_least_deg": 3.0,
        "knee_fppa_above_deg": 10.0,  # `[H]` amber > 10 deg
        "gct_asymmetry_amber_pct": 5.0,  # `[H]` amber >= 5%, red >= 10%
        "gct_asymmetry_red_pct": 10.0,
    }
    rows = GaitFlagSettings.describe()
    assert all("[H]" in row["reference"] and row["source"].startswith("REFERENCE.md 6.4") for row in rows)


def test_default_rules_read_as_reference_6_4_with_no_clinic_note() -> None:
    metrics = {
        "shank_angle_ic_deg": _metric("shank_angle_ic_deg", 12.0),
        "trunk_lean_deg": _metric("trunk_lean_deg", 25.0),
    }
    rules = {f.id: f.rule for f in build_findings(metrics, 160.0)}
    assert rules == {
        "shank_angle_ic_high": "shank_angle_ic_deg amber > 10 deg [H]",
        "trunk_lean_high": "trunk_lean_deg amber > 20 deg [H]",
    }


def test_a_changed_shank_threshold_flags_just_above_it_and_not_just_below() -> None:
    clinic = GaitFlagSettings(shank_angle_ic_above_deg=12.0)
    assert _ids({"shank_angle_ic_deg": _metric("shank_angle_ic_deg", 11.9)}, clinic) == []
    assert _ids({"shank_angle_ic_deg": _metric("shank_angle_ic_deg", 11.9)}) == [
        "shank_angle_ic_high"
    ]  # 11.9 > 10 by default
    finding = build_findings({"shank_angle_ic_deg": _metric("shank_angle_ic_deg", 12.1)}, 160.0, clinic)[0]
    assert finding.id == "shank_angle_ic_high"
    assert finding.rule == "shank_angle_ic_deg amber > 12 deg (clinic setting; REFERENCE.md default 10 deg) [H]"
    assert "(flag above 12 deg)" in finding.message


def test_the_overstride_knee_threshold_decides_the_composite() -> None:
    metrics = {
        "shank_angle_ic_deg": _metric("shank_angle_ic_deg", 12.0),
        "knee_flex_ic_deg": _metric("knee_flex_ic_deg", 17.0),
    }
    # default: knee 17 is not < 15, so only the shank flag; knee 17 is not < 10 either
    assert _ids(metrics) == ["shank_angle_ic_high"]
    clinic = GaitFlagSettings(overstride_knee_flex_ic_below_deg=18.0)
    finding = build_findings(metrics, 160.0, clinic)[0]
    assert finding.id == "overstride"
    assert finding.rule == (
        "overstride: shank_angle_ic > 10 deg AND knee_flex_ic < 18 deg "
        "(clinic setting; REFERENCE.md default 15 deg) [H]"
    )
    assert "(17 deg < 18 deg)" in finding.message


def test_a_changed_knee_flexion_threshold() -> None:
    clinic = GaitFlagSettings(knee_flex_ic_below_deg=8.0)
    assert _ids({"knee_flex_ic_deg": _metric("knee_flex_ic_deg", 8.1)}, clinic) == []
    assert _ids({"knee_flex_ic_deg": _metric("knee_flex_ic_deg", 8.1)}) == ["knee_extended_ic"]  # 8.1 < 10
    finding = build_findings({"knee_flex_ic_deg": _metric("knee_flex_ic_deg", 7.9)}, 160.0, clinic)[0]
    assert finding.rule == "knee_flex_ic_deg amber < 8 deg (clinic setting; REFERENCE.md default 10 deg) [H]"


def test_a_changed_trunk_lean_threshold() -> None:
    clinic = GaitFlagSettings(trunk_lean_above_deg=25.0)
    assert _ids({"trunk_lean_deg": _metric("trunk_lean_deg", 24.9)}, clinic) == []
    assert _ids({"trunk_lean_deg": _metric("trunk_lean_deg", 25.1)}, clinic) == ["trunk_lean_high"]


def test_changed_pelvic_drop_thresholds_both_arms() -> None:
    clinic = GaitFlagSettings(pelvic_drop_at_least_deg=9.0, pelvic_drop_side_difference_at_least_deg=4.0)
    # worst side 7.5 (>= 7) and difference 3.5 (>= 3): amber by default; under 9 / 4 neither arm fires
    drop = _metric("pelvic_drop_deg", 5.0, left=4.0, right=7.5)
    assert _ids({"pelvic_drop_deg": drop}) == ["pelvic_drop"]
    assert _ids({"pelvic_drop_deg": drop}, clinic) == []
    # a worst side exactly at the clinic's 9 deg flags (>=; difference only 1 deg) ...
    assert _ids({"pelvic_drop_deg": _metric("pelvic_drop_deg", 6.0, left=8.0, right=9.0)}, clinic) == ["pelvic_drop"]
    # ... and so does a 4.5 deg side difference (8.5 - 4.0 >= 4) with the worst side below 9
    finding = build_findings({"pelvic_drop_deg": _metric("pelvic_drop_deg", 6.0, left=4.0, right=8.5)}, 160.0, clinic)[
        0
    ]
    assert finding.rule == (
        "pelvic_drop_deg amber >= 9 deg (clinic setting; REFERENCE.md default 7 deg) "
        "or side difference >= 4 deg (clinic setting; REFERENCE.md default 3 deg) [H]"
    )


def test_a_changed_knee_fppa_threshold() -> None:
    clinic = GaitFlagSettings(knee_fppa_above_deg=14.0)
    assert _ids({"knee_fppa_deg": _metric("knee_fppa_deg", 13.9)}, clinic) == []
    assert _ids({"knee_fppa_deg": _metric("knee_fppa_deg", 14.1)}, clinic) == ["knee_valgus"]


def test_changed_contact_time_asymmetry_levels() -> None:
    clinic = GaitFlagSettings(gct_asymmetry_amber_pct=8.0, gct_asymmetry_red_pct=15.0)

    def gct(asymmetry_pct: float) -> dict[str, Metric]:
        return {"gct_ms": _metric("gct_ms", 250.0, left=240.0, right=260.0, asymmetry_pct=asymmetry_pct)}

    def severities(asymmetry_pct: float, settings: GaitFlagSettings = DEFAULT_FLAGS) -> list[str]:
        return [f.severity for f in build_findings(gct(asymmetry_pct), None, settings)]

    assert severities(7.9) == ["amber"] and severities(7.9, clinic) == []  # default amber from 5%
    assert severities(9.5) == ["amber"] and severities(9.5, clinic) == ["amber"]
    assert severities(12.0) == ["red"] and severities(12.0, clinic) == [
        "amber"
    ]  # default red from 10%, clinic from 15%
    assert severities(15.0, clinic) == ["red"]
    finding = build_findings(gct(9.5), None, clinic)[0]
    assert finding.rule == (
        "gct_asymmetry_pct amber >= 8% (clinic setting; REFERENCE.md default 5%), "
        "red >= 15% (clinic setting; REFERENCE.md default 10%) [H]"
    )
    assert "(amber >= 8%, red >= 15%)" in finding.message


def test_only_the_changed_threshold_is_marked_as_the_clinics() -> None:
    clinic = GaitFlagSettings(gct_asymmetry_red_pct=12.0)
    finding = build_findings(
        {"gct_ms": _metric("gct_ms", 250.0, left=240.0, right=260.0, asymmetry_pct=6.0)}, None, clinic
    )[0]
    assert finding.rule == "gct_asymmetry_pct amber >= 5%, red >= 12% (clinic setting; REFERENCE.md default 10%) [H]"


def test_validation_names_each_bad_value() -> None:
    problems = validate_flag_settings(
        {
            "shank_angle_ic_above_deg": 45,
            "trunk_lean_above_deg": "steep",
            "knee_fppa_above_deg": float("nan"),
            "pelvic_drop_at_least_deg": True,
            "cadence_flag": 3,
        }
    )
    assert problems == {
        "": "unknown gait flag setting(s): cadence_flag",
        "shank_angle_ic_above_deg": "Shank angle at contact, flag above: 45 deg is outside the accepted range 0-30 deg (REFERENCE.md default 10 deg)",
        "trunk_lean_above_deg": "Trunk lean at mid-stance, flag above: must be a number, not 'steep'",
        "knee_fppa_above_deg": "Knee frontal-plane projection angle, flag above: must be a number, not nan",
        "pelvic_drop_at_least_deg": "Pelvic drop, flag at or above: must be a number, not True",
    }
    assert validate_flag_settings({}) == {}
    assert (
        validate_flag_settings({"shank_angle_ic_above_deg": 30, "knee_flex_ic_below_deg": 0}) == {}
    )  # the range's ends are accepted


def test_red_must_be_above_amber_also_against_a_default() -> None:
    assert validate_flag_settings({"gct_asymmetry_amber_pct": 10.0, "gct_asymmetry_red_pct": 10.0}) == {
        "gct_asymmetry_red_pct": "Contact-time asymmetry: the red threshold (10%) must be above the amber threshold (10%)"
    }
    # amber 12 alone is within 1-50 but above the default red of 10
    assert (
        "red threshold (10%) must be above the amber threshold (12%)"
        in validate_flag_settings({"gct_asymmetry_amber_pct": 12.0})["gct_asymmetry_red_pct"]
    )


def test_from_dict_and_the_constructor_refuse_bad_values() -> None:
    with pytest.raises(
        InputError, match="Trunk lean at mid-stance, flag above: 50 deg is outside the accepted range 0-45 deg"
    ):
        GaitFlagSettings.from_dict({"trunk_lean_above_deg": 50})
    with pytest.raises(InputError, match="unknown gait flag setting"):
        GaitFlagSettings.from_dict({"hip_adduction_above_deg": 10})
    with pytest.raises(InputError, match="Pelvic drop, flag at or above: 0 deg is outside the accepted range 1-20 deg"):
        GaitFlagSettings(pelvic_drop_at_least_deg=0.0)


def test_a_clinic_stores_only_its_differences() -> None:
    clinic = GaitFlagSettings.from_dict({"trunk_lean_above_deg": 22, "knee_fppa_above_deg": 10.0})
    assert clinic.overrides() == {"trunk_lean_above_deg": 22.0}  # 10.0 is the default: not a difference
    assert GaitFlagSettings.from_dict(clinic.overrides()) == clinic
    assert GaitFlagSettings().overrides() == {}


def test_analyse_keypoints_uses_the_settings_it_is_given() -> None:
    from stridecare.core.gait.analysis import analyse_keypoints

    from .synthetic import frontal_series

    # swing-side drops of 5 and 8 deg: 8 >= 7 flags by default; with 9 deg / 4 deg neither 8 nor the 3 deg difference does
    series = frontal_series(5.0, 8.0)
    assert [f.id for f in analyse_keypoints(series).findings] == ["pelvic_drop"]
    clinic = GaitFlagSettings(pelvic_drop_at_least_deg=9.0, pelvic_drop_side_difference_at_least_deg=4.0)
    assert analyse_keypoints(series, flag_settings=clinic).findings == ()


def test_the_metric_table_states_each_flag_rule_with_the_thresholds_in_use() -> None:
    from stridecare.core.gait.flag_settings import METRICS

    # with REFERENCE.md's defaults the rules read as 6.4 writes them
    assert METRICS["shank_angle_ic_deg"].flag_text() == "amber > 10 deg at contact [H]"
    assert METRICS["pelvic_drop_deg"].flag_text() == "amber >= 7 deg or side difference >= 3 deg [H]"
    assert METRICS["gct_ms"].flag_text() == "info; left/right asymmetry amber >= 5%, red >= 10% [H]"
    assert METRICS["cadence_spm"].flag_text() == METRICS["cadence_spm"].flag  # no threshold in it
    clinic = GaitFlagSettings(knee_flex_ic_below_deg=12.0, gct_asymmetry_red_pct=15.0)
    assert METRICS["knee_flex_ic_deg"].flag_text(clinic) == (
        "amber < 12 deg (clinic setting; REFERENCE.md default 10 deg) [H]"
    )
    assert METRICS["gct_ms"].flag_text(clinic) == (
        "info; left/right asymmetry amber >= 5%, red >= 15% (clinic setting; REFERENCE.md default 10%) [H]"
    )
