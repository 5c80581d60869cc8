"""Load flags LF-01 and LF-03 to LF-06 of REFERENCE.md 5.6 as :class:`Finding`s, in plain words.

Early history is handled so that it never raises a false alarm: a run is only compared with the
30 days before it when those 30 days are inside the recorded history; a week is only compared with
a previous week that the history fully covers; the EWMA ratio waits for 28 days.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Iterable, Mapping
from typing import Literal
from zoneinfo import ZoneInfo

from stridecare.core.load.acwr import uncoupled_ewma_acwr
from stridecare.core.load.sessions import LoadSession, running_sessions, week_start
from stridecare.core.load.settings import LoadSettings
from stridecare.core.load.spike import HRR_BY_STATE, SpikeResult, session_spike
from stridecare.core.load.weekly import weekly_summaries
from stridecare.core.models import SEVERITY_RANK, Finding, Severity, WeekSummary

SRC_FRANDSEN = "Frandsen et al., Br J Sports Med 2025;59(17):1203-1210"
SRC_NIELSEN_PROGRESSION = "Nielsen et al., J Orthop Sports Phys Ther 2014;44(10):739-747"
SRC_NIELSEN_3KM = "Nielsen et al., Int J Sports Phys Ther 2014;9(3):338-345"
SRC_FOSTER = "Foster, Med Sci Sports Exerc 1998;30(7):1164-1168"
SRC_WILLIAMS = "Williams et al., Br J Sports Med 2017;51(3):209-210"
DistanceUnit = Literal["km", "mi"]
METRES_PER_UNIT: dict[str, float] = {"km": 1000.0, "mi": 1609.344}
SPIKE_WORDS = {"small_spike": "small", "moderate_spike": "moderate", "large_spike": "large"}
SPIKE_SEVERITY: dict[str, Severity] = {"small_spike": "amber", "moderate_spike": "amber", "large_spike": "red"}


def compute_findings(
    sessions: Iterable[LoadSession],
    *,
    today: dt.date,
    tz: ZoneInfo | None = None,
    settings: LoadSettings | None = None,
    history_start: dt.datetime | None = None,
    since: dt.date | None = None,
    units: DistanceUnit = "km",
) -> list[Finding]:
    """All load findings up to ``today``, most serious first, then newest first.

    ``history_start``: when the runner's recorded history begins (default: their first run);
    ``since``: only report findings dated on or after this local date (the whole history is
    still used as reference); ``units``: the runner's chosen unit for every distance in the
    messages and notes ("km" or "mi"; ``data`` stays in metres). Only running sessions count (5.3).
    """
    if units not in METRES_PER_UNIT:
        raise ValueError(f"units must be 'km' or 'mi', not {units!r}")
    cfg = settings or LoadSettings()
    runs = running_sessions(sessions)
    if not runs:
        return []
    start = history_start or runs[0].start_utc
    found = _spike_findings(runs, start, cfg, tz, units)
    weeks = weekly_summaries(runs, tz, until=today, today=today)
    found += _weekly_jump_findings(weeks, runs, start, cfg, tz, units)
    found += _foster_findings(weeks, cfg)
    found += _ewma_findings(runs, start, today, cfg, tz)
    found += _early_history_findings(start, runs, today, cfg, tz)
    if since is not None:
        found = [f for f in found if f.date >= since]
    found.sort(key=lambda f: f.date.toordinal(), reverse=True)
    found.sort(key=lambda f: SEVERITY_RANK[f.severity], reverse=True)
    return found


def _start_day(start: dt.datetime, runs: list[LoadSession], tz: ZoneInfo | None) -> dt.date:
    """Local date of the history start, in the same zone as the first run."""
    return LoadSession(
        start_utc=start, distance_m=0.0, moving_time_s=0.0, utc_offset_s=runs[0].utc_offset_s
    ).local_date(tz)


def _dist(metres: float, units: DistanceUnit) -> str:
    """A distance for a sentence, in the runner's unit, one decimal: 8000 m -> "8.0 km" or "5.0 mi"."""
    return f"{metres / METRES_PER_UNIT[units]:.1f} {units}"


def _spike_findings(
    runs: list[LoadSession],
    start: dt.datetime,
    cfg: LoadSettings,
    tz: ZoneInfo | None,
    units: DistanceUnit,
) -> list[Finding]:
    window = dt.timedelta(days=cfg.spike_window_days)
    out, lo = [], 0
    for i, run in enumerate(runs):
        if run.start_utc - window < start:
            continue  # the 30 days before this run are not all in the history: no judgement
        while runs[lo].start_utc < run.start_utc - window:
            lo += 1
        result = session_spike(run, runs[lo:i], cfg.spike_window_days)
        finding = _spike_finding(run, result, cfg, tz, units)
        if finding is not None:
            out.append(finding)
    return out


def _spike_finding(
    run: LoadSession,
    r: SpikeResult,
    cfg: LoadSettings,
    tz: ZoneInfo | None,
    units: DistanceUnit,
) -> Finding | None:
    day = run.local_date(tz)
    if r.state == "no_reference":
        return _returning_finding(run, cfg, tz, units)
    if r.state == "reference" or r.ratio is None or r.reference_m is None:
        return None
    pct = r.ratio * 100
    cap = r.reference_m * cfg.planning_guard_factor
    return Finding(
        code="LF-01",
        severity=SPIKE_SEVERITY[r.state],
        date=day,
        activity_ref=run.ref,
        message=(
            f"Your {_dist(run.distance_m, units)} run on {day:%a %d %b} was {pct:.0f}% longer than your longest run "
            f"of the 30 days before it ({_dist(r.reference_m, units)}). Runs that much longer than usual have been "
            f"linked to more running injuries. Build up step by step: keep a new longest run within about "
            f"10% of the previous one (this time, up to {_dist(cap, units)})."
        ),
        therapist_note=(
            f"Session spike {pct:+.0f}% vs longest run in prior {cfg.spike_window_days:g} days "
            f"({_dist(r.reference_m, units)}): {SPIKE_WORDS[r.state]} spike, adjusted HRR {HRR_BY_STATE[r.state]} vs "
            f"<=10% (Frandsen 2025, 5,205 runners). Observational cohort, distance only. Planning guard: "
            f"next run <= {_dist(cap, units)}."
        ),
        source=f"{SRC_FRANDSEN} [V:R01]",
        evidence="[V:R01]",
        data={
            "state": r.state,
            "ratio": r.ratio,
            "reference_m": r.reference_m,
            "distance_m": run.distance_m,
            "window_days": cfg.spike_window_days,
        },
    )


def _returning_finding(run: LoadSession, cfg: LoadSettings, tz: ZoneInfo | None, units: DistanceUnit) -> Finding:
    day = run.local_date(tz)
    over_cap = run.distance_m > cfg.return_first_run_cap_m
    extra = (
        f" This run was {_dist(run.distance_m, units)}, more than the {_dist(cfg.return_first_run_cap_m, units)} suggested."
        if over_cap
        else ""
    )
    return Finding(
        code="LF-04",
        severity="amber",
        date=day,
        activity_ref=run.ref,
        message=(
            f"Your run on {day:%a %d %b} was your first in more than {cfg.spike_window_days:g} days. After a "
            f"break, start with short runs or a walk-run plan (about {_dist(cfg.return_first_run_cap_m, units)} at first) "
            f"and build up gradually.{extra}"
        ),
        therapist_note=(
            f"No run in the {cfg.spike_window_days:g} days before this {_dist(run.distance_m, units)} session (LF-04, "
            f"returning after a break). Suggest the walk-run stage or the clinic cap of "
            f"{_dist(cfg.return_first_run_cap_m, units)} [H]; cf. first-week > 3 km and injury in obese novices [V:R111]."
        ),
        source=f"Stridecare clinic default [H]; cf. {SRC_NIELSEN_3KM} [V:R111]",
        evidence="[H]",
        data={"distance_m": run.distance_m, "cap_m": cfg.return_first_run_cap_m, "window_days": cfg.spike_window_days},
    )


def _weekly_jump_findings(
    weeks: list[WeekSummary],
    runs: list[LoadSession],
    start: dt.datetime,
    cfg: LoadSettings,
    tz: ZoneInfo | None,
    units: DistanceUnit,
) -> list[Finding]:
    first_day = _start_day(start, runs, tz)
    last_run_day: dict[dt.date, dt.date] = {}
    for run in runs:
        day = run.local_date(tz)
        last_run_day[week_start(day)] = max(day, last_run_day.get(week_start(day), day))
    out = []
    for prev, week in zip(weeks, weeks[1:], strict=False):
        if prev.week_start < first_day or week.change_pct is None or week.change_pct <= cfg.weekly_jump_pct:
            continue
        day = last_run_day.get(week.week_start, week.week_start)
        out.append(
            Finding(
                code="LF-03",
                severity="amber",
                date=day,
                message=(
                    f"In the week of {week.week_start:%d %b} you ran {_dist(week.distance_m, units)}, {week.change_pct:.0f}% more "
                    f"than the week before ({_dist(prev.distance_m, units)}). Raising weekly distance by more than "
                    f"{cfg.weekly_jump_pct:g}% may make overuse injuries such as runner's knee more likely, "
                    "especially for newer runners."
                ),
                therapist_note=(
                    f"Weekly distance {week.change_pct:+.0f}% ({_dist(prev.distance_m, units)} -> {_dist(week.distance_m, units)}), Nielsen "
                    "> 30% category. Nielsen 2014 (874 novices): no difference in overall injury rate; "
                    "distance-related injuries HR 1.59 (95% CI 0.96-2.66, p = 0.07) vs < 10%. The 10% rule is a "
                    "convention; the session spike (LF-01) is better supported."
                ),
                source=f"{SRC_NIELSEN_PROGRESSION} [V:R02]",
                evidence="[V:R02]",
                data={
                    "week_start": week.week_start.isoformat(),
                    "change_pct": week.change_pct,
                    "distance_m": week.distance_m,
                    "previous_distance_m": prev.distance_m,
                },
            )
        )
    return out


def _foster_findings(weeks: list[WeekSummary], cfg: LoadSettings) -> list[Finding]:
    out = []
    for i, week in enumerate(weeks):
        last_day = week.week_start + dt.timedelta(days=6)
        if week.monotony is not None and week.monotony > cfg.monotony_warning:
            out.append(
                Finding(
                    code="LF-05",
                    severity="amber",
                    date=last_day,
                    message=(
                        f"In the week of {week.week_start:%d %b} your training felt much the same from day to day "
                        f"(monotony {week.monotony:.1f}). Mixing harder days, easier days and rest days helps your "
                        "body recover."
                    ),
                    therapist_note=(
                        f"Foster monotony {week.monotony:.2f} > {cfg.monotony_warning:g} [K]; weekly sRPE load "
                        f"{week.srpe_load_au:.0f} AU, strain {week.strain:.0f} AU (Foster 1998)."
                    ),
                    source=f"{SRC_FOSTER} [V:R10]",
                    evidence="[V:R10] + [K]",
                    data={
                        "kind": "monotony",
                        "monotony": week.monotony,
                        "strain": week.strain,
                        "week_start": week.week_start.isoformat(),
                    },
                )
            )
        baseline = [w.strain for w in weeks[max(0, i - cfg.strain_baseline_weeks) : i]]
        if week.strain is None or len(baseline) < cfg.strain_baseline_weeks or any(s is None for s in baseline):
            continue
        values = [float(s) for s in baseline if s is not None]
        mean, sd = statistics.fmean(values), statistics.pstdev(values)
        limit = mean + cfg.strain_sd_factor * sd
        if week.strain > limit:
            out.append(
                Finding(
                    code="LF-05",
                    severity="amber",
                    date=last_day,
                    message=(
                        f"Your training strain in the week of {week.week_start:%d %b} was well above your usual level. "
                        "Plan some easier days so your body can catch up."
                    ),
                    therapist_note=(
                        f"Foster strain {week.strain:.0f} AU > personal {cfg.strain_baseline_weeks}-week mean {mean:.0f} "
                        f"+ {cfg.strain_sd_factor:g} SD ({sd:.0f}) [H]; monotony "
                        f"{'n/a' if week.monotony is None else f'{week.monotony:.2f}'}."
                    ),
                    source=f"{SRC_FOSTER} [V:R10]",
                    evidence="[V:R10] + [H]",
                    data={
                        "kind": "strain",
                        "strain": week.strain,
                        "baseline_mean": mean,
                        "baseline_sd": sd,
                        "week_start": week.week_start.isoformat(),
                    },
                )
            )
    return out


def _ewma_findings(
    runs: list[LoadSession], start: dt.datetime, today: dt.date, cfg: LoadSettings, tz: ZoneInfo | None
) -> list[Finding]:
    first_day = _start_day(start, runs, tz)
    if today < first_day:
        return []
    ratio = uncoupled_ewma_acwr(runs, first_day, today, tz, cfg).ratio_on(today)
    if ratio is None or ratio < cfg.ewma_caution_ratio:
        return []
    return [
        Finding(
            code="LF-06",
            severity="info",
            date=today,
            message=(
                f"Over the last week you ran about {ratio:.1f} times your usual recent amount. This is shown to "
                "help you see the trend; on its own it does not predict injury."
            ),
            therapist_note=(
                f"Uncoupled EWMA ACWR {ratio:.2f} (acute N={cfg.ewma_acute_days} d, chronic N={cfg.ewma_chronic_days} d "
                f"lagged 7 d, {cfg.ewma_load}) >= soft band {cfg.ewma_caution_ratio:g} [H]. Context only: ACWR cut-offs "
                "are contested and showed a negative dose-response in runners (Frandsen 2025)."
            ),
            source=f"{SRC_WILLIAMS} [V:R08]; uncoupling: Lolli et al., Br J Sports Med 2019 [V:R05]",
            evidence="[V:R08] + [H]",
            data={"ratio": ratio},
        )
    ]


def _early_history_findings(
    start: dt.datetime, runs: list[LoadSession], today: dt.date, cfg: LoadSettings, tz: ZoneInfo | None
) -> list[Finding]:
    ready = _start_day(start + dt.timedelta(days=cfg.spike_window_days), runs, tz)
    if today >= ready:
        return []
    return [
        Finding(
            code="LOAD-HISTORY-SHORT",
            severity="info",
            date=today,
            message=(
                f"We need {cfg.spike_window_days:g} days of your runs before we can spot sudden jumps in distance. "
                f"These checks start on {ready:%d %b %Y}; until then no warning does not mean all is well."
            ),
            therapist_note=(
                f"History starts {_start_day(start, runs, tz).isoformat()}: session-spike (needs a full "
                f"{cfg.spike_window_days:g}-day reference), weekly-jump and EWMA checks are withheld until enough "
                "history exists, to avoid false alarms."
            ),
            source=f"{SRC_FRANDSEN} [V:R01] (30-day reference window)",
            evidence="[H]",
            data={"ready_on": ready.isoformat(), "window_days": cfg.spike_window_days},
        )
    ]


# ---- the same findings in the third person, for the runner's therapist ------------------------------


def staff_sentence(
    code: str, day: dt.date, data: Mapping[str, object], *, name: str, units: DistanceUnit = "km"
) -> str:
    """A load finding in one sentence for the runner's therapist, with the runner's name:
    "Sam's 23.0 km run on Sun 22 Nov was 41% longer than the longest run of the 30 days before it
    (16.3 km)." Built from the finding's ``date`` and ``data`` as stored (distances in metres,
    shown in ``units``, the reader's unit), so no number is typed twice. Findings stored before a
    field existed fall back to the default settings; an unknown code gets a neutral sentence."""
    if units not in METRES_PER_UNIT:
        raise ValueError(f"units must be 'km' or 'mi', not {units!r}")
    build = _STAFF_SENTENCES.get(code)
    try:
        return (
            build(day, data, name, units) if build else f"{name} has a training-load finding ({code}) on {_day(day)}."
        )
    except (KeyError, TypeError, ValueError):
        return f"{name} has a training-load finding ({code}) on {_day(day)}; open the load page for its numbers."


def _day(day: dt.date) -> str:
    """ "Sun 22 Nov", "Sat 1 Mar": the day as a therapist writes it."""
    return f"{day:%a} {day.day} {day:%b}"


def _window_days(data: Mapping[str, object]) -> float:
    return _number(data, "window_days") if data.get("window_days") else float(LoadSettings().spike_window_days)


def _number(data: Mapping[str, object], key: str) -> float:
    """A number a finding stored in its data (JSON: a number, or its text)."""
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(f"finding data {key!r} is {value!r}, not a number")
    return float(value)


def _staff_spike(day: dt.date, data: Mapping[str, object], name: str, units: DistanceUnit) -> str:
    pct = _number(data, "ratio") * 100
    return (
        f"{name}'s {_dist(_number(data, 'distance_m'), units)} run on {_day(day)} was {pct:.0f}% longer than the "
        f"longest run of the {_window_days(data):g} days before it ({_dist(_number(data, 'reference_m'), units)})."
    )


def _staff_return(day: dt.date, data: Mapping[str, object], name: str, units: DistanceUnit) -> str:
    distance_m = _number(data, "distance_m")
    sentence = (
        f"{name}'s {_dist(distance_m, units)} run on {_day(day)} was the first in more than {_window_days(data):g} days"
    )
    cap_m = data.get("cap_m")
    if isinstance(cap_m, int | float) and distance_m > cap_m:
        return f"{sentence}, longer than the {_dist(float(cap_m), units)} suggested after a break."
    return f"{sentence}."


def _staff_weekly_jump(day: dt.date, data: Mapping[str, object], name: str, units: DistanceUnit) -> str:
    week = dt.date.fromisoformat(str(data["week_start"]))
    return (
        f"In the week of {week.day} {week:%b} {name} ran {_dist(_number(data, 'distance_m'), units)}, "
        f"{_number(data, 'change_pct'):.0f}% more than the week before ({_dist(_number(data, 'previous_distance_m'), units)})."
    )


def _staff_foster(day: dt.date, data: Mapping[str, object], name: str, units: DistanceUnit) -> str:
    week = dt.date.fromisoformat(str(data["week_start"]))
    if data.get("kind") == "strain":
        return (
            f"{name}'s training strain in the week of {week.day} {week:%b} was {_number(data, 'strain'):.0f} AU, well above their "
            f"usual {_number(data, 'baseline_mean'):.0f} AU."
        )
    return (
        f"In the week of {week.day} {week:%b} {name}'s training was much the same from day to day "
        f"(monotony {_number(data, 'monotony'):.1f})."
    )


def _staff_ewma(day: dt.date, data: Mapping[str, object], name: str, units: DistanceUnit) -> str:
    return f"Over the last week {name} ran about {_number(data, 'ratio'):.1f} times their usual recent amount (context only)."


def _staff_history(day: dt.date, data: Mapping[str, object], name: str, units: DistanceUnit) -> str:
    ready = dt.date.fromisoformat(str(data["ready_on"]))
    return (
        f"{name} has fewer than {_window_days(data):g} days of recorded runs: sudden jumps are checked from "
        f"{ready.day} {ready:%b %Y}."
    )


_STAFF_SENTENCES: dict[str, Callable[[dt.date, Mapping[str, object], str, DistanceUnit], str]] = {
    "LF-01": _staff_spike,
    "LF-03": _staff_weekly_jump,
    "LF-04": _staff_return,
    "LF-05": _staff_foster,
    "LF-06": _staff_ewma,
    "LOAD-HISTORY-SHORT": _staff_history,
}
