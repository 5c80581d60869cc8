"""GPX tracks -> :class:`Activity` (one per ``<trk>``), parsed with gpxpy.

Heart rate and cadence come from Garmin's TrackPointExtension (v1 and v2: ``hr``, ``cad``) or the
plain ``heartrate``/``cadence`` elements other apps write. Garmin and Strava write running cadence
per foot (strides/min), so it is doubled to steps per minute for foot sports.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import gpxpy
import gpxpy.gpx
import numpy as np

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import _summary as S
from stridecare.core.models import FOOT_SPORTS, Activity

HR_TAGS = frozenset({"hr", "heartrate", "heart_rate"})
CAD_TAGS = frozenset({"cad", "cadence", "runcadence"})
POWER_TAGS = frozenset({"power", "watts"})


def read_gpx(data: bytes, filename: str) -> list[Activity]:
    """Read every track of a GPX file that has timestamped points."""
    text = S.refuse_unsafe_xml(data, filename)
    try:
        doc = gpxpy.parse(text.decode("utf-8", errors="replace"))
    except (gpxpy.gpx.GPXException, ET.ParseError, ValueError) as e:
        raise ActivityFileError(filename, f"is not a readable GPX file ({_reason(e)})") from e
    activities = [a for trk in doc.tracks if (a := _track(trk, doc, filename)) is not None]
    if not activities:
        raise ActivityFileError(filename, "has no track points with a timestamp (a route, not a recorded activity)")
    return activities


def _reason(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    return text.split("\n")[0][:200]


def _track(trk: gpxpy.gpx.GPXTrack, doc: gpxpy.gpx.GPX, filename: str) -> Activity | None:
    points = [p for seg in trk.segments for p in seg.points if p.time is not None]
    if not points:
        return None
    sport = S.sport_from_name(trk.type)
    warnings = () if trk.type else ("the file does not say which sport it is",)
    offset = _utc_offset_s(points[0].time)
    times = np.array([_as_utc(p.time).timestamp() for p in points], dtype=np.float64)
    hr, cad, power = [], [], []
    for p in points:
        h = c = w = None
        for ext in p.extensions:
            for el in ext.iter():
                tag = el.tag.rsplit("}", 1)[-1].lower()
                if tag in HR_TAGS:
                    h = el.text
                elif tag in CAD_TAGS:
                    c = el.text
                elif tag in POWER_TAGS:
                    w = el.text
        hr.append(_num(h))
        cad.append(_num(c))
        power.append(_num(w))
    cadence = S.as_float_array(cad)
    channels = {
        "lat_deg": np.array([p.latitude for p in points], dtype=np.float64),
        "lon_deg": np.array([p.longitude for p in points], dtype=np.float64),
        "altitude_m": S.as_float_array([p.elevation for p in points]),
        "hr_bpm": S.as_float_array(hr),
        "cadence_spm": cadence * 2.0 if cadence is not None and sport in FOOT_SPORTS else None,
        "power_w": S.as_float_array(power),
    }
    return S.activity_from_track(
        filename=filename, sport=sport, times_s=times, channels=channels, device=doc.creator,
        utc_offset_s=offset, warnings=warnings,
    )


def _as_utc(t: dt.datetime) -> dt.datetime:
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t


def _utc_offset_s(t: dt.datetime) -> int | None:
    """A GPX time written with a non-zero offset tells the local offset; ``Z`` tells nothing."""
    offset = t.utcoffset()
    return int(offset.total_seconds()) if offset else None


def _num(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None
