"""Video -> gait report: decode (PyAV), pose (BlazePose on LiteRT, tracked), keypoints, analysis,
and optionally the key-frame images and the overlay video (issue 9 items 2-4).

Frames are streamed: memory stays flat in video length (only landmarks are kept per frame).
"""

from __future__ import annotations

import pathlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from queue import Empty, Full, Queue

import numpy as np
from numpy.typing import NDArray

from stridecare.core.errors import VideoError
from stridecare.core.gait.analysis import GaitReport, analyse_keypoints
from stridecare.core.gait.flag_settings import REFERENCE_DEFAULTS, GaitFlagSettings
from stridecare.core.gait.frames import strip_from_series, swapped_frames
from stridecare.core.gait.keypoints import INDEX, KEYPOINTS, KeypointSeries
from stridecare.core.gait.legs import fix_leg_swaps, name_near_leg
from stridecare.core.gait.metrics import detect_view
from stridecare.core.gait.pose import BLAZEPOSE_TO_KEYPOINT, N_LANDMARKS, BlazePoseEstimator, PoseEstimator
from stridecare.core.gait.pose_models import ModelName
from stridecare.core.gait.video import DecodedFrame, VideoInfo, iter_frames, probe_video

MIN_DURATION_S = 1.5
MIN_PERSON_SHARE = 0.2  # a person must be found in at least this share of frames
# Count people in view once per second of video (four detector runs on a wide frame): often enough
# for a second person crossing the frame, and a cost that does not grow with the frame rate.
PEOPLE_CHECK_S = 1.0
CAMERA_SHIFT_PCT = 0.5  # median background shift per frame above this share of width = moving camera
OUT_OF_FRAME_SHARE = 0.2
TRUNCATED_SHARE = 0.9  # fewer decodable frames than this share of the header's count: truncated
# A frame whose picture around the runner is the same as the frame before (mean grey-level change
# below this, of 255) is a repeat: a frozen start, or a frame-rate conversion that duplicates
# frames. Repeats measure 0.00-0.01 (H.264 skips, MPEG-4 re-encodes); real frames of the shared
# clips 1 or more. Kept low so that a slow-motion clip (little change between real frames, but
# sensor noise) is not taken for repeats.
REPEAT_DIFF = 0.1


@dataclass(frozen=True, slots=True)
class VideoAnalysis:
    """The report plus what rendering needs: per-frame landmarks in image pixels (y down)."""

    report: GaitReport
    info: VideoInfo
    landmarks_px: NDArray[np.float64]  # (frames, 33, 2), NaN where no person, legs named by geometry
    visibility: NDArray[np.float64]  # (frames, 33)
    times_s: NDArray[np.float64]


def analyse_video(
    path: pathlib.Path,
    model: ModelName = "full",
    height_cm: float | None = None,
    estimator: PoseEstimator | None = None,
    flag_settings: GaitFlagSettings = REFERENCE_DEFAULTS,
) -> VideoAnalysis:
    """Analyse one video of a runner; raises VideoError for bad input, ModelError without the model.

    ``flag_settings``: the [H] thresholds of the 6.4 flags (REFERENCE.md's, or a clinic's own).
    """
    info = probe_video(path)
    if info.duration_s < MIN_DURATION_S:
        raise VideoError(
            path.name,
            f"the clip is only {info.duration_s:.1f} s long; record at least {MIN_DURATION_S:.1f} s "
            "(ideally 10 steps per side, REFERENCE.md 6.2)",
        )
    tracked = _run_pose(path, estimator if estimator is not None else BlazePoseEstimator(model))
    _check_tracked(path, info, tracked)
    landmarks, visibility = tracked.landmarks, tracked.visibility
    series = to_keypoint_series(tracked.times_s, landmarks, visibility, info.height_px, path.name)
    swapped = np.zeros(len(tracked.times_s), dtype=bool)
    if detect_view(series).startswith("sagittal"):
        repaired, z, visibility, _ = fix_leg_swaps(landmarks, tracked.depth, visibility)
        swapped = swapped_frames(landmarks, repaired, 23, 24)
        landmarks, z, visibility, _ = name_near_leg(repaired, z, visibility)
    warnings = _video_warnings(info, landmarks, visibility, tracked.people_max, tracked.shifts)
    person = _describe_person(info, tracked.first_seen, tracked.people_max)
    if tracked.people_max > 1:
        warnings.insert(
            0, f"{tracked.people_max} people in view: followed {person['description']}; the others were ignored"
        )
    skip = skip_repeats(tracked.repeated)
    timed, timed_vis = landmarks.copy(), visibility.copy()
    timed[skip], timed_vis[skip] = np.nan, 0.0
    if skip.any():
        warnings.append(
            f"{int(skip.sum())} repeated frame{'s' if skip.sum() != 1 else ''} (the same picture as the frame before: "
            "a frozen start or a frame-rate conversion) left out of the timing"
        )
    series = to_keypoint_series(tracked.times_s, timed, timed_vis, info.height_px, path.name)
    picture = (info.width_px, info.height_px)
    shown = to_keypoint_series(tracked.times_s, landmarks, visibility, info.height_px, path.name)
    strip = strip_from_series(shown, picture, swapped)
    report = analyse_keypoints(series, height_cm, tuple(warnings), person, flag_settings, strip, picture)
    return VideoAnalysis(report, info, landmarks, visibility, tracked.times_s)


@dataclass(frozen=True, slots=True)
class _Tracked:
    """Per-frame pose results of one pass over the video."""

    times_s: NDArray[np.float64]
    landmarks: NDArray[np.float64]
    depth: NDArray[np.float64]
    visibility: NDArray[np.float64]
    people_max: int
    first_seen: tuple[int, float, float, float] | None
    shifts: list[float]
    repeated: NDArray[np.bool_]


def _run_pose(path: pathlib.Path, pose: PoseEstimator) -> _Tracked:
    """Stream the frames through the pose model, keeping only landmarks (memory flat in length)."""
    times: list[float] = []
    points: list[NDArray[np.float64]] = []
    depth: list[NDArray[np.float64]] = []
    vis: list[NDArray[np.float64]] = []
    people_max = 0
    last_count_s: float | None = None
    first_seen: tuple[int, float, float, float] | None = None
    shifts: list[float] = []
    previous_gray: NDArray[np.float64] | None = None
    previous_spectrum: NDArray[np.complex128] | None = None
    repeated: list[bool] = []
    # decoding runs one frame or a few ahead in its own thread (PyAV and the model both release the
    # interpreter lock); the frames arrive in the same order with the same pixels
    for frame in prefetched(iter_frames(path), PREFETCH_FRAMES):
        result = pose.estimate(frame.image)
        times.append(frame.time_s)
        if result is None:
            points.append(np.full((N_LANDMARKS, 2), np.nan))
            depth.append(np.full(N_LANDMARKS, np.nan))
            vis.append(np.zeros(N_LANDMARKS))
        else:
            points.append(result.xy_px)
            depth.append(result.z_px)
            vis.append(result.visibility)
            if first_seen is None:
                first_seen = (frame.index, result.roi.cx, result.roi.cy, result.roi.size)
        if isinstance(pose, BlazePoseEstimator) and (
            last_count_s is None or frame.time_s - last_count_s >= PEOPLE_CHECK_S
        ):
            people_max = max(people_max, pose.count_people(frame.image))
            last_count_s = frame.time_s
        gray = _small_gray(frame.image)
        spectrum = _spectrum(gray)  # each frame's spectrum once, not once as "now" and once as "before"
        if previous_gray is not None and previous_spectrum is not None:
            shift = _shift_from_spectra(previous_spectrum, spectrum, gray.shape)
            shifts.append(shift * frame.image.shape[1] / gray.shape[1])
            repeated.append(_same_picture(previous_gray, gray, points[-2:], frame.image.shape[1] / gray.shape[1]))
        else:
            repeated.append(False)
        previous_gray, previous_spectrum = gray, spectrum
    return _Tracked(
        np.asarray(times),
        np.asarray(points),
        np.asarray(depth),
        np.asarray(vis),
        people_max,
        first_seen,
        shifts,
        np.asarray(repeated, dtype=bool),
    )


def _same_picture(
    before: NDArray[np.float64], now: NDArray[np.float64], landmarks: list[NDArray[np.float64]], step: float
) -> bool:
    """True when the picture around the person (both frames' landmarks, thumbnail scale) did not change."""
    points = np.concatenate(landmarks)
    points = points[np.isfinite(points).all(axis=1)] / step
    if len(points) == 0:
        return False
    x0, y0 = np.maximum(np.floor(points.min(axis=0)).astype(int) - 1, 0)
    x1, y1 = np.ceil(points.max(axis=0)).astype(int) + 2
    a, b = before[y0:y1, x0:x1], now[y0:y1, x0:x1]
    return a.size > 0 and float(np.mean(np.abs(a - b))) < REPEAT_DIFF


def skip_repeats(repeated: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Frames to leave out of the timing: each repeat of the frame before it, except that a run of
    repeats at the very start (a frozen first picture) keeps its last frame, the one whose time the
    picture belongs to (the motion continues from there in the next frame)."""
    skip = repeated.copy()
    if len(skip) > 1 and skip[1]:
        run = 1
        while run < len(skip) and skip[run]:
            run += 1
        skip[: run - 1] = True  # frames 0 .. run-2 left out, frame run-1 kept
        skip[run - 1] = False
    return skip


def _check_tracked(path: pathlib.Path, info: VideoInfo, tracked: _Tracked) -> None:
    if info.frame_count and len(tracked.times_s) < TRUNCATED_SHARE * info.frame_count:
        raise VideoError(
            path.name,
            f"the file ends after {len(tracked.times_s)} of {info.frame_count} frames; it is truncated "
            "(was the upload interrupted?)",
        )
    found = np.isfinite(tracked.landmarks[:, 0, 0])
    if found.mean() < MIN_PERSON_SHARE or found.sum() < 10:
        raise VideoError(
            path.name,
            f"no runner found: a person was detected in {found.sum()} of {len(found)} frames; film the runner "
            "side-on with the whole body in frame (REFERENCE.md 6.2)",
        )


def to_keypoint_series(
    times_s: NDArray[np.float64],
    landmarks_px: NDArray[np.float64],
    visibility: NDArray[np.float64],
    image_height_px: int,
    source: str,
) -> KeypointSeries:
    """BlazePose landmarks (image pixels, y down) -> HALPE-named keypoints with y up."""
    n = len(times_s)
    xy = np.full((n, len(KEYPOINTS), 2), np.nan)
    vis = np.zeros((n, len(KEYPOINTS)))
    for name, index in BLAZEPOSE_TO_KEYPOINT.items():
        xy[:, INDEX[name], 0] = landmarks_px[:, index, 0]
        xy[:, INDEX[name], 1] = image_height_px - landmarks_px[:, index, 1]
        vis[:, INDEX[name]] = visibility[:, index]
    for side in "LR":
        xy[:, INDEX[f"{side}SmallToe"]] = xy[:, INDEX[f"{side}BigToe"]]
        vis[:, INDEX[f"{side}SmallToe"]] = vis[:, INDEX[f"{side}BigToe"]]
    xy[:, INDEX["Neck"]] = 0.5 * (xy[:, INDEX["LShoulder"]] + xy[:, INDEX["RShoulder"]])
    vis[:, INDEX["Neck"]] = np.minimum(vis[:, INDEX["LShoulder"]], vis[:, INDEX["RShoulder"]])
    return KeypointSeries(times_s, xy, vis, "px", None, source, origin="video")


def _describe_person(info: VideoInfo, first: tuple[int, float, float, float] | None, people: int) -> dict[str, object]:
    if first is None:
        return {}
    frame, cx, cy, size = first
    x_pct, y_pct = 100.0 * cx / info.width_px, 100.0 * cy / info.height_px
    horizontal = "left" if x_pct < 33 else "right" if x_pct > 67 else "centre"
    vertical = "top" if y_pct < 33 else "bottom" if y_pct > 67 else "middle"
    return {
        "description": f"the person first found in frame {frame} at the {vertical} {horizontal} of the picture "
        f"(hips at x={x_pct:.0f}%, y={y_pct:.0f}%)",
        "first_frame": int(frame),
        "hip_x_pct": round(x_pct, 1),
        "hip_y_pct": round(y_pct, 1),
        "people_in_view": int(max(people, 1)),
    }


def _video_warnings(
    info: VideoInfo,
    landmarks: NDArray[np.float64],
    visibility: NDArray[np.float64],
    people: int,
    shifts: list[float],
) -> list[str]:
    out: list[str] = []
    lower = [23, 24, 25, 26, 27, 28, 29, 30, 31, 32]
    xy = landmarks[:, lower, :]
    found = np.isfinite(xy[:, 0, 0])
    outside = (xy[..., 0] < 0) | (xy[..., 0] > info.width_px) | (xy[..., 1] < 0) | (xy[..., 1] > info.height_px)
    share_out = float(np.mean(outside[found].any(axis=1))) if found.any() else 0.0
    missing = 1.0 - float(found.mean())
    if share_out + missing > OUT_OF_FRAME_SHARE:
        out.append(
            f"runner partly out of frame or not found in {100 * (share_out * found.mean() + missing):.0f}% of frames; "
            "keep the whole body in the picture (REFERENCE.md 6.2)"
        )
    if shifts and float(np.median(np.abs(shifts))) > CAMERA_SHIFT_PCT / 100.0 * info.width_px:
        out.append("the camera seems to move (the background shifts between frames); use a tripod or a fixed phone")
    return out


def _small_gray(image: NDArray[np.uint8]) -> NDArray[np.float64]:
    step = max(1, image.shape[1] // 160)
    return np.asarray(image[::step, ::step].mean(axis=2), dtype=np.float64)


def _shift_px(a: NDArray[np.float64], b: NDArray[np.float64]) -> float:
    """Horizontal background shift between two small grey frames by phase correlation."""
    return _shift_from_spectra(_spectrum(a), _spectrum(b), a.shape)


def _spectrum(gray: NDArray[np.float64]) -> NDArray[np.complex128]:
    return np.fft.fft2(gray - gray.mean())


def _shift_from_spectra(fa: NDArray[np.complex128], fb: NDArray[np.complex128], shape: tuple[int, ...]) -> float:
    cross = fa * np.conj(fb)
    cross /= np.abs(cross) + 1e-9
    corr = np.abs(np.fft.ifft2(cross))
    dy, dx = np.unravel_index(int(np.argmax(corr)), corr.shape)
    dx = dx - shape[1] if dx > shape[1] // 2 else dx
    dy = dy - shape[0] if dy > shape[0] // 2 else dy
    return float(np.hypot(dx, dy))


PREFETCH_FRAMES = 3  # decoded frames waiting for the model: 3 x 6 MB at 1080p


def prefetched(frames: Iterator[DecodedFrame], depth: int = PREFETCH_FRAMES) -> Iterator[DecodedFrame]:
    """The same frames, decoded by a worker thread up to ``depth`` ahead of the consumer.

    Each image is copied in the worker (the decoder may reuse a buffer for a later frame). An
    error while decoding is raised here, at the frame where it happened; when the consumer stops
    early the worker is told to stop and the file is closed.
    """
    if depth <= 0:
        yield from frames
        return
    queue: Queue[tuple[str, object]] = Queue(maxsize=depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for frame in frames:
                item = ("frame", DecodedFrame(frame.index, frame.time_s, np.array(frame.image, copy=True)))
                while not stop.is_set():
                    try:
                        queue.put(item, timeout=0.1)
                        break
                    except Full:
                        continue
                if stop.is_set():
                    break
            else:
                queue.put(("end", None))
        except BaseException as e:  # handed to the consumer, raised there
            queue.put(("error", e))
        finally:
            close = getattr(frames, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=work, name="gait-decode", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = queue.get()
            if kind == "end":
                return
            if kind == "error":
                assert isinstance(value, BaseException)
                raise value
            assert isinstance(value, DecodedFrame)
            yield value
    finally:
        stop.set()
        while worker.is_alive():
            try:
                queue.get_nowait()
            except Empty:
                worker.join(timeout=0.05)
