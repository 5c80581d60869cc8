"""Zip archives: a Strava bulk export (``activities.csv`` + the files it names) or any zip of files.

Strava's ``activities.csv`` has a ``Filename`` column (``activities/123.fit.gz``); rows without a
file (manual entries) have nothing to read and are skipped. The CSV's ``Activity Type`` fills in the
sport when the file itself does not say (GPX without ``<type>``).

Members are read one at a time through zipfile's stream, in chunks, with a cap on the bytes each
one actually produces and on what the whole archive produces (``Budget``): a member whose header
understates its size, or a bomb of zeros, is refused after at most the cap, never held whole.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import (
    MAX_MEMBER_BYTES,
    Budget,
    detached,
    format_of,
    gunzip_stream,
    read_capped,
    read_member,
    too_large,
)
from stridecare.core.io._summary import sport_from_name
from stridecare.core.models import Activity

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")
# zipfile holds every entry of the central directory in memory (~350 bytes each): 8 MB of directory
# is ~100,000 entries, 20 times a large Strava export.
MAX_DIRECTORY_BYTES = 8 * 2**20
# Only these are streamed with a bounded output; bzip2 and LZMA decompress a whole block at once.
READABLE_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}


def iter_zip(stream: BinaryIO, filename: str, recover: bool, budget: Budget) -> Iterator[Activity | ActivityFileError]:
    """Each activity of a zip as it is read; each member's failure is reported with its own path."""
    archive = _open(stream, filename)
    found = False
    with archive:
        names = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        csv_name = next((n for n in names if n.rsplit("/", 1)[-1] == "activities.csv"), None)
        if csv_name is not None:
            wanted = _strava_members(archive, names[csv_name], filename, budget)
        else:
            wanted = {n: None for n in sorted(names) if n.lower().endswith(ACTIVITY_SUFFIXES)}
        for i, (member, csv_type) in enumerate(wanted.items()):
            found = True
            if budget.left <= 0:
                yield ActivityFileError(
                    filename,
                    f"expands beyond {budget.total // 2**20} MB in all: the last {len(wanted) - i:,} "
                    "files were skipped; upload them in a smaller zip",
                )
                return
            label = f"{filename}/{member}"
            try:
                activities = _read_entry(archive, names.get(member), label, member, recover, budget)
            except ActivityFileError as e:
                error = detached(e)
            else:
                for activity in activities:
                    if activity.sport == "generic" and csv_type:
                        activity = dataclasses.replace(activity, sport=sport_from_name(csv_type))
                    yield activity
                continue
            yield error
    if not found:
        yield ActivityFileError(filename, "contains no activity files (.fit, .gpx, .tcx or their .gz)")


def _open(stream: BinaryIO, filename: str) -> zipfile.ZipFile:
    try:
        # zipfile's own reader of the end record (stable since Python 2): the directory size is
        # checked before zipfile reads the directory into memory.
        end = zipfile._EndRecData(stream)  # type: ignore[attr-defined]  # private, no public way to read the directory size
        if end is not None and end[zipfile._ECD_SIZE] > MAX_DIRECTORY_BYTES:  # type: ignore[attr-defined]
            raise ActivityFileError(
                filename,
                f"lists too many files ({end[zipfile._ECD_SIZE] // 2**20} MB of file names); "  # type: ignore[attr-defined]
                "upload a smaller zip",
            )
        stream.seek(0)
        return zipfile.ZipFile(stream)
    except ActivityFileError:
        raise
    except Exception as e:  # zipfile raises BadZipFile, but also ValueError, EOFError... on damaged directories
        raise ActivityFileError(filename, f"is not a valid zip archive ({_reason(e)})") from None


def _reason(e: Exception) -> str:
    return (str(e).strip() or type(e).__name__).split("\n")[0][:200]


def _read_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo | None, label: str, member: str, recover: bool, budget: Budget
) -> list[Activity]:
    data = _extract(archive, info, label, budget)
    lower = member.lower()
    if lower.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gunzip_stream(io.BytesIO(data), label, budget)
        lower = lower.removesuffix(".gz")
    kind = format_of(lower, data[:4096], label)
    if kind == "zip":
        raise ActivityFileError(label, "is a zip inside the zip; please upload it separately")
    return read_member(kind, data, label, recover)


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo | None, label: str, budget: Budget) -> bytes:
    """A member's bytes, read in chunks and refused past the cap whatever size its header declares."""
    if info is None:
        raise ActivityFileError(label, "is listed in activities.csv but missing from the archive")
    if info.flag_bits & 0x1:
        raise ActivityFileError(label, "is encrypted (password-protected); export it again without a password")
    if info.compress_type not in READABLE_METHODS:
        raise ActivityFileError(
            label,
            "is compressed with a method we do not read (only the usual zip 'deflate'); "
            "export it again or make the zip with another tool",
        )
    cap = budget.cap()
    if info.file_size > cap:  # declared: a header may understate its size, never make us read more
        if cap < MAX_MEMBER_BYTES:
            budget.left = 0  # the upload's cap, not this member: the rest is skipped with one message
        raise too_large(label, cap, budget)
    try:
        with archive.open(info) as stream:
            return read_capped(stream, label, budget)
    except ActivityFileError:
        raise
    except Exception as e:  # BadZipFile (bad checksum, size mismatch), zlib.error, EOFError on damaged data
        raise ActivityFileError(label, f"cannot be extracted from the archive; it is damaged ({_reason(e)})") from None


def _strava_members(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, budget: Budget
) -> dict[str, str | None]:
    """Member path -> Strava activity type, for every row of activities.csv that names a file."""
    prefix = info.filename[: -len("activities.csv")]
    label = f"{filename}/{info.filename}"
    try:
        text = _extract(archive, info, label, budget).decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ActivityFileError(label, f"cannot be read ({e})") from None
    try:
        rows = csv.DictReader(io.StringIO(text))
        if rows.fieldnames is None or "Filename" not in rows.fieldnames:
            raise ActivityFileError(label, "has no 'Filename' column; is this a Strava export?")
        return {prefix + row["Filename"]: row.get("Activity Type") for row in rows if row.get("Filename")}
    except csv.Error as e:
        raise ActivityFileError(label, f"is not a readable CSV file ({e})") from None
