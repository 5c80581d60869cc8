"""Fuzz the activity readers with mutants of the shared FIT, GPX and TCX files.

Each case is one mutant read by ``stridecare.core.io.read_bytes`` in a forked child process with a
time limit and an address-space limit (RLIMIT_AS above the parent's size). Outcomes:

- ``parsed``: at least one activity was read;
- ``clear error``: an ActivityFileError naming the file and what is wrong;
- ``crash``: any other exception, an UnexpectedReaderError (a bug of ours caught at the boundary),
  MemoryError, or the child dying from a signal;
- ``hang``: the child ran past the time limit and was killed.

Peak memory is what a case adds to the forked child's resident memory (VmHWM minus the RSS it
started with), the time is the child's wall time.

Mutators: bit flips, byte overwrites with edge values, truncations, insertions, deletions,
duplicated chunks, FIT header fields (size, protocol, profile, data size, header and file CRC, with
the CRCs recomputed after a body mutation in half the FIT cases so that the decoder reads the damaged
records instead of stopping at the checksum), XML damage (broken and duplicated elements, absurd
numbers and times, DTD and entity declarations, other encodings: UTF-16 with and without BOM,
declared Latin-1), and each mutant sometimes wrapped in gzip or in a zip beside a good file.

Usage: python bench/fuzz_readers.py [--cases 5000] [--seed 14] [--timeout 10] [--memory-mb 1024] [--jobs 2] [--save DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import io
import json
import os
import pathlib
import random
import resource
import select
import signal
import struct
import sys
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator

REPO = pathlib.Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "activities"
SUFFIXES = (".fit", ".gpx", ".tcx")
FIT_EPOCH_S = 631065600


# --- FIT helpers -------------------------------------------------------------------------------


def fit_crc(data: bytes, crc: int = 0) -> int:
    """The FIT CRC-16 (the profile's nibble-table algorithm)."""
    table = (
        0x0000,
        0xCC01,
        0xD801,
        0x1400,
        0xF001,
        0x3C00,
        0x2800,
        0xE401,
        0xA001,
        0x6C00,
        0x7800,
        0xB401,
        0x5000,
        0x9C01,
        0x8801,
        0x4400,
    )
    for byte in data:
        tmp = table[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ table[byte & 0xF]
        tmp = table[crc & 0xF]
        crc = (crc >> 4) & 0x0FFF
        crc = crc ^ tmp ^ table[(byte >> 4) & 0xF]
    return crc


def fix_fit_crcs(data: bytes) -> bytes:
    """Recompute the header CRC (14-byte headers) and the file CRC of a single FIT file, and the
    data size in the header, so that a mutant reaches the decoder's record parsing."""
    if len(data) < 14 or data[8:12] != b".FIT":
        return data
    size = data[0] if data[0] in (12, 14) else 14
    out = bytearray(data[:-2] if len(data) > size + 2 else data)
    out[4:8] = struct.pack("<I", max(0, len(out) - size))
    if size == 14:
        out[12:14] = struct.pack("<H", fit_crc(bytes(out[:12])))
    return bytes(out) + struct.pack("<H", fit_crc(bytes(out)))


def synthetic_fit(records: int, start_s: int = 1_000_000_000) -> bytes:
    """A valid FIT activity of ``records`` one-second records (timestamp, distance, heart rate,
    cadence, speed) and no session: the reader computes the totals. For memory and size tests."""
    body = bytearray()
    # definition, local 0 = file_id: type (enum), manufacturer (uint16), time_created (uint32)
    body += bytes([0x40, 0, 0]) + struct.pack("<HB", 0, 3) + bytes([0, 1, 0x00, 1, 2, 0x84, 4, 4, 0x86])
    body += bytes([0x00, 4]) + struct.pack("<HI", 1, start_s - FIT_EPOCH_S)
    # definition, local 1 = record: timestamp, distance (cm), heart_rate, cadence, speed (mm/s)
    body += bytes([0x41, 0, 0]) + struct.pack("<HB", 20, 5)
    body += bytes([253, 4, 0x86, 5, 4, 0x86, 3, 1, 0x02, 4, 1, 0x02, 6, 2, 0x84])
    record = struct.Struct("<BIIBBH")
    for i in range(records):
        body += record.pack(0x01, start_s - FIT_EPOCH_S + i, i * 300, 140 + i % 20, 85, 3000)
    header = bytearray(struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT"))
    header += struct.pack("<H", fit_crc(bytes(header)))
    data = bytes(header) + bytes(body)
    return data + struct.pack("<H", fit_crc(data))


# --- mutators ----------------------------------------------------------------------------------

Mutator = Callable[[random.Random, bytes], tuple[bytes, str]]


def bit_flips(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    out = bytearray(data)
    n = rng.choice((1, 1, 2, 4, 8, 32))
    for _ in range(n):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip {n} bits"


def edge_bytes(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    out = bytearray(data)
    n = rng.choice((1, 2, 4, 16))
    for _ in range(n):
        width = rng.choice((1, 2, 4))
        i = rng.randrange(max(1, len(out) - width))
        value = rng.choice((0x00, 0xFF, 0x7F, 0x80))
        out[i : i + width] = bytes([value]) * width
    return bytes(out), f"set {n} fields to edge values"


def truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    cut = rng.randrange(len(data))
    return data[:cut], f"truncate at {cut}"


def insert(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(data) + 1)
    junk = bytes(rng.randrange(256) for _ in range(rng.choice((1, 3, 16, 64, 512))))
    return data[:i] + junk + data[i:], f"insert {len(junk)} bytes at {i}"


def delete(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(data))
    n = rng.choice((1, 4, 37, 256, 4096))
    return data[:i] + data[i + n :], f"delete {n} bytes at {i}"


def duplicate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    i = rng.randrange(len(data))
    n = rng.choice((8, 64, 512, 4096, 65536))
    chunk = data[i : i + n]
    times = rng.choice((1, 2, 10))
    j = rng.randrange(len(data) + 1)
    return data[:j] + chunk * times + data[j:], f"duplicate {len(chunk)} bytes x{times} at {j}"


def fit_header(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    if len(data) < 14:
        return data, "header (too short)"
    out = bytearray(data)
    field = rng.choice(("size", "protocol", "profile", "data_size", "header_crc", "file_crc", "signature"))
    if field == "size":
        out[0] = rng.choice((0, 1, 11, 12, 13, 15, 255))
    elif field == "protocol":
        out[1] = rng.choice((0, 0x10, 0x20, 0x30, 0xFF))
    elif field == "profile":
        out[2:4] = struct.pack("<H", rng.choice((0, 1, 9999, 65535)))
    elif field == "data_size":
        current = struct.unpack("<I", out[4:8])[0]
        out[4:8] = struct.pack(
            "<I", rng.choice((0, 1, max(0, current - 1), current + 1, current * 2, 2**31, 2**32 - 1)) % 2**32
        )
    elif field == "header_crc":
        out[12:14] = rng.choice((b"\x00\x00", b"\xff\xff", bytes(rng.randrange(256) for _ in range(2))))
    elif field == "file_crc":
        out[-2:] = bytes(rng.randrange(256) for _ in range(2))
    else:
        out[8:12] = rng.choice((b".FIX", b"\x00\x00\x00\x00", b"FIT."))
    return bytes(out), f"header {field}"


XML_NUMBERS = ("NaN", "-nan", "inf", "-1e999", "1e308", "-0", "", "12,5", "0x1F", "99999999999999999999999", "-", " ")
XML_TIMES = (
    "2020-13-45T99:99:99Z",
    "0000-00-00T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "yesterday",
    "",
    "2020-01-01T00:00:00+99:00",
    "2020-01-01T00:00:00.999999999999Z",
    "1970-01-01T00:00:00Z",
)


def xml_damage(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="replace")
    kind = rng.choice(
        ("number", "number", "time", "time", "drop_close", "dup_element", "dtd", "entity", "deep", "attr")
    )
    if kind in ("number", "time"):
        for _ in range(rng.choice((1, 5, 50))):
            starts = [i for i in _sample_positions(rng, text, ">") if i + 1 < len(text) and text[i + 1] != "<"]
            if not starts:
                break
            i = rng.choice(starts) + 1
            j = text.find("<", i)
            if j < 0:
                break
            text = text[:i] + rng.choice(XML_NUMBERS if kind == "number" else XML_TIMES) + text[j:]
    elif kind == "drop_close":
        for _ in range(rng.choice((1, 3))):
            i = text.find("</", rng.randrange(len(text)))
            if i >= 0:
                j = text.find(">", i)
                text = text[:i] + text[j + 1 :]
    elif kind == "dup_element":
        i = text.find("<", rng.randrange(len(text)))
        j = text.find(">", text.find("</", i + 1)) if i >= 0 else -1
        if i >= 0 and j > i:
            chunk = text[i : j + 1]
            text = text[: j + 1] + chunk * rng.choice((1, 2, 50)) + text[j + 1 :]
    elif kind == "dtd":
        root = text.find("<", text.find("?>") + 2 if "?>" in text[:200] else 0)
        text = (
            text[:root]
            + '<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + text[root:]
        )
    elif kind == "entity":
        text = (
            text.replace(">", ">&b;", 1)
            if rng.random() < 0.5
            else text.replace("<name>", '<name><!ENTITY x SYSTEM "file:///etc/passwd">', 1)
        )
    elif kind == "deep":
        i = text.find(">", rng.randrange(len(text))) + 1
        depth = rng.choice((100, 1000, 20000))
        text = text[:i] + "<a>" * depth + "</a>" * depth + text[i:]
    else:
        i = text.find('="', rng.randrange(len(text)))
        if i >= 0:
            j = text.find('"', i + 2)
            text = text[: i + 2] + rng.choice(XML_NUMBERS) + text[j:]
    return _encode(rng, text), f"xml {kind}"


def xml_encoding(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    text = data.decode("utf-8", errors="replace")
    kind = rng.choice(
        (
            "utf16_bom",
            "utf16_le_no_bom",
            "utf16_be_bom",
            "latin1_declared",
            "lying_declaration",
            "bad_utf8",
            "utf16_dtd",
        )
    )
    body = text.split("?>", 1)[1] if text.lstrip().startswith("<?xml") else text
    if kind == "utf16_bom":
        return ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16"), "xml utf-16 with BOM"
    if kind == "utf16_be_bom":
        return b"\xfe\xff" + ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode(
            "utf-16-be"
        ), "xml utf-16-be with BOM"
    if kind == "utf16_le_no_bom":
        return ('<?xml version="1.0" encoding="UTF-16"?>' + body).encode("utf-16-le"), "xml utf-16-le without BOM"
    if kind == "latin1_declared":
        return ('<?xml version="1.0" encoding="ISO-8859-1"?>' + body).encode("latin-1", errors="replace"), "xml latin-1"
    if kind == "lying_declaration":
        return (
            '<?xml version="1.0" encoding="' + rng.choice(("UTF-32", "shift_jis", "nope", "UTF-16")) + '"?>' + body
        ).encode(), "xml lying encoding"
    if kind == "bad_utf8":
        out = bytearray(data)
        for _ in range(8):
            out[rng.randrange(len(out))] = rng.choice((0xC3, 0xFF, 0x80, 0xED))
        return bytes(out), "xml invalid utf-8"
    dtd = '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    return ('<?xml version="1.0" encoding="UTF-16"?>' + dtd + body.replace(">", ">&b;", 1)).encode(
        "utf-16"
    ), "xml utf-16 dtd"


def _sample_positions(rng: random.Random, text: str, char: str) -> list[int]:
    positions = []
    for _ in range(20):
        i = text.find(char, rng.randrange(len(text)))
        if i >= 0:
            positions.append(i)
    return positions


def _encode(rng: random.Random, text: str) -> bytes:
    return text.encode("utf-16") if rng.random() < 0.1 else text.encode("utf-8")


BINARY_MUTATORS: tuple[Mutator, ...] = (bit_flips, edge_bytes, truncate, insert, delete, duplicate)


def _member(name: str) -> zipfile.ZipInfo:
    """A zip member dated 1 January 1980 rather than now, so the same seed gives the same bytes."""
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def mutate(rng: random.Random, name: str, data: bytes) -> tuple[str, bytes, str]:
    """One mutant of a seed file: (file name to read it as, bytes, description)."""
    is_fit = name.endswith(".fit")
    choices: list[Mutator] = list(BINARY_MUTATORS)
    if is_fit:
        choices += [fit_header, fit_header]
    else:
        choices += [xml_damage, xml_damage, xml_damage, xml_encoding]
    steps = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if not data:
            break
        data, what = rng.choice(choices)(rng, data)
        steps.append(what)
    if is_fit and rng.random() < 0.5:
        data = fix_fit_crcs(data)
        steps.append("crc fixed")
    wrap = rng.random()
    if wrap < 0.08:
        return name + ".gz", gzip.compress(data, compresslevel=1, mtime=0), " + ".join(steps) + " + gzip"
    if wrap < 0.14:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr(_member("activities/good.fit"), (DATA / "fitparse__garmin-fenix-5-run.fit").read_bytes())
            z.writestr(_member("activities/" + name), data)
        return "export.zip", buf.getvalue(), " + ".join(steps) + " + zip"
    return name, data, " + ".join(steps)


# --- running cases -----------------------------------------------------------------------------


@dataclasses.dataclass
class Case:
    index: int
    seed_file: str
    name: str
    mutation: str
    outcome: str = ""
    detail: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0


def seed_files(max_kb: int | None = None, names: Iterable[str] | None = None) -> list[pathlib.Path]:
    files = sorted(p for p in DATA.iterdir() if p.suffix in SUFFIXES)
    if names is not None:
        wanted = set(names)
        files = [p for p in files if p.name in wanted]
    if max_kb is not None:
        files = [p for p in files if p.stat().st_size <= max_kb * 1024]
    return files


def _vm_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _child(fd: int, name: str, data: bytes, memory_mb: int) -> None:
    """In the forked child: read the mutant under the memory limit, write one JSON line, exit."""
    try:
        start_kb = _vm_kb("VmRSS")  # the forked child starts with the parent's pages: count what it adds
        limit = _vm_kb("VmSize") * 1024 + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        from stridecare.core.errors import ActivityFileError, UnexpectedReaderError
        from stridecare.core.io import read_bytes

        try:
            result = read_bytes(data, name)
        except MemoryError:
            outcome, detail = "crash", "MemoryError (past the memory limit)"
        except Exception as e:  # what the harness is looking for
            outcome, detail = (
                "crash",
                "".join(traceback.format_exception_only(type(e), e)).strip()[:300]
                + " | "
                + traceback.format_tb(e.__traceback__)[-1].strip().replace("\n", " ")[:300],
            )
        else:
            bugs = [e for e in result.errors if isinstance(e, UnexpectedReaderError)]
            unclear = [
                e for e in result.errors if not isinstance(e, ActivityFileError) or not e.reason or not e.filename
            ]
            if bugs or unclear:
                outcome, detail = "crash", str((bugs or unclear)[0])[:300]
            elif result.activities:
                outcome, detail = "parsed", f"{len(result.activities)} activities, {len(result.errors)} errors"
            else:
                outcome, detail = (
                    "clear error",
                    str(result.errors[0])[:200] if result.errors else "no activity and no error",
                )
                if not result.errors:
                    outcome = "crash"
        message = {"outcome": outcome, "detail": detail, "peak_kb": _vm_kb("VmHWM") - start_kb}
    except BaseException as e:  # noqa: BLE001 (the child must always answer)
        message = {"outcome": "crash", "detail": f"harness: {type(e).__name__}: {e}"[:300], "peak_kb": 0}
    os.write(fd, (json.dumps(message) + "\n").encode())
    os._exit(0)


def run_cases(
    cases: Iterable[tuple[Case, bytes]], timeout_s: float, memory_mb: int, jobs: int, save: pathlib.Path | None = None
) -> list[Case]:
    """Run each case in its own forked child, ``jobs`` at a time; mutants are made as they are needed,
    so the parent stays small. ``save``: a folder for the inputs of crashes and hangs."""
    pending = iter(cases)
    running: dict[int, tuple[Case, bytes, int, float, bytearray]] = {}  # read fd -> (case, data, pid, started, buffer)
    done: list[Case] = []
    exhausted = False

    def finish(case: Case, data: bytes) -> None:
        done.append(case)
        if save is not None and case.outcome in ("crash", "hang"):
            save.mkdir(parents=True, exist_ok=True)
            (save / f"{case.index:05d}-{case.name}").write_bytes(data)

    while not exhausted or running:
        while not exhausted and len(running) < jobs:
            item = next(pending, None)
            if item is None:
                exhausted = True
                break
            case, data = item
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(r)
                _child(w, case.name, data, memory_mb)
            os.close(w)
            running[r] = (case, data, pid, time.monotonic(), bytearray())
        if not running:
            break
        ready, _, _ = select.select(list(running), [], [], 0.05)
        for fd in ready:
            chunk = os.read(fd, 65536)
            running[fd][4].extend(chunk)
            if chunk:
                continue
            case, data, pid, started, buffer = running.pop(fd)
            os.close(fd)
            _, status = os.waitpid(pid, 0)
            case.seconds = time.monotonic() - started
            try:
                message = json.loads(buffer.decode())
                case.outcome, case.detail, case.peak_mb = (
                    message["outcome"],
                    message["detail"],
                    message["peak_kb"] / 1024,
                )
            except ValueError:
                case.outcome = "crash"
                case.detail = f"child died (signal {os.WTERMSIG(status) if os.WIFSIGNALED(status) else status})"
            finish(case, data)
        now = time.monotonic()
        for fd, (case, data, pid, started, _) in list(running.items()):
            if now - started > timeout_s:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(fd)
                running.pop(fd)
                case.outcome, case.detail, case.seconds = "hang", f"killed after {timeout_s:.0f} s", now - started
                finish(case, data)
    return sorted(done, key=lambda c: c.index)


def make_cases(n: int, seed: int, files: list[pathlib.Path]) -> Iterator[tuple[Case, bytes]]:
    """The ``n`` mutants of a seed, made one at a time (the same sequence for the same seed)."""
    rng = random.Random(seed)
    seeds = {p.name: p.read_bytes() for p in files}
    # small files are cheap to read: draw large ones less often, so thousands of cases stay quick
    weights = [1.0 / (1.0 + len(seeds[p.name]) / 150_000) for p in files]
    for i in range(n):
        path = rng.choices(files, weights)[0]
        name, data, what = mutate(rng, path.name, seeds[path.name])
        yield Case(i, path.name, name, what), data


def summarize(cases: list[Case], wall_s: float) -> dict:
    outcomes = Counter(c.outcome for c in cases)
    slowest = max(cases, key=lambda c: c.seconds)
    heaviest = max(cases, key=lambda c: c.peak_mb)
    return {
        "cases": len(cases),
        "outcomes": dict(outcomes),
        "wall_s": round(wall_s, 1),
        "slowest": {
            "seconds": round(slowest.seconds, 2),
            "seed": slowest.seed_file,
            "mutation": slowest.mutation,
            "outcome": slowest.outcome,
        },
        "peak_added_mb": round(heaviest.peak_mb, 1),
        "peak_case": {"seed": heaviest.seed_file, "mutation": heaviest.mutation},
        "median_s": round(sorted(c.seconds for c in cases)[len(cases) // 2], 3),
        "by_seed": dict(Counter(c.seed_file for c in cases)),
        "problems": [dataclasses.asdict(c) for c in cases if c.outcome in ("crash", "hang")][:50],
    }


def run(
    cases: int = 300,
    seed: int = 14,
    timeout_s: float = 10.0,
    memory_mb: int = 1024,
    jobs: int = 2,
    files: list[pathlib.Path] | None = None,
    save: pathlib.Path | None = None,
) -> dict:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import stridecare.core.io  # noqa: F401 (loaded once in the parent: each forked child starts warm)
    import stridecare.core.io.fit  # noqa: F401
    import stridecare.core.io.gpx  # noqa: F401
    import stridecare.core.io.strava  # noqa: F401
    import stridecare.core.io.tcx  # noqa: F401

    started = time.monotonic()
    results = run_cases(make_cases(cases, seed, files or seed_files()), timeout_s, memory_mb, jobs, save)
    summary = summarize(results, time.monotonic() - started)
    summary["harness_rss_mb"] = round(_vm_kb("VmHWM") / 1024, 1)
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case")
    parser.add_argument("--memory-mb", type=int, default=1024, help="address space a case may add to the harness's")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--max-kb", type=int, default=None, help="only seed files up to this size")
    parser.add_argument("--save", type=pathlib.Path, help="folder for the inputs of crashes and hangs")
    args = parser.parse_args()
    summary = run(args.cases, args.seed, args.timeout, args.memory_mb, args.jobs, seed_files(args.max_kb), args.save)
    json.dump(summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 1 if summary["outcomes"].get("crash") or summary["outcomes"].get("hang") else 0


if __name__ == "__main__":
    sys.exit(main())
