import datetime as dt

from stridecare.core.load import LoadSession


def run(
    when: str,
    km: float,
    *,
    minutes: float | None = None,
    sport: str = "running",
    offset_h: float | None = None,
    rpe: float | None = None,
    ref: str | None = None,
) -> LoadSession:
    """A session starting at ``when`` (ISO, UTC unless it carries an offset)."""
    start = dt.datetime.fromisoformat(when)
    start = start.replace(tzinfo=dt.UTC) if start.tzinfo is None else start.astimezone(dt.UTC)
    return LoadSession(
        start_utc=start,
        distance_m=km * 1000,
        moving_time_s=(minutes if minutes is not None else km * 6) * 60,
        sport=sport,
        utc_offset_s=None if offset_h is None else int(offset_h * 3600),
        rpe=rpe,
        ref=ref or when,
    )
