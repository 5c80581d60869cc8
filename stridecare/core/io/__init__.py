"""Activity file readers: ``.fit``, ``.gpx``, ``.tcx`` (each also ``.gz``) and ``.zip`` exports.

Call :func:`read_batch` for anything a runner uploads (a zip or a multisport file holds several
activities; one bad member does not sink the others), :func:`iter_batch` to handle each activity
as it is read (memory stays that of one member however large the archive), :func:`read_activity`
when exactly one activity is expected. Every failure is an :class:`ActivityFileError` naming the
file and the problem.

Archives are decompressed as streams with caps on the bytes actually produced (never the sizes an
archive declares): ``MAX_MEMBER_BYTES`` per file, ``MAX_ARCHIVE_BYTES`` for everything one upload
expands to. A refused member's error keeps no reference to its bytes.
"""

from __future__ import annotations

import io
import logging
import os
import pathlib
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, BinaryIO

from stridecare.core.errors import ActivityFileError, UnexpectedReaderError
from stridecare.core.models import Activity

__all__ = ["BatchResult", "iter_batch", "read_activities", "read_activity", "read_batch", "read_bytes", "read_paths"]

logger = logging.getLogger(__name__)

# One activity file, after decompression: a 24-hour run recorded every second is 3-30 MB.
MAX_MEMBER_BYTES = 64 * 2**20
# Everything one upload expands to (all members, every level of compression together).
MAX_ARCHIVE_BYTES = 512 * 2**20
CHUNK_BYTES = 2**20
FORMATS = ("fit", "gpx", "tcx", "zip")


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch read found: the activities read and, separately, each file's error."""

    activities: tuple[Activity, ...]
    errors: tuple[ActivityFileError, ...]


class Budget:
    """Bytes one upload may still expand to; shared by every member and level of an archive."""

    def __init__(self, total: int = MAX_ARCHIVE_BYTES) -> None:
        self.total = total
        self.left = total

    def cap(self) -> int:
        return min(MAX_MEMBER_BYTES, self.left)


def read_activity(path: str | os.PathLike[str], filename: str | None = None) -> Activity:
    """Read one activity file; ``filename`` is the name to report (default: the path's name).

    Raises :class:`ActivityFileError` when the file cannot be read or holds more than one activity.
    """
    name = filename or pathlib.Path(path).name
    activities = read_activities(path, name)
    if len(activities) != 1:
        raise ActivityFileError(
            name, f"holds {len(activities)} activities (a multisport file or an archive); import it as a batch"
        )
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
    return collect(iter_batch(path, filename, recover))


def iter_batch(
    path: str | os.PathLike[str], filename: str | None = None, recover: bool = False
) -> Iterator[Activity | ActivityFileError]:
    """Each activity of a file or archive as soon as it is read, and each file's error in its place.

    The file is read as a stream: an archive is never held in memory whole, only one member at a time.
    """
    name = filename or pathlib.Path(path).name
    try:
        handle = open(path, "rb")  # noqa: SIM115 (closed below; a generator cannot use `with` around the open error)
    except OSError as e:
        yield ActivityFileError(name, f"cannot be opened ({e.strerror})")
        return
    with handle:
        yield from iter_stream(handle, name, recover)


def read_bytes(data: bytes, filename: str, recover: bool = False) -> BatchResult:
    """Like :func:`read_batch` for bytes already in memory (an upload); ``filename`` gives the format."""
    return collect(iter_stream(io.BytesIO(data), filename, recover))


def collect(items: Iterable[Activity | ActivityFileError]) -> BatchResult:
    activities: list[Activity] = []
    errors: list[ActivityFileError] = []
    for item in items:
        if isinstance(item, ActivityFileError):
            errors.append(item)
        else:
            activities.append(item)
    return BatchResult(tuple(activities), tuple(errors))


def iter_stream(
    stream: BinaryIO, filename: str, recover: bool = False, budget: Budget | None = None
) -> Iterator[Activity | ActivityFileError]:
    """Activities and errors of one file given as a binary stream (seekable)."""
    budget = budget or Budget()
    try:
        head = stream.read(4096)
        stream.seek(0)
        lower = filename.lower()
        if lower.endswith(".gz") or head[:2] == b"\x1f\x8b":
            data = gunzip_stream(stream, filename, budget)
            lower = lower.removesuffix(".gz")
            kind = format_of(lower, data[:4096], filename)
            if kind == "zip":
                yield from _iter_zip(io.BytesIO(data), filename, recover, budget)
                return
        else:
            kind = format_of(lower, head, filename)
            if kind == "zip":
                yield from _iter_zip(stream, filename, recover, budget)
                return
            data = read_capped(stream, filename, budget)
        yield from read_member(kind, data, filename, recover)
        return
    except ActivityFileError as e:
        error = detached(e)
    yield error  # outside the except block: a paused generator would keep the exception being handled


def _iter_zip(stream: BinaryIO, filename: str, recover: bool, budget: Budget) -> Iterator[Activity | ActivityFileError]:
    from stridecare.core.io.strava import iter_zip

    return iter_zip(stream, filename, recover, budget)


def read_member(kind: str, data: bytes, filename: str, recover: bool = False) -> list[Activity]:
    """One decompressed file through its reader. Readers turn what their decoders raise on bad
    bytes into :class:`ActivityFileError`; anything else is a bug in our code: it is logged with
    its traceback, and the file gets an error saying so, so that the rest of a batch still imports."""
    try:
        return _read_single(kind, data, filename, recover)
    except ActivityFileError:
        raise
    except Exception:
        logger.exception("unexpected error reading %s (%s, %d bytes)", filename, kind, len(data))
        raise UnexpectedReaderError(filename) from None


def _read_single(kind: str, data: bytes, filename: str, recover: bool = False) -> list[Activity]:
    if kind == "fit":
        from stridecare.core.io.fit import read_fit

        return read_fit(data, filename, recover)
    if kind == "gpx":
        from stridecare.core.io.gpx import read_gpx

        return read_gpx(data, filename)
    from stridecare.core.io.tcx import read_tcx

    return read_tcx(data, filename)


def detached(error: ActivityFileError) -> ActivityFileError:
    """The error without its traceback and cause: those hold the frames of the reader, and so the
    file's bytes, alive for as long as the error is kept (a batch keeps every member's error)."""
    error.__traceback__ = None
    error.__cause__ = error.__context__ = None
    return error


def format_of(lower_name: str, head: bytes, filename: str) -> str:
    """The format from the name's suffix, else from the content."""
    suffix = lower_name.rsplit(".", 1)[-1] if "." in lower_name else ""
    if suffix in FORMATS:
        return suffix
    sniffed = sniff_format(head)
    if sniffed is None:
        raise ActivityFileError(
            filename, "is not an activity file we can read (expected .fit, .gpx, .tcx, their .gz, or a .zip export)"
        )
    return sniffed


def sniff_format(data: bytes) -> str | None:
    """The format from the first bytes: FIT signature, zip magic, or the XML root element."""
    if data[8:12] == b".FIT":
        return "fit"
    if data[:4] == b"PK\x03\x04":
        return "zip"
    head = data[:2048]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or head[:1] == b"\x00" or head[1:2] == b"\x00":
        head = head.decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")  # UTF-16 XML
    head = head.lstrip().lower()
    if b"<gpx" in head:
        return "gpx"
    if b"<trainingcenterdatabase" in head:
        return "tcx"
    return None


def too_large(filename: str, cap: int, budget: Budget) -> ActivityFileError:
    if cap < MAX_MEMBER_BYTES:
        return ActivityFileError(
            filename,
            f"skipped: the upload expands beyond {budget.total // 2**20} MB in all; upload the rest in a smaller zip",
        )
    return ActivityFileError(
        filename, f"expands beyond {MAX_MEMBER_BYTES // 2**20} MB, too large to be one activity; skipped"
    )


def read_capped(stream: IO[bytes], filename: str, budget: Budget) -> bytes:
    """Read a stream to its end, refusing it once it has produced more than the budget allows."""
    cap = budget.cap()
    out = io.BytesIO()
    while chunk := stream.read(CHUNK_BYTES):
        if out.tell() + len(chunk) > cap:
            budget.left -= out.tell() + len(chunk)
            raise too_large(filename, cap, budget)
        out.write(chunk)
    budget.left -= out.tell()
    return out.getvalue()


def gunzip_stream(stream: BinaryIO, filename: str, budget: Budget) -> bytes:
    """Decompress gzip data chunk by chunk, refusing it once it produces more than the budget allows."""
    cap = budget.cap()
    decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = io.BytesIO()
    try:
        while not decomp.eof and (chunk := stream.read(CHUNK_BYTES)):
            while chunk and not decomp.eof:
                piece = decomp.decompress(chunk, CHUNK_BYTES)
                if out.tell() + len(piece) > cap:
                    budget.left -= out.tell() + len(piece)
                    raise too_large(filename, cap, budget)
                out.write(piece)
                chunk = decomp.unconsumed_tail
    except zlib.error as e:
        raise ActivityFileError(filename, f"is not a valid gzip file ({e})") from None
    budget.left -= out.tell()
    if not decomp.eof:
        raise ActivityFileError(filename, "is a truncated gzip file; was the upload interrupted?")
    return out.getvalue()


def read_paths(
    paths: Sequence[str | os.PathLike[str]], *, processes: int = 1, keep_samples: bool = True, recover: bool = False
) -> list[BatchResult]:
    """Read many files, in ``processes`` worker processes when > 1; one result per path, in order.

    ``keep_samples=False`` drops the per-sample arrays as each activity is read (summaries only),
    which is what a bulk import that stores samples separately, or a benchmark, wants.
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
    if keep_samples:
        return read_batch(path, recover=recover)
    import dataclasses

    return collect(
        dataclasses.replace(a, samples=None) if isinstance(a, Activity) else a
        for a in iter_batch(path, recover=recover)
    )


def _read_job_packed(job: tuple[str, bool, bool]) -> tuple[tuple[Activity, ...], list[tuple[str, str, int]]]:
    result = _read_job(job)
    return result.activities, [(e.filename, e.reason, e.recoverable_records) for e in result.errors]
