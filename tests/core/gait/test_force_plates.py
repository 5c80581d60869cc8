"""Accuracy against force plates (issue 9 item 8): Hamner & Delp 2013 treadmill running at 2, 3
and 5 m/s and a Dorn et al. 2012 sprint. Lab markers -> HALPE keypoints (.trc) -> events and
cadence, compared with contacts where vertical GRF > 50 N.

Each trial is also written as a 2D .trc (Z = 0, what Sports2D writes): the event settings follow
the data source (a keypoint file), not the presence of Z, so the 2D copy must do as well."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from stridecare.core.gait.analysis import GaitReport, analyse_keypoints

from .lab import Contact, trial_contacts, trial_keypoints, trial_span

TRIALS = ["hamner2013-s04-run200", "hamner2013-s04-run300", "hamner2013-s04-run500", "dorn2012-JA1Gait35-sprint"]
DIMS = ["3d", "2d"]
EDGE_S = 0.02  # force-plate events this close to the ends of the marker window cannot be seen


@pytest.fixture(scope="module")
def trials() -> dict[str, tuple[GaitReport, list[Contact], tuple[float, float]]]:
    out = {}
    for trial in TRIALS:
        first, last = trial_span(trial)
        window = (first + EDGE_S, last - EDGE_S)
        for dims in DIMS:
            series = trial_keypoints(trial, dims)  # written as a .trc and read back
            assert (series.lateral is None) == (dims == "2d")
            out[f"{trial}-{dims}"] = (analyse_keypoints(series), list(trial_contacts(trial)), window)
    return out


def _errors_ms(report: GaitReport, contacts: list[Contact], window: tuple[float, float], kind: str) -> list[float]:
    errors = []
    for contact in contacts:
        truth = contact.start_s if kind == "initial_contact" else contact.end_s
        if not window[0] <= truth <= window[1]:
            continue
        found = [e.time_s for e in report.events if e.side == contact.side and e.type == kind]
        nearest = min(found, key=lambda t: abs(t - truth))
        assert abs(nearest - truth) < 0.06, f"{kind} of the {contact.side} foot at {truth:.3f} s not found"
        errors.append(1000.0 * abs(nearest - truth))
    return errors


@pytest.mark.parametrize("dims", DIMS)
@pytest.mark.parametrize("trial", TRIALS)
@pytest.mark.parametrize("kind", ["initial_contact", "toe_off"])
def test_events_are_within_20_ms_of_the_force_plates(trials: dict, trial: str, kind: str, dims: str) -> None:
    report, contacts, window = trials[f"{trial}-{dims}"]
    errors = _errors_ms(report, contacts, window, kind)
    assert len(errors) >= 3
    assert float(np.mean(errors)) <= 20.0, errors


@pytest.mark.parametrize("dims", DIMS)
@pytest.mark.parametrize("trial", TRIALS)
def test_cadence_is_within_2_percent_of_the_force_plates(trials: dict, trial: str, dims: str) -> None:
    report, contacts, _ = trials[f"{trial}-{dims}"]
    # reference: 60 / mean time between consecutive force-plate contacts of alternating feet
    starts = sorted((c.start_s, c.side) for c in contacts)
    steps = [b[0] - a[0] for a, b in pairwise(starts) if a[1] != b[1]]
    reference = 60.0 / float(np.mean(steps))
    assert report.cadence_spm == pytest.approx(reference, rel=0.02)
    assert report.gait == "running"


@pytest.mark.parametrize("dims", DIMS)
@pytest.mark.parametrize("trial", TRIALS)
def test_lab_ankle_angle_at_contact_stays_confident(trials: dict, trial: str, dims: str) -> None:
    # marker feet: the heel->toe line is 4-9 deg off level at mid-stance, so the angle is kept;
    # these trials land with the ankle 4-9 deg dorsiflexed (measured 4.9-8.3 deg)
    ankle = trials[f"{trial}-{dims}"][0].metrics["ankle_df_ic_deg"]
    assert ankle.confidence == "ok"
    assert 0.0 < ankle.value < 15.0
