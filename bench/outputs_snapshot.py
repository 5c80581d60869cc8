"""Print the load, screening and gait outputs of every shared input, to diff before and after a refactor.

    python bench/outputs_snapshot.py > before.txt   # ... change the code ...
    python bench/outputs_snapshot.py > after.txt && diff before.txt after.txt

Inputs: every activity file in ../shared/data/activities (`stridecare load --json`, one by one and all
together), every screening vignette in tests/core/screening/vignettes (`stridecare screen --json`),
every .trc in ../shared/data/biomech (`stridecare gait --keypoints --json`), and a grid of walk-run
spike checks and weekly-jump categories.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
sys.path.insert(0, str(REPO))

from stridecare.cli import main as cli  # noqa: E402


def run(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli(argv)
        except SystemExit as e:
            code = e.code
    return f"exit {code}\n{out.getvalue()}{err.getvalue()}"


def main() -> None:
    activities = sorted(str(p) for p in (SHARED / "activities").iterdir() if not p.name.startswith("LICENSE"))
    for path in activities:
        print(f"== load {Path(path).name}\n" + run(["load", path, "--json", "--jobs", "1", "--tz", "UTC"]))
    print("== load all\n" + run(["load", *activities, "--json", "--jobs", "1", "--tz", "UTC"]))
    for path in sorted((REPO / "tests" / "core" / "screening" / "vignettes").glob("*.json")):
        print(f"== screen {path.name}\n" + run(["screen", str(path), "--json"]))
    for path in sorted((SHARED / "biomech").glob("*.trc")):
        print(f"== gait {path.name}\n" + run(["gait", "--keypoints", str(path), "--json"]))
        print(f"== gait {path.name} (text)\n" + run(["gait", "--keypoints", str(path), "--height-cm", "175"]))

    from stridecare.core.load.weekly import nielsen_category
    from stridecare.core.programs.walkrun import check_run_against_spike, plan_continuous_runs

    at = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)
    history = [(at - dt.timedelta(days=d), km) for d, km in ((2, 5.0), (9, 6.0), (31, 12.0))]
    for km in (0.0, 3.0, 6.0, 6.6, 6.61, 7.8, 7.81, 12.0, 12.01, 20.0):
        print("== spike", km, check_run_against_spike(km, history, at), check_run_against_spike(km, [], at))
    print("== plan", plan_continuous_runs(history, at, 8))
    for pct in (-50, 0, 10, 10.01, 20, 29.99, 30, 30.01, 60, 100, 200):
        print("== nielsen", pct, nielsen_category(pct))


if __name__ == "__main__":
    main()
