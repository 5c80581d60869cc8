"""Foster session-RPE load, monotony and strain (REFERENCE.md 5.5)."""

import pytest

from stridecare.core.load import foster_week, srpe_load_au


def test_session_rpe_load_is_rpe_times_minutes():
    assert srpe_load_au(6, 45 * 60) == 270  # 6 x 45 min


def test_monotony_and_strain_by_hand():
    week = foster_week([150, 150, 150, 150, 150, 150, 100])
    # mean 1000/7 = 142.857; deviations 7.143 (x6), -42.857 -> population SD 17.496
    assert week.weekly_load_au == 1000
    assert week.monotony == pytest.approx(8.16497, rel=1e-5)
    assert week.strain == pytest.approx(8164.97, rel=1e-5)


@pytest.mark.parametrize("loads", [[0.0] * 7, [200.0] * 7])
def test_identical_days_leave_monotony_undefined(loads):
    week = foster_week(loads)
    assert (week.monotony, week.strain) == (None, None)


def test_it_needs_seven_days():
    with pytest.raises(ValueError, match="exactly 7"):
        foster_week([1, 2, 3])
