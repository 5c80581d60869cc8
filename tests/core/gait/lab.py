"""Test helper: lab marker data -> HALPE-26 keypoints (.trc) and force-plate contacts (ground truth).

Hip centres: Bell et al. (1990) regression from the pelvis markers. Knee and ankle centres:
functional (SCoRE-style) centres between the segment marker clusters when no epicondyle or
malleolus marker exists (Hamner), else the lateral epicondyle / malleolus markers (Dorn).
"""

from __future__ import annotations

import functools
import pathlib
import tempfile
from dataclasses import dataclass

import numpy as np

from stridecare.core.gait.keypoints import KeypointSeries
from stridecare.core.gait.trc import read_trc
from tests.conftest import BIOMECH

CONTACT_THRESHOLD_N = 50.0
# Hamner run500 lacks its left MT5 marker: its ankle is placed from this trial of the same session
CALIBRATION = "hamner2013-s04-run300"


@dataclass(frozen=True, slots=True)
class Markers:
    times_s: np.ndarray
    positions_m: dict[str, np.ndarray]  # name -> (frames, 3), OpenSim axes


@dataclass(frozen=True, slots=True)
class Contact:
    side: str
    start_s: float
    end_s: float


@functools.cache
def read_markers(path: pathlib.Path) -> Markers:
    """A lab .trc of markers, read once per test session (the shared files are frozen)."""
    lines = path.read_text().splitlines()
    header = dict(zip(lines[1].split("\t"), lines[2].split("\t"), strict=False))
    scale = {"mm": 0.001, "m": 1.0}[header["Units"].strip()]
    names = [c.strip() for c in lines[3].split("\t")[2:] if c.strip()]
    rows = [r.split("\t") for r in lines[5:] if r.strip()]
    width = 2 + 3 * len(names)
    table = np.array(
        [[float(c) if c.strip() else np.nan for c in r[:width]] + [np.nan] * (width - len(r)) for r in rows]
    )
    positions = {n: table[:, 2 + 3 * i : 5 + 3 * i] * scale for i, n in enumerate(names)}
    return Markers(times_s=table[:, 1], positions_m=positions)


def _frame(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame orthonormal frame (frames, 3, 3) and origin from three markers."""
    e1 = b - a
    e1 /= np.linalg.norm(e1, axis=1, keepdims=True)
    e3 = np.cross(e1, c - a)
    e3 /= np.linalg.norm(e3, axis=1, keepdims=True)
    e2 = np.cross(e3, e1)
    return np.stack([e1, e2, e3], axis=2), a


def functional_centre_local(parent: list[np.ndarray], child: list[np.ndarray]) -> np.ndarray:
    """Functional centre in the child's cluster frame (see functional_centre)."""
    rp, op = _frame(*parent)
    rc, oc = _frame(*child)
    ok = np.isfinite(rp).all(axis=(1, 2)) & np.isfinite(rc).all(axis=(1, 2))
    a = np.concatenate([rp[ok], -rc[ok]], axis=2).reshape(-1, 6)
    b = (oc[ok] - op[ok]).reshape(-1)
    mid = np.concatenate(
        [_local(rp, op, np.mean(child, axis=0))[ok].mean(0), _local(rc, oc, np.mean(child, axis=0))[ok].mean(0)]
    )
    solution = mid + np.linalg.lstsq(a, b - a @ mid, rcond=None)[0]
    return solution[:3]  # in the parent frame


def at_local(cluster: list[np.ndarray], local: np.ndarray) -> np.ndarray:
    r, o = _frame(*cluster)
    return np.einsum("fij,j->fi", r, local) + o


def functional_centre(parent: list[np.ndarray], child: list[np.ndarray]) -> np.ndarray:
    """Point fixed in both segment frames (least squares, minimum norm along a hinge axis)."""
    rp, op = _frame(*parent)
    rc, oc = _frame(*child)
    ok = np.isfinite(rp).all(axis=(1, 2)) & np.isfinite(rc).all(axis=(1, 2))
    a = np.concatenate([rp[ok], -rc[ok]], axis=2).reshape(-1, 6)
    b = (oc[ok] - op[ok]).reshape(-1)
    # centre the unknowns on the marker centroids so the minimum-norm answer lies between segments
    mid = np.concatenate(
        [_local(rp, op, np.mean(child, axis=0))[ok].mean(0), _local(rc, oc, np.mean(child, axis=0))[ok].mean(0)]
    )
    solution = mid + np.linalg.lstsq(a, b - a @ mid, rcond=None)[0]
    return np.einsum("fij,j->fi", rc, solution[3:]) + oc


def _local(r: np.ndarray, o: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.einsum("fji,fj->fi", r, p - o)


def bell_hip_centres(m: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Bell et al. 1990: HJC at (-19%, -30%, +/-36%) of the inter-ASIS width in the pelvis frame."""
    lasi, rasi = m["LASI"], m["RASI"]
    if "SACR" in m:
        sacrum = m["SACR"]
    else:
        sacrum = 0.5 * (m["LPSI"] + m["RPSI"])
    mid = 0.5 * (lasi + rasi)
    lateral = rasi - lasi
    width = np.linalg.norm(lateral, axis=1, keepdims=True)
    z = lateral / width
    forward = mid - sacrum
    forward -= np.sum(forward * z, axis=1, keepdims=True) * z
    x = forward / np.linalg.norm(forward, axis=1, keepdims=True)
    y = np.cross(z, x)
    base = mid - 0.19 * width * x - 0.30 * width * y
    return base - 0.36 * width * z, base + 0.36 * width * z


def lab_keypoints(markers: Markers, calibration: Markers | None = None) -> dict[str, np.ndarray]:
    """HALPE-26 keypoints (frames, 3) from lab markers.

    When a foot lacks its MT5 marker (Hamner run500, left), the ankle centre is placed at its
    position in the shank-cluster frame found in ``calibration``, another trial of the same session.
    """
    m = markers.positions_m
    left_hip, right_hip = bell_hip_centres(m)
    out = {"LHip": left_hip, "RHip": right_hip}
    for s in "LR":
        if f"{s}LEPI" in m:  # Dorn: epicondyle and malleolus markers
            out[f"{s}Knee"] = m[f"{s}LEPI"]
            out[f"{s}Ankle"] = m[f"{s}LMAL"]
            out[f"{s}Heel"] = m[f"{s}HEEL"]
            out[f"{s}BigToe"] = m[f"{s}TOE"]
            out[f"{s}SmallToe"] = m[f"{s}P5MT"]
            out[f"{s}Shoulder"] = m[f"{s}SH"]
        else:  # Hamner: thigh/shank clusters, CAL/TOE/MT5 foot markers
            thigh = [m[f"{s}TH{i}"] for i in (1, 2, 3)]
            shank = [m[f"{s}TB{i}"] for i in (1, 2, 3)]
            out[f"{s}Knee"] = functional_centre(thigh, shank)
            if f"{s}MT5" in m:
                foot = [m[f"{s}CAL"], m[f"{s}TOE"], m[f"{s}MT5"]]
                out[f"{s}Ankle"] = functional_centre(shank, foot)
                out[f"{s}SmallToe"] = m[f"{s}MT5"]
            else:
                assert calibration is not None, f"{s}MT5 missing: pass a calibration trial"
                c = calibration.positions_m
                local = functional_centre_local(
                    [c[f"{s}TB{i}"] for i in (1, 2, 3)], [c[f"{s}CAL"], c[f"{s}TOE"], c[f"{s}MT5"]]
                )
                out[f"{s}Ankle"] = at_local(shank, local)
            out[f"{s}Heel"] = m[f"{s}CAL"]
            out[f"{s}BigToe"] = m[f"{s}TOE"]
            out[f"{s}Shoulder"] = m[f"{s}ACR"]
    return out


def write_keypoint_trc(path: pathlib.Path, times_s: np.ndarray, points: dict[str, np.ndarray], rate_hz: float) -> None:
    """Write keypoints as a Sports2D-style .trc in millimetres (3D, OpenSim axes)."""
    names = list(points)
    lines = [
        f"PathFileType\t4\t(X/Y/Z)\t{path.name}",
        "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames",
        f"{rate_hz:g}\t{rate_hz:g}\t{len(times_s)}\t{len(names)}\tmm\t{rate_hz:g}\t1\t{len(times_s)}",
        "Frame#\tTime\t" + "\t\t\t".join(names) + "\t\t",
        "\t\t" + "\t".join(f"X{i}\tY{i}\tZ{i}" for i in range(1, len(names) + 1)),
        "",
    ]
    for f, t in enumerate(times_s):
        cells = [f"{v * 1000.0:.3f}" if np.isfinite(v) else "" for n in names for v in points[n][f]]
        lines.append(f"{f + 1}\t{t:.5f}\t" + "\t".join(cells))
    path.write_text("\n".join(lines) + "\n")


def read_mot(path: pathlib.Path) -> tuple[list[str], np.ndarray]:
    lines = path.read_text().splitlines()
    end = next(i for i, line in enumerate(lines) if line.strip() == "endheader")
    columns = lines[end + 1].split("\t")
    table = np.array([[float(c) for c in r.split("\t")] for r in lines[end + 2 :] if r.strip()])
    return columns, table


def _intervals(times: np.ndarray, on: np.ndarray) -> list[tuple[float, float]]:
    edges = np.diff(on.astype(int))
    starts = list(np.flatnonzero(edges == 1) + 1)
    ends = list(np.flatnonzero(edges == -1))
    out = []
    for s in starts:
        later = [e for e in ends if e >= s]
        if later:
            out.append((float(times[s]), float(times[later[0]])))
    return out  # contacts cut by the recording window are left out


def force_contacts(grf_path: pathlib.Path, markers: Markers) -> list[Contact]:
    """Stance phases where vertical GRF > 50 N, per side (Hamner: R_/L_ columns; Dorn: by nearest foot)."""
    columns, table = read_mot(grf_path)
    times = table[:, 0]
    contacts: list[Contact] = []
    if "R_ground_force_vy" in columns:
        for side, col in (("right", "R_ground_force_vy"), ("left", "L_ground_force_vy")):
            for a, b in _intervals(times, table[:, columns.index(col)] > CONTACT_THRESHOLD_N):
                contacts.append(Contact(side, a, b))
    else:
        vy = sum(table[:, i] for i, c in enumerate(columns) if c.endswith("_vy"))
        for a, b in _intervals(times, vy > CONTACT_THRESHOLD_N):
            mid = np.argmin(np.abs(markers.times_s - 0.5 * (a + b)))
            heights = {s: markers.positions_m[f"{p}HEEL"][mid, 1] for s, p in (("left", "L"), ("right", "R"))}
            contacts.append(Contact(min(heights, key=heights.get), a, b))
    return sorted(contacts, key=lambda c: c.start_s)


GAITMAP_IMU_HZ = 204.8
GAITMAP_MOCAP_HZ = 100.0


def gaitmap_feet() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The gaitmap mocap sample as foot keypoints (frames, 3) in metres, OpenSim axes (X along the
    walkway, Y up, Z across): FCC heel -> Heel, TOE -> BigToe, FM5 -> SmallToe. Only feet."""
    lines = (BIOMECH / "gaitmap__mocap_sample.csv").read_text().splitlines()
    names, axes = lines[0].split(","), lines[1].split(",")
    table = np.array([[float(c) for c in row.split(",")] for row in lines[2:] if row.strip()])
    columns = {(n, a): i for i, (n, a) in enumerate(zip(names, axes, strict=True)) if n}
    joints = {"FCC": "Heel", "TOE": "BigToe", "FM5": "SmallToe"}
    points = {}
    for side in "LR":
        for marker, joint in joints.items():
            x, y, z = (table[:, columns[(f"{side}_{marker}", a)]] / 1000.0 for a in "xyz")
            points[f"{side}{joint}"] = np.column_stack([x, z, y])
    return table[:, 0] / GAITMAP_MOCAP_HZ, points


def gaitmap_contacts() -> list[Contact]:
    """Stances of the gaitmap sample from its motion-capture events: ic to the same foot's next tc
    (sample indices at 204.8 Hz; the mocap is synchronised with them, frame 0 = sample 0)."""
    lines = (BIOMECH / "gaitmap__stride_events_sample.csv").read_text().splitlines()
    head = lines[0].split(",")
    rows = [dict(zip(head, r.split(","), strict=True)) for r in lines[1:] if r.strip()]
    out = []
    for side in ("left", "right"):
        ics = sorted(float(r["ic"]) for r in rows if r["foot"] == side)
        tcs = sorted(float(r["tc"]) for r in rows if r["foot"] == side)
        for ic in ics:
            later = [tc for tc in tcs if tc > ic]
            if later:
                out.append(Contact(side, ic / GAITMAP_IMU_HZ, later[0] / GAITMAP_IMU_HZ))
    return sorted(out, key=lambda c: c.start_s)


# One Hamner or Dorn trial as the force-plate and leave-one-out tests see it, worked out once per
# test session and shared by both: the arrays are read-only, so no test can change another's input.


def _markers(trial: str) -> Markers:
    return read_markers(BIOMECH / f"nimblephysics__{trial}-markers.trc")


@functools.cache
def trial_keypoints(trial: str, dims: str = "3d") -> KeypointSeries:
    """The trial's markers as HALPE keypoints written as a .trc and read back with ``read_trc``;
    ``dims`` "2d": Z = 0, what Sports2D writes."""
    markers = _markers(trial)
    rate = 1.0 / float(np.median(np.diff(markers.times_s)))
    points = lab_keypoints(markers, _markers(CALIBRATION))
    if dims == "2d":
        points = {name: np.column_stack([xyz[:, :2], np.zeros(len(xyz))]) for name, xyz in points.items()}
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / f"{trial}-{dims}.trc"
        write_keypoint_trc(path, markers.times_s, points, rate)
        series = read_trc(path)
    for array in (series.times_s, series.xy, series.visibility, series.lateral):
        if array is not None:
            array.flags.writeable = False
    return series


@functools.cache
def trial_contacts(trial: str) -> tuple[Contact, ...]:
    """The trial's force-plate contacts (vertical GRF > 50 N)."""
    return tuple(force_contacts(BIOMECH / f"nimblephysics__{trial}-grf.mot", _markers(trial)))


def trial_span(trial: str) -> tuple[float, float]:
    """The first and last marker times of the trial."""
    times = _markers(trial).times_s
    return float(times[0]), float(times[-1])
