"""Read keypoint trajectories from an OpenSim ``.trc`` file (Sports2D / Pose2Sim keypoint names).

2D files carry Z = 0 (image plane, y up); 3D files use OpenSim axes (X forward, Y up, Z right),
and the sagittal plane X-Y is analysed. Units come from the header (mm, cm, m or px).
"""

from __future__ import annotations

import pathlib

import numpy as np

from stridecare.core.errors import InputError
from stridecare.core.gait.keypoints import INDEX, KEYPOINTS, KeypointSeries, Units

_SCALE_TO_M = {"mm": 0.001, "cm": 0.01, "m": 1.0}
REQUIRED = ("RHip", "LHip", "RKnee", "LKnee", "RAnkle", "LAnkle", "RHeel", "LHeel", "RBigToe", "LBigToe")


class TrcError(InputError):
    """A .trc file could not be read as keypoints: says which file and what is wrong."""


def read_trc(path: pathlib.Path) -> KeypointSeries:
    """Parse a .trc file into a KeypointSeries (metres, or pixels for px files).

    Missing ``Neck`` is the shoulder midpoint, missing ``SmallToe`` is the ``BigToe``;
    hips, knees, ankles, heels and big toes are required.
    """
    name = path.name
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as e:
        raise TrcError(f"{name}: cannot read the file ({e.strerror})") from e
    if len(lines) < 6 or not lines[0].startswith("PathFileType"):
        raise TrcError(f"{name}: not an OpenSim .trc file (the first line should start with PathFileType)")
    header = dict(zip(lines[1].split("\t"), lines[2].split("\t"), strict=False))
    units_raw = header.get("Units", "m").strip().lower()
    if units_raw not in (*_SCALE_TO_M, "px", "pixels"):
        raise TrcError(f"{name}: unknown units {units_raw!r} in the header (expected mm, cm, m or px)")
    columns = [c.strip() for c in lines[3].split("\t")]
    markers = [c for c in columns[2:] if c]
    data = _read_table(name, lines[5:], 2 + 3 * len(markers))
    times_s = data[:, 1]
    raw = data[:, 2 : 2 + 3 * len(markers)].reshape(len(data), len(markers), 3)
    lookup = {m.lower(): i for i, m in enumerate(markers)}
    missing = [k for k in REQUIRED if k.lower() not in lookup]
    if missing:
        raise TrcError(f"{name}: keypoints {', '.join(missing)} are missing (HALPE-26/COCO names expected)")
    is_px = units_raw in ("px", "pixels")
    scale = 1.0 if is_px else _SCALE_TO_M[units_raw]
    xyz = np.full((len(data), len(KEYPOINTS), 3), np.nan)
    for key in KEYPOINTS:
        if key.lower() in lookup:
            xyz[:, INDEX[key], :] = raw[:, lookup[key.lower()], :] * scale
    _fill_derived(xyz)
    visibility = np.where(np.isfinite(xyz).all(axis=2), 1.0, 0.0)
    is_3d = bool(np.nanmax(np.abs(xyz[:, :, 2])) > 0)
    units: Units = "px" if is_px else "m"
    return KeypointSeries(
        times_s=times_s,
        xy=np.ascontiguousarray(xyz[:, :, :2]),
        visibility=visibility,
        units=units,
        lateral=np.ascontiguousarray(xyz[:, :, 2]) if is_3d else None,
        source=name,
    )


def _read_table(name: str, rows: list[str], width: int) -> np.ndarray:
    parsed: list[list[float]] = []
    for number, row in enumerate(rows, start=6):
        if not row.strip():
            continue
        cells = row.split("\t")
        try:
            values = [float(c) if c.strip() else np.nan for c in cells[:width]]
        except ValueError as e:
            raise TrcError(f"{name}: line {number} is not numeric") from e
        parsed.append(values + [np.nan] * (width - len(values)))
    if len(parsed) < 2:
        raise TrcError(f"{name}: fewer than 2 frames of data")
    return np.asarray(parsed, dtype=np.float64)


def _fill_derived(xyz: np.ndarray) -> None:
    if np.isnan(xyz[:, INDEX["Neck"], :]).all():
        xyz[:, INDEX["Neck"], :] = 0.5 * (xyz[:, INDEX["LShoulder"], :] + xyz[:, INDEX["RShoulder"], :])
    for side in "LR":
        if np.isnan(xyz[:, INDEX[f"{side}SmallToe"], :]).all():
            xyz[:, INDEX[f"{side}SmallToe"], :] = xyz[:, INDEX[f"{side}BigToe"], :]
