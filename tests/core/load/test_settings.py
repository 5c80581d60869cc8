"""Clinic overrides of the load thresholds."""

import pytest

from stridecare.core.errors import InputError
from stridecare.core.load import LoadSettings


def test_defaults_come_from_the_reference_with_their_tags():
    rows = {r["name"]: r for r in LoadSettings.describe()}
    assert rows["return_first_run_cap_m"]["default"] == 3000.0 and rows["return_first_run_cap_m"]["tag"].startswith(
        "[H]"
    )
    assert rows["ewma_caution_ratio"]["tag"] == "[H]" and rows["ewma_caution_ratio"]["default"] == 1.5
    assert rows["weekly_jump_pct"]["tag"] == "[V:R02]"
    assert all(r["doc"] for r in rows.values())


def test_overrides_are_checked():
    assert LoadSettings.from_dict({"weekly_jump_pct": 20}).weekly_jump_pct == 20
    with pytest.raises(InputError, match="unknown load setting"):
        LoadSettings.from_dict({"weekly_jump": 20})
    with pytest.raises(InputError, match="must be a positive number"):
        LoadSettings.from_dict({"weekly_jump_pct": "20"})
    with pytest.raises(InputError, match="ewma_load must be"):
        LoadSettings.from_dict({"ewma_load": "rpe"})
