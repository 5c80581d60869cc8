"""A generated, realistic six-month history for the demo runners: easy runs, a growing long run,
a lighter week every fourth week, and for one runner a single long-run spike before an injury,
so a newcomer's first look at the dashboard shows real findings."""

from __future__ import annotations

import datetime as dt
import math
import random
from zoneinfo import ZoneInfo

import numpy as np

from stridecare.core.models import Activity, Samples

HOME = (51.4816, -0.1709)  # a riverside loop; only its shape is drawn, never a map


def generate_history(
    seed: str, today: dt.date, tz: str = "Europe/London", weeks: int = 26, spike: bool = False
) -> list[Activity]:
    rng = random.Random(seed)
    zone = ZoneInfo(tz)
    first_monday = today - dt.timedelta(days=today.weekday()) - dt.timedelta(weeks=weeks)
    easy_km, long_km = rng.uniform(5, 7), rng.uniform(9, 11)
    runs = []
    for week in range(weeks + 1):
        monday = first_monday + dt.timedelta(weeks=week)
        weeks_left = weeks - week
        light = week % 4 == 3
        if spike and weeks_left < 2:
            # After the spike the runner is hurt: two short, easy runs in the last weeks.
            plan = [(1, 3.0)] if weeks_left > 0 else []
        else:
            factor = 0.6 if light else 1.0
            plan = [(1, easy_km * factor), (3, (easy_km + 1) * factor), (6, long_km * factor)]
            if spike and weeks_left == 2:
                plan[-1] = (6, long_km * 1.5)  # one long run ~50% longer than the longest of the last 30 days
        for weekday, km in plan:
            day = monday + dt.timedelta(days=weekday)
            if day >= today:
                continue
            runs.append(_run(rng, day, km * rng.uniform(0.95, 1.05), zone))
        if not light:
            long_km = min(long_km * 1.04, 16)
            easy_km = min(easy_km * 1.02, 9)
    return runs


def _run(rng: random.Random, day: dt.date, km: float, zone: ZoneInfo) -> Activity:
    local_start = dt.datetime.combine(day, dt.time(7, rng.randint(0, 50)), tzinfo=zone)
    pace_s_per_km = rng.uniform(320, 360)
    duration_s = km * pace_s_per_km
    t = np.arange(0, duration_s, 5.0)
    wobble = 1 + 0.04 * np.sin(t / 90) + np.array([rng.gauss(0, 0.01) for _ in t])
    speed = 1000 / pace_s_per_km * wobble
    distance = np.concatenate([[0.0], np.cumsum(speed[1:] * 5.0)])
    distance *= km * 1000 / distance[-1]
    angle = distance / (km * 1000) * 2 * math.pi
    radius_deg = km / (2 * math.pi) / 111.0
    lat = HOME[0] + radius_deg * np.sin(angle)
    lon = HOME[1] + radius_deg * (1 - np.cos(angle)) / math.cos(math.radians(HOME[0]))
    hr = 120 + 30 * (1 - np.exp(-t / 300)) + 4 * np.sin(t / 200)
    cadence = 168 + 4 * np.sin(t / 150)
    altitude = 8 + 3 * np.sin(angle * 2)
    samples = Samples(
        elapsed_s=t,
        distance_m=distance,
        speed_m_s=speed,
        altitude_m=altitude,
        lat_deg=lat,
        lon_deg=lon,
        hr_bpm=hr,
        cadence_spm=cadence,
    )
    start_utc = local_start.astimezone(dt.UTC)
    return Activity(
        source_file=f"demo-{day.isoformat()}.generated",
        sport="running",
        start_utc=start_utc,
        moving_time_s=float(duration_s),
        elapsed_time_s=float(duration_s + 30),
        distance_m=float(km * 1000),
        utc_offset_s=int((local_start.utcoffset() or dt.timedelta(0)).total_seconds()),  # aware: never None
        device="generated demo data",
        elevation_gain_m=float(np.clip(np.diff(altitude), 0, None).sum()),
        avg_hr_bpm=float(hr.mean()),
        max_hr_bpm=float(hr.max()),
        avg_cadence_spm=float(cadence.mean()),
        sources={"distance_m": "records", "moving_time_s": "records"},
        samples=samples,
    )
