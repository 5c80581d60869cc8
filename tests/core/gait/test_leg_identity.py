"""Leg identity (issue 9 item 2): the pose model swaps the leg names when the legs cross, and does
so differently after a re-encode or in a mirrored picture. A contact that goes on under the other
name (the grounded foot continues where it was) is one stance; sides then follow alternation.
The expected frames are the hand labels of the original clip (labels/)."""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

from stridecare.core.gait.events import Stance, _join_label_swaps, _Piece
from stridecare.core.gait.pipeline import VideoAnalysis, analyse_video
from stridecare.core.gait.pose_models import InstalledModels

from .clips import mirrored_copy, reencoded_copy
from .conftest import LABELS, RUNNING


def _labels() -> dict:
    return json.loads((LABELS / "sports2d__demo3-running-side-view.json").read_text())


def test_a_contact_renamed_mid_stance_is_one_stance() -> None:
    # 30 fps, leg length 100 px. Chain "left" is on the ground in frames 4-6 at x = 90, then the
    # same foot (x = 90) is named "right" in frames 8-11: one stance 4-11 that switches at frame 8.
    # The next contact (frames 14-19) lands at x = 230, a step away: a new stance.
    times = np.arange(30) / 30.0
    foot_x = {"left": np.full(30, 90.0), "right": np.full(30, 300.0)}
    foot_x["right"][8:12] = 90.0
    foot_x["left"][14:20] = 230.0
    pieces = [
        _Piece("left", "left", 4, 6, None),
        _Piece("right", "right", 8, 11, None),
        _Piece("left", "left", 14, 19, None),
    ]
    joined = _join_label_swaps(pieces, foot_x, times, 100.0, max_gap=1)
    assert joined == [_Piece("left", "right", 4, 11, 8), _Piece("left", "left", 14, 19, None)]


def test_a_new_foot_landing_a_step_away_is_not_joined() -> None:
    times = np.arange(30) / 30.0
    foot_x = {"left": np.full(30, 90.0), "right": np.full(30, 160.0)}  # 70 px = 0.7 leg away
    pieces = [_Piece("left", "left", 4, 6, None), _Piece("right", "right", 8, 11, None)]
    assert _join_label_swaps(pieces, foot_x, times, 100.0, max_gap=1) == pieces


def test_a_stance_reads_the_chain_that_holds_the_foot() -> None:
    stance = Stance("left", None, None, 4, 11, chain="left", to_chain="right", switch_frame=8)
    assert [stance.chain_at(f) for f in (4, 7, 8, 11)] == ["left", "left", "right", "right"]


@pytest.fixture(scope="module")
def copies(models: InstalledModels, tmp_path_factory: pytest.TempPathFactory) -> dict[str, VideoAnalysis]:
    folder = pathlib.Path(tmp_path_factory.mktemp("legs"))
    reencoded_copy(RUNNING, folder / "reencoded.mp4")
    mirrored_copy(RUNNING, folder / "mirrored.mp4")
    return {name: analyse_video(folder / f"{name}.mp4", "full") for name in ("reencoded", "mirrored")}


def _mean_frame_error(report_events: list, labels: list[dict], swap_sides: bool) -> float:
    other = {"left": "right", "right": "left"}
    errors = []
    for label in labels:
        side = other[label["side"]] if swap_sides else label["side"]
        same = [e.frame for e in report_events if e.side == side and e.type == label["type"]]
        errors.append(min((abs(f - label["frame"]) for f in same), default=99))
    return float(np.mean(errors))


# The hand labels are whole frames: the labelled two-step span (IC frame 4 -> 23, 19 frames) is
# known to +-1 frame, 1/19 = 5.3% of the cadence. A copy changes every pixel (a re-encode, a
# mirror image), so the pose model's landmarks and the detected events move by fractions of a
# frame; what it must keep is the labels' own resolution. (The original clip is held to the
# issue's 3%, test_clips.py.)
LABEL_RESOLUTION = 1 / 19


@pytest.mark.parametrize("name", ["reencoded", "mirrored"])
def test_copies_keep_the_view_gait_and_cadence(copies: dict[str, VideoAnalysis], name: str) -> None:
    report = copies[name].report
    # the runner goes left to right; mirrored, right to left (her right side faces the camera)
    assert report.view == ("sagittal_right" if name == "mirrored" else "sagittal_left")
    assert report.gait == "running"  # mirrored gave "unknown" before (a stance split between leg names)
    # hand count 189.3 steps/min (labels). Measured: re-encoded 183.3 (-3.2%), mirrored 185.2 (-2.2%).
    # Contacts timed by foot height alone gave 188.5 and 179.8 (-5.0%); before a contact interrupted
    # for two frames was joined by where the foot stands, the mirrored copy split one in two.
    assert report.cadence_spm == pytest.approx(_labels()["cadence_spm"], rel=LABEL_RESOLUTION)


@pytest.mark.parametrize("name", ["reencoded", "mirrored"])
def test_copies_find_the_labelled_events(copies: dict[str, VideoAnalysis], name: str) -> None:
    report = copies[name].report
    labels = _labels()["events"]
    assert len(report.events) == len(labels)  # 3 contacts and 3 toe-offs, nothing spurious
    # same frames; in the mirrored copy the sides may swap (which leg is "left" is a naming question)
    error = min(_mean_frame_error(list(report.events), labels, swap) for swap in (False, True))
    assert error <= 2.0
