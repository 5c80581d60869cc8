"""FIT reader against the shared real files (see shared/data/MANIFEST.md)."""

import csv
import datetime as dt

import numpy as np
import pytest

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import read_activities, read_activity, read_batch, read_bytes
from stridecare.core.io.fit import _decode, _epoch, read_fit_with_record_totals


def test_it_reads_a_garmin_run_with_running_dynamics(data, read_shared):
    a = read_shared("fitparse__garmin-fenix-5-run.fit")
    assert a.sport == "running"
    assert a.start_utc == dt.datetime(2017, 6, 11, 14, 34, 9, tzinfo=dt.UTC)
    # activity.local_timestamp 07:35:24 - timestamp 14:35:24 = -7 h (PDT)
    assert a.utc_offset_s == -7 * 3600
    assert a.start_local.isoformat() == "2017-06-11T07:34:09-07:00"
    assert a.distance_m == pytest.approx(157.56)
    assert a.moving_time_s == pytest.approx(56.887)
    # session avg_running_cadence 83 + avg_fractional_cadence 0.671875 strides/min, x2 -> steps/min
    assert a.avg_cadence_spm == pytest.approx(167.34375)
    assert a.avg_gct_ms == pytest.approx(270.3)
    assert a.avg_vertical_oscillation_cm == pytest.approx(7.62)  # 76.2 mm in the session
    assert a.avg_step_length_m is not None and 0.9 < a.avg_step_length_m < 1.1
    assert a.avg_gct_balance_left_pct is not None and 45 < a.avg_gct_balance_left_pct < 55
    assert a.sources["distance_m"] == "session" and a.sources["avg_cadence_spm"] == "session"


def test_its_samples_match_the_independently_decoded_records(data, read_shared):
    """The companion CSV holds the same records decoded by another tool (strides/min cadence)."""
    a = read_shared("fitparse__garmin-fenix-5-run.fit")
    with open(data / "fitparse__garmin-fenix-5-run-records.csv") as f:
        rows = list(csv.DictReader(f))
    assert a.samples is not None and len(a.samples) == len(rows) == 21
    assert np.allclose(a.samples.hr_bpm, [float(r["heart_rate"]) for r in rows])
    assert np.allclose(a.samples.distance_m, [float(r["distance"]) for r in rows])
    assert np.allclose(a.samples.speed_m_s, [float(r["speed"]) for r in rows])
    strides = np.array([float(r["cadence"]) for r in rows])
    # steps = 2 x (strides + fractional part), so between 2x and 2x + 2
    assert np.all(a.samples.cadence_spm >= 2 * strides) and np.all(a.samples.cadence_spm < 2 * strides + 2)
    assert a.samples.lat_deg[0] == pytest.approx(456099128 * 180 / 2**31)


def test_it_decodes_compressed_timestamp_records_like_the_reference_decoder(data):
    """FR70 records use compressed timestamps and speed/distance; the CSV is the ground truth."""
    raw = (data / "fitparse__compressed-speed-distance.fit").read_bytes()
    decoded = _decode(raw, "x.fit")
    with open(data / "fitparse__compressed-speed-distance-records.csv") as f:
        rows = list(csv.reader(f))[1:]
    ours = [r for r in decoded.rows if r.get("heart_rate") is not None]
    assert len(ours) == len(rows)
    assert [r["timestamp"] for r in ours] == [int(row[0]) for row in rows]
    assert [r["distance"] for r in ours] == pytest.approx([float(row[3]) for row in rows])


FIT_WITH_SESSION = [
    "fitdecode__developer-types-sample.fit",
    "fitparse__2013-02-06-12-11-14.fit",
    "fitparse__Edge810-Vector-2013-08-16-15-35-10.fit",
    "fitparse__activity-small-fenix2-run.fit",
    "fitparse__coros-pace-2-cycling-misaligned-fields.fit",
    "fitparse__garmin-fenix-5-run.fit",
    "fitparse__garmin-fenix-5-walk.fit",
    "fitparse__sample_mulitple_header.fit",
    "sports-lib__2067489619.fit",
    "sports-lib__6782987395.fit",
    "sports-lib__6909950168-no-pause-records.fit",
    "sports-lib__6909950168.fit",
    "sports-lib__6914538454.fit",
    "sports-lib__6916663933.fit",
]


# every shared file in CI; the fast suite (-m "not slow") checks the first one
@pytest.mark.parametrize(
    "name", [n if i == 0 else pytest.param(n, marks=pytest.mark.slow) for i, n in enumerate(FIT_WITH_SESSION)]
)
def test_record_totals_match_the_device_session_within_half_a_percent(data, name):
    for activity, records in read_fit_with_record_totals((data / name).read_bytes(), name):
        assert activity.sources["distance_m"] == "session"
        assert records["distance_m"] == pytest.approx(activity.distance_m, rel=0.005)
        # record timestamps have 1 s resolution: tolerance 0.5% or 1 s, whichever is larger
        for key in ("moving_time_s", "elapsed_time_s"):
            assert abs(records[key] - getattr(activity, key)) <= max(0.005 * getattr(activity, key), 1.0), key


def test_pauses_come_from_timer_events_with_or_without_pause_records(data, read_shared):
    a = read_shared("sports-lib__6909950168.fit")
    b = read_activity(data / "sports-lib__6909950168-no-pause-records.fit")
    assert (a.moving_time_s, a.elapsed_time_s) == (b.moving_time_s, b.elapsed_time_s) == (2160.68, 2195.998)
    # timer ran 16:14:31-16:28:33 (842 s) + 16:29:05-16:29:12 (7 s) + 16:29:16-16:51:07 (1311 s) = 2160 s
    ((_, records),) = read_fit_with_record_totals((data / "sports-lib__6909950168.fit").read_bytes(), "x")
    assert records["moving_time_s"] == 2160.0
    assert a.fingerprint == b.fingerprint


def test_a_multisport_file_gives_one_activity_per_leg_without_transitions(data):
    legs = read_activities(data / "fitparse__sample_mulitple_header.fit")
    assert [a.sport for a in legs] == ["swimming", "cycling", "running"]
    run = legs[-1]
    assert run.distance_m == pytest.approx(9805.92)
    assert run.avg_gct_ms == pytest.approx(252.0)
    assert run.samples is not None and run.samples.elapsed_s[0] >= 0
    with pytest.raises(ActivityFileError, match="holds 3 activities"):
        read_activity(data / "fitparse__sample_mulitple_header.fit")


def test_developer_fields_fill_power_when_the_watch_has_none(data, read_shared):
    a = read_shared("sports-lib__6782987395.fit")  # Stryd Connect IQ "Power" in Watts
    assert a.sources["avg_power_w"] == "records"
    assert a.avg_power_w is not None and 150 < a.avg_power_w < 350
    assert a.avg_hr_bpm == 137 and a.utc_offset_s == -4 * 3600


def test_a_cycling_file_reads_but_has_no_step_cadence(data):
    a = read_activity(data / "fitparse__Edge810-Vector-2013-08-16-15-35-10.fit")
    assert a.sport == "cycling" and not a.is_running
    assert a.avg_cadence_spm is None and a.distance_m == pytest.approx(41339.38)


# about a second: the 3 h 32 min ride is decoded record by record (fitdecode is pure Python)
@pytest.mark.slow
def test_a_file_with_misaligned_field_sizes_still_reads(data):
    a = read_activity(data / "fitparse__coros-pace-2-cycling-misaligned-fields.fit")
    assert a.sport == "cycling" and a.moving_time_s == 11287.0 and a.elapsed_time_s == 12719.0


def test_inverted_device_times_are_flagged_and_the_elapsed_time_used(data):
    a = read_activity(data / "sports-lib__inverted-times.fit")
    assert a.sport == "generic"
    assert a.moving_time_s == a.elapsed_time_s == pytest.approx(2839.6)
    assert any("exceeds its elapsed time" in w for w in a.warnings)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "fitparse__MonitoringFile.fit",
            "is a FIT 'monitoring_b' file (e.g. daily step monitoring), not a recorded activity",
        ),
        (
            "fitparse__activity-filecrc.fit",
            "is damaged: its checksum does not match (after 14 records); please export it again",
        ),
        (
            "fitparse__activity-unexpected-eof.fit",
            "file ends after 14 records (756 of the 757 data bytes its header announces); was the upload interrupted?",
        ),
    ],
)
def test_it_rejects_broken_files_with_a_specific_reason(data, name, reason):
    result = read_batch(data / name)
    assert result.activities == ()
    assert [(e.filename, e.reason) for e in result.errors] == [(name, reason)]


@pytest.mark.slow
def test_an_unfinished_file_with_every_announced_byte_is_refused_with_the_records_it_holds(data):
    # MANIFEST.md: nick.fit, a Sigma Sport ride, "unterminated file": 14391 records spanning 4 h 38 min.
    # Every byte its header announces is there (403,440 + 14 + 2 = 403,456, the file size) but the last
    # message runs past them. Bad input first: refused, saying how many records can be recovered.
    result = read_batch(data / "fitparse__nick.fit")
    assert result.activities == ()
    (error,) = result.errors
    assert error.reason == (
        "was not finished by the device (its last message runs past the end of the data its header "
        "announces); its 14,391 complete records can be imported on request"
    )
    assert error.recoverable_records == 14391


# the 14,391 records of nick.fit take one to two seconds to decode, like the refusal above (slow too)
@pytest.mark.slow
def test_on_request_the_unfinished_file_is_read_with_a_warning(data):
    result = read_batch(data / "fitparse__nick.fit", recover=True)
    assert result.errors == ()
    (ride,) = result.activities
    assert ride.sport == "cycling" and ride.samples is not None and len(ride.samples.elapsed_s) == 14391
    assert 4 * 3600 + 38 * 60 <= ride.elapsed_time_s < 4 * 3600 + 39 * 60
    assert ride.sources["distance_m"] == "records"  # no session message: totals from the records
    assert ride.warnings[0].startswith(
        "the device did not finish this file (its last message runs past the end): the 14,391"
    )


def test_an_unfinished_header_with_records_after_it_can_be_recovered(data):
    # The file is 86,016 bytes; its 12-byte header says data size 0 (bytes 4-7), so
    # 86,016 - 12 (header) - 2 (the CRC a reader then expects) = 86,002 bytes follow unannounced:
    # the watch stopped while recording and never wrote the size.
    name = "sports-lib__empty-activities.fit"
    refused = read_batch(data / name)
    assert refused.activities == ()
    (error,) = refused.errors
    assert error.reason.startswith(
        "its header was never finished: it announces 0 data bytes but 86,002 bytes follow; the watch may have "
        "stopped while recording. Export the activity again from the watch or its app, or import the "
    )
    n = error.recoverable_records
    assert n > 1000 and f"import the {n:,} records written before it stopped on request" in error.reason
    (activity,) = read_batch(data / name, recover=True).activities
    assert (
        len(activity.samples.elapsed_s) == n
        and "records written before it stopped were recovered" in activity.warnings[0]
    )
    # one record a second: the recovered span is the record count less one
    assert activity.elapsed_time_s == pytest.approx(n - 1, abs=2)
    assert activity.start_utc.year == 2016


def test_a_file_cut_inside_its_announced_data_is_still_refused(data):
    # 756 of 757 announced bytes: an interrupted upload of a whole file looks like this, and a partial
    # copy must not stand in for the whole one (duplicate detection would then skip the real upload)
    result = read_batch(data / "fitparse__activity-unexpected-eof.fit")
    assert result.activities == () and "was the upload interrupted?" in result.errors[0].reason


def test_a_header_with_no_data_and_nothing_after_it_is_an_empty_export():
    # A 12-byte header (size 12, protocol 16, profile 2093, data size 0, ".FIT") and a 2-byte CRC of 0xFFFF
    # that cannot match: nothing follows the header, so the file really is empty.
    header = bytes([12, 16]) + (2093).to_bytes(2, "little") + (0).to_bytes(4, "little") + b".FIT"
    result = read_bytes(header + b"\xff\xff", "blank.fit")
    assert [e.reason for e in result.errors] == ["contains no data (an empty export) and its checksum is wrong"]


def test_it_rejects_an_undefined_local_message(data):
    with pytest.raises(ActivityFileError, match=r"is damaged after 473 records \(.*local message 11 not defined\)"):
        read_activity(data / "fitparse__strava-android-app-201.10-b1218918.fit")


@pytest.mark.parametrize("name", ["fitparse__antfs-dump.63.fit", "fitparse__compressed-speed-distance.fit"])
def test_it_rejects_files_with_only_relative_timestamps(data, name):
    with pytest.raises(ActivityFileError, match="has no timestamps"):
        read_activity(data / name)


def test_it_rejects_something_that_is_not_a_fit_file(tmp_path):
    path = tmp_path / "run.fit"
    path.write_bytes(b"<html>not a watch file</html>")
    with pytest.raises(ActivityFileError, match=r"^run.fit: is not a FIT file"):
        read_activity(path)


def test_clock_not_set_dates_are_not_dates():
    # a watch without a clock writes times just after the FIT epoch (1989-12-31)
    assert _epoch(dt.datetime(1990, 1, 2, tzinfo=dt.UTC)) is None
    assert _epoch(16441242) is None
    assert _epoch(dt.datetime(2020, 1, 1, tzinfo=dt.UTC)) == 1577836800.0
