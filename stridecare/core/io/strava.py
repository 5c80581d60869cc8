"""Zip archives: a Strava bulk export (``activities.csv`` + the files it names) or any zip of files.

Strava's ``activities.csv`` has a ``Filename`` column (``activities/123.fit.gz``); rows without a
file (manual entries) have nothing to read and are skipped. The CSV's ``Activity Type`` fills in the
sport when the file itself does not say (GPX without ``<type>``).
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import MAX_DECOMPRESSED_BYTES, BatchResult, _read_single, _unwrap
from stridecare.core.io._summary import sport_from_name
from stridecare.core.models import Activity

ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx", ".fit.gz", ".gpx.gz", ".tcx.gz")


def read_zip(data: bytes, filename: str, recover: bool = False) -> BatchResult:
    """Read every activity in a zip; each member's failure is reported with its own path."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        raise ActivityFileError(filename, f"is not a valid zip archive ({e})") from e
    with archive:
        names = {info.filename: info for info in archive.infolist() if not info.is_dir()}
        csv_name = next((n for n in names if n.rsplit("/", 1)[-1] == "activities.csv"), None)
        if csv_name is not None:
            wanted = _strava_members(archive, csv_name, filename)
        else:
            wanted = {n: None for n in sorted(names) if n.lower().endswith(ACTIVITY_SUFFIXES)}
        activities: list[Activity] = []
        errors: list[ActivityFileError] = []
        for member, csv_type in wanted.items():
            label = f"{filename}/{member}"
            try:
                info = names.get(member)
                if info is None:
                    raise ActivityFileError(label, "is listed in activities.csv but missing from the archive")
                if info.file_size > MAX_DECOMPRESSED_BYTES:
                    raise ActivityFileError(label, "is too large to be an activity file; refused")
                kind, payload = _unwrap(archive.read(info), member)
                if kind == "zip":
                    raise ActivityFileError(label, "is a zip inside the zip; please upload it separately")
                for activity in _read_single(kind, payload, label, recover):
                    if activity.sport == "generic" and csv_type:
                        activity = dataclasses.replace(activity, sport=sport_from_name(csv_type))
                    activities.append(activity)
            except ActivityFileError as e:
                errors.append(e)
            except (zipfile.BadZipFile, OSError) as e:
                errors.append(ActivityFileError(label, f"cannot be extracted from the archive ({e})"))
    if not activities and not errors:
        raise ActivityFileError(filename, "contains no activity files (.fit, .gpx, .tcx or their .gz)")
    return BatchResult(tuple(activities), tuple(errors))


def _strava_members(archive: zipfile.ZipFile, csv_name: str, filename: str) -> dict[str, str | None]:
    """Member path -> Strava activity type, for every row of activities.csv that names a file."""
    prefix = csv_name[: -len("activities.csv")]
    try:
        text = archive.read(csv_name).decode("utf-8-sig")
    except (UnicodeDecodeError, zipfile.BadZipFile) as e:
        raise ActivityFileError(f"{filename}/{csv_name}", f"cannot be read ({e})") from e
    rows = csv.DictReader(io.StringIO(text))
    if rows.fieldnames is None or "Filename" not in rows.fieldnames:
        raise ActivityFileError(f"{filename}/{csv_name}", "has no 'Filename' column; is this a Strava export?")
    return {prefix + row["Filename"]: row.get("Activity Type") for row in rows if row.get("Filename")}
