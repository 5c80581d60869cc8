"""Keypoints exported by other pose tools, into the same analysis (issue 17 item 4).

- OpenPose: a folder of per-frame ``*_keypoints.json`` files (BODY_25, which has the feet), or one
  such file per frame given as a folder. Pixels, y down. The frame rate is not in the files: ``fps``.
- MediaPipe / BlazePose landmarks as JSON: a list of frames (or ``{"frames": [...]}``), each a list
  of 33 landmarks or an object with ``landmarks`` / ``pose_landmarks``; a landmark is
  ``{"x", "y", "visibility"}`` (or ``[x, y, z, visibility]``), normalised to the picture (0-1, then
  ``width``/``height`` are needed, in the file or as ``frame_size``) or in pixels. Times from a
  frame's ``time_s`` / ``timestamp_ms``, else ``fps`` (in the file or given).
- Pose2Sim / Sports2D / OpenCap ``.trc``: ``trc.read_trc``.

Every reader gives a ``KeypointSeries`` with y up; a bad file raises ``KeypointFileError`` that
names the file and what is wrong.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import numpy as np
from numpy.typing import NDArray

from stridecare.core.errors import InputError
from stridecare.core.gait.keypoints import INDEX, KEYPOINTS, KeypointSeries
from stridecare.core.gait.pose import BLAZEPOSE_TO_KEYPOINT, N_LANDMARKS

MAX_FILE_BYTES = 64 * 1024 * 1024
MIN_FRAMES = 10
MIN_CONFIDENCE = 0.1  # OpenPose writes 0 (and x = y = 0) for a keypoint it did not find

# OpenPose BODY_25 order (openpose/doc/02_output.md)
BODY_25: dict[str, int] = {
    "Nose": 0,
    "Neck": 1,
    "RShoulder": 2,
    "LShoulder": 5,
    "RHip": 9,
    "RKnee": 10,
    "RAnkle": 11,
    "LHip": 12,
    "LKnee": 13,
    "LAnkle": 14,
    "LBigToe": 19,
    "LSmallToe": 20,
    "LHeel": 21,
    "RBigToe": 22,
    "RSmallToe": 23,
    "RHeel": 24,
}


class KeypointFileError(InputError):
    """A keypoint export could not be read: says which file and what is wrong."""


def read_keypoints(
    path: pathlib.Path, fps: float | None = None, frame_size: tuple[int, int] | None = None
) -> KeypointSeries:
    """Any supported keypoint export, chosen by what ``path`` is (folder, .json, .trc)."""
    if path.is_dir():
        return read_openpose(path, fps)
    suffix = path.suffix.lower()
    if suffix == ".trc":
        from stridecare.core.gait.trc import read_trc

        return read_trc(path)
    if suffix == ".json":
        data = _load_json(path)
        if isinstance(data, dict) and "people" in data:
            raise KeypointFileError(
                f"{path.name}: one OpenPose frame; give the folder that holds every frame's *_keypoints.json"
            )
        return _mediapipe(path.name, data, fps, frame_size)
    if not path.exists():
        raise KeypointFileError(f"{path.name}: no such file or folder")
    raise KeypointFileError(
        f"{path.name}: unknown keypoint format (expected an OpenPose folder, a MediaPipe .json or a .trc file)"
    )


def read_openpose(folder: pathlib.Path, fps: float | None) -> KeypointSeries:
    """A folder of OpenPose per-frame JSON files, in frame order (the number in each name)."""
    name = folder.name
    if fps is None or not 1.0 <= fps <= 2000.0:
        raise KeypointFileError(f"{name}: OpenPose files carry no frame rate; give the video's frames per second")
    files = sorted(folder.glob("*.json"), key=_frame_number)
    if not files:
        raise KeypointFileError(f"{name}: no OpenPose *_keypoints.json files in the folder")
    n = len(files)
    xy = np.full((n, len(KEYPOINTS), 2), np.nan)
    vis = np.zeros((n, len(KEYPOINTS)))
    previous: NDArray[np.float64] | None = None
    for f, file in enumerate(files):
        data = _load_json(file)
        if not isinstance(data, dict) or not isinstance(data.get("people"), list):
            raise KeypointFileError(f"{file.name}: not an OpenPose keypoint file (no 'people' list)")
        people = []
        for person in data["people"]:
            values = person.get("pose_keypoints_2d") if isinstance(person, dict) else None
            if not isinstance(values, list) or not values:
                continue
            if len(values) % 3 or len(values) // 3 != 25:
                raise KeypointFileError(
                    f"{file.name}: {len(values) // 3} body keypoints per person; the BODY_25 model (25, with "
                    "heels and toes) is needed for foot contacts"
                )
            people.append(_numbers(file.name, values).reshape(25, 3))
        if not people:
            continue
        chosen = _follow(people, previous)
        previous = chosen
        for key, index in BODY_25.items():
            x, y, c = chosen[index]
            if c >= MIN_CONFIDENCE:
                xy[f, INDEX[key]] = (x, -y)  # y up
                vis[f, INDEX[key]] = min(float(c), 1.0)
    return _finish(name, np.arange(n) / fps, xy, vis)


def _frame_number(path: pathlib.Path) -> tuple[int, str]:
    digits = re.findall(r"\d+", path.stem)
    return (int(digits[-1]) if digits else -1, path.name)


def _follow(people: list[NDArray[np.float64]], previous: NDArray[np.float64] | None) -> NDArray[np.float64]:
    """The person to follow: the most confident at first, then the one nearest the last one's hips."""
    if previous is None:
        return max(people, key=lambda p: float(p[:, 2].sum()))

    def hips(p: NDArray[np.float64]) -> NDArray[np.float64]:
        rows = p[[9, 12]]
        ok = rows[:, 2] >= MIN_CONFIDENCE
        return rows[ok, :2].mean(axis=0) if ok.any() else np.array([np.inf, np.inf])

    last = hips(previous)
    if not np.isfinite(last).all():
        return max(people, key=lambda p: float(p[:, 2].sum()))
    return min(people, key=lambda p: float(np.linalg.norm(hips(p) - last)))


def _mediapipe(name: str, data: Any, fps: float | None, frame_size: tuple[int, int] | None) -> KeypointSeries:
    meta: dict[str, Any] = data if isinstance(data, dict) else {}
    frames = meta.get("frames") if isinstance(data, dict) else data
    if not isinstance(frames, list) or not frames:
        raise KeypointFileError(f"{name}: no frames (expected a list of frames, or an object with 'frames')")
    fps = fps or _positive(meta.get("fps"))
    width = _positive(meta.get("width")) or (frame_size[0] if frame_size else None)
    height = _positive(meta.get("height")) or (frame_size[1] if frame_size else None)
    n = len(frames)
    raw = np.full((n, N_LANDMARKS, 3), np.nan)
    times = np.full(n, np.nan)
    for f, frame in enumerate(frames):
        landmarks = frame
        if isinstance(frame, dict):
            times[f] = _frame_time(name, f, frame)
            landmarks = frame.get("landmarks", frame.get("pose_landmarks"))
            if isinstance(landmarks, list) and landmarks and isinstance(landmarks[0], list) and len(landmarks) < 5:
                landmarks = landmarks[0]  # a list of people: the first (MediaPipe sorts by score)
        if landmarks is None or landmarks == []:
            continue  # no person in this frame
        if not isinstance(landmarks, list) or len(landmarks) != N_LANDMARKS:
            count = len(landmarks) if isinstance(landmarks, list) else 0
            raise KeypointFileError(f"{name}: frame {f} has {count} landmarks; BlazePose gives {N_LANDMARKS}")
        for k, point in enumerate(landmarks):
            raw[f, k] = _landmark(name, f, point)
    if np.isnan(times).all():
        if fps is None:
            raise KeypointFileError(f"{name}: no frame times and no frame rate; give the video's frames per second")
        times = np.arange(n) / fps
    elif np.isnan(times).any() or (np.diff(times) <= 0).any():
        raise KeypointFileError(f"{name}: frame times are missing on some frames or do not increase")
    xy_all = raw[:, :, :2]
    finite = np.isfinite(xy_all)
    if not finite.any():
        raise KeypointFileError(f"{name}: no landmarks in any frame")
    if float(np.nanmax(np.abs(xy_all))) <= 2.0:  # normalised to the picture
        if width is None or height is None:
            raise KeypointFileError(
                f"{name}: landmarks are normalised (0-1) but the picture size is unknown; give width and height"
            )
        xy_all = xy_all * np.array([width, height])
    xy = np.full((n, len(KEYPOINTS), 2), np.nan)
    vis = np.zeros((n, len(KEYPOINTS)))
    for key, index in BLAZEPOSE_TO_KEYPOINT.items():
        xy[:, INDEX[key], 0] = xy_all[:, index, 0]
        xy[:, INDEX[key], 1] = -xy_all[:, index, 1]
        vis[:, INDEX[key]] = np.where(np.isfinite(raw[:, index, 2]), raw[:, index, 2], 0.0)
    return _finish(name, times, xy, vis)


def _frame_time(name: str, f: int, frame: dict[str, Any]) -> float:
    if "time_s" in frame:
        return _number(name, f, frame["time_s"])
    if "timestamp_ms" in frame:
        return _number(name, f, frame["timestamp_ms"]) / 1000.0
    return np.nan


def _landmark(name: str, f: int, point: Any) -> tuple[float, float, float]:
    if isinstance(point, dict):
        if "x" not in point or "y" not in point:
            raise KeypointFileError(f"{name}: frame {f} has a landmark without x and y")
        vis = point.get("visibility", point.get("presence", 1.0))
        return _number(name, f, point["x"]), _number(name, f, point["y"]), _number(name, f, vis)
    if isinstance(point, list) and len(point) >= 2:
        vis = point[3] if len(point) >= 4 else 1.0
        return _number(name, f, point[0]), _number(name, f, point[1]), _number(name, f, vis)
    raise KeypointFileError(f"{name}: frame {f} has a landmark that is neither {{x, y}} nor [x, y, ...]")


def _number(name: str, f: int, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
        raise KeypointFileError(f"{name}: frame {f} holds {value!r} where a number belongs")
    return float(value)


def _numbers(name: str, values: list[Any]) -> NDArray[np.float64]:
    try:
        out = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise KeypointFileError(f"{name}: pose_keypoints_2d holds values that are not numbers") from e
    if not np.isfinite(out).all():
        raise KeypointFileError(f"{name}: pose_keypoints_2d holds values that are not finite numbers")
    return out


def _positive(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) and value > 0 else None


def _load_json(path: pathlib.Path) -> Any:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise KeypointFileError(f"{path.name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise KeypointFileError(f"{path.name}: cannot read the file ({e.strerror})") from e
    except UnicodeDecodeError as e:
        raise KeypointFileError(f"{path.name}: not a text file (JSON expected)") from e
    except json.JSONDecodeError as e:
        raise KeypointFileError(f"{path.name}: not valid JSON (line {e.lineno}: {e.msg})") from e


def _finish(name: str, times: NDArray[np.float64], xy: NDArray[np.float64], vis: NDArray[np.float64]) -> KeypointSeries:
    for side in "LR":
        small, big = INDEX[f"{side}SmallToe"], INDEX[f"{side}BigToe"]
        missing = ~np.isfinite(xy[:, small, 0])
        xy[missing, small], vis[missing, small] = xy[missing, big], vis[missing, big]
    neck = INDEX["Neck"]
    missing = ~np.isfinite(xy[:, neck, 0])
    mid = 0.5 * (xy[:, INDEX["LShoulder"]] + xy[:, INDEX["RShoulder"]])
    xy[missing, neck] = mid[missing]
    vis[missing, neck] = np.minimum(vis[missing, INDEX["LShoulder"]], vis[missing, INDEX["RShoulder"]])
    found = np.isfinite(xy[:, INDEX["LHip"], 0]) | np.isfinite(xy[:, INDEX["RHip"], 0])
    if found.sum() < MIN_FRAMES:
        raise KeypointFileError(
            f"{name}: a person with hips, knees and feet is found in only {int(found.sum())} of {len(times)} frames "
            f"(at least {MIN_FRAMES} needed)"
        )
    return KeypointSeries(times.astype(np.float64), xy, vis, "px", None, name, origin="video")
