"""Small builders for the training pages' tests: activities without files, weekly totals from them."""

from __future__ import annotations

import datetime as dt

from stridecare.training.models import Activity

_counter = iter(range(10**9))


def add_activity(
    runner, start_utc: dt.datetime, distance_m: float, moving_time_s: float, sport: str = "running"
) -> Activity:
    return Activity.objects.create(
        runner=runner,
        sport=sport,
        start_utc=start_utc,
        distance_m=distance_m,
        moving_time_s=moving_time_s,
        elapsed_time_s=moving_time_s,
        fingerprint=f"{sport}:{next(_counter)}",
    )
