"""Leave-one-out validation of the gait event detector on lab data (issue 17 item 2).

The trials: Hamner & Delp 2013 treadmill running at 2, 3 and 5 m/s, Dorn et al. 2012 overground
sprint (~9 m/s), all with force plates (contact = vertical GRF > 50 N), and the gaitmap walking
sample (foot markers only, events from its motion capture). For every split the detector's
constants (contact height, toe-off and landing speed shares) are chosen on the other trials
(the grid point whose worst development-trial error is smallest) and the error is measured on
the trial left out. Nothing about the left-out trial is used to choose its constants.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np

from stridecare.core.gait.events import MARKERS, EventSettings, Stance, detect_stances
from stridecare.core.gait.filters import smooth_series
from stridecare.core.gait.keypoints import INDEX, KEYPOINTS, KeypointSeries

from .lab import Contact, gaitmap_contacts, gaitmap_feet, trial_contacts, trial_keypoints, trial_span

FORCE_TRIALS = ("hamner2013-s04-run200", "hamner2013-s04-run300", "hamner2013-s04-run500", "dorn2012-JA1Gait35-sprint")
GAITMAP = "gaitmap-walk"
TRIALS = (*FORCE_TRIALS, GAITMAP)
EDGE_S = 0.02  # events this close to the ends of the recording cannot be seen
MATCH_S = 0.25  # a detected event further than this from the reference is a miss, not an error
GRID = {
    "contact_height_leg": (0.01, 0.02, 0.03),
    "toe_off_speed_share": (0.15, 0.2, 0.25),
    "landing_speed_share": (0.05, 0.1, 0.15),
}


@dataclass(frozen=True, slots=True)
class Trial:
    name: str
    series: KeypointSeries  # smoothed, as analyse_keypoints gives it to the detector
    contacts: list[Contact]
    window: tuple[float, float]


@dataclass(frozen=True, slots=True)
class Errors:
    ic_ms: list[float]
    to_ms: list[float]
    missed: int

    @property
    def ic_mean(self) -> float:
        return float(np.mean(np.abs(self.ic_ms))) if self.ic_ms else float("inf")

    @property
    def to_mean(self) -> float:
        return float(np.mean(np.abs(self.to_ms))) if self.to_ms else float("inf")

    @property
    def worst(self) -> float:
        return max(self.ic_mean, self.to_mean) + (1000.0 if self.missed else 0.0)


def load_trials() -> list[Trial]:
    out = []
    for name in FORCE_TRIALS:
        first, last = trial_span(name)
        window = (first + EDGE_S, last - EDGE_S)
        out.append(Trial(name, smooth_series(trial_keypoints(name)), list(trial_contacts(name)), window))
    times, feet = gaitmap_feet()
    xyz = np.full((len(times), len(KEYPOINTS), 3), np.nan)
    for key, value in feet.items():
        xyz[:, INDEX[key]] = value
    series = KeypointSeries(
        times, xyz[:, :, :2].copy(), np.isfinite(xyz).all(axis=2).astype(float), "m", xyz[:, :, 2].copy(), GAITMAP
    )
    out.append(Trial(GAITMAP, smooth_series(series), gaitmap_contacts(), (times[0] + EDGE_S, times[-1] - EDGE_S)))
    return out


def errors(trial: Trial, settings: EventSettings) -> Errors:
    stances = detect_stances(trial.series, settings)
    ic, to, missed = [], [], 0
    for contact in trial.contacts:
        for kind, truth, bucket in (("ic", contact.start_s, ic), ("to", contact.end_s, to)):
            if not trial.window[0] <= truth <= trial.window[1]:
                continue
            found = [_event(s, kind) for s in stances if s.side == contact.side]
            times = [e for e in found if e is not None]
            nearest = min(times, key=lambda t: abs(t - truth)) if times else None
            if nearest is None or abs(nearest - truth) > MATCH_S:
                missed += 1
            else:
                bucket.append(1000.0 * (nearest - truth))
    return Errors(ic, to, missed)


def _event(stance: Stance, kind: str) -> float | None:
    event = stance.ic if kind == "ic" else stance.to
    return None if event is None else event.time_s


def candidates() -> list[EventSettings]:
    keys = list(GRID)
    return [replace(MARKERS, **dict(zip(keys, values, strict=True))) for values in itertools.product(*GRID.values())]


@dataclass(frozen=True, slots=True)
class Split:
    left_out: str
    chosen: EventSettings
    dev_worst_ms: float
    result: Errors


def leave_one_out(trials: list[Trial]) -> list[Split]:
    grid = candidates()
    table = {(t.name, i): errors(t, cfg) for t in trials for i, cfg in enumerate(grid)}
    splits = []
    for held in trials:
        dev = [t for t in trials if t.name != held.name]
        scores = [max(table[(t.name, i)].worst for t in dev) for i in range(len(grid))]
        best = int(np.argmin(scores))
        splits.append(Split(held.name, grid[best], scores[best], table[(held.name, best)]))
    return splits


def format_table(splits: list[Split]) -> str:
    lines = [
        f"{'left out':28} {'chosen on the others (height, TO share, landing share)':56} {'dev worst':>9} "
        f"{'IC mean':>8} {'TO mean':>8} {'IC bias':>8} {'TO bias':>8} {'n':>4} {'missed':>6}"
    ]
    for s in splits:
        c = s.chosen
        chosen = f"{c.contact_height_leg:.3f} leg, {c.toe_off_speed_share:.2f}, {c.landing_speed_share:.2f}"
        r = s.result
        lines.append(
            f"{s.left_out:28} {chosen:56} {s.dev_worst_ms:8.1f}ms {r.ic_mean:6.1f}ms {r.to_mean:6.1f}ms "
            f"{float(np.mean(r.ic_ms)) if r.ic_ms else float('nan'):6.1f}ms "
            f"{float(np.mean(r.to_ms)) if r.to_ms else float('nan'):6.1f}ms {len(r.ic_ms) + len(r.to_ms):4d} {r.missed:6d}"
        )
    return "\n".join(lines)
