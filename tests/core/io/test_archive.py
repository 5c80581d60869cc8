"""Zips (Strava bulk export and plain), gzip edge cases, format sniffing."""

import gzip
import io
import zipfile

import pytest

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import read_activity, read_batch, read_paths

CSV = (
    "Activity ID,Activity Date,Activity Name,Activity Type,Filename\n"
    '1,"Oct 8, 2017, 2:54:11 PM",Morning Run,Run,activities/1.fit.gz\n'
    '2,"Mar 19, 2017, 4:49:30 PM",Evening Run,Run,activities/2.gpx\n'
    '3,"Jan 1, 2020, 8:00:00 AM",Treadmill (manual),Run,\n'
    '4,"Feb 6, 2013, 12:11:14 PM",Broken,Run,activities/4.fit\n'
    '5,"Feb 7, 2013, 12:11:14 PM",Lost,Run,activities/5.tcx\n'
)


def _strava_zip(data) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("activities.csv", CSV)
        z.writestr("activities/1.fit.gz", gzip.compress((data / "sports-lib__2067489619.fit").read_bytes()))
        z.writestr("activities/2.gpx", (data / "sports-lib__1681613317.gpx").read_bytes())
        z.writestr("activities/4.fit", (data / "fitparse__activity-filecrc.fit").read_bytes())
        z.writestr("media/photo.jpg", b"\xff\xd8")
    return buf.getvalue()


def test_a_strava_export_reads_the_files_its_csv_names(tmp_path, data):
    path = tmp_path / "export_123.zip"
    path.write_bytes(_strava_zip(data))
    result = read_batch(path)
    assert [a.source_file for a in result.activities] == [
        "export_123.zip/activities/1.fit.gz",
        "export_123.zip/activities/2.gpx",
    ]
    assert {(e.filename, e.reason.split(":")[0]) for e in result.errors} == {
        ("export_123.zip/activities/4.fit", "is damaged"),
        ("export_123.zip/activities/5.tcx", "is listed in activities.csv but missing from the archive"),
    }
    with pytest.raises(ActivityFileError, match=r"^export_123.zip/activities/4.fit: is damaged"):
        read_activity(path)  # all-or-nothing readers raise the first member's error


def test_a_plain_zip_reads_every_activity_file(tmp_path, data):
    path = tmp_path / "runs.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a/run.tcx", (data / "sports-lib__6281425038.tcx").read_bytes())
        z.writestr("b/run.fit", (data / "fitparse__garmin-fenix-5-run.fit").read_bytes())
        z.writestr("notes.txt", "hello")
    result = read_batch(path)
    assert [a.source_file for a in result.activities] == ["runs.zip/a/run.tcx", "runs.zip/b/run.fit"]
    assert result.errors == ()
    with pytest.raises(ActivityFileError, match=r"^runs.zip: holds 2 activities"):
        read_activity(path)


def test_a_zip_without_activities_is_refused(tmp_path):
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("photo.jpg", b"\xff\xd8")
    assert read_batch(path).errors[0].reason == "contains no activity files (.fit, .gpx, .tcx or their .gz)"


def test_a_truncated_gzip_is_refused(tmp_path, data):
    path = tmp_path / "run.fit.gz"
    path.write_bytes(gzip.compress((data / "sports-lib__2067489619.fit").read_bytes())[:500])
    assert read_batch(path).errors[0].reason == "is a truncated gzip file; was the upload interrupted?"


def test_the_format_is_sniffed_when_the_name_does_not_tell(tmp_path, data):
    path = tmp_path / "upload.bin"
    path.write_bytes((data / "fitparse__garmin-fenix-5-run.fit").read_bytes())
    assert read_activity(path).sport == "running"
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    with pytest.raises(ActivityFileError, match="is not an activity file we can read"):
        read_activity(junk)


def test_a_missing_file_is_an_error_not_a_crash(tmp_path):
    assert read_batch(tmp_path / "nope.fit").errors[0].reason.startswith("cannot be opened")


def test_two_worker_processes_give_the_same_results_and_errors(data):
    paths = [
        data / "fitparse__garmin-fenix-5-run.fit",
        data / "fitparse__activity-filecrc.fit",
        data / "sports-lib__2067489619.gpx",
    ]
    serial = read_paths(paths, processes=1, keep_samples=False)
    parallel = read_paths(paths, processes=2, keep_samples=False)
    assert [r.activities for r in serial] == [r.activities for r in parallel]
    assert [[e.reason for e in r.errors] for r in parallel] == [
        [],
        ["is damaged: its checksum does not match (after 14 records); please export it again"],
        [],
    ]
    assert parallel[0].activities[0].samples is None
