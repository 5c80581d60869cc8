"""Bad input gives a clear message (issue 9): each case is made here with PyAV and Pillow."""

from __future__ import annotations

import pathlib
from collections.abc import Iterable

import av
import numpy as np
import pytest
from PIL import Image

from stridecare.core.errors import VideoError
from stridecare.core.gait.pipeline import VideoAnalysis, analyse_video
from stridecare.core.gait.pose_models import InstalledModels
from stridecare.core.gait.video import iter_frames, probe_video

from .conftest import RUNNING


def _encode(
    path: pathlib.Path, frames: Iterable[np.ndarray], fps: int = 30, rotation: int | None = None
) -> pathlib.Path:
    frames = list(frames)
    height, width = frames[0].shape[:2]
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        if rotation is not None:
            stream.set_display_rotation(rotation)
        for image in frames:
            for packet in stream.encode(av.VideoFrame.from_ndarray(image, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def _running_frames() -> list[np.ndarray]:
    return [f.image for f in iter_frames(RUNNING)]


def test_a_text_file_is_not_a_video(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("this is not a video\n")
    with pytest.raises(VideoError, match="notes.mp4: not a video file"):
        probe_video(path)


def test_a_still_image_renamed_mp4_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "photo.mp4"
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, format="PNG")
    with pytest.raises(VideoError, match="still image"):
        probe_video(path)


def test_a_truncated_file_is_refused(tmp_path: pathlib.Path, models: InstalledModels) -> None:
    path = tmp_path / "cut.mp4"
    data = RUNNING.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # half the bytes: 14 of 47 frames decode
    with pytest.raises(VideoError, match="truncated"):
        analyse_video(path, "lite")


def test_a_one_second_clip_is_too_short(tmp_path: pathlib.Path) -> None:
    path = _encode(tmp_path / "short.mp4", _running_frames()[:30])
    with pytest.raises(VideoError, match="only 1.0 s long"):
        analyse_video(path, "lite")


def test_a_video_without_a_person_says_so(tmp_path: pathlib.Path, models: InstalledModels) -> None:
    rng = np.random.default_rng(1)
    frames = [
        np.full((240, 320, 3), 90, np.uint8) + rng.integers(0, 20, (240, 320, 3), dtype=np.uint8) for _ in range(60)
    ]
    path = _encode(tmp_path / "empty.mp4", frames)
    with pytest.raises(VideoError, match="no runner found"):
        analyse_video(path, "lite")


def test_several_people_are_reported_and_one_is_followed(tmp_path: pathlib.Path, models: InstalledModels) -> None:
    frames = [np.concatenate([f, f], axis=1) for f in _running_frames()]  # the runner twice, side by side
    report = analyse_video(_encode(tmp_path / "two.mp4", frames), "lite").report
    assert report.person["people_in_view"] == 2
    assert any(w.startswith("2 people in view: followed the person first found") for w in report.warnings)


def test_a_portrait_video_with_rotation_metadata_is_turned_upright(
    tmp_path: pathlib.Path, models: InstalledModels
) -> None:
    # stored sideways (rotated 90 deg clockwise) with a display matrix saying "rotate 90 deg back"
    frames = [np.ascontiguousarray(np.rot90(f, k=-1)) for f in _running_frames()]
    path = _encode(tmp_path / "portrait.mp4", frames, rotation=90)
    info = probe_video(path)
    assert (info.width_px, info.height_px, info.rotation_deg) == (480, 352, 90)
    report = analyse_video(path, "full").report
    assert report.view.startswith("sagittal") and report.gait == "running"
    assert report.cadence_spm == pytest.approx(189.3, rel=0.03)  # hand count, labels file


def test_a_panning_camera_is_reported(tmp_path: pathlib.Path, models: InstalledModels) -> None:
    # the whole picture slides 6 px per frame (> 0.5% of 480 px): the background moves
    frames = [np.ascontiguousarray(np.roll(f, 6 * i, axis=1)) for i, f in enumerate(_running_frames())]
    report = analyse_video(_encode(tmp_path / "pan.mp4", frames), "lite").report
    assert any(w.startswith("the camera seems to move") for w in report.warnings)


def test_a_still_camera_is_not_reported_as_moving(running: VideoAnalysis) -> None:
    assert not any(w.startswith("the camera seems to move") for w in running.report.warnings)
