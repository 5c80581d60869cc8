"""Outputs for people: key frames per side (initial contact, mid-stance, toe-off) with the
skeleton and measured angles drawn on, and an overlay video (H.264 MP4 that browsers play).
"""

from __future__ import annotations

import fractions
import pathlib
from dataclasses import dataclass

import av
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw

from stridecare.core.errors import VideoError
from stridecare.core.gait.analysis import key_frames
from stridecare.core.gait.pipeline import VideoAnalysis
from stridecare.core.gait.video import iter_frames

LEFT_COLOUR = (255, 140, 0)
RIGHT_COLOUR = (30, 144, 255)
CENTRE_COLOUR = (240, 240, 240)
BONES: tuple[tuple[int, int], ...] = (
    (11, 12), (11, 23), (12, 24), (23, 24),
    (11, 13), (13, 15), (12, 14), (14, 16),
    (23, 25), (25, 27), (27, 29), (29, 31), (27, 31),
    (24, 26), (26, 28), (28, 30), (30, 32), (28, 32),
)  # fmt: skip
LEFT_POINTS = {11, 13, 15, 23, 25, 27, 29, 31}
RIGHT_POINTS = {12, 14, 16, 24, 26, 28, 30, 32}
ANGLE_LABELS = {
    "initial_contact": ("knee_flex_ic_deg", "shank_angle_ic_deg", "foot_strike_angle_deg"),
    "mid_stance": ("trunk_lean_deg",),
    "toe_off": ("hip_ext_to_deg",),
}


@dataclass(frozen=True, slots=True)
class RenderedOutputs:
    """Files written: key-frame PNGs by side and event, and the overlay video (or why not)."""

    key_frames: dict[str, dict[str, pathlib.Path]]
    overlay_video: pathlib.Path | None
    overlay_codec: str | None
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "key_frames": {s: {e: p.name for e, p in d.items()} for s, d in self.key_frames.items()},
            "overlay_video": self.overlay_video.name if self.overlay_video else None,
            "overlay_codec": self.overlay_codec,
            "notes": list(self.notes),
        }


def render_outputs(analysis: VideoAnalysis, out_dir: pathlib.Path, with_video: bool = True) -> RenderedOutputs:
    """Write key frames and the overlay video into ``out_dir`` (created), decoding the video again."""
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted = key_frames(analysis.report)
    by_frame: dict[int, list[tuple[str, str]]] = {}
    for side, events in wanted.items():
        for event, frame_index in events.items():
            by_frame.setdefault(frame_index, []).append((side, event))
    labels = _angle_labels(analysis)
    codec = _h264_encoder()
    notes: list[str] = []
    writer = None
    video_path = out_dir / "overlay.mp4"
    if with_video and codec is None:
        notes.append("no H.264 encoder in this PyAV build: overlay video not written")
    elif with_video:
        writer = _Writer(video_path, codec or "libx264", analysis.info.width_px, analysis.info.height_px)
    written: dict[str, dict[str, pathlib.Path]] = {}
    try:
        for frame in iter_frames(analysis.info.path):
            if frame.index >= len(analysis.landmarks_px):
                break
            image = Image.fromarray(frame.image)
            draw_skeleton(image, analysis.landmarks_px[frame.index], analysis.visibility[frame.index])
            for side, event in by_frame.get(frame.index, []):
                still = image.copy()
                _caption(
                    still,
                    f"{side} {event.replace('_', ' ')} (frame {frame.index}, {frame.time_s:.3f} s)",
                    labels.get((side, event), []),
                )
                path = out_dir / f"keyframe_{side}_{event}.png"
                still.save(path)
                written.setdefault(side, {})[event] = path
            if writer is not None:
                writer.write(np.asarray(image), frame.time_s)
    finally:
        if writer is not None:
            writer.close()
    return RenderedOutputs(
        written, video_path if writer is not None else None, codec if writer is not None else None, tuple(notes)
    )


def draw_skeleton(image: Image.Image, points: NDArray[np.float64], visibility: NDArray[np.float64]) -> None:
    """Draw BlazePose bones and joints (left orange, right blue) where the landmarks exist."""
    if not np.isfinite(points[0, 0]):
        return
    draw = ImageDraw.Draw(image)
    width = max(2, image.width // 320)
    for a, b in BONES:
        if visibility[a] < 0.3 or visibility[b] < 0.3:
            continue
        colour = LEFT_COLOUR if {a, b} <= LEFT_POINTS else RIGHT_COLOUR if {a, b} <= RIGHT_POINTS else CENTRE_COLOUR
        draw.line([tuple(points[a]), tuple(points[b])], fill=colour, width=width)
    r = width + 1
    for i in LEFT_POINTS | RIGHT_POINTS:
        if visibility[i] >= 0.3:
            x, y = points[i]
            draw.ellipse((x - r, y - r, x + r, y + r), fill=LEFT_COLOUR if i in LEFT_POINTS else RIGHT_COLOUR)


def _caption(image: Image.Image, title: str, lines: list[str]) -> None:
    draw = ImageDraw.Draw(image)
    text = "\n".join([title, *lines])
    box = draw.multiline_textbbox((6, 6), text)
    draw.rectangle((box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4), fill=(0, 0, 0))
    draw.multiline_text((6, 6), text, fill=(255, 255, 255))


def _angle_labels(analysis: VideoAnalysis) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    seen: set[str] = set()
    for record in analysis.report.stance_angles:
        if record.side in seen or record.ic_frame is None or record.to_frame is None:
            continue
        seen.add(record.side)
        for event, names in ANGLE_LABELS.items():
            out[(record.side, event)] = [
                f"{name.replace('_deg', '').replace('_', ' ')}: {record.values[name]:.0f} deg"
                for name in names
                if name in record.values
            ]
    return out


def _h264_encoder() -> str | None:
    for name in ("libx264", "libopenh264", "h264"):
        if name in av.codecs_available:
            try:
                av.codec.Codec(name, "w")
            except (av.error.FFmpegError, ValueError):
                continue
            return name
    return None


class _Writer:
    """H.264 yuv420p MP4 with the source timestamps (variable frame rate kept), fast start."""

    def __init__(self, path: pathlib.Path, codec: str, width: int, height: int) -> None:
        self._container = av.open(str(path), mode="w", options={"movflags": "faststart"})
        stream = self._container.add_stream(codec, rate=30)
        if not isinstance(stream, av.video.stream.VideoStream):
            raise VideoError("overlay.mp4", f"{codec} is not a video encoder")
        self._stream = stream
        self._stream.width, self._stream.height = width - width % 2, height - height % 2
        self._stream.pix_fmt = "yuv420p"
        if codec == "libx264":
            self._stream.options = {"preset": "veryfast", "crf": "23"}
        self._stream.codec_context.time_base = fractions.Fraction(1, 1000)
        self._last_pts = -1

    def write(self, rgb: NDArray[np.uint8], time_s: float) -> None:
        frame = av.VideoFrame.from_ndarray(
            np.ascontiguousarray(rgb[: self._stream.height, : self._stream.width]), format="rgb24"
        )
        pts = max(int(round(time_s * 1000)), self._last_pts + 1)
        frame.pts, frame.time_base = pts, fractions.Fraction(1, 1000)
        self._last_pts = pts
        try:
            for packet in self._stream.encode(frame):
                self._container.mux(packet)
        except av.error.FFmpegError as e:
            raise VideoError("overlay.mp4", f"encoding failed ({e.strerror})") from e

    def close(self) -> None:
        for packet in self._stream.encode():
            self._container.mux(packet)
        self._container.close()
