"""Decode a video with PyAV frame by frame: container timestamps (variable frame rate) and the
rotation of the display matrix (portrait phone videos), never holding the whole video in memory.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterator
from dataclasses import dataclass

import av
import numpy as np
from numpy.typing import NDArray

from stridecare.core.errors import VideoError

IMAGE_FORMATS = {"png_pipe", "jpeg_pipe", "image2", "webp_pipe", "bmp_pipe", "gif", "tiff_pipe", "mjpeg"}


@dataclass(frozen=True, slots=True)
class VideoInfo:
    """What the container says: size after rotation, nominal frame rate, duration, rotation."""

    path: pathlib.Path
    width_px: int
    height_px: int
    fps: float
    duration_s: float
    frame_count: int
    rotation_deg: int
    codec: str


@dataclass(frozen=True, slots=True)
class DecodedFrame:
    """One upright RGB frame with its presentation time in seconds from the first frame."""

    index: int
    time_s: float
    image: NDArray[np.uint8]


def probe_video(path: pathlib.Path) -> VideoInfo:
    """Open the file and read its first frame: raises VideoError for anything that is not a video."""
    container = _open(path)
    try:
        stream = _video_stream(container, path)
        if container.format.name in IMAGE_FORMATS or (stream.frames == 1):
            raise VideoError(path.name, "this is a still image, not a video; upload a video of the runner")
        first = _first_frame(container, path)
        rotation = _rotation(first)
        width, height = first.width, first.height
        if rotation in (90, 270):
            width, height = height, width
        fps = float(stream.average_rate or stream.guessed_rate or 0.0)
        duration_s = _duration(container, stream)
        frames = stream.frames or int(round(duration_s * fps))
        return VideoInfo(path, width, height, fps, duration_s, frames, rotation, stream.codec_context.name)
    finally:
        container.close()


def iter_frames(path: pathlib.Path) -> Iterator[DecodedFrame]:
    """Yield upright RGB frames with container timestamps (seconds from the first frame)."""
    container = _open(path)
    try:
        stream = _video_stream(container, path)
        stream.thread_type = "AUTO"
        start: float | None = None
        index = 0
        try:
            for frame in container.decode(stream):
                t: float | None = frame.time  # None for a frame without a timestamp, whatever the stubs say
                if t is None:
                    t = index / float(stream.average_rate or 30)
                if start is None:
                    start = t
                image: NDArray[np.uint8] = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
                k = (_rotation(frame) // 90) % 4
                if k:
                    image = np.ascontiguousarray(np.rot90(image, k=k))
                yield DecodedFrame(index, float(t - start), image)
                index += 1
        except av.error.FFmpegError as e:
            if index == 0:
                raise VideoError(
                    path.name, f"the video data cannot be decoded ({e.strerror}); is the file corrupted?"
                ) from e
            raise VideoError(
                path.name, f"decoding stops after {index} frames ({e.strerror}); the file is truncated or corrupted"
            ) from e
        if index == 0:
            raise VideoError(path.name, "the video has no frames; the file is truncated or empty")
    finally:
        container.close()


def _open(path: pathlib.Path) -> av.container.InputContainer:
    if not path.is_file():
        raise VideoError(path.name, "file not found")
    try:
        return av.open(str(path), mode="r")
    except av.error.FFmpegError as e:
        raise VideoError(path.name, f"not a video file that can be read ({e.strerror}); use MP4 or MOV") from e


def _video_stream(container: av.container.InputContainer, path: pathlib.Path) -> av.video.stream.VideoStream:
    if not container.streams.video:
        container.close()
        raise VideoError(path.name, "the file has no video track")
    return container.streams.video[0]


def _first_frame(container: av.container.InputContainer, path: pathlib.Path) -> av.VideoFrame:
    try:
        for frame in container.decode(video=0):
            return frame
    except av.error.FFmpegError as e:
        raise VideoError(path.name, f"the video data cannot be decoded ({e.strerror}); is the file corrupted?") from e
    raise VideoError(path.name, "the video has no frames; the file is truncated or empty")


def _rotation(frame: av.VideoFrame) -> int:
    rotation = getattr(frame, "rotation", 0) or 0
    return int(round(rotation / 90.0)) * 90 % 360


def _duration(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration / av.time_base)
    return 0.0
