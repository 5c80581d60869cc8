"""Histories and goals for the plan tests: hand-made ones and hypothesis strategies."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from stridecare.core.load.sessions import LoadSession

START = dt.date(2027, 1, 6)  # a Wednesday: the first plan week starts part-way through


def run(day: dt.date, m: float, hour: int = 7) -> LoadSession:
    return LoadSession(dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC), m, m / 2.8)


def steady_history(
    weeks: int = 6, runs_m: tuple[float, ...] = (5000, 6000, 9000), end: dt.date = START
) -> list[LoadSession]:
    """``weeks`` weeks of the same runs on Tuesday, Thursday and Sunday, ending before ``end``'s week."""
    monday = end - dt.timedelta(days=end.weekday())
    out = []
    for w in range(weeks, 0, -1):
        week = monday - dt.timedelta(days=7 * w)
        for offset, m in zip((1, 3, 6, 5, 2), runs_m, strict=False):
            out.append(run(week + dt.timedelta(days=offset), m))
    return out


@st.composite
def histories(draw: st.DrawFn) -> list[LoadSession]:
    """2-10 weeks of 1-6 runs a week (1-25 km), with the last run inside the 30 days before START."""
    n_days = draw(st.integers(14, 70))
    runs = []
    for back in range(n_days, 0, -1):
        if draw(st.floats(0, 1)) < draw(st.sampled_from([0.2, 0.4, 0.7])):
            day = START - dt.timedelta(days=back)
            runs.append(run(day, draw(st.integers(10, 250)) * 100.0, draw(st.integers(5, 20))))
    recent = draw(st.integers(1, 29))
    runs.append(run(START - dt.timedelta(days=recent), draw(st.integers(10, 200)) * 100.0))
    return runs


race_distances = st.sampled_from([5000.0, 10000.0, 21100.0, 42195.0]) | st.integers(30, 300).map(lambda x: x * 100.0)


@st.composite
def steady_histories(draw: st.DrawFn) -> list[LoadSession]:
    """3-8 weeks of the same runs: a long run no longer than the other runs of the week together
    (the plan's long run is at most half the week, a clinic default)."""
    others = draw(st.lists(st.integers(20, 150).map(lambda x: x * 100.0), min_size=2, max_size=4))
    long_m = min(sum(others), draw(st.integers(40, 250)) * 100.0)
    return steady_history(draw(st.integers(3, 8)), (others[0], others[1], long_m, *others[2:]))
