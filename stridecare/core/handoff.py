"""The runner's hand-off report (issue 18 point 7): their last 4, 8 or 12 weeks of running, load
findings, pain scores, gait findings and exercise adherence, for a therapist who has never seen
Stridecare.

:func:`build_handoff_report` takes plain data (load sessions, pain scores, the latest gait report,
the programs' planned and done days) and returns a :class:`HandoffReport`; its
:meth:`HandoffReport.sections` are the headings, sentences and tables that the PDF and the web page
both print, so the two never differ. Every number is computed here or by the existing engines: the
weekly totals by :func:`stridecare.core.load.weekly_summaries`, the load findings and their sources
by :func:`stridecare.core.load.compute_findings`, adherence by
:func:`stridecare.core.programs.progression.adherence_by_week`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from stridecare.core.load import (
    LoadSession,
    LoadSettings,
    compute_findings,
    running_sessions,
    staff_sentence,
    week_start,
    weekly_summaries,
)
from stridecare.core.models import WeekSummary
from stridecare.core.programs.progression import adherence_by_week
from stridecare.core.units import DistanceUnit, format_pace, metres_per_unit, pace_s_per_unit

SPAN_WEEKS = (4, 8, 12)
DEFAULT_SPAN_WEEKS = 8
LONGEST_RUNS_SHOWN = 5
PainMoment = Literal["during", "next_morning"]
SEVERITY_WORDS = {"red": "Warning", "amber": "Caution", "info": "For context"}
DISCLAIMER = (
    "This report is decision support drawn from the runner's own records: files from their watch or "
    "running app, and the pain scores and exercise sessions they logged. It is not a diagnosis and does not "
    "replace your own assessment."
)
# Evidence grades and reference numbers ("[V:R01]", "[H]") mean something only inside Stridecare.
_INTERNAL_TAG = re.compile(r"\s*\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class PainScore:
    """One 0-10 pain score the runner logged: during an exercise session or a walk-run, or the next morning."""

    day: dt.date
    score: int
    moment: PainMoment
    activity: str
    """What it was logged with, in plain words: "exercise session", "walk-run"."""


@dataclass(frozen=True, slots=True)
class GaitNote:
    severity: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class GaitReport:
    """The latest finished gait analysis: its date, the camera view in words and its findings."""

    analysed_on: dt.date
    view: str
    notes: tuple[GaitNote, ...]


@dataclass(frozen=True, slots=True)
class ProgramDays:
    """One exercise program: its name in plain words, the days sessions were planned and the days one was logged."""

    name: str
    planned_on: tuple[dt.date, ...]
    done_on: tuple[dt.date, ...]


@dataclass(frozen=True, slots=True)
class RunRow:
    day: dt.date
    distance_m: float
    duration_s: float


@dataclass(frozen=True, slots=True)
class LoadNote:
    day: dt.date
    severity: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class PainWeek:
    week_start: dt.date
    scores: int
    highest_during: int | None
    highest_next_morning: int | None


@dataclass(frozen=True, slots=True)
class AdherenceRow:
    program: str
    week_start: dt.date
    planned: int
    done: int


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the report as printed: a heading, sentences, and a table (``columns`` empty: none)."""

    title: str
    paragraphs: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class HandoffReport:
    runner_name: str
    span_weeks: int
    first_day: dt.date
    last_day: dt.date
    units: DistanceUnit
    weeks: tuple[WeekSummary, ...]
    """The load engine's weekly totals of the span."""
    runs: tuple[RunRow, ...]
    load_notes: tuple[LoadNote, ...]
    pain: tuple[PainScore, ...]
    pain_weeks: tuple[PainWeek, ...]
    gait: GaitReport | None
    adherence: tuple[AdherenceRow, ...]

    def is_partial(self, week: WeekSummary) -> bool:
        """The current week, counted up to the report's last day."""
        return week.week_start + dt.timedelta(days=6) > self.last_day

    @property
    def total_distance_m(self) -> float:
        return sum(w.distance_m for w in self.weeks)

    @property
    def total_duration_s(self) -> float:
        return sum(w.duration_s for w in self.weeks)

    @property
    def longest_runs(self) -> tuple[RunRow, ...]:
        ranked = sorted(self.runs, key=lambda r: (-r.distance_m, r.day))
        return tuple(ranked[:LONGEST_RUNS_SHOWN])

    @property
    def sessions_planned(self) -> int:
        return sum(a.planned for a in self.adherence)

    @property
    def sessions_done(self) -> int:
        return sum(a.done for a in self.adherence)

    @property
    def title(self) -> str:
        return f"Running report: {self.runner_name}"

    @property
    def span_text(self) -> str:
        """ "8 weeks, Mon 6 Oct 2025 to Thu 27 Nov 2025"."""
        return f"{self.span_weeks} weeks, {long_date(self.first_day)} to {long_date(self.last_day)}"

    def sections(self) -> list[Section]:
        return [
            self._about(),
            self._weekly(),
            self._runs(),
            self._load(),
            self._pain(),
            self._gait(),
            self._adherence(),
        ]

    def _about(self) -> Section:
        return Section(
            "About this report",
            (
                f"Prepared by {self.runner_name} with Stridecare, a training log for runners and their physical "
                f"therapists. It covers {self.span_text}. Weeks run Monday to Sunday; distances are in "
                f"{'miles' if self.units == 'mi' else 'kilometres'}, times in hours and minutes of moving time.",
                DISCLAIMER,
            ),
        )

    def _weekly(self) -> Section:
        rows = tuple(
            (
                f"{short_date(w.week_start)}{' (so far)' if self.is_partial(w) else ''}",
                distance_text(w.distance_m, self.units),
                duration_text(w.duration_s),
                str(w.runs),
                distance_text(w.longest_run_m, self.units) if w.runs else "-",
                f"{w.change_pct:+.0f}%" if w.change_pct is not None and not self.is_partial(w) else "-",
            )
            for w in self.weeks
        )
        total = (
            f"In total {distance_text(self.total_distance_m, self.units)} in {duration_text(self.total_duration_s)} "
            f"over {len(self.runs)} run{'s' if len(self.runs) != 1 else ''}."
        )
        return Section(
            "Weekly running",
            (
                total,
                "Change: distance against the week before; '-' where the week before had no running, and for "
                "the current week, which is not over.",
            ),
            ("Week of", "Distance", "Time", "Runs", "Longest run", "Change"),
            rows,
        )

    def _runs(self) -> Section:
        if not self.runs:
            return Section("Longest runs", ("No runs were recorded in these weeks.",))
        rows = tuple(
            (long_date(r.day), distance_text(r.distance_m, self.units), duration_text(r.duration_s), self._pace(r))
            for r in self.longest_runs
        )
        return Section(
            "Longest runs",
            (f"The {len(rows)} longest of the {len(self.runs)} runs in these weeks.",),
            ("Date", "Distance", "Time", "Average pace"),
            rows,
        )

    def _pace(self, run: RunRow) -> str:
        pace = format_pace(pace_s_per_unit(run.distance_m, run.duration_s, self.units))
        return f"{pace} per {'mile' if self.units == 'mi' else 'km'}" if pace != "-" else "-"

    def _load(self) -> Section:
        if not self.load_notes:
            return Section(
                "Training-load checks",
                ("None of Stridecare's training-load checks flagged anything in these weeks.",),
            )
        rows = tuple((short_date(n.day), SEVERITY_WORDS.get(n.severity, n.severity), n.text) for n in self.load_notes)
        sources = sorted({n.source for n in self.load_notes})
        return Section(
            "Training-load checks",
            (
                "Stridecare compares each run and each week with the runner's own recent history and flags sudden "
                "rises. Sources: " + "; ".join(sources) + ".",
            ),
            ("Date", "Level", "What was seen"),
            rows,
        )

    def _pain(self) -> Section:
        if not self.pain:
            return Section("Pain scores", ("No pain scores were logged in these weeks.",))
        during = [p.score for p in self.pain if p.moment == "during"]
        morning = [p.score for p in self.pain if p.moment == "next_morning"]
        summary = [f"{len(self.pain)} pain score{'s' if len(self.pain) != 1 else ''} logged, on a 0-10 scale."]
        if during:
            summary.append(f"During activity: average {_mean(during):.1f}, highest {max(during)}.")
        if morning:
            summary.append(f"Next morning: average {_mean(morning):.1f}, highest {max(morning)}.")
        latest = max(self.pain, key=lambda p: p.day)
        moment = "next morning" if latest.moment == "next_morning" else "during"
        summary.append(f"Latest: {latest.score}/10 on {long_date(latest.day)} ({latest.activity}, {moment}).")
        rows = tuple(
            (short_date(w.week_start), str(w.scores), _score(w.highest_during), _score(w.highest_next_morning))
            for w in self.pain_weeks
        )
        return Section(
            "Pain scores",
            (" ".join(summary),),
            ("Week of", "Scores logged", "Highest during activity", "Highest next morning"),
            rows,
        )

    def _gait(self) -> Section:
        if self.gait is None:
            return Section("Gait analysis", ("No gait analysis on record.",))
        head = f"Latest video gait analysis: {long_date(self.gait.analysed_on)}, {self.gait.view}."
        if not self.gait.notes:
            return Section("Gait analysis", (head, "Nothing was flagged."))
        rows = tuple((SEVERITY_WORDS.get(n.severity, n.severity), n.title, n.text) for n in self.gait.notes)
        return Section(
            "Gait analysis",
            (head, "Measured from a phone video by pose estimation: angles are approximate."),
            ("Level", "Finding", "Detail"),
            rows,
        )

    def _adherence(self) -> Section:
        if not self.adherence:
            return Section("Exercise program", ("No exercise sessions were planned in these weeks.",))
        pct = 100 * self.sessions_done / self.sessions_planned if self.sessions_planned else None
        summary = f"{self.sessions_done} sessions logged of {self.sessions_planned} planned" + (
            f" ({pct:.0f}%)." if pct is not None else "."
        )
        rows = tuple((a.program, short_date(a.week_start), str(a.done), str(a.planned)) for a in self.adherence)
        return Section(
            "Exercise program",
            (summary,),
            ("Program", "Week of", "Sessions logged", "Sessions planned"),
            rows,
        )


def build_handoff_report(
    *,
    runner_name: str,
    today: dt.date,
    span_weeks: int = DEFAULT_SPAN_WEEKS,
    sessions: Iterable[LoadSession] = (),
    tz: ZoneInfo | None = None,
    settings: LoadSettings | None = None,
    units: DistanceUnit = "km",
    pain: Iterable[PainScore] = (),
    gait: GaitReport | None = None,
    programs: Sequence[ProgramDays] = (),
) -> HandoffReport:
    """The report of the ``span_weeks`` Monday-to-Sunday weeks that end with ``today``'s week
    (4, 8 or 12), up to ``today`` in the runner's time zone ``tz``.

    The whole history in ``sessions`` is the reference of the load checks (REFERENCE.md 5.6), but
    only findings dated inside the span are reported; distances are in ``units``.
    """
    if span_weeks not in SPAN_WEEKS:
        raise ValueError(f"span_weeks must be one of {SPAN_WEEKS}, not {span_weeks!r}")
    first_day = week_start(today) - dt.timedelta(weeks=span_weeks - 1)
    runs = running_sessions(sessions)
    return HandoffReport(
        runner_name=runner_name,
        span_weeks=span_weeks,
        first_day=first_day,
        last_day=today,
        units=units,
        weeks=_weeks(runs, first_day, today, tz),
        runs=tuple(
            RunRow(r.local_date(tz), r.distance_m, r.moving_time_s)
            for r in runs
            if first_day <= r.local_date(tz) <= today
        ),
        load_notes=_load_notes(runs, runner_name, first_day, today, tz, settings, units),
        pain=tuple(sorted((p for p in pain if first_day <= p.day <= today), key=lambda p: p.day)),
        pain_weeks=_pain_weeks(pain, first_day, today),
        gait=_plain_gait(gait) if gait is not None else None,
        adherence=_adherence(programs, first_day, today),
    )


def _weeks(runs: list[LoadSession], first_day: dt.date, today: dt.date, tz: ZoneInfo | None) -> tuple[WeekSummary, ...]:
    since = min([first_day, *(r.local_date(tz) for r in runs[:1])])  # from the first run: its change is known
    summaries = weekly_summaries(runs, tz, since=since, until=today, today=today)
    return tuple(w for w in summaries if w.week_start >= first_day)


def _load_notes(
    runs: list[LoadSession],
    name: str,
    first_day: dt.date,
    today: dt.date,
    tz: ZoneInfo | None,
    settings: LoadSettings | None,
    units: DistanceUnit,
) -> tuple[LoadNote, ...]:
    findings = compute_findings(runs, today=today, tz=tz, settings=settings, since=first_day, units=units)
    first_name = name.split()[0] if name.strip() else "The runner"
    return tuple(
        LoadNote(
            f.date, f.severity, staff_sentence(f.code, f.date, f.data, name=first_name, units=units), plain(f.source)
        )
        for f in findings
    )


def _pain_weeks(pain: Iterable[PainScore], first_day: dt.date, today: dt.date) -> tuple[PainWeek, ...]:
    by_week: dict[dt.date, list[PainScore]] = {}
    for p in pain:
        if first_day <= p.day <= today:
            by_week.setdefault(week_start(p.day), []).append(p)
    return tuple(
        PainWeek(
            week_start=monday,
            scores=len(scores),
            highest_during=max((p.score for p in scores if p.moment == "during"), default=None),
            highest_next_morning=max((p.score for p in scores if p.moment == "next_morning"), default=None),
        )
        for monday, scores in sorted(by_week.items())
    )


def _adherence(programs: Sequence[ProgramDays], first_day: dt.date, today: dt.date) -> tuple[AdherenceRow, ...]:
    rows: list[AdherenceRow] = []
    for program in programs:
        planned = [d for d in program.planned_on if first_day <= d <= today]
        done = sorted({d for d in program.done_on if first_day <= d <= today})
        rows += [AdherenceRow(program.name, w.week_start, w.planned, w.done) for w in adherence_by_week(planned, done)]
    return tuple(rows)


def _plain_gait(gait: GaitReport) -> GaitReport:
    notes = tuple(GaitNote(n.severity, plain(n.title), plain(n.text)) for n in gait.notes)
    return GaitReport(gait.analysed_on, gait.view, notes)


def plain(text: str) -> str:
    """``text`` without Stridecare's evidence tags: "Frandsen et al., 2025 [V:R01]" -> "Frandsen et al., 2025"."""
    return re.sub(r"\s{2,}", " ", _INTERNAL_TAG.sub("", text)).strip()


def distance_text(metres: float, units: DistanceUnit) -> str:
    """ "12.3 km" or "7.6 mi", one decimal."""
    return f"{metres / metres_per_unit(units):.1f} {units}"


def duration_text(seconds: float) -> str:
    """ "45 min", "1 h 05 min" (to the nearest minute)."""
    minutes = int(seconds / 60 + 0.5)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def short_date(day: dt.date) -> str:
    """ "6 Oct 2025"."""
    return f"{day.day} {day:%b %Y}"


def long_date(day: dt.date) -> str:
    """ "Mon 6 Oct 2025"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def _score(value: int | None) -> str:
    return f"{value}/10" if value is not None else "-"


def _mean(values: list[int]) -> float:
    return sum(values) / len(values)
