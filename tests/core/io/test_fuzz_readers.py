"""A short fixed-seed run of bench/fuzz_readers.py: mutants of the shared files, each read in a
forked child under a time and memory limit, must end parsed or with a clear error, never a crash
or a hang. The full run (thousands of cases) is `python bench/fuzz_readers.py`."""

from __future__ import annotations

import time

import pytest

from bench import fuzz_readers
from bench.fuzz_readers import run, seed_files

SMALL_FIT = [p.name for p in seed_files(max_kb=30) if p.suffix == ".fit"]
SEEDS = seed_files(
    names=SMALL_FIT
    + ["sports-lib__2067489619.gpx", "sports-lib__samples-tcx-suunto-spartan.tcx", "sports-lib__6281425038.tcx"]
)


@pytest.mark.slow
def test_a_fixed_seed_fuzz_run_has_no_crash_and_no_hang():
    summary = run(cases=200, seed=14, timeout_s=20, memory_mb=1024, jobs=2, files=SEEDS)
    assert summary["cases"] == 200
    assert summary["outcomes"].get("crash", 0) == 0, summary["problems"]
    assert summary["outcomes"].get("hang", 0) == 0, summary["problems"]
    # the mutants reach both ends: some still read, most are refused with a reason
    assert summary["outcomes"]["parsed"] >= 10 and summary["outcomes"]["clear error"] >= 80
    assert {p.suffix for p in SEEDS} == {".fit", ".gpx", ".tcx"}
    assert summary["peak_added_mb"] < 500


def test_the_harness_reports_a_reader_bug_as_a_crash(monkeypatch):
    import stridecare.core.io.fit as fit

    monkeypatch.setattr(fit, "read_fit", lambda data, filename, recover=False: 1 / 0)  # the forked children inherit it
    summary = run(cases=12, seed=3, timeout_s=20, jobs=2, files=seed_files(names=["fitparse__garmin-fenix-5-run.fit"]))
    assert summary["outcomes"].get("crash", 0) >= 6
    assert any("ZeroDivisionError" in p["detail"] or "unexpected error" in p["detail"] for p in summary["problems"])


def test_the_harness_kills_a_hang(monkeypatch):
    import stridecare.core.io as io

    monkeypatch.setattr(io, "read_bytes", lambda data, name: time.sleep(30))
    started = time.monotonic()
    # a child that never answers is killed once the timeout passes: a short one keeps this quick
    summary = run(cases=2, seed=1, timeout_s=0.2, jobs=2, files=seed_files(names=["fitparse__garmin-fenix-5-run.fit"]))
    assert summary["outcomes"] == {"hang": 2} and time.monotonic() - started < 10


@pytest.mark.parametrize("name", ["fitparse__garmin-fenix-5-run.fit", "sports-lib__2067489619.gpx"])
def test_mutants_are_reproducible_from_the_seed(name):
    files = seed_files(names=[name])
    first = [(c.mutation, d) for c, d in fuzz_readers.make_cases(20, 7, files)]
    assert len(first) == 20
    assert first == [(c.mutation, d) for c, d in fuzz_readers.make_cases(20, 7, files)]
