"""Leave-one-out table of the gait event detector on the shared lab trials (issue 17 item 2).

Usage: python bench/gait_events_loo.py. For each trial: the constants chosen on the other trials,
and the mean absolute error (and bias) of initial contact and toe-off on the trial left out.
The split and its logic live in tests/core/gait/loo.py (tests/core/gait/test_events_loo.py asserts the bound).
"""

from __future__ import annotations

import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from tests.core.gait.loo import (  # noqa: E402
    format_table,  # noqa: E402
    leave_one_out,
    load_trials,
)


def main() -> int:
    start = time.perf_counter()
    splits = leave_one_out(load_trials())
    print(format_table(splits))
    print(
        f"({time.perf_counter() - start:.1f} s; bound: contact and toe-off each within 20 ms mean on every trial left out)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
