"""Archives built to exhaust memory: zero-filled members, a member whose header understates its
size, gzip bombs, nested archives, an archive past the per-upload cap. Each is read in a child
process whose peak memory (VmHWM) is measured: it must stay under 500 MB whatever the archive holds,
the bad members must be refused with their own error, and the good ones beside them still read."""

from __future__ import annotations

import gzip
import io
import json
import os
import pathlib
import struct
import subprocess
import sys
import zipfile
import zlib

import pytest

from bench.fuzz_readers import synthetic_fit
from stridecare.core.io import MAX_ARCHIVE_BYTES, MAX_MEMBER_BYTES
from tests.conftest import ACTIVITIES

REPO = pathlib.Path(__file__).resolve().parents[3]
# Archives of hundreds of megabytes, built and read in full: slow (CI runs them).
pytestmark = pytest.mark.slow

DATA = ACTIVITIES
GOOD = "fitparse__garmin-fenix-5-run.fit"
PEAK_LIMIT_MB = 500

READ_IN_CHILD = """
import json, sys
from stridecare.core.io import read_paths
def hwm():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
base = hwm()
(result,) = read_paths([sys.argv[1]], keep_samples=False)
print(json.dumps({"base_mb": base, "peak_mb": hwm(), "activities": [a.source_file for a in result.activities],
                  "errors": [[e.filename, e.reason] for e in result.errors]}))
"""


def read_in_child(path: pathlib.Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(REPO), "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", READ_IN_CHILD, str(path)], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    print(f"\n{path.name}: peak {out['peak_mb']:.0f} MB (start {out['base_mb']:.0f} MB)")
    return out


class RawMember:
    """A zip member from an already deflated stream, with the sizes its headers declare."""

    def __init__(self, name: str, deflated: bytes, crc: int, size: int, declared_size: int | None = None) -> None:
        self.name, self.deflated, self.crc, self.size = name.encode(), deflated, crc, size
        self.declared_size = size if declared_size is None else declared_size


def raw_zip(members: list[RawMember]) -> bytes:
    """A zip written by hand, so that a gigabyte of zeros is deflated once and reused, and a header
    can lie about its member's size (zipfile.ZipFile would compute the truth)."""
    out, directory = io.BytesIO(), io.BytesIO()
    for m in members:
        offset = out.tell()
        fields = (20, 0, 8, 0, 0, m.crc, len(m.deflated), m.declared_size, len(m.name))
        out.write(struct.pack("<4s5HIIIHH", b"PK\x03\x04", *fields, 0) + m.name + m.deflated)
        directory.write(struct.pack("<4s6HIIIHHHHHII", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, 0, offset) + m.name)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(
        struct.pack("<4s4HIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory.getvalue()), start, 0)
    )
    return out.getvalue()


def member_of(name: str, content: bytes) -> RawMember:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return RawMember(name, c.compress(content) + c.flush(), zlib.crc32(content), len(content))


@pytest.fixture(scope="module")
def zeros():
    """One gigabyte of zeros, deflated once (about 1 MB): (deflated, crc, size)."""
    size, chunk = 2**30, b"\0" * 2**24
    c, crc, parts = zlib.compressobj(9, zlib.DEFLATED, -15), 0, []
    for _ in range(size // len(chunk)):
        parts.append(c.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(c.flush())
    return b"".join(parts), crc, size


def test_a_zip_of_gigabyte_zero_members_is_refused_member_by_member(tmp_path, zeros):
    deflated, crc, size = zeros
    good = (DATA / GOOD).read_bytes()
    members = [member_of("activities/0-good.fit", good)]
    members += [RawMember(f"activities/{i}-zeros.fit", deflated, crc, size) for i in range(1, 13)]
    members += [member_of("activities/99-good.fit", good)]
    path = tmp_path / "export.zip"
    path.write_bytes(raw_zip(members))
    assert path.stat().st_size < 20 * 2**20  # ~13 MB that claims 12 GB
    out = read_in_child(path)
    assert out["peak_mb"] < PEAK_LIMIT_MB, out
    assert out["activities"] == ["export.zip/activities/0-good.fit", "export.zip/activities/99-good.fit"]
    assert [
        "export.zip/activities/1-zeros.fit",
        f"expands beyond {MAX_MEMBER_BYTES // 2**20} MB, too large to be one activity; skipped",
    ] in out["errors"]
    assert len(out["errors"]) == 12


def test_a_member_whose_header_lies_about_its_size_is_refused(tmp_path, zeros):
    deflated, crc, size = zeros
    members = [
        RawMember("activities/liar.fit", deflated, crc, size, declared_size=2000),
        member_of("activities/z-good.fit", (DATA / GOOD).read_bytes()),
    ]
    path = tmp_path / "liar.zip"
    path.write_bytes(raw_zip(members))
    out = read_in_child(path)
    assert out["peak_mb"] < PEAK_LIMIT_MB, out
    assert out["activities"] == ["liar.zip/activities/z-good.fit"]
    ((name, reason),) = out["errors"]
    assert name == "liar.zip/activities/liar.fit"
    assert reason.startswith("cannot be extracted from the archive; it is damaged (Bad CRC-32")


def test_a_gzip_bomb_is_refused_after_the_member_cap(tmp_path, zeros):
    deflated, crc, size = zeros
    # a gzip stream: header, the same raw deflate data, CRC and size
    path = tmp_path / "run.fit.gz"
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + deflated + struct.pack("<II", crc, size % 2**32))
    out = read_in_child(path)
    assert out["peak_mb"] < PEAK_LIMIT_MB, out
    assert out["errors"] == [
        ["run.fit.gz", f"expands beyond {MAX_MEMBER_BYTES // 2**20} MB, too large to be one activity; skipped"]
    ]


def test_nested_archives_are_bounded_at_every_level(tmp_path, zeros):
    deflated, crc, size = zeros
    inner = raw_zip(
        [
            RawMember("activities/zeros.fit", deflated, crc, size),
            member_of("activities/good.fit", (DATA / GOOD).read_bytes()),
        ]
    )
    bomb_gz = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + deflated + struct.pack("<II", crc, size % 2**32)
    members = [
        member_of("a/inner.zip", inner),
        member_of("b/zeros.fit.gz", bomb_gz),
        member_of("c/zip-in.fit.gz", gzip.compress(inner)),
        member_of("d/good.fit", (DATA / GOOD).read_bytes()),
    ]
    outer = tmp_path / "outer.zip"
    outer.write_bytes(raw_zip(members))
    # a .zip.gz upload: gzip around a zip holding the bomb and a good run
    wrapped = tmp_path / "export.zip.gz"
    wrapped.write_bytes(gzip.compress(inner))
    out = read_in_child(outer)
    assert out["peak_mb"] < PEAK_LIMIT_MB, out
    assert out["activities"] == ["outer.zip/d/good.fit"]
    errors = dict(map(tuple, out["errors"]))
    assert errors["outer.zip/b/zeros.fit.gz"].startswith(f"expands beyond {MAX_MEMBER_BYTES // 2**20} MB")
    assert errors["outer.zip/c/zip-in.fit.gz"].startswith(
        "is not a FIT file"
    )  # a zip named .fit.gz is read as what its name says
    out = read_in_child(wrapped)
    assert out["peak_mb"] < PEAK_LIMIT_MB, out
    assert out["activities"] == ["export.zip.gz/activities/good.fit"]
    assert out["errors"][0][0] == "export.zip.gz/activities/zeros.fit"


def test_an_archive_past_the_upload_cap_skips_the_rest_with_one_message(tmp_path):
    under_cap = b"\0" * (MAX_MEMBER_BYTES - 2**20)
    zeros = member_of("x", under_cap)
    count = MAX_ARCHIVE_BYTES // len(under_cap) + 3
    members = [member_of("activities/000-good.fit", (DATA / GOOD).read_bytes())]
    members += [
        RawMember(f"activities/{i:03d}-zeros.fit", zeros.deflated, zeros.crc, zeros.size) for i in range(1, count + 1)
    ]
    path = tmp_path / "big.zip"
    path.write_bytes(raw_zip(members))
    out = read_in_child(path)
    assert out["peak_mb"] < PEAK_LIMIT_MB, out
    assert out["activities"] == ["big.zip/activities/000-good.fit"]
    last = out["errors"][-1]
    assert last[0] == "big.zip" and last[1].startswith(
        f"expands beyond {MAX_ARCHIVE_BYTES // 2**20} MB in all: the last"
    )
    assert len(out["errors"]) < count  # stopped, not one message per skipped member


def test_a_zip_of_long_valid_recordings_stays_under_the_limit(tmp_path):
    """Not a bomb: long real recordings (FIT files of 80,000 one-second records, 22 hours)."""
    long_run = synthetic_fit(80_000)
    members = [member_of(f"activities/{i}.fit", long_run) for i in range(2)]
    path = tmp_path / "long.zip"
    path.write_bytes(raw_zip(members))
    out = read_in_child(path)
    assert out["peak_mb"] < PEAK_LIMIT_MB, out
    assert len(out["activities"]) == 2 and out["errors"] == []


def test_a_zip_listing_too_many_files_is_refused_before_its_directory_is_read(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for i in range(120_000):
            z.writestr(f"activities/{i:06d}-a-long-name-for-a-run.fit", b"")
    path = tmp_path / "many.zip"
    path.write_bytes(buf.getvalue())
    out = read_in_child(path)
    assert out["activities"] == []
    assert out["errors"][0][1].startswith("lists too many files")
