"""Why running constants did not time walking: the foot at the true events, per lab trial (issue 17 item 2).

Usage: python bench/gait_events_profiles.py. For each trial (tests/core/gait/loo.py) and each true
contact / toe-off: the heel's and toe's horizontal speed over the ground (in shares of the clip's
running speed: the feet's mean speed over the ground), the heel's height above its mid-stance level
(mm), and how far (ms) the toe's nearest height maximum (contact) or minimum (toe-off) lies from the
event. Means over the events of the trial; the ground speed is the median foot speed at mid-stance.
"""

from __future__ import annotations

import pathlib
import sys

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from stridecare.core.gait.events import SIDES, landmark_height  # noqa: E402
from tests.core.gait.loo import load_trials  # noqa: E402


def _nearest_extremum(values: np.ndarray, k: int, highest: bool) -> int:
    w = values if highest else -values
    step = 1 if k + 1 < len(w) and w[k + 1] > w[k] else -1
    while 0 <= k + step < len(w) and w[k + step] > w[k]:
        k += step
    return k


def main() -> int:
    print(f"{'trial':28} {'event':6} {'n':>3} {'heel speed':>10} {'toe speed':>9} {'heel mm':>8} {'toe extremum':>12}")
    for trial in load_trials():
        s, t = trial.series, trial.series.times_s
        speed = {(side, j): np.gradient(s.side_point(side, j)[:, 0], t) for side in SIDES for j in ("Heel", "BigToe")}
        heights = {(side, j): landmark_height(s, side, j) for side in SIDES for j in ("Heel", "BigToe")}
        mids = [int(np.argmin(np.abs(t - 0.5 * (c.start_s + c.end_s)))) for c in trial.contacts]
        ground = float(np.median([speed[(c.side, "Heel")][m] for c, m in zip(trial.contacts, mids, strict=True)]))
        run = float(np.nanmean(np.abs(np.concatenate([v for v in speed.values()]) - ground)))
        for kind in ("IC", "TO"):
            rows = []
            for c, m in zip(trial.contacts, mids, strict=True):
                when = c.start_s if kind == "IC" else c.end_s
                if not trial.window[0] <= when <= trial.window[1]:
                    continue
                k = int(np.argmin(np.abs(t - when)))
                side = c.side
                ext = _nearest_extremum(heights[(side, "BigToe")], k, highest=kind == "IC")
                rows.append(
                    (
                        abs(speed[(side, "Heel")][k] - ground) / run,
                        abs(speed[(side, "BigToe")][k] - ground) / run,
                        1000.0 * (heights[(side, "Heel")][k] - heights[(side, "Heel")][m]),
                        1000.0 * (t[ext] - when),
                    )
                )
            a = np.mean(rows, axis=0)
            print(f"{trial.name:28} {kind:6} {len(rows):3d} {a[0]:9.2f}v {a[1]:8.2f}v {a[2]:7.1f}  {a[3]:+10.1f}ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
