"""BlazePose on LiteRT: detect the runner, then track the region of interest from the previous
frame's landmarks, re-detecting when tracking is lost (the MediaPipe Pose pipeline, rebuilt on
``ai_edge_litert`` so no MediaPipe install is needed).

Any other pose model can be used through the ``PoseEstimator`` protocol.
"""

from __future__ import annotations

import math
import os
import pathlib
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from stridecare.core.gait.pose_models import ModelName, detector_model_path, landmark_model_path

N_LANDMARKS = 33
DETECTOR_SIZE = 224
LANDMARK_SIZE = 256
DETECTION_MIN_SCORE = 0.5
PRESENCE_MIN = 0.5
ROI_SCALE = 1.25
NMS_IOU = 0.3
# a tracked hip centre moving more than this share of the ROI in one frame is another person
MAX_JUMP_ROI = 0.35

# BlazePose indices (REFERENCE.md 6.2)
BLAZEPOSE_TO_KEYPOINT: dict[str, int] = {
    "Nose": 0,
    "LShoulder": 11,
    "RShoulder": 12,
    "LHip": 23,
    "RHip": 24,
    "LKnee": 25,
    "RKnee": 26,
    "LAnkle": 27,
    "RAnkle": 28,
    "LHeel": 29,
    "RHeel": 30,
    "LBigToe": 31,
    "RBigToe": 32,
}


@dataclass(frozen=True, slots=True)
class Roi:
    """Square rotated region in image pixels: centre, side and rotation (radians, image axes)."""

    cx: float
    cy: float
    size: float
    rotation: float


@dataclass(frozen=True, slots=True)
class Detection:
    """One person found by the detector: score, box (x0, y0, x1, y1) and the ROI it implies."""

    score: float
    box: tuple[float, float, float, float]
    roi: Roi


@dataclass(frozen=True, slots=True)
class PoseLandmarks:
    """33 BlazePose landmarks in image pixels (y down), depth ``z_px`` (smaller = nearer the camera),
    visibility 0..1 and the pose presence."""

    xy_px: NDArray[np.float64]
    z_px: NDArray[np.float64]
    visibility: NDArray[np.float64]
    presence: float
    roi: Roi


class PoseEstimator(Protocol):
    """A pose backend: one frame in, landmarks of the followed person out (None when not found)."""

    def estimate(self, frame: NDArray[np.uint8]) -> PoseLandmarks | None: ...


class BlazePoseEstimator:
    """BlazePose detector + landmark model (lite, full or heavy) with ROI tracking."""

    def __init__(self, model: ModelName = "full", directory: os.PathLike[str] | None = None) -> None:
        from ai_edge_litert.interpreter import Interpreter

        folder = None if directory is None else pathlib.Path(directory)
        # STRIDECARE_POSE_THREADS=1 gives bit-for-bit repeatable landmarks (the tests use it):
        # with several threads the inference's sums may be added up in a different order per run.
        threads = int(os.environ.get("STRIDECARE_POSE_THREADS") or max(1, os.cpu_count() or 1))
        self._detector = Interpreter(model_path=str(detector_model_path(folder)), num_threads=threads)
        self._landmarker = Interpreter(model_path=str(landmark_model_path(model, folder)), num_threads=threads)
        self._detector.allocate_tensors()
        self._landmarker.allocate_tensors()
        self._anchors = _ssd_anchors()
        self._roi: Roi | None = None
        self._last_centre: tuple[float, float, float] | None = None  # x, y, roi size
        self.detections_run = 0

    def reset(self) -> None:
        """Forget the followed person (start of a new video)."""
        self._roi = None
        self._last_centre = None

    def estimate(self, frame: NDArray[np.uint8]) -> PoseLandmarks | None:
        """Landmarks of the followed person in this frame, or None when not found."""
        picture = None  # the whole frame as a picture: only the detector needs it (see _crop)
        if self._roi is None:
            picture = Image.fromarray(frame)  # once, for the detector and the crop alike
            people = self.detect(frame, picture)
            chosen = self._choose(people)
            if chosen is None:
                return None
            self._roi = chosen.roi
        landmarks = self._landmarks(frame, self._roi, picture)
        if landmarks.presence < PRESENCE_MIN or not self._is_same_person(landmarks):
            self._roi = None
            return None
        self._roi = _roi_from_points(landmarks.xy_px[33], landmarks.xy_px[34])
        self._last_centre = (float(landmarks.xy_px[33, 0]), float(landmarks.xy_px[33, 1]), self._roi.size)
        return PoseLandmarks(
            landmarks.xy_px[:N_LANDMARKS],
            landmarks.z_px[:N_LANDMARKS],
            landmarks.visibility[:N_LANDMARKS],
            landmarks.presence,
            landmarks.roi,
        )

    def detect(self, frame: NDArray[np.uint8], picture: Image.Image | None = None) -> list[Detection]:
        """All people the detector finds in the frame, best score first (after NMS); ``picture``:
        the frame already as a PIL image, when the caller has it."""
        self.detections_run += 1
        h, w = frame.shape[:2]
        side = max(h, w)
        # letterbox: scale the frame into the 224 square first (cheap), then pad
        scale = DETECTOR_SIZE / side
        sw, sh = max(1, round(w * scale)), max(1, round(h * scale))
        ox, oy = (DETECTOR_SIZE - sw) // 2, (DETECTOR_SIZE - sh) // 2
        pad_x, pad_y = ox / scale, oy / scale
        canvas = np.zeros((DETECTOR_SIZE, DETECTOR_SIZE, 3), np.float32)
        source = picture if picture is not None else Image.fromarray(frame)
        resized = source.resize((sw, sh), Image.Resampling.BILINEAR, reducing_gap=2.0)
        canvas[oy : oy + sh, ox : ox + sw] = np.asarray(resized, dtype=np.float32)
        tensor = (canvas / 127.5 - 1.0)[None]
        self._detector.set_tensor(self._detector.get_input_details()[0]["index"], tensor)
        self._detector.invoke()
        outputs = {d["name"]: self._detector.get_tensor(d["index"]) for d in self._detector.get_output_details()}
        raw_boxes, raw_scores = outputs["Identity"][0], outputs["Identity_1"][0, :, 0]
        scores = 1.0 / (1.0 + np.exp(-np.clip(raw_scores.astype(np.float64), -100, 100)))
        keep = np.flatnonzero(scores >= DETECTION_MIN_SCORE)
        people: list[Detection] = []
        for i in _nms(raw_boxes, self._anchors, scores, keep):
            decoded = raw_boxes[i].reshape(-1, 2) / DETECTOR_SIZE + self._anchors[i]
            decoded[1, :] = raw_boxes[i][2:4] / DETECTOR_SIZE  # width, height are not offset
            pts = decoded * side - np.array([pad_x, pad_y])
            cx, cy = pts[0]
            bw, bh = decoded[1] * side
            kps = pts[2:]
            people.append(
                Detection(
                    float(scores[i]),
                    (cx - bw / 2, cy - bh / 2, cx + bw / 2, cy + bh / 2),
                    _roi_from_points(kps[0], kps[1]),
                )
            )
        return people

    def count_people(self, frame: NDArray[np.uint8]) -> int:
        """People in view: the detector on the whole frame and, for wide frames, on square tiles
        (letterboxing a wide frame shrinks people below what the detector finds)."""
        h, w = frame.shape[:2]
        found = list(self.detect(frame))
        if w > 1.3 * h:
            starts = np.linspace(0, w - h, int(math.ceil(w / h)) + 1).astype(int)
            for x0 in starts:
                for d in self.detect(np.ascontiguousarray(frame[:, x0 : x0 + h])):
                    box = (d.box[0] + x0, d.box[1], d.box[2] + x0, d.box[3])
                    found.append(Detection(d.score, box, Roi(d.roi.cx + x0, d.roi.cy, d.roi.size, d.roi.rotation)))
        distinct: list[Detection] = []
        for d in sorted(found, key=lambda d: -d.score):
            if all(
                math.hypot(d.roi.cx - o.roi.cx, d.roi.cy - o.roi.cy) > 0.5 * max(d.roi.size, o.roi.size)
                for o in distinct
            ):
                distinct.append(d)
        return len(distinct)

    def _choose(self, people: list[Detection]) -> Detection | None:
        if not people:
            return None
        if self._last_centre is None:
            return max(people, key=lambda d: d.score * d.roi.size)
        x, y, size = self._last_centre
        nearest = min(people, key=lambda d: math.hypot(d.roi.cx - x, d.roi.cy - y))
        if math.hypot(nearest.roi.cx - x, nearest.roi.cy - y) > MAX_JUMP_ROI * 2 * size:
            return None  # only someone else is in view: never switch people
        return nearest

    def _is_same_person(self, landmarks: PoseLandmarks) -> bool:
        if self._last_centre is None:
            return True
        x, y, size = self._last_centre
        return math.hypot(landmarks.xy_px[33, 0] - x, landmarks.xy_px[33, 1] - y) <= MAX_JUMP_ROI * size

    def _landmarks(self, frame: NDArray[np.uint8], roi: Roi, picture: Image.Image | None = None) -> PoseLandmarks:
        crop = _crop(frame, roi, LANDMARK_SIZE, picture)
        tensor = (crop.astype(np.float32) / 255.0)[None]
        self._landmarker.set_tensor(self._landmarker.get_input_details()[0]["index"], tensor)
        self._landmarker.invoke()
        outputs = {d["name"]: self._landmarker.get_tensor(d["index"]) for d in self._landmarker.get_output_details()}
        raw = outputs["Identity"][0].reshape(-1, 5)
        flag = float(outputs["Identity_1"][0, 0])
        presence = flag if 0.0 <= flag <= 1.0 else 1.0 / (1.0 + math.exp(-flag))
        local = raw[:, :2] / LANDMARK_SIZE - 0.5
        xy = _to_image(roi, local)
        visibility = 1.0 / (1.0 + np.exp(-np.clip(raw[:, 3], -50, 50)))
        z = raw[:, 2].astype(np.float64) * roi.size / LANDMARK_SIZE
        return PoseLandmarks(xy, z, visibility, presence, roi)


def _to_image(roi: Roi, local: NDArray[np.float64]) -> NDArray[np.float64]:
    """ROI-normalised coordinates (-0.5..0.5) to image pixels."""
    c, s = math.cos(roi.rotation), math.sin(roi.rotation)
    du, dv = local[:, 0] * roi.size, local[:, 1] * roi.size
    return np.stack([roi.cx + du * c - dv * s, roi.cy + du * s + dv * c], axis=1).astype(np.float64)


def _crop(frame: NDArray[np.uint8], roi: Roi, size: int, picture: Image.Image | None = None) -> NDArray[np.uint8]:
    c, s = math.cos(roi.rotation), math.sin(roi.rotation)
    k = roi.size / size
    # output (u, v) -> input (x, y), sampling pixel centres
    a, b = c * k, -s * k
    d, e = s * k, c * k
    x0 = roi.cx - (a + b) * size / 2 + 0.5 * (a + b) - 0.5
    y0 = roi.cy - (d + e) * size / 2 + 0.5 * (d + e) - 0.5
    if picture is None:
        # Only the pixels under the ROI (its bounding box, plus the bilinear filter's neighbours) become
        # a picture: turning a whole 1080p frame into one cost more than the crop itself.
        reach = roi.size * (abs(c) + abs(s)) / 2 + 2
        h, w = frame.shape[:2]
        left, top = max(0, math.floor(roi.cx - reach)), max(0, math.floor(roi.cy - reach))
        right, bottom = min(w, math.ceil(roi.cx + reach) + 1), min(h, math.ceil(roi.cy + reach) + 1)
        if right <= left or bottom <= top:
            return np.zeros((size, size, *frame.shape[2:]), np.uint8)  # the ROI lies wholly outside the frame
        picture = Image.fromarray(np.ascontiguousarray(frame[top:bottom, left:right]))
        x0, y0 = x0 - left, y0 - top
    image = picture.transform(
        (size, size), Image.Transform.AFFINE, (a, b, x0, d, e, y0), resample=Image.Resampling.BILINEAR
    )
    return np.asarray(image)


def _roi_from_points(centre: NDArray[np.float64], scale_point: NDArray[np.float64]) -> Roi:
    """MediaPipe AlignmentPointsRects: centre, side 2x the distance, rotation to 90 deg, x1.25."""
    dx, dy = float(scale_point[0] - centre[0]), float(scale_point[1] - centre[1])
    rotation = math.pi / 2 - math.atan2(-dy, dx)
    rotation = rotation - 2 * math.pi * math.floor((rotation + math.pi) / (2 * math.pi))
    return Roi(float(centre[0]), float(centre[1]), 2.0 * math.hypot(dx, dy) * ROI_SCALE, rotation)


def _ssd_anchors() -> NDArray[np.float64]:
    """Anchor centres of the BlazePose detector (SSD, 5 layers, strides 8/16/32/32/32, fixed size)."""
    strides = [8, 16, 32, 32, 32]
    anchors: list[tuple[float, float]] = []
    layer = 0
    while layer < len(strides):
        repeats = 0
        last = layer
        while last < len(strides) and strides[last] == strides[layer]:
            repeats += 2  # aspect ratio 1 plus the interpolated scale, per layer
            last += 1
        cells = math.ceil(DETECTOR_SIZE / strides[layer])
        for y in range(cells):
            for x in range(cells):
                anchors.extend([((x + 0.5) / cells, (y + 0.5) / cells)] * repeats)
        layer = last
    return np.asarray(anchors)


def _nms(
    raw: NDArray[np.float32], anchors: NDArray[np.float64], scores: NDArray[np.float32], keep: NDArray[np.intp]
) -> list[int]:
    order = sorted(keep.tolist(), key=lambda i: -scores[i])
    boxes = {}
    for i in order:
        cx, cy = raw[i, 0] / DETECTOR_SIZE + anchors[i, 0], raw[i, 1] / DETECTOR_SIZE + anchors[i, 1]
        w, h = raw[i, 2] / DETECTOR_SIZE, raw[i, 3] / DETECTOR_SIZE
        boxes[i] = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
    chosen: list[int] = []
    for i in order:
        if all(_iou(boxes[i], boxes[j]) < NMS_IOU for j in chosen):
            chosen.append(i)
    return chosen


def _iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0
