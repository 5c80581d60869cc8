"""Test helper: derived copies of the shared running clip made with PyAV in a temporary folder
(variable frame rate, re-encoded, mirrored), each keeping the source's frame timestamps."""

from __future__ import annotations

import pathlib
from fractions import Fraction

import av
import numpy as np

FF_QP2LAMBDA = 118  # libavcodec: quantiser -> lambda
TIME_BASE = Fraction(1, 30000)  # 29.97 fps frames fall on it exactly; MPEG-4 allows at most 65535


def _decoded(source: pathlib.Path) -> list[tuple[float, np.ndarray]]:
    with av.open(str(source)) as container:
        stream = container.streams.video[0]
        # own a copy of each image: PyAV may reuse the buffer behind an ndarray for a later frame
        return [(float(frame.time), frame.to_ndarray(format="rgb24").copy()) for frame in container.decode(stream)]


def _write(path: pathlib.Path, frames: list[tuple[float, np.ndarray]], rate: Fraction) -> None:
    height, width = frames[0][1].shape[:2]
    t0 = frames[0][0]
    with av.open(str(path), "w") as container:
        # MPEG-4 part 2: libx264 gave a slightly different file on each run (hence different
        # landmarks and cadences), which made these tests flaky; the point here is the timestamps.
        # A fixed quantiser of 2 (high quality, as a phone's or an editor's export), one thread:
        # the same bytes on every run. (An "options" qscale is silently ignored: the copies were
        # then made at the encoder's default 200 kbit/s, far below the source's 290 kbit/s H.264.)
        stream = container.add_stream("mpeg4", rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.thread_count = 1
        stream.codec_context.flags |= av.codec.context.Flags.qscale
        stream.codec_context.global_quality = 2 * FF_QP2LAMBDA
        stream.time_base = TIME_BASE
        stream.codec_context.time_base = TIME_BASE
        for time_s, image in frames:
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts = int(round((time_s - t0) / TIME_BASE))
            frame.time_base = TIME_BASE
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def vfr_copy(source: pathlib.Path, path: pathlib.Path) -> list[int]:
    """Drop every third frame (indices 2, 5, 8, ...), keeping the others' timestamps; returns the
    source frame index of each frame written."""
    frames = _decoded(source)
    kept = [i for i in range(len(frames)) if i % 3 != 2]
    _write(path, [frames[i] for i in kept], Fraction(30000, 1001))
    return kept


def reencoded_copy(source: pathlib.Path, path: pathlib.Path) -> None:
    """Every frame re-encoded with libx264 at 30000/1001 fps."""
    frames = _decoded(source)
    _write(path, frames, Fraction(30000, 1001))


def mirrored_copy(source: pathlib.Path, path: pathlib.Path) -> None:
    """Every frame flipped left-right (the runner now goes the other way)."""
    frames = [(t, np.ascontiguousarray(image[:, ::-1])) for t, image in _decoded(source)]
    _write(path, frames, Fraction(30000, 1001))


def portrait_copy(source: pathlib.Path, path: pathlib.Path) -> None:
    """Every frame in the middle of a taller black canvas (9:16, as a phone held upright)."""
    frames = _decoded(source)
    height, width = frames[0][1].shape[:2]
    tall = int(round(width * 16 / 9)) // 2 * 2
    top = (tall - height) // 2
    out = []
    for t, image in frames:
        canvas = np.zeros((tall, width, 3), dtype=np.uint8)
        canvas[top : top + height] = image
        out.append((t, canvas))
    _write(path, out, Fraction(30000, 1001))


def following_copy(source: pathlib.Path, path: pathlib.Path, hip_x_px: np.ndarray, width: int) -> None:
    """A window ``width`` wide that follows the runner's hips (a straight line fitted to them), as a
    camera beside a treadmill sees it: the body stays put and a standing foot moves backward at the
    running speed. Outside the source picture is black."""
    frames = _decoded(source)
    height, source_width = frames[0][1].shape[:2]
    seen = np.isfinite(hip_x_px)
    index = np.arange(len(frames))
    slope, intercept = np.polyfit(index[seen], hip_x_px[seen], 1)
    out = []
    for i, (t, image) in enumerate(frames):
        padded = np.zeros((height, source_width + 2 * width, 3), dtype=np.uint8)
        padded[:, width : width + source_width] = image
        left = int(round(slope * i + intercept)) + width - width // 2
        out.append((t, np.ascontiguousarray(padded[:, left : left + width])))
    _write(path, out, Fraction(30000, 1001))
