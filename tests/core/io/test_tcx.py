"""TCX reader: Garmin and Suunto exports, lap totals, leading whitespace, gzip, unsafe XML."""

import gzip

import pytest

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import read_activity
from stridecare.core.models import is_same_activity


def test_it_prefers_the_lap_totals_and_matches_the_fit_of_the_same_run(data, read_shared):
    tcx = read_shared("sports-lib__6782987395.tcx")
    fit = read_shared("sports-lib__6782987395.fit")
    assert tcx.sport == "running" and tcx.device == "Forerunner 945"
    # two laps whose TotalTimeSeconds / DistanceMeters add up to the FIT session totals
    assert tcx.distance_m == pytest.approx(14004.85) and tcx.sources["distance_m"] == "session"
    assert tcx.moving_time_s == pytest.approx(4989.112)
    assert is_same_activity(fit, tcx) and tcx.fingerprint == fit.fingerprint
    assert tcx.avg_cadence_spm == pytest.approx(fit.avg_cadence_spm, rel=0.05)  # RunCadence doubled


def test_whitespace_before_the_xml_declaration_is_tolerated(data):
    """Garmin Connect downloads often start with blanks; strict parsers reject them."""
    a = read_activity(data / "sports-lib__6281425038.tcx")
    assert a.sport == "running" and a.distance_m is not None and a.distance_m > 4000


def test_a_suunto_tcx_with_many_laps_reads(data):
    a = read_activity(data / "sports-lib__samples-tcx-suunto-spartan.tcx")
    assert a.sport == "running" and a.device == "Suunto Spartan Ultra"
    assert a.elapsed_time_s == 28 * 60 + 50  # manifest: 28 min 50 s
    assert a.moving_time_s <= a.elapsed_time_s


def test_a_gzipped_tcx_reads(tmp_path, data):
    path = tmp_path / "run.tcx.gz"
    path.write_bytes(gzip.compress((data / "sports-lib__6281425038.tcx").read_bytes()))
    assert read_activity(path).distance_m == read_activity(data / "sports-lib__6281425038.tcx").distance_m


def test_it_refuses_a_doctype(tmp_path):
    path = tmp_path / "x.tcx"
    path.write_bytes(b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><TrainingCenterDatabase/>')
    with pytest.raises(ActivityFileError, match="refuse for safety"):
        read_activity(path)


def test_it_rejects_broken_xml_and_other_roots(tmp_path):
    broken = tmp_path / "broken.tcx"
    broken.write_bytes(b"<TrainingCenterDatabase><Activities>")
    with pytest.raises(ActivityFileError, match=r"^broken.tcx: is not well-formed XML"):
        read_activity(broken)
    other = tmp_path / "other.tcx"
    other.write_bytes(b"<gpx/>")
    with pytest.raises(ActivityFileError, match=r"is not a TCX file \(its root element is <gpx>\)"):
        read_activity(other)
