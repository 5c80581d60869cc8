"""A runner with records in every app (the access walk's objects of each app) and a run that
starts and ends at home, with its original GPX file."""

from __future__ import annotations

import io
import math

import numpy as np
from django.core.files.base import ContentFile
from django.utils import timezone

HOME = (51.5072, -0.1276)
PER_LAT_M = 6371008.8 * math.pi / 180
GPX = b'<?xml version="1.0"?>\n<gpx version="1.1" creator="test"><trk><trkseg><trkpt lat="51.5072" lon="-0.1276"/></trkseg></trk></gpx>\n'


def out_and_back(n: int = 201, reach_m: float = 2000.0):
    """Positions of a run from home due north to ``reach_m`` and back, one point every 20 m."""
    d = np.concatenate([np.linspace(0, reach_m, n // 2 + 1), np.linspace(reach_m, 0, n // 2 + 1)[1:]])
    lat = HOME[0] + d / PER_LAT_M
    lon = np.full(d.shape, HOME[1])
    return lat, lon, d


def make_run(runner, with_file: bool = True):
    from stridecare.training.models import Activity, ActivityFile, ActivitySamples

    lat, lon, d = out_and_back()
    buffer = io.BytesIO()
    distance = np.concatenate([[0], np.cumsum(np.abs(np.diff(d)))])
    np.savez_compressed(buffer, lat_deg=lat, lon_deg=lon, distance_m=distance, hr_bpm=np.full(lat.shape, 140.0))
    stored = None
    if with_file:
        stored = ActivityFile.objects.create(
            runner=runner,
            original_name="home-run.gpx",
            file=ContentFile(GPX, name="home-run.gpx"),
            size_bytes=len(GPX),
            sha256="1" * 64,
        )
    activity = Activity.objects.create(
        runner=runner,
        source=stored,
        sport="running",
        start_utc=timezone.now(),
        distance_m=float(distance[-1]),
        moving_time_s=1500,
        elapsed_time_s=1500,
        fingerprint=f"home:{runner.pk}",
    )
    ActivitySamples.objects.create(activity=activity, npz=buffer.getvalue())
    return activity


def make_zone(runner, radius_m: int = 300, seed: int = 1):
    import random

    from stridecare.mydata.models import PrivacyZone

    zone = PrivacyZone(runner=runner, name="Home")
    zone.place(*HOME, radius_m, rng=random.Random(seed))
    zone.save()
    return zone


def full_record(world):
    """Records of world.runner in every app; returns the home run."""
    import datetime as dt

    from stridecare.booking import actions
    from tests.accounts.test_access_rules import app_access_values, make_runner_records
    from tests.booking.helpers import make_request

    app_access_values(world)
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    actions.confirm_request(
        make_request(world.clinic, world.runner).pk, therapist=world.therapist, start=start, minutes=45, actor=None
    )
    make_runner_records(world.runner)
    return make_run(world.runner)
