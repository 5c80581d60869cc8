"""Outputs (key frames, overlay video, JSON) and the `stridecare gait` / `models` commands."""

from __future__ import annotations

import json
import pathlib

import av
import numpy as np
import pytest

from stridecare.cli import main
from stridecare.core.gait.keypoints import KEYPOINTS
from stridecare.core.gait.pipeline import VideoAnalysis
from stridecare.core.gait.render import render_outputs

from .conftest import RUNNING
from .lab import write_keypoint_trc
from .synthetic import running_series
from .test_trc import _write


def test_it_writes_key_frames_and_a_browser_playable_overlay(running: VideoAnalysis, tmp_path: pathlib.Path) -> None:
    outputs = render_outputs(running, tmp_path)
    for side in ("left", "right"):
        for event in ("initial_contact", "mid_stance", "toe_off"):
            assert (tmp_path / f"keyframe_{side}_{event}.png").stat().st_size > 1000
    assert outputs.overlay_video is not None and outputs.overlay_codec == "libx264"
    with av.open(str(outputs.overlay_video)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert sum(1 for _ in container.decode(stream)) == 47  # every source frame


def test_json_report_has_the_cli_contract_fields(running: VideoAnalysis) -> None:
    payload = json.loads(json.dumps(running.report.to_dict()))
    for key in (
        "view",
        "fps",
        "duration_s",
        "strides_analysed",
        "cadence_spm",
        "events",
        "metrics",
        "findings",
        "quality",
        "warnings",
    ):
        assert key in payload
    assert {e["type"] for e in payload["events"]} == {"initial_contact", "toe_off"}
    assert set(payload["metrics"]["knee_flex_ic_deg"]) >= {"value", "left", "right", "n_strides", "confidence"}
    assert len(payload["angle_curves"]["left"]["knee_flexion"]) == 101  # 0..100% of the gait cycle


def test_cli_prints_one_json_object_for_keypoints(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    series = running_series()
    path = tmp_path / "run.trc"
    # 3D file (Z = 0.01 m everywhere) so the marker settings apply, as for lab data
    points = {
        name: np.column_stack([series.xy[:, i], np.full(series.n_frames, 0.01)]) for i, name in enumerate(KEYPOINTS)
    }
    write_keypoint_trc(path, series.times_s, points, 100.0)
    assert main(["gait", "--keypoints", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["cadence_spm"] == pytest.approx(171.4, abs=0.5)  # 60 / 0.35 s steps


def test_cli_exits_1_with_a_clear_message_for_bad_input(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "clip.mp4"
    bad.write_text("not a video")
    assert main(["gait", str(bad), "--json"]) == 1
    assert "clip.mp4: not a video file" in capsys.readouterr().err
    broken = tmp_path / "broken.trc"
    _write(broken, "m", 0.0, names=["RHip"])
    assert main(["gait", "--keypoints", str(broken), "--json"]) == 1
    assert "missing" in capsys.readouterr().err


def test_models_fetch_refuses_a_tampered_tarball(tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "pose.tgz"
    fake.write_bytes(b"\x1f\x8b not the package")
    assert main(["models", "fetch", "--from", str(fake), "--dir", str(tmp_path / "m")]) == 1
    assert "integrity check failed" in capsys.readouterr().err


@pytest.mark.slow
def test_cli_video_with_out_writes_report_and_images(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gait", str(RUNNING), "--model", "lite", "--out", str(tmp_path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["outputs"]["overlay_video"] == "overlay.mp4"
    assert (tmp_path / "report.json").is_file() and (tmp_path / "overlay.mp4").is_file()
