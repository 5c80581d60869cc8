"""Uncoupled EWMA acute:chronic ratio (REFERENCE.md 5.4 d-e)."""

import datetime as dt

import numpy as np
import pytest

from stridecare.core.load import ewma, uncoupled_ewma_acwr

from .helpers import run

DAY0 = dt.date(2025, 1, 6)


def daily(kms: list[float]) -> list:
    return [run(f"{DAY0 + dt.timedelta(days=i)}T07:00", km) for i, km in enumerate(kms) if km > 0]


def test_ewma_is_seeded_with_the_first_week_mean_and_decays():
    load = np.array([7.0, 0, 0, 0, 0, 0, 0, 0])
    acute = ewma(load, 7)  # lambda 0.25
    assert acute[:3] == pytest.approx([1.0, 0.75, 0.5625])  # seed 7/7; then 0.75 x previous
    chronic = ewma(load, 28)  # lambda 2/29
    assert chronic[1] == pytest.approx(27 / 29)


def test_a_steady_load_gives_a_ratio_of_one_after_warming_up():
    series = uncoupled_ewma_acwr(daily([5.0] * 40), DAY0, DAY0 + dt.timedelta(days=39))
    assert np.isnan(series.ratio[:28]).all()  # warming up: fewer than 28 days of history
    assert series.ratio[28:] == pytest.approx(1.0)
    assert series.ratio_on(DAY0 + dt.timedelta(days=27)) is None


def test_a_week_of_triple_load_by_hand():
    # 28 days at 1 km then 7 days at 3 km: acute = 3 - 2 x 0.75^7 = 2.73303; chronic(t-7) = 1
    series = uncoupled_ewma_acwr(daily([1.0] * 28 + [3.0] * 7), DAY0, DAY0 + dt.timedelta(days=34))
    assert series.ratio_on(DAY0 + dt.timedelta(days=34)) == pytest.approx(2.7330322, rel=1e-6)


def test_after_a_long_break_the_ratio_is_undefined_not_huge():
    kms = [5.0] * 30 + [0.0] * 60 + [5.0]
    series = uncoupled_ewma_acwr(daily(kms), DAY0, DAY0 + dt.timedelta(days=len(kms) - 1))
    assert series.ratio_on(DAY0 + dt.timedelta(days=len(kms) - 1)) is None


def test_duration_can_be_the_load():
    from stridecare.core.load import LoadSettings

    settings = LoadSettings(ewma_load="duration_min")
    series = uncoupled_ewma_acwr(daily([5.0] * 7), DAY0, DAY0 + dt.timedelta(days=6), settings=settings)
    assert series.load[0] == 30.0  # 5 km at the helper's 6 min/km
