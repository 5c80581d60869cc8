"""Keypoints of other pose tools (issue 17 item 4): OpenPose BODY_25 folders, MediaPipe/BlazePose
landmark JSON and OpenCap-style .trc go into the same analysis; bad files get a clear error.

Fixtures are generated here from the synthetic figure (tests/core/gait/synthetic.py): a runner
stepping every 0.355 s, so the expected cadence is 60 / 0.355 = 169.0 steps/min by hand; and a
few coordinates are checked one by one (a reader flips image y to y up and scales normalised
landmarks by the picture size).
"""

from __future__ import annotations

import json
import pathlib

import numpy as np
import pytest

from stridecare.cli import main
from stridecare.core.gait.analysis import analyse_keypoints
from stridecare.core.gait.keypoints import INDEX, KEYPOINTS
from stridecare.core.gait.pose import BLAZEPOSE_TO_KEYPOINT
from stridecare.core.gait.readers import BODY_25, KeypointFileError, read_keypoints
from stridecare.core.gait.trc import read_trc

from .lab import write_keypoint_trc
from .synthetic import gait_figure

FPS = 60.0
WIDTH, HEIGHT = 1920, 1080
CADENCE = 60.0 / 0.355


def _figure():
    return gait_figure(fps=FPS, duration_s=5.0, noise_leg=0.003, seed=3, treadmill=True)  # stays in the picture


def _openpose_folder(folder: pathlib.Path, people_per_frame: int = 1, body_points: int = 25) -> pathlib.Path:
    series = _figure()
    folder.mkdir()
    for f in range(series.n_frames):
        values = [0.0] * (3 * body_points)
        for key, index in BODY_25.items():
            if index >= body_points:
                continue
            x, y_up = series.xy[f, INDEX[key]]
            values[3 * index : 3 * index + 3] = [float(x), float(HEIGHT - y_up), 0.9]
        people = [{"person_id": [-1], "pose_keypoints_2d": values}]
        if people_per_frame > 1:  # a bystander far to the left, less sure
            other = [v - 700.0 if i % 3 == 0 and v else v * (0.5 if i % 3 == 2 else 1.0) for i, v in enumerate(values)]
            people.append({"person_id": [-1], "pose_keypoints_2d": other})
        if f == 7:
            people = []  # nobody found in this frame
        (folder / f"clip_{f:012d}_keypoints.json").write_text(json.dumps({"version": 1.3, "people": people}))
    return folder


def test_openpose_folder_gives_the_figure_and_its_cadence(tmp_path: pathlib.Path) -> None:
    folder = _openpose_folder(tmp_path / "op", people_per_frame=2)
    series = read_keypoints(folder, fps=FPS)
    figure = _figure()
    assert series.n_frames == figure.n_frames and series.fps == pytest.approx(FPS)
    # frame 3, left heel: x as written, y flipped (image y down -> y up: -(1080 - y_up))
    assert series.xy[3, INDEX["LHeel"], 0] == pytest.approx(figure.xy[3, INDEX["LHeel"], 0])
    assert series.xy[3, INDEX["LHeel"], 1] == pytest.approx(figure.xy[3, INDEX["LHeel"], 1] - HEIGHT)
    assert np.isnan(series.xy[7]).all()  # the empty frame
    assert series.visibility[3, INDEX["RKnee"]] == pytest.approx(0.9)  # the runner, not the bystander
    report = analyse_keypoints(series)
    assert report.gait == "running"
    assert report.cadence_spm == pytest.approx(CADENCE, rel=0.02)


def test_mediapipe_json_normalised_with_times(tmp_path: pathlib.Path) -> None:
    figure = _figure()
    frames = []
    for f in range(figure.n_frames):
        landmarks = [{"x": 0.0, "y": 0.0, "z": 0.0, "visibility": 0.0} for _ in range(33)]
        for key, index in BLAZEPOSE_TO_KEYPOINT.items():
            x, y_up = figure.xy[f, INDEX[key]]
            landmarks[index] = {"x": x / WIDTH, "y": (HEIGHT - y_up) / HEIGHT, "z": 0.0, "visibility": 0.95}
        frames.append({"timestamp_ms": 1000.0 * f / FPS, "landmarks": landmarks})
    path = tmp_path / "pose.json"
    path.write_text(json.dumps({"width": WIDTH, "height": HEIGHT, "frames": frames}))
    series = read_keypoints(path)
    assert series.fps == pytest.approx(FPS)
    # x back in pixels: (x / 1920) * 1920; y: -((1080 - y_up) / 1080) * 1080 = y_up - 1080
    assert series.xy[10, INDEX["RBigToe"], 0] == pytest.approx(figure.xy[10, INDEX["RBigToe"], 0])
    assert series.xy[10, INDEX["RBigToe"], 1] == pytest.approx(figure.xy[10, INDEX["RBigToe"], 1] - HEIGHT)
    report = analyse_keypoints(series)
    assert report.cadence_spm == pytest.approx(CADENCE, rel=0.02)
    # the same frames as a bare list of landmark arrays, in pixels, with the frame rate given
    bare = tmp_path / "bare.json"
    bare.write_text(
        json.dumps(
            [[[p["x"] * WIDTH, p["y"] * HEIGHT, 0.0, p["visibility"]] for p in fr["landmarks"]] for fr in frames]
        )
    )
    again = read_keypoints(bare, fps=FPS)
    assert np.allclose(again.xy, series.xy, equal_nan=True)


def test_opencap_style_trc_with_extra_markers(tmp_path: pathlib.Path) -> None:
    # OpenCap writes the video keypoints (OpenPose names) next to its own "_study" markers
    figure = gait_figure(fps=100.0, duration_s=4.0)
    points = {
        name: np.column_stack([figure.xy[:, i] / 1000.0, np.full(figure.n_frames, 0.01)])
        for i, name in enumerate(KEYPOINTS)
    }
    points["r_calc_study"] = points["RHeel"] + 0.01
    path = tmp_path / "opencap.trc"
    write_keypoint_trc(path, figure.times_s, points, 100.0)
    series = read_keypoints(path)
    assert series.units == "m" and series.lateral is not None
    assert analyse_keypoints(series).cadence_spm == pytest.approx(CADENCE, rel=0.02)
    assert read_trc(path).n_frames == figure.n_frames


def test_bad_keypoint_files_say_what_is_wrong(tmp_path: pathlib.Path) -> None:
    folder = _openpose_folder(tmp_path / "op")
    with pytest.raises(KeypointFileError, match="no frame rate"):
        read_keypoints(folder)
    coco = _openpose_folder(tmp_path / "coco", body_points=18)
    with pytest.raises(KeypointFileError, match="18 body keypoints.*BODY_25"):
        read_keypoints(coco, fps=30.0)
    with pytest.raises(KeypointFileError, match="one OpenPose frame"):
        read_keypoints(next(folder.glob("*.json")))
    broken = tmp_path / "broken.json"
    broken.write_text('{"frames": [')
    with pytest.raises(KeypointFileError, match="broken.json: not valid JSON"):
        read_keypoints(broken)
    short = tmp_path / "short.json"
    short.write_text(json.dumps([[{"x": 0.5, "y": 0.5}] * 17]))
    with pytest.raises(KeypointFileError, match="frame 0 has 17 landmarks; BlazePose gives 33"):
        read_keypoints(short, fps=30.0)
    normalised = tmp_path / "normalised.json"
    normalised.write_text(json.dumps([[{"x": 0.5, "y": 0.5}] * 33] * 20))
    with pytest.raises(KeypointFileError, match="picture size is unknown"):
        read_keypoints(normalised, fps=30.0)
    text = tmp_path / "words.json"
    text.write_text(json.dumps([[{"x": "left", "y": 0.5}] * 33]))
    with pytest.raises(KeypointFileError, match="'left' where a number belongs"):
        read_keypoints(text, fps=30.0)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KeypointFileError, match="no OpenPose"):
        read_keypoints(empty, fps=30.0)
    other = tmp_path / "pose.csv"
    other.write_text("x,y\n")
    with pytest.raises(KeypointFileError, match="unknown keypoint format"):
        read_keypoints(other)


def test_cli_reads_an_openpose_folder(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _openpose_folder(tmp_path / "op")
    assert main(["gait", "--keypoints", str(folder), "--fps", "60", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["cadence_spm"] == pytest.approx(CADENCE, rel=0.02)
    assert payload["cadence"]["used"] == "events"
    assert main(["gait", "--keypoints", str(folder), "--json"]) == 1
    assert "no frame rate" in capsys.readouterr().err
    assert main(["gait", "--keypoints", str(folder), "--fps", "60", "--frame-size", "wide"]) == 1
    assert "WIDTHxHEIGHT" in capsys.readouterr().err
