"""GPX reader: Garmin/Strava/Amazfit exports, extensions v1/v2, gzip, malformed XML."""

import gzip

import pytest

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import read_activity, read_batch
from stridecare.core.models import is_same_activity

GPX_V2 = b"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
     xmlns:tp2="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">
 <trk><type>running</type><trkseg>
  <trkpt lat="55.0000" lon="12.0000"><ele>10</ele><time>2024-03-30T08:00:00+01:00</time>
   <extensions><tp2:TrackPointExtension><tp2:hr>120</tp2:hr><tp2:cad>80</tp2:cad></tp2:TrackPointExtension></extensions></trkpt>
  <trkpt lat="55.0009" lon="12.0000"><ele>14</ele><time>2024-03-30T08:00:30+01:00</time>
   <extensions><tp2:TrackPointExtension><tp2:hr>140</tp2:hr><tp2:cad>90</tp2:cad></tp2:TrackPointExtension></extensions></trkpt>
 </trkseg></trk>
</gpx>"""


def test_it_reads_trackpoint_extension_v2_and_local_offsets(tmp_path):
    path = tmp_path / "tiny.gpx"
    path.write_bytes(GPX_V2)
    a = read_activity(path)
    assert a.sport == "running"
    assert a.start_utc.isoformat() == "2024-03-30T07:00:00+00:00" and a.utc_offset_s == 3600
    assert a.avg_hr_bpm == 130.0  # (120 + 140) / 2
    assert a.avg_cadence_spm == 170.0  # (80 + 90) / 2 strides/min x 2
    # 0.0009 deg of latitude = 0.0009 * pi/180 * 6,371,008.8 m = 100.07 m
    assert a.distance_m == pytest.approx(100.07, abs=0.01)
    assert a.elapsed_time_s == a.moving_time_s == 30.0
    assert a.elevation_gain_m == 4.0
    assert a.sources["distance_m"] == "records"


def test_a_garmin_gpx_matches_the_fit_of_the_same_run(data, read_shared):
    fit = read_shared("sports-lib__2067489619.fit")
    gpx = read_shared("sports-lib__2067489619.gpx")
    assert gpx.sport == "running" and gpx.device == "Garmin Connect"
    assert gpx.start_utc == fit.start_utc
    assert gpx.fingerprint == fit.fingerprint and is_same_activity(fit, gpx)
    assert gpx.distance_m == pytest.approx(fit.distance_m, rel=0.03)  # coordinates vs wheel/GPS total
    assert gpx.avg_hr_bpm == pytest.approx(fit.avg_hr_bpm, abs=5)


def test_stravas_numeric_type_9_is_a_run_with_doubled_cadence(data):
    a = read_activity(data / "sports-lib__1681613317.gpx")
    assert a.sport == "running"
    assert a.avg_cadence_spm is not None and 140 < a.avg_cadence_spm < 200
    assert a.elapsed_time_s == 32 * 60 + 38  # manifest: 32 min 38 s


def test_an_amazfit_gpx_reads_heart_rate(data):
    a = read_activity(data / "sports-lib__samples-gpx-amazfit.gpx")
    assert a.sport == "running" and a.avg_hr_bpm is not None and a.avg_cadence_spm is None
    # first point 09:54:12, last 10:36:23 -> 42 min 11 s (the manifest's 42:13 starts at <metadata><time>)
    assert a.elapsed_time_s == 42 * 60 + 11


def test_a_gzipped_gpx_reads_like_the_plain_one(tmp_path, data, read_shared):
    path = tmp_path / "run.gpx.gz"
    path.write_bytes(gzip.compress((data / "sports-lib__2067489619.gpx").read_bytes()))
    assert read_activity(path).distance_m == read_shared("sports-lib__2067489619.gpx").distance_m


def test_it_rejects_an_undeclared_namespace_prefix(data):
    result = read_batch(data / "sports-lib__6037744996.gpx")
    assert result.activities == ()
    assert result.errors[0].reason == "is not well-formed XML (unbound prefix: line 17, column 121)"


def test_it_refuses_entity_declarations(tmp_path):
    path = tmp_path / "bomb.gpx"
    path.write_bytes(b'<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>&a;</gpx>')
    with pytest.raises(ActivityFileError, match="entity declaration, which we refuse"):
        read_activity(path)


def test_it_rejects_a_route_without_times(tmp_path):
    path = tmp_path / "route.gpx"
    path.write_bytes(GPX_V2.replace(b"<time>", b"<name>").replace(b"</time>", b"</name>"))
    with pytest.raises(ActivityFileError, match="has no track points with a timestamp"):
        read_activity(path)


# the GPX (2 MB) and the TCX (3.5 MB) of one run are parsed whole: most of a second. The fast suite keeps
# the FIT-and-GPX match of test_a_garmin_gpx_matches_the_fit_of_the_same_run.
@pytest.mark.slow
def test_the_same_run_as_fit_gpx_and_tcx_is_recognised(data, read_shared):
    fit, gpx, tcx = (read_shared(f"sports-lib__6782987395.{ext}") for ext in ("fit", "gpx", "tcx"))
    assert gpx.sport == tcx.sport == fit.sport == "running"
    assert fit.fingerprint == gpx.fingerprint == tcx.fingerprint == "run:20190615T0942Z"
    assert is_same_activity(fit, gpx) and is_same_activity(gpx, tcx)
    # GPX carries no distance: the haversine sum over 4,967 points is 1.1% above the watch's 14,004.85 m
    assert gpx.distance_m == pytest.approx(14004.85, rel=0.02) and gpx.sources["distance_m"] == "records"
    assert gpx.avg_hr_bpm == pytest.approx(fit.avg_hr_bpm, abs=1)
    assert gpx.elevation_gain_m == pytest.approx(fit.elevation_gain_m, rel=0.05)  # 350 m vs session 347 m
