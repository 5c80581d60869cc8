"""Activity file readers: ``.fit``, ``.gpx``, ``.tcx`` (each also ``.gz``) and ``.zip`` exports.

Call :func:`read_batch` for anything a runner uploads (a zip or a multisport file holds several
activities; one bad member does not sink the others), :func:`read_activity` when exactly one
activity is expected. Every failure is an :class:`ActivityFileError` naming the file and the
problem.
"""

from __future__ import annotations

import gzip
import os
import pathlib
import zlib
from dataclasses import dataclass

from stridecare.core.errors import ActivityFileError
from stridecare.core.models import Activity

__all__ = ["BatchResult", "read_activities", "read_activity", "read_batch", "read_bytes", "read_paths"]

# Decompressed size above which a .gz or zip member is refused (a zip bomb, not a run).
MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024
FORMATS = ("fit", "gpx", "tcx", "zip")


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch read found: the activities read and, separately, each file's error."""

    activities: tuple[Activity, ...]
    errors: tuple[ActivityFileError, ...]


def read_activity(path: str | os.PathLike[str], filename: str | None = None) -> Activity:
    """Read one activity file; ``filename`` is the name to report (default: the path's name).

    Raises :class:`ActivityFileError` when the file cannot be read or holds more than one activity.
    """
    name = filename or pathlib.Path(path).name
    activities = read_activities(path, name)
    if len(activities) != 1:
        raise ActivityFileError(name, f"holds {len(activities)} activities (a multisport file or an archive); import it as a batch")
    return activities[0]


def read_activities(path: str | os.PathLike[str], filename: str | None = None) -> list[Activity]:
    """Every activity in a file or archive; raises on the first file that cannot be read."""
    result = read_batch(path, filename)
    if result.errors:
        raise result.errors[0]
    return list(result.activities)


def read_batch(path: str | os.PathLike[str], filename: str | None = None, recover: bool = False) -> BatchResult:
    """Read a file or archive, collecting each member's error instead of stopping at it.

    ``recover``: read what an unfinished FIT file holds (the person asked for it) instead of
    refusing it; the refusal says how many records can be recovered (``recoverable_records``).
    """
    name = filename or pathlib.Path(path).name
    try:
        data = pathlib.Path(path).read_bytes()
    except OSError as e:
        return BatchResult((), (ActivityFileError(name, f"cannot be opened ({e.strerror})"),))
    return read_bytes(data, name, recover)


def read_bytes(data: bytes, filename: str, recover: bool = False) -> BatchResult:
    """Like :func:`read_batch` for bytes already in memory (an upload); ``filename`` gives the format."""
    try:
        kind, payload = _unwrap(data, filename)
        if kind == "zip":
            from stridecare.core.io.strava import read_zip

            return read_zip(payload, filename, recover)
        return BatchResult(tuple(_read_single(kind, payload, filename, recover)), ())
    except ActivityFileError as e:
        return BatchResult((), (e,))


def _read_single(kind: str, data: bytes, filename: str, recover: bool = False) -> list[Activity]:
    if kind == "fit":
        from stridecare.core.io.fit import read_fit

        return read_fit(data, filename, recover)
    if kind == "gpx":
        from stridecare.core.io.gpx import read_gpx

        return read_gpx(data, filename)
    from stridecare.core.io.tcx import read_tcx

    return read_tcx(data, filename)


def _unwrap(data: bytes, filename: str) -> tuple[str, bytes]:
    """Decompress ``.gz`` and tell the format from the name, else from the content."""
    lower = filename.lower()
    if lower.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gunzip(data, filename)
        lower = lower.removesuffix(".gz")
    suffix = lower.rsplit(".", 1)[-1] if "." in lower else ""
    if suffix in FORMATS:
        return suffix, data
    sniffed = sniff_format(data)
    if sniffed is None:
        raise ActivityFileError(filename, "is not an activity file we can read (expected .fit, .gpx, .tcx, their .gz, or a .zip export)")
    return sniffed, data


def sniff_format(data: bytes) -> str | None:
    """The format from the first bytes: FIT signature, zip magic, or the XML root element."""
    if data[8:12] == b".FIT":
        return "fit"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    head = data[:2048].lstrip().lower()
    if b"<gpx" in head:
        return "gpx"
    if b"<trainingcenterdatabase" in head:
        return "tcx"
    return None


def gunzip(data: bytes, filename: str) -> bytes:
    """Decompress gzip data with a size cap."""
    try:
        decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = decomp.decompress(data, MAX_DECOMPRESSED_BYTES)
        if decomp.unconsumed_tail:
            raise ActivityFileError(filename, f"decompresses to more than {MAX_DECOMPRESSED_BYTES // 2**20} MB; refused")
        if not decomp.eof:
            raise ActivityFileError(filename, "is a truncated gzip file; was the upload interrupted?")
        return out
    except (zlib.error, gzip.BadGzipFile) as e:
        raise ActivityFileError(filename, f"is not a valid gzip file ({e})") from e


def read_paths(
    paths: list[str | os.PathLike[str]], *, processes: int = 1, keep_samples: bool = True, recover: bool = False
) -> list[BatchResult]:
    """Read many files, in ``processes`` worker processes when > 1; one result per path, in order.

    ``keep_samples=False`` drops the per-sample arrays in the workers (summaries only), which is
    what a bulk import that stores samples separately, or a benchmark, wants.
    """
    jobs = [(os.fspath(p), keep_samples, recover) for p in paths]
    if processes <= 1 or len(jobs) < 2:
        return [_read_job(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=processes) as pool:
        chunks = max(1, len(jobs) // (processes * 8))
        # ActivityFileError does not survive pickling (several-argument __init__): errors travel as tuples.
        packed = pool.map(_read_job_packed, jobs, chunksize=chunks)
        return [BatchResult(acts, tuple(ActivityFileError(f, r, n) for f, r, n in errs)) for acts, errs in packed]


def _read_job(job: tuple[str, bool, bool]) -> BatchResult:
    path, keep_samples, recover = job
    result = read_batch(path, recover=recover)
    if keep_samples:
        return result
    import dataclasses

    return BatchResult(tuple(dataclasses.replace(a, samples=None) for a in result.activities), result.errors)


def _read_job_packed(job: tuple[str, bool, bool]) -> tuple[tuple[Activity, ...], list[tuple[str, str, int]]]:
    result = _read_job(job)
    return result.activities, [(e.filename, e.reason, e.recoverable_records) for e in result.errors]
