"""Domain objects shared by the readers, the load engine, gait and screening.

All values are SI or named by their unit: ``distance_m``, ``moving_time_s``, ``cadence_spm``
(steps per minute, both feet, REFERENCE.md 0.4), ``vertical_oscillation_cm`` (cm, 0.4),
``gct_ms`` (ground contact time, ms, 0.4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

# FIT `sport` names (lower case) whose sessions count as running for the load engine
# (REFERENCE.md 5.3 encoding: "running activities only; treat run-walk as running").
RUNNING_SPORTS: frozenset[str] = frozenset({"running"})
# Sports counted in steps: FIT stores their cadence in strides (one foot) per minute.
FOOT_SPORTS: frozenset[str] = frozenset({"running", "walking", "hiking"})

Source = Literal["session", "records"]
Severity = Literal["info", "amber", "red"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "amber": 1, "red": 2}


@dataclass(frozen=True, slots=True, eq=False)
class Samples:
    """Per-sample channels of one activity, all the same length; ``None`` = channel absent.

    ``elapsed_s`` counts seconds since the activity start (wall clock, pauses included).
    """

    elapsed_s: NDArray[np.float64]
    distance_m: NDArray[np.float64] | None = None
    speed_m_s: NDArray[np.float64] | None = None
    altitude_m: NDArray[np.float64] | None = None
    lat_deg: NDArray[np.float64] | None = None
    lon_deg: NDArray[np.float64] | None = None
    hr_bpm: NDArray[np.float64] | None = None
    cadence_spm: NDArray[np.float64] | None = None
    power_w: NDArray[np.float64] | None = None
    gct_ms: NDArray[np.float64] | None = None
    gct_balance_left_pct: NDArray[np.float64] | None = None
    vertical_oscillation_cm: NDArray[np.float64] | None = None
    vertical_ratio_pct: NDArray[np.float64] | None = None
    step_length_m: NDArray[np.float64] | None = None

    def __len__(self) -> int:
        return int(self.elapsed_s.shape[0])

    def channels(self) -> dict[str, NDArray[np.float64]]:
        """The channels present, by name (``elapsed_s`` included); missing values are NaN."""
        names = (
            "elapsed_s",
            "distance_m",
            "speed_m_s",
            "altitude_m",
            "lat_deg",
            "lon_deg",
            "hr_bpm",
            "cadence_spm",
            "power_w",
            "gct_ms",
            "gct_balance_left_pct",
            "vertical_oscillation_cm",
            "vertical_ratio_pct",
            "step_length_m",
        )
        return {n: getattr(self, n) for n in names if getattr(self, n) is not None}


@dataclass(frozen=True, slots=True)
class Activity:
    """One recorded session (a run, a ride...) as read from a watch file.

    ``start_utc`` is timezone-aware UTC; ``utc_offset_s`` the local offset the device recorded
    (``None`` when the file does not say). ``sources`` tells, per total, whether the number is the
    device's own session total (``"session"``) or was computed from the samples (``"records"``).
    """

    source_file: str
    sport: str
    start_utc: dt.datetime
    moving_time_s: float
    elapsed_time_s: float
    distance_m: float | None = None
    utc_offset_s: int | None = None
    sub_sport: str | None = None
    device: str | None = None
    elevation_gain_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_cadence_spm: float | None = None
    avg_power_w: float | None = None
    avg_gct_ms: float | None = None
    avg_gct_balance_left_pct: float | None = None
    avg_vertical_oscillation_cm: float | None = None
    avg_vertical_ratio_pct: float | None = None
    avg_step_length_m: float | None = None
    sources: dict[str, Source] = field(default_factory=dict, compare=False)
    warnings: tuple[str, ...] = ()
    samples: Samples | None = field(default=None, compare=False, repr=False)

    @property
    def is_running(self) -> bool:
        return self.sport in RUNNING_SPORTS

    @property
    def start_local(self) -> dt.datetime:
        """Start in the device's local time when known, else in UTC."""
        if self.utc_offset_s is None:
            return self.start_utc
        return self.start_utc.astimezone(dt.timezone(dt.timedelta(seconds=self.utc_offset_s)))

    @property
    def fingerprint(self) -> str:
        """Stable identity for duplicate detection: sport family and UTC start to the minute.

        The same run exported twice (even as FIT and as GPX) starts within a second or two, while
        one runner cannot start two different activities of one sport in the same minute.
        Distance is left out on purpose: a GPX distance computed from coordinates differs from the
        watch's own total by ~1%. Use :func:`is_same_activity` to also catch a start that
        straddles a minute boundary.
        """
        minute = self.start_utc.astimezone(dt.UTC).strftime("%Y%m%dT%H%MZ")
        return f"{_sport_family(self.sport)}:{minute}"


def _sport_family(sport: str) -> str:
    return "run" if sport in RUNNING_SPORTS else sport


def is_same_activity(
    a: Activity, b: Activity, *, max_start_gap_s: float = 120.0, distance_tolerance: float = 0.05
) -> bool:
    """True when ``a`` and ``b`` are the same recording (two uploads or two formats of one run).

    Rule: same sport family, starts at most ``max_start_gap_s`` apart, and distances (when both
    known) within ``distance_tolerance`` (fraction) of each other.
    """
    if _sport_family(a.sport) != _sport_family(b.sport):
        return False
    if abs((a.start_utc - b.start_utc).total_seconds()) > max_start_gap_s:
        return False
    if a.distance_m is None or b.distance_m is None:
        return True
    longer = max(a.distance_m, b.distance_m)
    return longer == 0 or abs(a.distance_m - b.distance_m) / longer <= distance_tolerance


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a rule noticed, with the words for the runner and the therapist and its source.

    ``code`` is stable (e.g. ``"LF-01"``, REFERENCE.md 5.6); ``evidence`` is the tag as the
    reference gives it (``"[V:R01]"``, ``"[H]"``...); ``source`` the citation to show;
    ``data`` the numbers behind it (for charts and the therapist's detail view).
    """

    code: str
    severity: Severity
    date: dt.date
    message: str
    therapist_note: str
    source: str
    evidence: str = ""
    activity_ref: str | None = None
    data: dict[str, float | str | None] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "date": self.date.isoformat(),
            "message": self.message,
            "therapist_note": self.therapist_note,
            "source": self.source,
            "evidence": self.evidence,
            "activity_ref": self.activity_ref,
            "data": dict(self.data),
        }


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """Running totals of one Monday-to-Sunday week in the runner's local time (REFERENCE.md 5.2).

    ``change_pct`` is the week-over-week progression of distance (``None`` when the previous week
    had no running); ``nielsen_category`` its Nielsen 2014 class. ``long_run_share`` is the
    longest run's share of the week's distance. The session-RPE fields (5.5) are ``None`` unless
    every run of the week has an RPE and the week is complete.
    """

    week_start: dt.date
    distance_m: float
    duration_s: float
    runs: int
    longest_run_m: float
    long_run_share: float | None
    change_pct: float | None
    nielsen_category: Literal["<10", "10-30", ">30"] | None
    srpe_load_au: float | None = None
    monotony: float | None = None
    strain: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "distance_m": self.distance_m,
            "duration_s": self.duration_s,
            "runs": self.runs,
            "longest_run_m": self.longest_run_m,
            "long_run_share": self.long_run_share,
            "change_pct": self.change_pct,
            "nielsen_category": self.nielsen_category,
            "srpe_load_au": self.srpe_load_au,
            "monotony": self.monotony,
            "strain": self.strain,
        }
