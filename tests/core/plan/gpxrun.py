"""A GPX file of one run made up for the tests: a straight line north at 2.8 m/s, points every 10 m.

One degree of latitude is about 111.2 km on the sphere gpxpy uses, so the distance read back is the
one asked for within a few metres (the tests allow 1%)."""

from __future__ import annotations

import datetime as dt

METRES_PER_DEG = 111_194.9  # 2 pi x 6,371 km / 360, gpxpy's haversine radius


def gpx_run(start: dt.datetime, distance_m: float, speed_mps: float = 2.8) -> bytes:
    points = []
    n = int(distance_m // 10)
    for i in range(n + 1):
        t = start + dt.timedelta(seconds=i * 10 / speed_mps)
        lat = 55.0 + i * 10 / METRES_PER_DEG
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="12.0000000"><time>{t.strftime("%Y-%m-%dT%H:%M:%SZ")}</time></trkpt>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="stridecare-tests" xmlns="http://www.topografix.com/GPX/1/1">'
        "<trk><type>running</type><trkseg>" + "".join(points) + "</trkseg></trk></gpx>"
    ).encode()
