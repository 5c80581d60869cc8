"""Reading Sports2D / Pose2Sim keypoint .trc files."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

from stridecare.core.gait.keypoints import INDEX
from stridecare.core.gait.trc import TrcError, read_trc

NAMES = [
    "RHip",
    "RKnee",
    "RAnkle",
    "RHeel",
    "RBigToe",
    "LHip",
    "LKnee",
    "LAnkle",
    "LHeel",
    "LBigToe",
    "RShoulder",
    "LShoulder",
]


def _write(path: pathlib.Path, units: str, z: float, names: list[str] = NAMES) -> None:
    lines = [
        "PathFileType\t4\t(X/Y/Z)\tx.trc",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        f"50\t50\t3\t{len(names)}\t{units}\t50\t1\t3",
        "Frame#\tTime\t" + "\t\t\t".join(names),
        "\t\t" + "\t".join(f"X{i}\tY{i}\tZ{i}" for i in range(1, len(names) + 1)),
        "",
    ]
    for f in range(3):
        cells = [f"{10.0 * k + f}\t{100.0 + k}\t{z}" for k in range(len(names))]
        lines.append(f"{f + 1}\t{f * 0.02:.2f}\t" + "\t".join(cells))
    path.write_text("\n".join(lines) + "\n")


def test_it_converts_millimetres_to_metres(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "lab.trc"
    _write(path, "mm", 5.0)
    series = read_trc(path)
    # RKnee is marker 1: x = 10*1 + frame, y = 101 (mm) -> frame 2: (0.012, 0.101) m
    assert series.xy[2, INDEX["RKnee"]] == pytest.approx([0.012, 0.101])
    assert series.units == "m" and series.lateral is not None
    assert series.fps == pytest.approx(50.0)


def test_a_2d_file_has_no_lateral_axis_and_derives_neck_and_small_toe(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "sports2d.trc"
    _write(path, "px", 0.0)
    series = read_trc(path)
    assert series.lateral is None and series.units == "px"
    # Neck = midpoint of RShoulder (marker 10: x=100) and LShoulder (marker 11: x=110) at frame 0
    assert series.xy[0, INDEX["Neck"], 0] == pytest.approx(105.0)
    assert np.array_equal(series.xy[:, INDEX["LSmallToe"]], series.xy[:, INDEX["LBigToe"]])


def test_it_names_missing_keypoints(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "partial.trc"
    _write(path, "m", 0.0, names=NAMES[:5])
    with pytest.raises(TrcError, match="LHip"):
        read_trc(path)


def test_it_rejects_a_file_that_is_not_trc(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.trc"
    path.write_text("hello\n")
    with pytest.raises(TrcError, match="not an OpenSim .trc"):
        read_trc(path)
