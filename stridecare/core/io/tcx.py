"""Garmin Training Center (TCX) -> :class:`Activity` (one per ``<Activity>``), stdlib ElementTree.

The laps' ``TotalTimeSeconds`` and ``DistanceMeters`` are the device's own totals and are preferred.
Running cadence (``RunCadence`` extension, or ``Cadence``) is per foot: doubled to steps per minute.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import numpy as np

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import _summary as S
from stridecare.core.io import _xml as X
from stridecare.core.models import FOOT_SPORTS, Activity

NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
# ElementTree keeps ~85 bytes per tag of a TCX file: at most ~250 MB (30 hours at one point a second).
MAX_MARKUP = 3_000_000


def read_tcx(data: bytes, filename: str) -> list[Activity]:
    """Read every ``<Activity>`` of a TCX file."""
    root = X.parse_xml(X.xml_text(data, filename, MAX_MARKUP), filename)
    if root.tag.rsplit("}", 1)[-1] != "TrainingCenterDatabase":
        raise ActivityFileError(filename, f"is not a TCX file (its root element is <{root.tag.rsplit('}', 1)[-1]}>)")
    device = root.findtext(f".//{NS}Creator/{NS}Name")
    elements = root.findall(f"{NS}Activities/{NS}Activity")
    if not elements:
        raise ActivityFileError(filename, "contains no activity (a course or workout file, not a recording)")
    return [_activity(el, filename, device) for el in elements]


def _activity(el: ET.Element, filename: str, device: str | None) -> Activity:
    sport = S.sport_from_name(el.get("Sport"))
    laps = el.findall(f"{NS}Lap")
    totals = {
        "distance_m": _sum(laps, "DistanceMeters"),
        "moving_time_s": _sum(laps, "TotalTimeSeconds"),
    }
    points = el.iter(f"{NS}Trackpoint")
    cols: dict[str, list[float | None]] = {k: [] for k in ("t", "lat", "lon", "alt", "dist", "hr", "cad", "power")}
    for p in points:
        t = p.findtext(f"{NS}Time")
        if t is None:
            continue
        cols["t"].append(_parse_time(t, filename))
        cols["lat"].append(S.number_or_none(p.findtext(f"{NS}Position/{NS}LatitudeDegrees")))
        cols["lon"].append(S.number_or_none(p.findtext(f"{NS}Position/{NS}LongitudeDegrees")))
        cols["alt"].append(S.number_or_none(p.findtext(f"{NS}AltitudeMeters")))
        cols["dist"].append(S.number_or_none(p.findtext(f"{NS}DistanceMeters")))
        cols["hr"].append(S.number_or_none(p.findtext(f"{NS}HeartRateBpm/{NS}Value")))
        cad, power = S.number_or_none(p.findtext(f"{NS}Cadence")), None
        for ext in p.iter():
            tag = ext.tag.rsplit("}", 1)[-1]
            if tag == "RunCadence":
                cad = S.number_or_none(ext.text)
            elif tag == "Watts":
                power = S.number_or_none(ext.text)
        cols["cad"].append(cad)
        cols["power"].append(power)
    cadence = S.as_float_array(cols["cad"])
    lat, lon = S.as_float_array(cols["lat"]), S.as_float_array(cols["lon"])
    channels = {
        "lat_deg": lat if lon is not None else None,
        "lon_deg": lon if lat is not None else None,
        "altitude_m": S.as_float_array(cols["alt"]),
        "distance_m": S.as_float_array(cols["dist"]),
        "hr_bpm": S.as_float_array(cols["hr"]),
        "power_w": S.as_float_array(cols["power"]),
        "cadence_spm": cadence * 2.0 if cadence is not None and sport in FOOT_SPORTS else None,
    }
    times = np.array(cols["t"], dtype=np.float64)
    return S.activity_from_track(
        filename=filename,
        sport=sport,
        times_s=times,
        channels=channels,
        device=device,
        device_totals={k: v for k, v in totals.items() if v is not None},
    )


def _sum(laps: list[ET.Element], tag: str) -> float | None:
    values = [S.number_or_none(lap.findtext(f"{NS}{tag}")) for lap in laps]
    present = [v for v in values if v is not None]
    return float(sum(present)) if present else None


def _parse_time(text: str, filename: str) -> float:
    try:
        t = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as e:
        raise ActivityFileError(filename, f"has an unreadable time {text!r}") from e
    return (t if t.tzinfo else t.replace(tzinfo=dt.UTC)).timestamp()
