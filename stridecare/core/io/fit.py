"""Garmin FIT activity files -> :class:`Activity` (one per session), decoded with fitdecode.

Units as the FIT profile defines them and as stored here: running ``cadence`` is strides (one
foot) per minute -> doubled to steps per minute; ``stance_time`` ms; ``vertical_oscillation`` mm
-> cm; ``step_length`` mm -> m; ``stance_time_balance`` % on the left foot.
Device session totals are preferred; ``Activity.sources`` says which number came from where.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import fitdecode
import numpy as np
from numpy.typing import NDArray

from stridecare.core.errors import ActivityFileError
from stridecare.core.io import _summary as S
from stridecare.core.models import FOOT_SPORTS, Activity, Samples, Source

SEMICIRCLE_DEG = 180.0 / 2**31
# FIT timestamps below 0x10000000 are "seconds since the device powered on", not dates.
FIT_SYSTEM_TIME_MAX = 0x10000000
# A watch whose clock was never set writes dates just after the FIT epoch (31 Dec 1989).
EARLIEST_PLAUSIBLE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
TIMER_STOPS = frozenset({"stop", "stop_all", "stop_disable", "stop_disable_all"})
ACTIVITY_FILE_TYPES = frozenset({"activity", None})
RECORD_MESG = 20
# The record fields the readers use (``Power``: the Stryd / Connect IQ developer field); the others
# are not kept, which halves the memory of a long file.
RECORD_FIELDS = frozenset(
    {
        "timestamp",
        "position_lat",
        "position_long",
        "distance",
        "enhanced_speed",
        "speed",
        "enhanced_altitude",
        "altitude",
        "heart_rate",
        "cadence",
        "fractional_cadence",
        "power",
        "Power",
        "stance_time",
        "stance_time_balance",
        "vertical_oscillation",
        "vertical_ratio",
        "step_length",
    }
)
# Data messages read from one file: 83 hours recorded every second, ~170 MB of decoded records.
MAX_MESSAGES = 300_000


class _DecoderFailure(Exception):
    """fitdecode raised something other than its own errors on damaged bytes (ValueError,
    AssertionError, TypeError, struct.error, KeyError...): the file is damaged, not our code."""

    def __init__(self, error: BaseException) -> None:
        text = str(error).strip().split("\n")[0][:160]
        super().__init__(f"the decoder failed with {type(error).__name__}" + (f": {text}" if text else ""))


class _TooLarge(Exception):
    pass


@dataclass(slots=True)
class _Decoded:
    file_type: object = None
    device: str | None = None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    sport_mesg: dict[str, Any] | None = None
    activity: dict[str, Any] | None = None
    timer_events: list[tuple[float, bool]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    dev_units: dict[str, str | None] = field(default_factory=dict)
    other_messages: int = 0
    warnings: list[str] = field(default_factory=list)
    records: int = 0


def read_fit(data: bytes, filename: str, recover: bool = False) -> list[Activity]:
    """Read a FIT activity file (chained files included): one :class:`Activity` per session.

    Multisport files give one activity per leg; transition legs are left out.
    Raises :class:`ActivityFileError` with the reason for anything that is not a readable activity.
    ``recover``: read what a file the device never finished holds (see ``_decode``) instead of
    refusing it with the offer to.
    """
    if len(data) < 12 or data[8:12] != b".FIT":
        raise ActivityFileError(filename, "is not a FIT file (its header lacks the '.FIT' signature)")
    decoded = _decode(data, filename, recover)
    if decoded.file_type not in ACTIVITY_FILE_TYPES:
        raise ActivityFileError(
            filename, f"is a FIT '{decoded.file_type}' file (e.g. daily step monitoring), not a recorded activity"
        )
    if not decoded.rows and not decoded.sessions:
        raise ActivityFileError(filename, "contains no recorded activity (no records and no session summary)")
    return _build_activities(decoded, filename)


def _decode(data: bytes, filename: str, recover: bool = False) -> _Decoded:
    try:
        return _decode_frames(data, filename, recover)
    except _TooLarge:
        raise ActivityFileError(
            filename,
            f"holds more than {MAX_MESSAGES:,} messages, too many for one activity "
            "(over 80 hours recorded every second); split it in the watch's app",
        ) from None


def _decode_frames(data: bytes, filename: str, recover: bool = False) -> _Decoded:
    """Decode every frame. Two shapes of a file the device never finished can be recovered (USERS.md:
    "files without session/CRC after a device crash"): every byte its header announces present but
    the last message running past them, and a header that still announces 0 data bytes with records
    after it (the watch stopped while recording). They are refused with the number of records that
    can be recovered, and read when the person asks (``recover``): a broken file is bad input first.
    A file cut short inside its announced data, or one whose checksum does not match, is refused
    either way: it may be an interrupted upload of a whole file, which a partial copy must not shadow.
    """
    out = _Decoded()
    scan = _Scan()
    try:
        _read_frames(data, out, scan, check_crc=True)
    except fitdecode.FitHeaderError as e:
        raise ActivityFileError(filename, f"is not a FIT file or its header is damaged ({e})") from e
    except fitdecode.FitEOFError as e:
        header = scan.header
        if (
            header is not None
            and scan.records
            and len(data) - scan.header_offset - header.header_size >= header.body_size
        ):
            # every byte the header announces is there, yet the last message runs past them: the
            # device did not finish the file (not an interrupted upload, which stops short of them)
            recovered = _recover(out, scan)  # the first pass read every complete message: no second decode
            if recover:
                return recovered
            raise ActivityFileError(
                filename,
                (
                    "was not finished by the device (its last message runs past the end of the data its header announces); "
                    f"its {recovered.records:,} complete records can be imported on request"
                ),
                recovered.records,
            ) from e
        raise ActivityFileError(filename, _truncation_reason(data, header, scan.header_offset, scan.records)) from e
    except fitdecode.FitCRCError as e:
        header = scan.header
        if scan.records == 0 and not out.sessions and (header is None or header.body_size == 0):
            following = len(data) - scan.header_offset - (header.header_size if header is not None else 12) - 2
            unfinished = (
                _recover_unfinished(data, scan.header_offset, header.header_size)
                if header is not None and following > 0
                else None
            )
            if unfinished is not None and unfinished.records:
                if recover:
                    return unfinished
                raise ActivityFileError(
                    filename,
                    (
                        f"{_empty_body_reason(data, header, scan.header_offset)}, or import the {unfinished.records:,} records "
                        "written before it stopped on request"
                    ),
                    unfinished.records,
                ) from e
            raise ActivityFileError(filename, _empty_body_reason(data, header, scan.header_offset)) from e
        raise ActivityFileError(
            filename,
            f"is damaged: its checksum does not match (after {scan.records:,} records); please export it again",
        ) from e
    except (fitdecode.FitParseError, _DecoderFailure) as e:
        raise ActivityFileError(
            filename, f"is damaged after {scan.records:,} records ({e}); please export it again"
        ) from None
    except fitdecode.FitError as e:
        raise ActivityFileError(
            filename, f"is damaged after {scan.records:,} records ({e}); please export it again"
        ) from None
    return out


@dataclass(slots=True)
class _Scan:
    header: Any = None
    header_offset: int = 0
    next_offset: int = 0
    records: int = 0


def _read_frames(data: bytes, out: _Decoded, scan: _Scan, check_crc: bool) -> None:
    last_def: Any = None
    crc = fitdecode.CrcCheck.RAISE if check_crc else fitdecode.CrcCheck.DISABLED
    reader = fitdecode.FitReader(io.BytesIO(data), check_crc=crc, error_handling=fitdecode.ErrorHandling.IGNORE)
    messages = 0
    try:
        for frame in _frames(reader):
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                messages += 1
                if messages > MAX_MESSAGES:
                    raise _TooLarge
                if frame.global_mesg_num == RECORD_MESG:
                    scan.records += 1
                    # developer fields land in the same dict under their own names ("Power")
                    out.rows.append({f.name: f.value for f in frame.fields if f.name in RECORD_FIELDS})
                    if frame.def_mesg is not last_def:
                        last_def = frame.def_mesg
                        out.dev_units |= {f.name: f.units for f in frame.fields[len(last_def.field_defs) :]}
                else:
                    _take_message(out, frame)
            elif frame.frame_type == fitdecode.FIT_FRAME_HEADER:
                scan.header, scan.header_offset = frame, scan.next_offset
                scan.next_offset += frame.header_size + frame.body_size + 2
    finally:
        reader.close()


def _frames(reader: Any) -> Any:
    """fitdecode's frames; whatever it raises on damaged bytes, beyond its own errors, is a
    :class:`_DecoderFailure` (raised from None: the decoder's frames hold the file's bytes)."""
    frames = iter(reader)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except fitdecode.FitError:
            raise
        except Exception as e:
            failure = _DecoderFailure(e)
        else:
            yield frame
            continue
        raise failure from None


def _read_to_cut(data: bytes) -> _Decoded:
    """Every complete message of a file the device never finished; the message it was cut in is dropped."""
    out, scan = _Decoded(), _Scan()
    try:
        _read_frames(data, out, scan, check_crc=False)
    except (fitdecode.FitError, _DecoderFailure):
        pass  # the end of what the device wrote
    out.records = scan.records
    return out


def _recover(out: _Decoded, scan: _Scan) -> _Decoded:
    """What the first pass read before the cut (the CRC is checked only at the end, so the messages
    before it are those a pass without the check reads); the message it was cut in is not there."""
    out.records = scan.records
    out.warnings.append(
        f"the device did not finish this file (its last message runs past the end): the {out.records:,} complete records "
        "were read; the device's own totals may be missing, so they are computed from the records"
    )
    return out


def _recover_unfinished(data: bytes, offset: int, header_size: int) -> _Decoded:
    """The header still says 0 data bytes: announce what follows (and a checksum the reader skips),
    then keep the records read before the recording stopped."""
    body = len(data) - offset - header_size
    patched = bytearray(data) + b"\x00\x00"
    patched[offset + 4 : offset + 8] = body.to_bytes(4, "little")
    out = _read_to_cut(bytes(patched))
    out.warnings.append(
        f"the device did not finish this file (the watch may have stopped while recording): the {out.records:,} records "
        "written before it stopped were recovered; totals are computed from them"
    )
    return out


def _empty_body_reason(data: bytes, header: Any, header_offset: int) -> str:
    """A header announcing 0 data bytes: a truly empty export, or a recording whose header was
    never rewritten with its size (the records are there but no reader can trust where they end)."""
    following = len(data) - header_offset - (header.header_size if header is not None else 12) - 2
    if following <= 0:
        return "contains no data (an empty export) and its checksum is wrong"
    return (
        f"its header was never finished: it announces 0 data bytes but {following:,} bytes follow; the watch may "
        "have stopped while recording. Export the activity again from the watch or its app"
    )


def _truncation_reason(data: bytes, header: Any, header_offset: int, records: int) -> str:
    if header is None:
        return "file ends inside its header; was the upload interrupted?"
    present = len(data) - header_offset - header.header_size
    if present >= header.body_size:
        return f"file ends after {records:,} records, just before its final checksum; was the upload interrupted?"
    return (
        f"file ends after {records:,} records ({present:,} of the {header.body_size:,} data bytes its header "
        "announces); was the upload interrupted?"
    )


def _take_message(out: _Decoded, frame: Any) -> None:
    name = frame.name
    if name == "event":
        if frame.get_value("event", fallback=None) == "timer":
            ts = _epoch(frame.get_value("timestamp", fallback=None))
            kind = frame.get_value("event_type", fallback=None)
            if ts is not None and kind is not None:
                out.timer_events.append((ts, kind == "start"))
    elif name == "session":
        out.sessions.append({f.name: f.value for f in frame.fields})
    elif name == "file_id" and out.file_type is None:
        out.file_type = frame.get_value("type", fallback=None)
        maker, product = frame.get_value("manufacturer", fallback=None), frame.get_value("product", fallback=None)
        out.device = " ".join(str(p) for p in (maker, product) if p is not None) or None
    elif name == "activity":
        out.activity = {f.name: f.value for f in frame.fields}
    elif name == "sport" and out.sport_mesg is None:
        out.sport_mesg = {f.name: f.value for f in frame.fields}


def _epoch(value: object) -> float | None:
    """Seconds since 1970 for a plausible absolute FIT time, else ``None``."""
    if isinstance(value, dt.datetime) and value >= EARLIEST_PLAUSIBLE:
        return value.timestamp()
    return None


def _build_activities(d: _Decoded, filename: str) -> list[Activity]:
    times = np.array([_epoch(r.get("timestamp")) for r in d.rows], dtype=np.float64) if d.rows else np.empty(0)
    has_time = ~np.isnan(times)
    session_starts = [_epoch(s.get("start_time")) for s in d.sessions]
    if not has_time.any() and not any(t is not None for t in session_starts):
        raise ActivityFileError(
            filename,
            "has no timestamps (the watch recorded only time since power-on, or its clock was not set), "
            "so the run cannot be placed on a date",
        )
    warnings: list[str] = list(d.warnings)
    if has_time.sum() < len(times):
        warnings.append(f"{len(times) - int(has_time.sum())} samples without a valid timestamp were left out")
    rows = [r for r, ok in zip(d.rows, has_time, strict=True) if ok]
    times = times[has_time]
    if times.size > 1 and (np.diff(times) < 0).any():
        order = np.argsort(times, kind="stable")
        times, rows = times[order], [rows[i] for i in order]
        warnings.append("samples were out of time order and have been sorted")
    offset = _utc_offset_s(d.activity)
    sessions = d.sessions or [_pseudo_session(d, times)]
    legs = [s for s in sessions if s.get("sport") != "transition"] if len(sessions) > 1 else sessions
    bounds = _session_bounds(sessions, times)
    out = []
    for session in legs:
        lo, hi = bounds[id(session)]
        sel = (times >= lo) & (times < hi)
        idx = np.flatnonzero(sel)
        leg_rows = [rows[i] for i in idx]
        out.append(_activity(session, times[sel], leg_rows, d, offset, filename, warnings))
    return out


def _pseudo_session(d: _Decoded, times: NDArray[np.float64]) -> dict[str, Any]:
    sport = (d.sport_mesg or {}).get("sport") or "generic"
    start = dt.datetime.fromtimestamp(float(times[0]), dt.UTC) if times.size else None
    return {"sport": sport, "sub_sport": (d.sport_mesg or {}).get("sub_sport"), "start_time": start}


def _session_bounds(sessions: list[dict[str, Any]], times: NDArray[np.float64]) -> dict[int, tuple[float, float]]:
    """Each session owns the samples from its start to the next session's start."""
    first = float(times[0]) if times.size else 0.0
    declared = [_epoch(s.get("start_time")) for s in sessions]
    starts = [first if t is None else min(t, first) if i == 0 else t for i, t in enumerate(declared)]
    bounds = {}
    for i, s in enumerate(sessions):
        hi = starts[i + 1] if i + 1 < len(sessions) else np.inf
        bounds[id(s)] = (starts[i] if i else -np.inf, hi)
    return bounds


def _utc_offset_s(activity: dict[str, Any] | None) -> int | None:
    """Local offset from the activity message (local_timestamp - timestamp), to the quarter hour."""
    if not activity:
        return None
    utc, local = activity.get("timestamp"), activity.get("local_timestamp")
    if not (isinstance(utc, dt.datetime) and isinstance(local, dt.datetime)) or utc < EARLIEST_PLAUSIBLE:
        return None
    offset = round((local - utc).total_seconds() / 900) * 900
    return offset if abs(offset) <= 14 * 3600 else None


def _activity(
    s: dict[str, Any],
    times: NDArray[np.float64],
    rows: list[dict[str, Any]],
    d: _Decoded,
    offset: int | None,
    filename: str,
    warnings: list[str],
) -> Activity:
    sport = str(s.get("sport") or "generic")
    samples = _samples(times, rows, d.dev_units, sport) if times.size else None
    start = _epoch(s.get("start_time"))
    if start is None and not times.size:
        raise ActivityFileError(filename, "has a session without a start time and no timestamped samples")
    start_s = start if start is not None else float(times[0])
    if samples is not None:
        samples = _shift(samples, float(times[0]) - start_s)
    totals, sources = _totals(s, samples, times, d.timer_events, sport)
    leg_warnings = list(warnings)
    timer, elapsed = totals["moving_time_s"], totals["elapsed_time_s"]
    if timer is not None and elapsed is not None and timer > elapsed + 1.0:
        leg_warnings.append(
            f"the device's timer time ({timer:.0f} s) exceeds its elapsed time ({elapsed:.0f} s); elapsed time used"
        )
        totals["moving_time_s"] = elapsed
    moving, elapsed = totals.pop("moving_time_s"), totals.pop("elapsed_time_s")
    if moving is None and elapsed is None:
        raise ActivityFileError(filename, "contains a session without any duration and no samples")
    return Activity(
        source_file=filename,
        sport=sport,
        sub_sport=_str_or_none(s.get("sub_sport")),
        start_utc=dt.datetime.fromtimestamp(start_s, dt.UTC),
        utc_offset_s=offset,
        device=d.device,
        moving_time_s=float(moving if moving is not None else elapsed),
        elapsed_time_s=float(elapsed if elapsed is not None else moving),
        sources=sources,
        warnings=tuple(leg_warnings),
        samples=samples,
        **totals,
    )


def _str_or_none(v: object) -> str | None:
    return None if v is None or v == "generic" else str(v)


def _col(rows: list[dict[str, Any]], *names: str) -> list[object]:
    """Values of the first of ``names`` present in a row (enhanced_* before the plain field)."""
    if len(names) == 1:
        n = names[0]
        return [r.get(n) for r in rows]
    out = []
    for r in rows:
        v = None
        for n in names:
            v = r.get(n)
            if v is not None:
                break
        out.append(v)
    return out


def _samples(
    times: NDArray[np.float64], rows: list[dict[str, Any]], dev_units: dict[str, str | None], sport: str
) -> Samples:
    lat = S.as_float_array(_col(rows, "position_lat"), SEMICIRCLE_DEG)
    lon = S.as_float_array(_col(rows, "position_long"), SEMICIRCLE_DEG)
    cadence = None
    if sport in FOOT_SPORTS:
        strides = S.as_float_array(_col(rows, "cadence"))
        if strides is not None:
            frac = S.as_float_array(_col(rows, "fractional_cadence"))
            cadence = 2.0 * (strides + (np.nan_to_num(frac) if frac is not None else 0.0))
    power = S.as_float_array(_col(rows, "power"))
    if power is None and dev_units.get("Power") == "Watts":  # Stryd / Connect IQ running power
        power = S.as_float_array(_col(rows, "Power"))
    return Samples(
        elapsed_s=times - times[0],
        distance_m=S.as_float_array(_col(rows, "distance")),
        speed_m_s=S.as_float_array(_col(rows, "enhanced_speed", "speed")),
        altitude_m=S.as_float_array(_col(rows, "enhanced_altitude", "altitude")),
        lat_deg=lat if lon is not None else None,
        lon_deg=lon if lat is not None else None,
        hr_bpm=S.as_float_array(_col(rows, "heart_rate")),
        cadence_spm=cadence,
        power_w=power,
        gct_ms=S.as_float_array(_col(rows, "stance_time")),
        gct_balance_left_pct=S.as_float_array(_col(rows, "stance_time_balance")),
        vertical_oscillation_cm=S.as_float_array(_col(rows, "vertical_oscillation"), 0.1),
        vertical_ratio_pct=S.as_float_array(_col(rows, "vertical_ratio")),
        step_length_m=S.as_float_array(_col(rows, "step_length"), 0.001),
    )


def _shift(samples: Samples, by_s: float) -> Samples:
    if by_s == 0:
        return samples
    channels = samples.channels()
    channels["elapsed_s"] = samples.elapsed_s + by_s
    return Samples(**channels)


def _timer_moving_s(events: list[tuple[float, bool]], lo: float, hi: float) -> float | None:
    """Time the device timer ran between ``lo`` and ``hi`` (epoch s), from timer start/stop events."""
    total, running_since, seen = 0.0, None, False
    for ts, is_start in sorted(events):
        if is_start:
            running_since = ts if running_since is None else running_since
        elif running_since is not None:
            a, b = max(running_since, lo), min(ts, hi)
            total += max(0.0, b - a)
            running_since, seen = None, True
    if running_since is not None:
        total += max(0.0, hi - max(running_since, lo))
        seen = True
    return total if seen else None


SESSION_FIELDS: dict[str, tuple[str, float]] = {
    "distance_m": ("total_distance", 1.0),
    "moving_time_s": ("total_timer_time", 1.0),
    "elapsed_time_s": ("total_elapsed_time", 1.0),
    "elevation_gain_m": ("total_ascent", 1.0),
    "avg_hr_bpm": ("avg_heart_rate", 1.0),
    "max_hr_bpm": ("max_heart_rate", 1.0),
    "avg_power_w": ("avg_power", 1.0),
    "avg_gct_ms": ("avg_stance_time", 1.0),
    "avg_gct_balance_left_pct": ("avg_stance_time_balance", 1.0),
    "avg_vertical_oscillation_cm": ("avg_vertical_oscillation", 0.1),
    "avg_vertical_ratio_pct": ("avg_vertical_ratio", 1.0),
    "avg_step_length_m": ("avg_step_length", 0.001),
}


def _totals(
    s: dict[str, Any], samples: Samples | None, times: NDArray[np.float64], events: list[tuple[float, bool]], sport: str
) -> tuple[dict[str, Any], dict[str, Source]]:
    from_records = _record_totals(samples, times, events)
    totals: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for key, (fit_name, scale) in SESSION_FIELDS.items():
        value = s.get(fit_name)
        if isinstance(value, (int, float)) and not (key.startswith("avg_") and value == 0):
            totals[key], sources[key] = float(value) * scale, "session"
        elif from_records.get(key) is not None:
            totals[key], sources[key] = from_records[key], "records"
        else:
            totals[key] = None
    cadence = _session_cadence_spm(s) if sport in FOOT_SPORTS else None
    if cadence is not None:
        totals["avg_cadence_spm"], sources["avg_cadence_spm"] = cadence, "session"
    elif samples is not None and S.mean_or_none(samples.cadence_spm, positive_only=True) is not None:
        totals["avg_cadence_spm"] = S.mean_or_none(samples.cadence_spm, positive_only=True)
        sources["avg_cadence_spm"] = "records"
    else:
        totals["avg_cadence_spm"] = None
    return totals, sources


def _session_cadence_spm(s: dict[str, Any]) -> float | None:
    strides = s.get("avg_running_cadence")
    if not isinstance(strides, (int, float)):
        strides = s.get("avg_cadence")
    if not isinstance(strides, (int, float)) or strides == 0:
        return None
    frac = s.get("avg_fractional_cadence")
    return 2.0 * (float(strides) + (float(frac) if isinstance(frac, (int, float)) else 0.0))


def _record_totals(
    samples: Samples | None, times: NDArray[np.float64], events: list[tuple[float, bool]]
) -> dict[str, float | None]:
    if samples is None or times.size == 0:
        return {}
    distance = S.distance_span_m(samples.distance_m)
    if distance is None and samples.lat_deg is not None and samples.lon_deg is not None:
        distance = float(S.cumulative_distance_m(samples.lat_deg, samples.lon_deg)[-1])
    lo, hi = float(times[0]), float(times[-1])
    moving = _timer_moving_s(events, lo, hi)
    if moving is None:
        moving = hi - lo
    return {
        "distance_m": distance,
        "moving_time_s": moving,
        "elapsed_time_s": hi - lo,
        "elevation_gain_m": S.elevation_gain_m(samples.altitude_m),
        "avg_hr_bpm": S.mean_or_none(samples.hr_bpm, positive_only=True),
        "max_hr_bpm": S.max_or_none(samples.hr_bpm),
        "avg_power_w": S.mean_or_none(samples.power_w, positive_only=True),
        "avg_gct_ms": S.mean_or_none(samples.gct_ms, positive_only=True),
        "avg_gct_balance_left_pct": S.mean_or_none(samples.gct_balance_left_pct, positive_only=True),
        "avg_vertical_oscillation_cm": S.mean_or_none(samples.vertical_oscillation_cm, positive_only=True),
        "avg_vertical_ratio_pct": S.mean_or_none(samples.vertical_ratio_pct, positive_only=True),
        "avg_step_length_m": S.mean_or_none(samples.step_length_m, positive_only=True),
    }


def read_fit_with_record_totals(data: bytes, filename: str) -> list[tuple[Activity, dict[str, float | None]]]:
    """Each activity with the totals recomputed from its records alone, to check them against
    the device's session totals (one decode)."""
    decoded = _decode(data, filename)
    out: list[tuple[Activity, dict[str, float | None]]] = []
    for activity in _build_activities(decoded, filename):
        samples = activity.samples
        if samples is None:
            out.append((activity, {}))
            continue
        times = activity.start_utc.timestamp() + samples.elapsed_s
        out.append((activity, _record_totals(samples, times, decoded.timer_events)))
    return out
