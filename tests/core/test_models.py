"""Activity identity (duplicates) and local time; Finding serialisation."""

import datetime as dt

from stridecare.core.models import Activity, Finding, is_same_activity


def act(start: str, km: float | None = 10.0, sport: str = "running", offset: int | None = None) -> Activity:
    return Activity(
        source_file="x.fit",
        sport=sport,
        start_utc=dt.datetime.fromisoformat(start).replace(tzinfo=dt.UTC),
        moving_time_s=3600.0,
        elapsed_time_s=3700.0,
        distance_m=None if km is None else km * 1000,
        utc_offset_s=offset,
    )


def test_the_fingerprint_is_sport_family_and_utc_start_minute():
    assert act("2025-03-04T06:30:59").fingerprint == "run:20250304T0630Z"
    assert act("2025-03-04T06:30:59", sport="cycling").fingerprint == "cycling:20250304T0630Z"


def test_same_activity_tolerates_a_minute_boundary_and_a_gps_distance():
    fit, gpx = act("2025-03-04T06:30:59", 14.00), act("2025-03-04T06:31:01", 14.15)
    assert fit.fingerprint != gpx.fingerprint  # straddles the minute
    assert is_same_activity(fit, gpx)  # 2 s apart, distances 1.1% apart
    assert not is_same_activity(fit, act("2025-03-04T06:35:00", 14.0))  # 4 min apart: another run
    assert not is_same_activity(fit, act("2025-03-04T06:31:00", 10.0))  # 29% shorter
    assert not is_same_activity(fit, act("2025-03-04T06:31:00", 14.0, sport="cycling"))
    assert is_same_activity(fit, act("2025-03-04T06:31:00", None))


def test_start_local_uses_the_recorded_offset():
    assert act("2025-03-04T23:30:00", offset=3600).start_local.isoformat() == "2025-03-05T00:30:00+01:00"
    assert act("2025-03-04T23:30:00").start_local.isoformat() == "2025-03-04T23:30:00+00:00"


def test_a_finding_serialises_to_plain_data():
    f = Finding(
        code="LF-01",
        severity="red",
        date=dt.date(2025, 3, 4),
        message="m",
        therapist_note="t",
        source="s [V:R01]",
        evidence="[V:R01]",
        data={"ratio": 1.4},
    )
    assert f.to_dict() == {
        "code": "LF-01",
        "severity": "red",
        "date": "2025-03-04",
        "message": "m",
        "therapist_note": "t",
        "source": "s [V:R01]",
        "evidence": "[V:R01]",
        "activity_ref": None,
        "data": {"ratio": 1.4},
    }
