"""GPX tracks -> :class:`Activity` (one per ``<trk>``), parsed with gpxpy.

Heart rate and cadence come from Garmin's TrackPointExtension (v1 and v2: ``hr``, ``cad``) or the
plain ``heartrate``/``cadence`` elements other apps write. Garmin and Strava write running cadence
per foot (strides/min), so it is doubled to steps per minute for foot sports.
"""

from __future__ import annotations

import datetime as dt
import re

import gpxpy
import gpxpy.gpx
import numpy as np

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import _summary as S
from stridecare.core.io import _xml as X
from stridecare.core.models import FOOT_SPORTS, Activity

HR_TAGS = frozenset({"hr", "heartrate", "heart_rate"})
CAD_TAGS = frozenset({"cad", "cadence", "runcadence"})
POWER_TAGS = frozenset({"power", "watts"})
# gpxpy keeps ~750 bytes per point and ~100 per other element: these caps keep one file under
# ~350 MB. A day-long run recorded every second has 86,400 points and ~1.2 million tags.
MAX_MARKUP = 2_000_000
MAX_POINTS = 150_000
# gpxpy looks for namespace declarations with patterns that take quadratic time on "xmlns" or
# "schemaLocation" written outside a declaration; real files have none or a few.
STRAY_NAMESPACE = re.compile(r"xmlns(?![\w.:-]*=)|schemaLocation")
MAX_STRAY_NAMESPACES = 100


def read_gpx(data: bytes, filename: str) -> list[Activity]:
    """Read every track of a GPX file that has timestamped points."""
    text = X.xml_text(data, filename, MAX_MARKUP)
    X.parse_xml(text, filename)  # defusedxml first: gpxpy's own parser is not made for hostile input
    points = text.count("<trkpt") + text.count("<rtept") + text.count("<wpt")
    if points > MAX_POINTS:
        raise ActivityFileError(
            filename,
            f"holds {points:,} points, more than the {MAX_POINTS:,} we read from one file; "
            "export it as a FIT file or split it",
        )
    if sum(1 for _ in STRAY_NAMESPACE.finditer(text)) > MAX_STRAY_NAMESPACES:
        raise ActivityFileError(
            filename,
            "mentions XML namespaces hundreds of times outside their declarations; it is not a GPX file we can read",
        )
    try:
        doc = gpxpy.parse(text)
    except Exception as e:  # gpxpy raises GPXException, but also ValueError, TypeError... on damaged values
        raise ActivityFileError(filename, f"is not a readable GPX file ({_reason(e)})") from None
    activities = [a for trk in doc.tracks if (a := _track(trk, doc, filename)) is not None]
    if not activities:
        raise ActivityFileError(filename, "has no track points with a timestamp (a route, not a recorded activity)")
    return activities


def _reason(e: Exception) -> str:
    text = str(e).strip() or type(e).__name__
    return text.split("\n")[0][:200]


def _time(point: gpxpy.gpx.GPXTrackPoint) -> dt.datetime:
    """A point's time (points without one are dropped before this is asked)."""
    if point.time is None:
        raise ValueError("a GPX point without a time")
    return point.time


def _track(trk: gpxpy.gpx.GPXTrack, doc: gpxpy.gpx.GPX, filename: str) -> Activity | None:
    points = [p for seg in trk.segments for p in seg.points if p.time is not None]
    if not points:
        return None
    sport = S.sport_from_name(trk.type)
    warnings = () if trk.type else ("the file does not say which sport it is",)
    offset = _utc_offset_s(_time(points[0]))
    times = np.array([_as_utc(_time(p)).timestamp() for p in points], dtype=np.float64)
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
        hr.append(S.number_or_none(h))
        cad.append(S.number_or_none(c))
        power.append(S.number_or_none(w))
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
        filename=filename,
        sport=sport,
        times_s=times,
        channels=channels,
        device=doc.creator,
        utc_offset_s=offset,
        warnings=warnings,
    )


def _as_utc(t: dt.datetime) -> dt.datetime:
    return t.replace(tzinfo=dt.UTC) if t.tzinfo is None else t


def _utc_offset_s(t: dt.datetime) -> int | None:
    """A GPX time written with a non-zero offset tells the local offset; ``Z`` tells nothing."""
    offset = t.utcoffset()
    return int(offset.total_seconds()) if offset else None
