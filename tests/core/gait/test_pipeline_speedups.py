"""The speed-ups of issue 17 item 5 leave every result as it was: decoding ahead in a thread gives
the same frames, a frame's spectrum computed once gives the same camera shifts, one PIL image
per frame gives the same crops, and the whole analysis is bit-for-bit the same (one inference
thread, as STRIDECARE_POSE_THREADS=1 makes LiteRT repeatable)."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from PIL import Image

from stridecare.core.errors import VideoError
from stridecare.core.gait import pipeline
from stridecare.core.gait.pose import Roi, _crop
from stridecare.core.gait.video import DecodedFrame, iter_frames

from .conftest import RUNNING


def _old_shift(a: np.ndarray, b: np.ndarray) -> float:
    fa, fb = np.fft.fft2(a - a.mean()), np.fft.fft2(b - b.mean())
    cross = fa * np.conj(fb)
    cross /= np.abs(cross) + 1e-9
    corr = np.abs(np.fft.ifft2(cross))
    dy, dx = np.unravel_index(int(np.argmax(corr)), corr.shape)
    dx = dx - a.shape[1] if dx > a.shape[1] // 2 else dx
    dy = dy - a.shape[0] if dy > a.shape[0] // 2 else dy
    return float(np.hypot(dx, dy))


def test_shift_from_reused_spectra_is_the_same() -> None:
    rng = np.random.default_rng(1)
    frames = [rng.random((90, 160)) * 255 for _ in range(6)]
    frames[3] = np.roll(frames[2], 7, axis=1)
    spectra = [pipeline._spectrum(f) for f in frames]
    for i in range(1, len(frames)):
        assert pipeline._shift_from_spectra(spectra[i - 1], spectra[i], frames[i].shape) == _old_shift(
            frames[i - 1], frames[i]
        )


def test_prefetched_frames_are_the_decoded_frames() -> None:
    plain = [(f.index, f.time_s, f.image.copy()) for f in iter_frames(RUNNING)]
    ahead = [(f.index, f.time_s, f.image) for f in pipeline.prefetched(iter_frames(RUNNING), 3)]
    assert len(ahead) == len(plain) == 47
    for (i, t, a), (j, u, b) in zip(plain, ahead, strict=True):
        assert i == j and t == u and np.array_equal(a, b)


def test_prefetch_raises_where_decoding_failed_and_stops_when_left() -> None:
    def broken():
        for i in range(3):
            yield DecodedFrame(i, i / 30, np.zeros((2, 2, 3), np.uint8))
        raise VideoError("x.mp4", "decoding stops after 3 frames")

    seen = []
    with pytest.raises(VideoError, match="after 3 frames"):
        for frame in pipeline.prefetched(broken(), 2):
            seen.append(frame.index)
    assert seen == [0, 1, 2]
    for frame in pipeline.prefetched(iter_frames(RUNNING), 2):
        if frame.index == 1:
            break
    deadline = time.monotonic() + 5
    while any(t.name == "gait-decode" for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(t.name == "gait-decode" for t in threading.enumerate())


def test_crop_from_a_shared_picture_is_the_same() -> None:
    frame = (np.random.default_rng(2).random((352, 480, 3)) * 255).astype(np.uint8)
    roi = Roi(200.0, 180.0, 230.0, 0.3)
    assert np.array_equal(_crop(frame, roi, 256), _crop(frame, roi, 256, Image.fromarray(frame)))


def test_crop_of_the_roi_region_alone_is_the_crop_of_the_whole_frame() -> None:
    """Tracked frames crop from the pixels under the ROI only; any ROI (turned, partly or wholly
    outside the frame, larger than it) gives the same pixels as cropping the whole picture."""
    rng = np.random.default_rng(3)
    frame = rng.integers(0, 256, (360, 640, 3), dtype=np.uint8)
    picture = Image.fromarray(frame)
    for _ in range(80):
        roi = Roi(
            float(rng.uniform(-150, 790)),
            float(rng.uniform(-150, 510)),
            float(rng.uniform(20, 800)),
            float(rng.uniform(-np.pi, np.pi)),
        )
        assert np.array_equal(_crop(frame, roi, 256), _crop(frame, roi, 256, picture)), roi


def test_analysis_is_identical_with_and_without_decoding_ahead(monkeypatch: pytest.MonkeyPatch, models) -> None:
    monkeypatch.setenv("STRIDECARE_POSE_THREADS", "1")
    ahead = pipeline.analyse_video(RUNNING, "full")
    monkeypatch.setattr(pipeline, "PREFETCH_FRAMES", 0)
    plain = pipeline.analyse_video(RUNNING, "full")
    assert np.array_equal(ahead.landmarks_px, plain.landmarks_px, equal_nan=True)
    assert np.array_equal(ahead.visibility, plain.visibility)
    assert ahead.report.to_dict() == plain.report.to_dict()
