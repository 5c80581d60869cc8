"""Damaged and hostile files: whatever a decoder raises becomes that file's clear error and a batch
goes on; a bug of ours is logged and reported as such; XML is parsed by defusedxml in any encoding."""

from __future__ import annotations

import gzip
import io
import logging
import struct
import zipfile

import pytest

from stridecare.core.errors import ActivityFileError, UnexpectedReaderError
from stridecare.core.io import read_activity, read_batch, read_bytes

RUN_FIT = "fitparse__garmin-fenix-5-run.fit"
RUN_GPX = "sports-lib__2067489619.gpx"
RUN_TCX = "sports-lib__6281425038.tcx"


def _inserted_zero(data: bytes, at: int) -> bytes:
    return data[:at] + b"\x00" + data[at:]


# One zero byte inserted into a real file makes fitdecode raise these (found by bench/fuzz_readers.py).
FITDECODE_CRASHES = {"ValueError": 20, "AssertionError": 201, "TypeError": 4641}


@pytest.mark.parametrize("raised", sorted(FITDECODE_CRASHES))
def test_a_fit_file_that_trips_the_decoder_gets_a_clear_error(data, raised):
    mutant = _inserted_zero((data / RUN_FIT).read_bytes(), FITDECODE_CRASHES[raised])
    (error,) = read_bytes(mutant, "run.fit").errors
    assert type(error) is ActivityFileError
    assert error.filename == "run.fit"
    assert (
        "is damaged" in error.reason
        and f"the decoder failed with {raised}" in error.reason
        and "export it again" in error.reason
    )


@pytest.mark.parametrize(
    "exc",
    [ValueError("size"), AssertionError(), TypeError("bad"), struct.error("unpack"), KeyError(7), IndexError("x")],
)
def test_any_exception_from_fitdecode_is_the_files_error(data, monkeypatch, exc):
    import stridecare.core.io.fit as fit

    class Exploding:
        def __init__(self, *args, **kwargs):
            pass

        def __iter__(self):  # a generator, as fitdecode's: it raises on the first frame
            raise exc
            yield

        def close(self):
            pass

    monkeypatch.setattr(fit.fitdecode, "FitReader", Exploding)
    (error,) = read_batch(data / RUN_FIT).errors
    assert type(error) is ActivityFileError and f"the decoder failed with {type(exc).__name__}" in error.reason


def test_any_exception_from_gpxpy_is_the_files_error(data, monkeypatch):
    import stridecare.core.io.gpx as gpx

    def explode(text):
        raise TypeError("unsupported operand")

    monkeypatch.setattr(gpx.gpxpy, "parse", explode)
    (error,) = read_batch(data / RUN_GPX).errors
    assert error.reason == "is not a readable GPX file (unsupported operand)"


def test_a_bad_member_never_sinks_the_good_ones(tmp_path, data):
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("activities/1.fit", (data / RUN_FIT).read_bytes())
        z.writestr("activities/2.fit", _inserted_zero((data / RUN_FIT).read_bytes(), 201))
        z.writestr("activities/3.gpx.gz", gzip.compress((data / RUN_GPX).read_bytes()))
        z.writestr("activities/4.gpx", b"\xff\xfe<\x00g\x00")
    result = read_batch(path)
    assert [a.source_file for a in result.activities] == [
        "export.zip/activities/1.fit",
        "export.zip/activities/3.gpx.gz",
    ]
    assert [e.filename for e in result.errors] == ["export.zip/activities/2.fit", "export.zip/activities/4.gpx"]


def test_a_bug_in_our_code_is_logged_and_the_batch_goes_on(tmp_path, data, monkeypatch, caplog):
    import stridecare.core.io.fit as fit

    def broken(decoded, filename):
        return 1 / 0

    monkeypatch.setattr(fit, "_build_activities", broken)
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.fit", (data / RUN_FIT).read_bytes())
        z.writestr("b.gpx", (data / RUN_GPX).read_bytes())
    with caplog.at_level(logging.ERROR, logger="stridecare.core.io"):
        result = read_batch(path)
    assert [a.source_file for a in result.activities] == ["export.zip/b.gpx"]
    (error,) = result.errors
    assert isinstance(error, UnexpectedReaderError) and error.filename == "export.zip/a.fit"
    assert "unexpected error in Stridecare" in error.reason
    (record,) = [r for r in caplog.records if r.name == "stridecare.core.io"]
    assert "export.zip/a.fit" in record.getMessage() and record.exc_info[0] is ZeroDivisionError


def test_refused_members_keep_no_traceback(tmp_path, data):
    """A traceback holds the reader's frames, and so the member's bytes, for as long as the error lives."""
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        for i in range(3):
            z.writestr(f"{i}.fit", (data / "fitparse__activity-filecrc.fit").read_bytes())
    errors = read_batch(path).errors
    assert len(errors) == 3
    assert all(e.__traceback__ is None and e.__cause__ is None and e.__context__ is None for e in errors)


# --- XML in every encoding, through defusedxml -------------------------------------------------


def _body(data, name: str) -> str:
    text = (data / name).read_bytes().decode("utf-8-sig")
    return text.split("?>", 1)[1] if text.lstrip().startswith("<?xml") else text


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: ('<?xml version="1.0" encoding="UTF-16"?>' + t).encode("utf-16"),  # with BOM
        lambda t: ('<?xml version="1.0" encoding="UTF-16"?>' + t).encode("utf-16-le"),  # without BOM
        lambda t: b"\xfe\xff" + ('<?xml version="1.0" encoding="UTF-16"?>' + t).encode("utf-16-be"),
        lambda t: (
            b"\xef\xbb\xbf  \n" + ('<?xml version="1.0" encoding="UTF-8"?>' + t).encode()
        ),  # Garmin Connect's BOM and blank line
        lambda t: ('<?xml version="1.0" encoding="ISO-8859-1"?>' + t).encode("latin-1", errors="replace"),
    ],
    ids=["utf16-bom", "utf16le-no-bom", "utf16be-bom", "utf8-bom-blank", "latin1"],
)
@pytest.mark.parametrize("name", [RUN_GPX, RUN_TCX])
def test_gpx_and_tcx_read_the_same_in_any_encoding(data, name, encode, read_shared):
    expected = read_shared(name)
    got = read_bytes(encode(_body(data, name)), name)
    assert got.errors == ()
    (activity,) = got.activities
    assert activity.start_utc == expected.start_utc and activity.distance_m == pytest.approx(expected.distance_m)


def test_a_latin1_name_is_read_as_latin1(data):
    text = _body(data, RUN_GPX).replace("<trk>", "<trk><name>Løb på Æbelø</name>", 1)
    activity = read_activity_bytes(('<?xml version="1.0" encoding="ISO-8859-1"?>' + text).encode("latin-1"), "run.gpx")
    assert activity.sport  # read, not refused


def read_activity_bytes(content: bytes, name: str):
    result = read_bytes(content, name)
    assert result.errors == ()
    return result.activities[0]


BOMB = '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
EXTERNAL = '<!DOCTYPE gpx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-32"])
@pytest.mark.parametrize("declaration", [BOMB, EXTERNAL, "<!DOCTYPE gpx>"])
@pytest.mark.parametrize("name", [RUN_GPX, RUN_TCX])
def test_dtds_and_entities_are_refused_in_every_encoding(data, name, declaration, encoding):
    """The old check looked for b"<!DOCTYPE" in the bytes: a UTF-16 file slipped past it."""
    text = (
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>' + declaration + _body(data, name).replace(">", ">&b;", 1)
    )
    (error,) = read_bytes(text.encode(encoding), name).errors
    assert error.reason == "contains an XML document type or entity declaration, which we refuse for safety"


def test_an_unknown_declared_encoding_is_named(data):
    (error,) = read_bytes(
        ('<?xml version="1.0" encoding="klingon-8"?>' + _body(data, RUN_TCX)).encode(), "run.tcx"
    ).errors
    assert error.reason == "declares a text encoding we do not know ('klingon-8')"


# 150,001 points (3.6 MB) go through the XML parser before the count refuses them: most of a second
@pytest.mark.slow
def test_a_gpx_with_too_many_points_is_refused_before_gpxpy_reads_it():
    from stridecare.core.io.gpx import MAX_POINTS

    points = '<trkpt lat="1" lon="2"/>' * (MAX_POINTS + 1)
    (error,) = read_bytes(
        f'<gpx version="1.1" creator="x"><trk><trkseg>{points}</trkseg></trk></gpx>'.encode(), "big.gpx"
    ).errors
    assert error.reason.startswith(
        f"holds {MAX_POINTS + 1:,} points, more than the {MAX_POINTS:,} we read from one file"
    )


def test_stray_namespace_words_do_not_make_gpxpy_crawl():
    junk = " xmlns" * 50_000
    (error,) = read_bytes(
        f'<gpx version="1.1" creator="x"><trk><name>{junk}</name></trk></gpx>'.encode(), "x.gpx"
    ).errors
    assert error.reason.startswith("mentions XML namespaces hundreds of times")


def test_the_format_of_a_utf16_file_is_sniffed(data):
    content = ('<?xml version="1.0" encoding="UTF-16"?>' + _body(data, RUN_TCX)).encode("utf-16")
    assert read_bytes(content, "upload.bin").errors == ()


@pytest.mark.slow
def test_a_fit_file_past_the_message_cap_is_refused():
    from bench.fuzz_readers import synthetic_fit
    from stridecare.core.io.fit import MAX_MESSAGES, read_fit

    with pytest.raises(ActivityFileError, match=f"holds more than {MAX_MESSAGES:,} messages"):
        read_fit(synthetic_fit(MAX_MESSAGES + 10), "long.fit")


def test_a_zip_member_compressed_with_bzip2_is_refused(tmp_path, data):
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_BZIP2) as z:
        z.writestr("a.fit", (data / RUN_FIT).read_bytes())
    (error,) = read_batch(path).errors
    assert error.reason.startswith("is compressed with a method we do not read")


def test_a_damaged_zip_directory_is_a_clear_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.fit", b"x" * 100)
    damaged = buf.getvalue()[:-30]  # cut inside the directory: an interrupted download
    (error,) = read_bytes(damaged, "x.zip").errors
    assert error.reason.startswith("is not a valid zip archive")


def test_read_activity_still_raises_the_first_error(data):
    with pytest.raises(ActivityFileError, match="is damaged"):
        read_activity(data / "fitparse__activity-filecrc.fit")
