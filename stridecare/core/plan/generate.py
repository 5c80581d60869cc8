"""Week-by-week plan from the runner's own history, never prescribing a spike (REFERENCE.md 5.3, 7.3).

Each run is placed in date order and capped by the LF-02 planning guard over the history plus every
run planned before it (:func:`stridecare.core.load.spike.planning_guard_m`), so no planned run is a
spike by 5.3's rule; each week's distance is capped at the 7.3 weekly increase over the week before,
already-run distance included. A race is itself a run: the goal is reached only when the race passes
the same guard. A goal that cannot be reached safely is answered with a later date or a shorter race.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from stridecare.core.load.sessions import LoadSession, week_start
from stridecare.core.load.spike import planning_guard_m
from stridecare.core.load.weekly import daily_totals, weekly_progression_pct
from stridecare.core.plan import settings as S
from stridecare.core.plan.models import Alternative, Goal, Plan, PlannedRun, PlanWeek, StartingPoint, Step, WeekKind
from stridecare.core.plan.settings import PlanSettings
from stridecare.core.programs.walkrun import intensity_sequence

STANDARD_RACES_M: tuple[tuple[float, str], ...] = (
    (42195.0, "marathon"),
    (21097.5, "half marathon"),
    (10000.0, "10 km"),
    (5000.0, "5 km"),
)
# Run days around the long-run day (offsets in days), the long run first: easy days apart where the week allows.
DAY_OFFSETS: dict[int, tuple[int, ...]] = {
    2: (0, -3),
    3: (0, -2, -4),
    4: (0, -2, -4, -5),
    5: (0, -2, -3, -4, -5),
    6: (0, -1, -2, -3, -4, -5),
    7: (0, -1, -2, -3, -4, -5, -6),
}


@dataclass(frozen=True, slots=True)
class Adjustments:
    """What happened that the plan must follow (the adaptation inputs).

    ``ill_days``: days the runner is or was ill (no run planned; the week after is a steady week);
    ``pain_worse_on``: days of a pain report that said worse (the next week is lighter, no workouts);
    ``locked``: weeks the therapist set, by Monday, used as they are and counted as done;
    ``pause_reason``: a red flag or a walk-run under way holds the whole plan."""

    ill_days: frozenset[dt.date] = frozenset()
    pain_worse_on: tuple[dt.date, ...] = ()
    locked: Mapping[dt.date, tuple[PlannedRun, ...]] | None = None
    pause_reason: str | None = None
    condition: str | None = None


def _floor(m: float, step: float) -> float:
    return math.floor(m / step + 1e-9) * step


def _ceil(m: float, step: float) -> float:
    return math.ceil(m / step - 1e-9) * step


def planned_session(run: PlannedRun, tz: ZoneInfo | None) -> LoadSession:
    """A planned run as the load engine sees it: at noon of its day, counted as done."""
    start = dt.datetime.combine(run.on, dt.time(12), tzinfo=tz or dt.UTC).astimezone(dt.UTC)
    return LoadSession(start_utc=start, distance_m=run.distance_m, moving_time_s=run.distance_m / 2.8, ref="plan")


def stated_sessions(start: StartingPoint, start_on: dt.date) -> list[LoadSession]:
    """A stated usual week as three runs in the seven days before the plan (the longest the day before)."""
    rest = max(start.weekly_m - start.longest_m, 0.0)
    runs = [(1, start.longest_m), (3, rest / 2), (5, rest / 2)]
    out = []
    for days_before, m in runs:
        if m > 0:
            day = start_on - dt.timedelta(days=days_before)
            out.append(LoadSession(dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC), m, m / 2.8, ref="stated"))
    return out


def run_days(goal: Goal, monday: dt.date) -> list[dt.date]:
    days = sorted((goal.long_run_weekday + off) % 7 for off in DAY_OFFSETS[goal.days_per_week])
    return [monday + dt.timedelta(days=d) for d in days]


def needed_long_m(distance_m: float, settings: PlanSettings) -> float:
    """Longest run needed in the 30 days before the race so the race is not a spike (5.3)."""
    return _ceil(distance_m / settings.guard_factor, settings.round_m)


def km(m: float) -> str:
    return f"{m / 1000:.1f} km"


class _Builder:
    def __init__(
        self,
        goal: Goal,
        history: Sequence[LoadSession],
        start_on: dt.date,
        settings: PlanSettings,
        adj: Adjustments,
        tz: ZoneInfo | None,
    ) -> None:
        self.goal, self.start_on, self.s, self.adj, self.tz = goal, start_on, settings, adj, tz
        self.sessions = sorted((h for h in history if h.is_running), key=lambda h: h.start_utc)
        self.needed_long = needed_long_m(goal.distance_m, settings) if goal.race_on else goal.distance_m
        self.day_m: dict[dt.date, float] = {d: t.distance_m for d, t in daily_totals(self.sessions, tz).items()}
        self.weeks: list[PlanWeek] = []
        self.build_count = 0
        monday = start_on - dt.timedelta(days=start_on.weekday())
        # The biggest of the 4 full weeks before the plan's first: a plan that is a taper from its
        # first week tapers from what the runner has been running, not from nothing.
        self.peak_week_m = max(self.week_m(monday - dt.timedelta(days=7 * k)) for k in range(1, 5))
        # The longest run of the 28 days before the plan, not only the planned ones: a plan that starts
        # in a week the runner has mostly run already plans a short "long" run there, which must not
        # set the size of the taper and race weeks.
        self.peak_long_m = self.longest_recent_m(start_on)
        self.plan_weeks_done = 0
        self.intensity_weeks = 0

    # totals of a week from every session so far (history and planned)
    def week_m(self, monday: dt.date) -> float:
        return sum(self.day_m.get(monday + dt.timedelta(days=i), 0.0) for i in range(7))

    def guard_m(self, day: dt.date) -> float | None:
        at = dt.datetime.combine(day, dt.time(12), tzinfo=self.tz or dt.UTC).astimezone(dt.UTC)
        return planning_guard_m(self.sessions, at, self.s.guard_factor, self.s.window_days)

    def add(self, run: PlannedRun) -> None:
        self.sessions.append(planned_session(run, self.tz))
        self.day_m[run.on] = self.day_m.get(run.on, 0.0) + run.distance_m
        self.sessions.sort(key=lambda h: h.start_utc)

    def longest_recent_m(self, monday: dt.date) -> float:
        lo = monday - dt.timedelta(days=28)
        return max((s.distance_m for s in self.sessions if lo <= s.local_date(self.tz) < monday), default=0.0)

    def week_kind(self, monday: dt.date, weeks_left: int | None, taper: tuple[float, ...]) -> tuple[WeekKind, str, str]:
        prev = monday - dt.timedelta(days=7)
        if weeks_left is not None and weeks_left == 0:
            return "race", "Race week: short easy runs before the race.", S.TAPER_SOURCE + "; " + S.RACE_SOURCE
        if weeks_left is not None and weeks_left < len(taper):
            return "taper", "Taper: less running so you start the race fresh.", S.TAPER_SOURCE
        if any(prev <= d < monday for d in self.adj.pain_worse_on):
            return "reduce", "Lighter week: you said the pain was worse, so the plan steps back.", S.PAIN_SOURCE
        if any(prev <= d < monday + dt.timedelta(days=7) for d in self.adj.ill_days):
            return "hold", "Steady week after illness: no increase, easy running only.", S.HOLD_SOURCE
        if self.week_m(prev) <= 0 and self.weeks_before_plan_had_running(monday):
            return (
                "hold",
                "Steady week: no running last week, so the plan starts again from what you did before, without catching up.",
                S.HOLD_SOURCE,
            )
        before_taper = weeks_left is not None and weeks_left == len(taper)
        if (self.build_count + 1) % self.s.recovery_every_weeks == 0 and not before_taper:
            return "recovery", "Recovery week: a little less running to absorb the last weeks.", S.RECOVERY_SOURCE
        return "build", "Building week: a little more than last week.", S.WEEKLY_SOURCE

    def weeks_before_plan_had_running(self, monday: dt.date) -> bool:
        return any(self.week_m(monday - dt.timedelta(days=7 * k)) > 0 for k in range(2, 5))

    def week_target(self, kind: WeekKind, monday: dt.date, taper: tuple[float, ...], weeks_left: int | None) -> float:
        prev_m = self.week_m(monday - dt.timedelta(days=7))
        cap = prev_m * self.s.weekly_factor if prev_m > 0 else None
        if kind == "hold":
            base = prev_m if prev_m > 0 else max(self.week_m(monday - dt.timedelta(days=7 * k)) for k in range(2, 5))
            want = base
        elif kind == "reduce":
            want = prev_m * self.s.pain_regress_factor
        elif kind == "recovery":
            want = prev_m * self.s.recovery_factor
        elif kind == "taper":
            want = self.peak_week_m * taper[len(taper) - 1 - (weeks_left or 0)]
            if prev_m > 0:
                want = min(want, prev_m)  # a taper never runs more than the week before it
        elif kind == "race":
            want = self.goal.distance_m + self.peak_week_m * (1 - taper[-1]) * 0.5
        else:
            needed = max(self.goal.target_weekly_m or 0.0, self.needed_long / self.s.long_run_share_max)
            want = min(prev_m * self.s.weekly_factor, max(needed, prev_m)) if prev_m > 0 else needed
        return min(want, cap) if cap is not None else want

    def plan_week(self, monday: dt.date, weeks_left: int | None, taper: tuple[float, ...]) -> PlanWeek | None:
        locked = (self.adj.locked or {}).get(monday)
        prev_m = self.week_m(monday - dt.timedelta(days=7))
        if locked is not None:
            for r in locked:
                self.add(r)
            total = self.week_m(monday)
            return PlanWeek(
                monday,
                "locked",
                tuple(locked),
                sum(r.distance_m for r in locked),
                total,
                weekly_progression_pct(total, prev_m),
                "Your therapist set this week.",
                "therapist",
                locked=True,
            )
        kind, reason, source = self.week_kind(monday, weeks_left, taper)
        target = self.week_target(kind, monday, taper, weeks_left)
        already = self.week_m(monday)
        budget = max(target - already, 0.0)
        days = [d for d in run_days(self.goal, monday) if d >= self.start_on and d not in self.adj.ill_days]
        if monday < self.start_on:
            days = self.fill_first_week(monday, days)
        race_day = self.goal.race_on if kind == "race" else None
        if race_day is not None:
            days = [d for d in days if d < race_day - dt.timedelta(days=1)] + [race_day]
        runs = self.place_runs(kind, days, budget, race_day)
        planned = sum(r.distance_m for r in runs)
        total = self.week_m(monday)
        if kind == "build":
            self.build_count += 1
        elif kind == "recovery":
            self.build_count += 1
        if kind in ("build", "hold", "recovery"):
            self.peak_week_m = max(self.peak_week_m, total)
        self.plan_weeks_done += 1
        return PlanWeek(
            monday, kind, tuple(runs), planned, total, weekly_progression_pct(total, prev_m), reason, source
        )

    def fill_first_week(self, monday: dt.date, days: list[dt.date]) -> list[dt.date]:
        """A plan that starts mid-week uses the days left, as many as the week's run days allow,
        so the first week is not a dip that would hold back the weeks after it."""
        week = [monday + dt.timedelta(days=i) for i in range(7)]
        ran = sum(1 for d in week if d < self.start_on and self.day_m.get(d, 0.0) > 0)
        free = [d for d in week if d >= self.start_on and d not in days and d not in self.adj.ill_days]
        out = list(days)
        for d in sorted(free, key=lambda d: -d.toordinal()):
            if len(out) + ran >= self.goal.days_per_week:
                break
            if not any(abs((d - x).days) == 1 for x in out):
                out.append(d)
        return sorted(out)

    def place_runs(
        self, kind: WeekKind, days: list[dt.date], budget: float, race_day: dt.date | None
    ) -> list[PlannedRun]:
        long_day = next((d for d in days if d.weekday() == self.goal.long_run_weekday), None)
        if race_day is not None:
            long_day = race_day
        elif long_day is None and days:
            long_day = days[-1]
        n = len(days)
        if n == 0:
            return []
        share = self.s.long_run_share_max
        prev_long = self.longest_recent_m(days[0] - dt.timedelta(days=days[0].weekday()))
        if race_day is not None:
            long_want = self.goal.distance_m
        elif kind in ("recovery", "reduce"):
            long_want = min(
                prev_long * (self.s.recovery_factor if kind == "recovery" else self.s.pain_regress_factor),
                budget * share,
            )
        elif kind == "taper":
            long_want = min(self.peak_long_m * self.s.recovery_factor, max(budget * share, budget / n))
        else:
            # towards the long run the goal needs, and never below the one the runner already does
            # (a short goal must not shrink every run of the week down to its own size)
            long_want = min(max(self.needed_long, prev_long), max(budget * share, budget / n))
        long_guard = self.guard_m(long_day) if long_day is not None else None
        if race_day is None and long_guard is not None:
            long_want = _floor(min(long_want, long_guard), self.s.round_m)
            if (
                self.goal.race_on is None
                and long_guard >= self.goal.distance_m
                and long_want >= _floor(self.goal.distance_m, self.s.round_m)
            ):
                long_want = self.goal.distance_m  # the goal run itself, not rounded down below the goal
        if race_day is not None:
            others = [d for d in days if d != race_day][-2:]
            days = [*others, race_day]
            n = len(days)
            budget = max(budget, self.goal.distance_m)
        # Fewer runs rather than runs too short to plan: a week's distance spread over so many days
        # that each run falls under the shortest planned run would otherwise lose those runs whole,
        # and every following week (built on this one) would shrink with it.
        while n > 1 and (budget - long_want) / (n - 1) < self.s.min_run_m:
            spare = [d for d in days if d not in (long_day, race_day)]
            if not spare:
                break
            days = [d for d in days if d != min(spare, key=lambda d: min(abs((d - x).days) for x in days if x != d))]
            n = len(days)
        other_m = (budget - long_want) / (n - 1) if n > 1 else 0.0
        if race_day is not None:
            other_m = min(other_m, 0.3 * self.peak_long_m)
        runs: list[PlannedRun] = []
        can_workout = kind == "build" and self.intensity_weeks >= self.s.intensity_after_weeks
        can_strides = kind in ("build", "hold", "taper") and self.intensity_weeks >= self.s.intensity_after_weeks
        seq = intensity_sequence(self.adj.condition or "")
        easy_done = 0
        for day in days:
            guard = self.guard_m(day)
            is_long = day == long_day
            want = long_want if is_long else min(other_m, long_want if long_want > 0 else other_m)
            if guard is None:  # nothing in 30 days: the planner never starts there (see generate_plan)
                break
            if is_long and race_day is not None:
                m = want
            else:
                m = (
                    want
                    if is_long and want == self.goal.distance_m <= guard
                    else _floor(min(want, guard), self.s.round_m)
                )
            if m < self.s.min_run_m and not (is_long and race_day):
                continue
            run = self.make_run(day, m, guard, is_long, kind, race_day, can_workout, can_strides, seq, easy_done)
            if run.kind in ("easy", "strides", "workout"):
                easy_done += 1
            if run.kind == "workout":
                can_workout = False
            if run.kind == "strides":
                can_strides = False
            runs.append(run)
            self.add(run)
            if is_long and race_day is None:
                self.peak_long_m = max(self.peak_long_m, m)
            if run.kind == "goal":
                break
        if kind in ("build", "hold"):
            self.intensity_weeks += 1
        return runs

    def make_run(
        self,
        day: dt.date,
        m: float,
        guard: float,
        is_long: bool,
        kind: WeekKind,
        race_day: dt.date | None,
        can_workout: bool,
        can_strides: bool,
        seq: tuple[str, ...],
        easy_done: int,
    ) -> PlannedRun:
        guard_words = f"at most {km(guard)}, a tenth more than your longest run in the last 30 days"
        if race_day is not None and day == race_day:
            return PlannedRun(
                day,
                "race",
                m,
                f"Race day: {km(m)}. Your long runs make sure the race itself is not a sudden jump ({guard_words}).",
                S.RACE_SOURCE,
                (Step("run", "Race", distance_m=m),),
            )
        if is_long and self.goal.race_on is None and m >= self.goal.distance_m:
            m = self.goal.distance_m
            return PlannedRun(
                day,
                "goal",
                m,
                f"Your goal distance, {km(m)}: now {guard_words}, so it is not a sudden jump.",
                S.GUARD_SOURCE,
                (Step("run", "Goal run", distance_m=m),),
            )
        if is_long:
            why = (
                f"Long run: {guard_words}."
                if m >= _floor(guard, self.s.round_m)
                else f"Long run: kept at {km(m)} this week ({guard_words})."
            )
            return PlannedRun(day, "long", m, why, S.GUARD_SOURCE, (Step("run", "Long run, easy pace", distance_m=m),))
        if (
            can_workout
            and easy_done == 0
            and "tempo" in seq
            and self.intensity_weeks >= 2 * self.s.intensity_after_weeks
            and self.goal.days_per_week >= 3
        ):
            warm = min(1500.0, m / 3)
            tempo = _floor((m - warm) * 0.5, self.s.round_m)
            cool = m - warm - tempo
            steps: tuple[Step, ...] = (
                Step("warmup", "Warm up, easy", distance_m=warm),
                Step("interval", "Tempo, comfortably hard", distance_m=tempo),
                Step("cooldown", "Cool down, easy", distance_m=cool),
            )
            return PlannedRun(
                day,
                "workout",
                m,
                f"Tempo run: after weeks of steady running, one faster part; the distance stays {guard_words}.",
                S.INTENSITY_SOURCE + "; " + S.TEMPO_SOURCE,
                steps,
            )
        if can_strides and "strides" in seq:
            steps = (
                Step("run", "Easy run", distance_m=m),
                Step("interval", "Stride, quick and relaxed", distance_m=80.0, repeat=5),
                Step("recovery", "Walk back", duration_s=60.0),
                Step("cooldown", "Walk to finish"),
            )
            return PlannedRun(
                day,
                "strides",
                m,
                f"Easy run with five short strides at the end; the distance stays {guard_words}.",
                S.INTENSITY_SOURCE + "; " + S.STRIDES_SOURCE,
                steps,
            )
        return PlannedRun(
            day,
            "easy",
            m,
            f"Easy run at a pace you can talk at; {guard_words}.",
            S.GUARD_SOURCE,
            (Step("run", "Easy run", distance_m=m),),
        )


def _simulate(
    goal: Goal,
    history: Sequence[LoadSession],
    start_on: dt.date,
    settings: PlanSettings,
    adj: Adjustments,
    tz: ZoneInfo | None,
) -> tuple[list[PlanWeek], bool]:
    b = _Builder(goal, history, start_on, settings, adj, tz)
    taper = settings.taper_factors_long if goal.distance_m > 10000 else settings.taper_factors_short
    monday = week_start(start_on)
    if goal.race_on is not None:
        last = week_start(goal.race_on)
        n = (last - monday).days // 7
        for i in range(n + 1):
            week = b.plan_week(monday + dt.timedelta(days=7 * i), n - i, taper)
            if week is not None:
                b.weeks.append(week)
        race = next((r for w in b.weeks for r in w.runs if r.kind == "race"), None)
        return b.weeks, race is not None and _passes_guard(race, b, settings)
    for i in range(settings.max_weeks):
        week = b.plan_week(monday + dt.timedelta(days=7 * i), None, taper)
        if week is not None:
            b.weeks.append(week)
            if any(r.kind == "goal" for r in week.runs):
                return b.weeks, True
    return b.weeks, False


def _passes_guard(race: PlannedRun, b: _Builder, settings: PlanSettings) -> bool:
    earlier = [s for s in b.sessions if s.start_utc < planned_session(race, b.tz).start_utc]
    at = planned_session(race, b.tz).start_utc
    cap = planning_guard_m(earlier, at, settings.guard_factor, settings.window_days)
    return cap is not None and race.distance_m <= cap + 1e-6


def generate_plan(
    goal: Goal,
    history: Sequence[LoadSession],
    start_on: dt.date,
    *,
    settings: PlanSettings | None = None,
    stated: StartingPoint | None = None,
    adjustments: Adjustments | None = None,
    tz: ZoneInfo | None = None,
) -> Plan:
    """The plan from ``start_on`` to the race (or until the goal distance is run), or why there is none.

    ``history``: every logged session (running ones count); ``stated``: the usual week of a runner with
    no runs in the last 30 days. Distances in metres. Status ``unsafe`` comes with alternatives."""
    goal.validate()
    s = settings or PlanSettings()
    adj = adjustments or Adjustments()
    if adj.pause_reason:
        return Plan("paused", adj.pause_reason, goal, start_on, source=S.PAUSE_SOURCE)
    hist = list(history) + (stated_sessions(stated, start_on) if stated else [])
    if goal.race_on is not None and goal.race_on < start_on + dt.timedelta(days=7):
        return Plan(
            "unsafe",
            "The race is less than a week away: too soon to plan for it.",
            goal,
            start_on,
            source=S.RACE_SOURCE,
        )
    at = dt.datetime.combine(start_on, dt.time(0), tzinfo=tz or dt.UTC).astimezone(dt.UTC)
    if planning_guard_m(hist, at, s.guard_factor, s.window_days) is None:
        return Plan(
            "needs_start",
            "No runs in the last 30 days: start with the walk-run return to running, or say how much you run in a usual week.",
            goal,
            start_on,
            source=S.NO_START_SOURCE,
        )
    weeks, reached = _simulate(goal, hist, start_on, s, adj, tz)
    if reached:
        return Plan(
            "ok", _ok_message(goal, weeks), goal, start_on, tuple(weeks), source=S.GUARD_SOURCE + "; " + S.WEEKLY_SOURCE
        )
    alts = _alternatives(goal, hist, start_on, s, adj, tz)
    say = "; ".join(a.message for a in alts) or "no safe version of this goal was found within a year"
    if goal.race_on is not None:
        msg = f"{km(goal.distance_m)} by {goal.race_on:%d %B %Y} is not safe from where you are now: the race would be a sudden jump over your longest runs. Safer: {say}."
    else:
        msg = f"{km(goal.distance_m)} cannot be reached safely within {s.max_weeks} weeks."
    return Plan("unsafe", msg, goal, start_on, (), tuple(alts), source=S.RACE_SOURCE)


def _ok_message(goal: Goal, weeks: list[PlanWeek]) -> str:
    if goal.race_on is not None:
        return f"{len(weeks)} weeks to your {km(goal.distance_m)} race on {goal.race_on:%d %B %Y}."
    return f"{len(weeks)} weeks to run {km(goal.distance_m)}."


def _alternatives(
    goal: Goal, hist: list[LoadSession], start_on: dt.date, s: PlanSettings, adj: Adjustments, tz: ZoneInfo | None
) -> list[Alternative]:
    if goal.race_on is None:
        return []
    out: list[Alternative] = []
    for k in range(1, s.max_weeks + 1):
        later = goal.race_on + dt.timedelta(days=7 * k)
        if _simulate(replace(goal, race_on=later), hist, start_on, s, adj, tz)[1]:
            out.append(Alternative("later_date", goal.distance_m, later, f"the same race on or after {later:%d %B %Y}"))
            break
    for m, name in STANDARD_RACES_M:
        if m < goal.distance_m and _simulate(replace(goal, distance_m=m), hist, start_on, s, adj, tz)[1]:
            out.append(Alternative("shorter_race", m, goal.race_on, f"a {name} on {goal.race_on:%d %B %Y}"))
            break
    return out
