"""The therapist's worklist: what is urgent and what needs attention among the clinic's runners.

Every item names its runner and is written for the therapist, in the third person. Urgent items
(crisis alerts not yet followed up, uncleared emergency or same-day red flags, unread flare-ups,
overdue follow-ups) come first on the caseload; the rest (other red flags, training load, pain,
outcomes, well-being, adherence) make up "needs attention". Building the list writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from stridecare.accounts.access import clinic_id_of, visible_runners
from stridecare.accounts.models import User
from stridecare.core.load import staff_sentence
from stridecare.core.outcomes.change import compare_scores
from stridecare.core.outcomes.measures import MEASURES
from stridecare.core.outcomes.schedule import due_measures
from stridecare.screening.models import ScreeningSession

from .models import CRISIS, URGENT_SCREENING_URGENCIES, Alert

Kind = Literal[
    "crisis", "red_flag", "flare_up", "measure_due", "note_due", "load", "pain", "outcome", "wellbeing", "adherence"
]
GROUPS = {
    "crisis": "Crisis alerts",
    "red_flag": "Red flags to clear",
    "flare_up": "Flare-ups",
    "measure_due": "Overdue follow-ups",
    "note_due": "Overdue follow-ups",
    "load": "Training load",
    "pain": "Pain",
    "outcome": "Outcomes",
    "wellbeing": "Well-being",
    "adherence": "Exercise adherence",
}
# Section-4 questionnaires whose change the caseload watches (the well-being screeners have their own alerts).
WATCHED_MEASURES = ("lefs", "visa-a", "visa-p", "akps", "faam-adl", "faam-sports", "nprs", "psfs")
# The order of the groups, most pressing first: a soon red flag (a suspected bone stress injury, say)
# before any load finding, the load's red spike before pain, and so on.
RANK = {
    "crisis_overdue": 0,
    "crisis": 1,
    "emergency": 2,
    "same_day": 3,
    "flare_up": 4,
    "measure_due": 5,
    "note_due": 6,
    "red_flag": 7,
    "load_red": 8,
    "pain": 9,
    "load_amber": 10,
    "wellbeing": 11,
    "outcome": 12,
    "adherence": 13,
}


@dataclass(frozen=True, slots=True)
class Item:
    """One thing for the therapist to look at, about one runner."""

    kind: Kind
    runner: User
    text: str
    severity: str  # "red", "amber" or "info": the colour of the item
    rank: int  # lower first: the order of the groups on the caseload
    order: tuple  # the order within the rank
    detail: str = ""
    alert: Alert | None = None
    screening: ScreeningSession | None = None
    link: str = ""
    link_label: str = "Open"
    source: str = ""
    code: str = ""  # the rule ids behind it (load finding, red flags), for therapists and tests

    @property
    def group(self) -> str:
        return GROUPS[self.kind]

    @property
    def sort_key(self) -> tuple:
        return (self.rank, *self.order)


def day_words(when: dt.date | dt.datetime) -> str:
    """ "Wed 2 Dec": a day in a sentence (a time is shown in the clinic's zone)."""
    if isinstance(when, dt.datetime):
        when = timezone.localtime(when)
    return f"{when:%a} {when.day} {when:%b}"


def short_name(runner: User) -> str:
    """The name a therapist calls the runner by in a sentence: the first word of the full name."""
    return (runner.full_name.split() or [runner.email])[0]


def _sorted(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda i: i.sort_key)


# ---- urgent -------------------------------------------------------------------------------------


def crisis_items(therapist: User, runners: QuerySet[User]) -> list[Item]:
    """Crisis alerts no one has recorded a follow-up for: overdue ones first, then by deadline."""
    alerts = Alert.objects.filter(
        clinic_id=clinic_id_of(therapist), kind=CRISIS, acknowledged_at__isnull=True, runner__in=runners
    )
    far = timezone.now() + dt.timedelta(days=3650)
    out = []
    for alert in alerts.select_related("runner", "runner__primary_therapist"):
        rank = RANK["crisis_overdue"] if alert.is_overdue else RANK["crisis"]
        out.append(
            Item(
                "crisis",
                alert.runner,
                alert.title,
                "red",
                rank,
                ((alert.follow_up_due_at or far).timestamp(), alert.pk),
                detail=alert.body,
                alert=alert,
                link=_record(alert.runner, "alerts"),
                link_label="Record",
            )
        )
    return out


def red_flag_items(runners: QuerySet[User], *, urgent_only: bool = False) -> list[Item]:
    """Screenings whose fired red flags no clinician has cleared, emergency first, oldest first."""
    screenings = ScreeningSession.objects.filter(runner__in=runners, cleared_at__isnull=True).exclude(urgency="routine")
    if urgent_only:
        screenings = screenings.filter(urgency__in=URGENT_SCREENING_URGENCIES)
    out = []
    for s in screenings.select_related("runner", "runner__primary_therapist"):
        runner = s.runner
        if runner is None or not s.has_red_flags:  # (never None: filtered by runner)
            continue
        rank = RANK.get(s.urgency, RANK["red_flag"]) if s.is_urgent else RANK["red_flag"]
        where = "self-screening" if s.source == ScreeningSession.Source.SELF_SCREENING else "weekly check-in"
        flags = "; ".join(f"{f['name']} ({f['id']})" for f in s.fired_flags())
        text = f"{short_name(runner)}'s {where} on {day_words(s.created_at)}: {s.urgency_label.lower()}. Red flags: {flags}."
        detail = ""
        if s.needs_acknowledgement:
            detail = f"{short_name(runner)} has not yet confirmed reading the advice."
        out.append(
            Item(
                "red_flag",
                runner,
                text,
                "red" if s.is_urgent else "amber",
                rank,
                (s.created_at.timestamp(), s.pk),
                detail=detail,
                screening=s,
                link=_record(runner, f"screening-{s.pk}"),
                link_label="Screening",
                code=" ".join(s.fired_rule_ids()),
            )
        )
    return out


def flare_up_items(therapist: User, runners: QuerySet[User]) -> list[Item]:
    """Flare-up alerts nobody has read yet, oldest first."""
    alerts = Alert.objects.filter(
        clinic_id=clinic_id_of(therapist), kind="flare_up", read_at__isnull=True, runner__in=runners
    )
    return [
        Item(
            "flare_up",
            a.runner,
            f"{short_name(a.runner)} reported a flare-up: {_after_colon(a.title)}.",
            "amber",
            RANK["flare_up"],
            (a.created_at.timestamp(), a.pk),
            detail=a.body,
            alert=a,
            link=reverse("programs:runner_programs", args=[a.runner_id]),
            link_label="Programs",
        )
        for a in alerts.select_related("runner", "runner__primary_therapist")
    ]


def _after_colon(title: str) -> str:
    """ "Flare-up: Wall sit" -> "Wall sit"; other titles as they are."""
    head, sep, rest = title.partition(": ")
    return rest if sep and head.lower().startswith("flare") else title


def overdue_measure_items(runners: QuerySet[User], today: dt.date) -> list[Item]:
    """Outcome measures of active programs past their due date and its window (4.9 schedule of the clinic)."""
    from stridecare.outcomes.models import OutcomeResponse
    from stridecare.programs.models import Program, schedule_for_clinic

    programs = list(
        Program.objects.filter(runner__in=runners, is_active=True).select_related("runner", "runner__primary_therapist")
    )
    if not programs:
        return []
    last_done: dict[tuple[int, str], dt.date] = {}
    for runner_id, measure, done_on in (
        OutcomeResponse.objects.filter(runner__in=[p.runner_id for p in programs], checkin=None, complete=True)
        .order_by("-completed_on")
        .values_list("runner_id", "measure", "completed_on")
    ):
        last_done.setdefault((runner_id, measure), done_on)
    out = []
    for program in programs:
        schedule = schedule_for_clinic(program.runner.clinic_id)
        done = {m: d for (r, m), d in last_done.items() if r == program.runner_id}
        try:
            due = due_measures(program.condition, program.started, today, done, program.discharged_on, schedule)
        except KeyError:  # a condition the schedule does not know: nothing is due
            continue
        for d in due:
            if d.measure == "nprs" or today <= d.due_on + dt.timedelta(days=schedule.window_days):
                continue
            out.append(
                Item(
                    "measure_due",
                    program.runner,
                    f"{short_name(program.runner)}'s {MEASURES[d.measure].name} has been due since "
                    f"{day_words(d.due_on)} ({d.reason.replace('_', ' ')} point of the schedule).",
                    "amber",
                    RANK["measure_due"],
                    (d.due_on.toordinal(), program.pk),
                    link=reverse("programs:staff_outcomes", args=[program.runner_id]),
                    link_label="Outcomes",
                    source=d.source,
                )
            )
    return out


def note_due_items(therapist: User, runners: QuerySet[User], since: dt.datetime) -> list[Item]:
    """This therapist's visits that took place since ``since`` and have no clinical note yet."""
    from stridecare.booking.models import Visit

    visits = Visit.objects.filter(
        therapist=therapist,
        status=Visit.Status.CONFIRMED,
        runner__in=runners,
        end__lt=timezone.now(),
        end__gte=since,
        notes__isnull=True,
    ).select_related("runner", "runner__primary_therapist")
    return [
        Item(
            "note_due",
            v.runner,
            f"The visit with {short_name(v.runner)} on {day_words(v.start)} at {timezone.localtime(v.start):%H:%M} has no note yet.",
            "info",
            RANK["note_due"],
            (v.start.timestamp(), v.pk),
            link=reverse("care:followup_new", args=[v.runner_id]) + f"?visit={v.pk}",
            link_label="Write the note",
        )
        for v in visits
        if v.runner is not None  # (never None: filtered by runner)
    ]


# ---- needs attention ----------------------------------------------------------------------------


def load_items(runners: QuerySet[User], since: dt.date, units: str) -> list[Item]:
    """Each runner's most serious recent training-load finding, in the therapist's words and unit."""
    from stridecare.training.models import CODE_PRIORITY, LoadFinding

    by_runner: dict[int, list[LoadFinding]] = {}
    for f in (
        LoadFinding.objects.filter(runner__in=runners, date__gte=since)
        .exclude(severity="info")
        .select_related("runner", "runner__primary_therapist")
    ):
        by_runner.setdefault(f.runner_id, []).append(f)
    out = []
    for findings in by_runner.values():
        f = LoadFinding.most_serious(findings)
        more = len(findings) - 1
        out.append(
            Item(
                "load",
                f.runner,
                staff_sentence(f.code, f.date, f.data, name=short_name(f.runner), units=units),  # type: ignore[arg-type]
                f.severity,
                RANK["load_red"] if f.severity == "red" else RANK["load_amber"],
                (-CODE_PRIORITY.get(f.code, 0), -f.date.toordinal()),
                detail=f.therapist_note
                + (f" ({more} more recent finding{'s' if more > 1 else ''} on the load page.)" if more else ""),
                link=reverse("training:staff_dashboard", args=[f.runner_id]),
                link_label="Training load",
                source=f"{f.code} · {f.source}",
                code=f.code,
            )
        )
    return out


def score_items(runners: QuerySet[User], since: dt.date) -> list[Item]:
    """A meaningful worsening (4.0: MCID and MDC) between a runner's last two scores of a measure, the
    last one recent; the pain scale is "pain", the other questionnaires "outcome"."""
    from stridecare.outcomes.models import OutcomeResponse

    recent = set(
        OutcomeResponse.objects.filter(
            runner__in=runners,
            checkin=None,
            complete=True,
            score__isnull=False,
            completed_on__gte=since,
            measure__in=WATCHED_MEASURES,
        ).values_list("runner_id", "measure")
    )
    if not recent:
        return []
    history: dict[tuple[int, str], list] = {}
    rows = (
        OutcomeResponse.objects.filter(
            runner_id__in={r for r, _ in recent},
            checkin=None,
            complete=True,
            score__isnull=False,
            measure__in={m for _, m in recent},
        )
        .select_related("runner", "runner__primary_therapist")
        .order_by("-completed_on", "-pk")
    )
    for row in rows:
        if (row.runner_id, row.measure) in recent and len(history.setdefault((row.runner_id, row.measure), [])) < 2:
            history[(row.runner_id, row.measure)].append(row)
    out = []
    for (_, measure), pair in history.items():
        if len(pair) < 2:
            continue
        cur, prev = pair
        change = compare_scores(measure, prev.score, cur.score, (cur.completed_on - prev.completed_on).days / 7)
        if change.direction != "worsened" or not change.meaningful:
            continue
        what = "pain (NPRS)" if measure == "nprs" else f"{MEASURES[measure].name} score"
        out.append(
            Item(
                "pain" if measure == "nprs" else "outcome",
                cur.runner,
                f"{short_name(cur.runner)}'s {what} went from {prev.score:g} on {day_words(prev.completed_on)} to {cur.score:g} on "
                f"{day_words(cur.completed_on)}: a meaningful worsening.",
                "amber",
                RANK["pain"] if measure == "nprs" else RANK["outcome"],
                (-cur.completed_on.toordinal(),),
                link=reverse("programs:staff_outcomes", args=[cur.runner_id]),
                link_label="Outcomes",
                source=change.rule,
            )
        )
    return out


def worse_checkin_items(runners: QuerySet[User], since: dt.date) -> list[Item]:
    """The runner's latest weekly check-in says their problem is getting worse."""
    from stridecare.outcomes.models import CheckIn

    latest: dict[int, CheckIn] = {}
    for c in CheckIn.objects.filter(runner__in=runners, completed_on__gte=since).select_related(
        "runner", "runner__primary_therapist"
    ):
        latest.setdefault(c.runner_id, c)
    return [
        Item(
            "pain",
            c.runner,
            f"{short_name(c.runner)} said the problem is getting worse in the check-in of {day_words(c.completed_on)}.",
            "amber",
            RANK["pain"],
            (-c.completed_on.toordinal(),),
            link=reverse("programs:staff_wellbeing", args=[c.runner_id]),
            link_label="Check-ins",
        )
        for c in latest.values()
        if c.trend == "worse"
    ]


def wellbeing_items(therapist: User, runners: QuerySet[User]) -> list[Item]:
    alerts = Alert.objects.filter(
        clinic_id=clinic_id_of(therapist), kind="wellbeing", read_at__isnull=True, runner__in=runners
    )
    return [
        Item(
            "wellbeing",
            a.runner,
            f"{short_name(a.runner)}: {a.title[0].lower() + a.title[1:]}.",
            "amber",
            RANK["wellbeing"],
            (a.created_at.timestamp(),),
            detail=a.body,
            alert=a,
            link=reverse("programs:staff_wellbeing", args=[a.runner_id]),
            link_label="Well-being",
        )
        for a in alerts.select_related("runner", "runner__primary_therapist")
    ]


def adherence_items(runners: QuerySet[User], today: dt.date) -> list[Item]:
    """Active programs with sessions planned last week (Monday to Sunday) and none logged."""
    from stridecare.programs.actions import weekly_adherence
    from stridecare.programs.models import Program

    last_monday = today - dt.timedelta(days=today.weekday() + 7)
    out = []
    for program in (
        Program.objects.filter(runner__in=runners, is_active=True, started__lte=last_monday + dt.timedelta(days=6))
        .select_related("runner", "runner__primary_therapist")
        .prefetch_related("exercises")
    ):
        week = next(
            (
                w
                for w in weekly_adherence(program, last_monday + dt.timedelta(days=6), weeks=1)
                if w.week_start == last_monday
            ),
            None,
        )
        if week is None or week.planned == 0 or week.done > 0:
            continue
        out.append(
            Item(
                "adherence",
                program.runner,
                f"{short_name(program.runner)} logged none of the {week.planned} exercise session"
                f"{'s' if week.planned > 1 else ''} planned in the week of {last_monday.day} {last_monday:%b}.",
                "info",
                RANK["adherence"],
                (program.pk,),
                link=reverse("programs:program", args=[program.pk]),
                link_label="Program",
            )
        )
    return out


def _record(runner: User, anchor: str = "") -> str:
    return reverse("accounts:runner_detail", args=[runner.pk]) + (f"#{anchor}" if anchor else "")


# ---- the lists the pages show -------------------------------------------------------------------


def urgent(therapist: User, runners: QuerySet[User] | None = None) -> list[Item]:
    """The caseload's first section, most pressing first."""
    from stridecare.training.models import RECENT_FINDINGS_DAYS

    runners = visible_runners(therapist) if runners is None else runners
    items = (
        crisis_items(therapist, runners)
        + red_flag_items(runners, urgent_only=True)
        + flare_up_items(therapist, runners)
        + overdue_measure_items(runners, timezone.localdate())
        + note_due_items(therapist, runners, timezone.now() - dt.timedelta(days=RECENT_FINDINGS_DAYS))
    )
    return _sorted(items)


def attention(therapist: User, runners: QuerySet[User] | None = None) -> list[Item]:
    """What needs attention but is not urgent: other red flags, load, pain, outcomes, well-being, adherence."""
    from stridecare.training.models import RECENT_FINDINGS_DAYS

    runners = visible_runners(therapist) if runners is None else runners
    today = timezone.localdate()
    since = today - dt.timedelta(days=RECENT_FINDINGS_DAYS)
    items = (
        [i for i in red_flag_items(runners) if not i.screening.is_urgent]  # type: ignore[union-attr]
        + load_items(runners, since, therapist.units)
        + score_items(runners, since)
        + worse_checkin_items(runners, since)
        + wellbeing_items(therapist, runners)
        + adherence_items(runners, today)
    )
    return _sorted(items)


def by_runner(therapist: User) -> list[tuple[User, list[Item]]]:
    """Every runner of the clinic with all their items (urgent ones included), the runner with the
    most pressing item first; runners with nothing flagged last, by name."""
    runners = visible_runners(therapist).select_related("primary_therapist")
    grouped: dict[int, list[Item]] = {}
    for item in urgent(therapist, runners) + attention(therapist, runners):
        grouped.setdefault(item.runner.pk, []).append(item)
    rows = [(runner, _sorted(grouped.get(runner.pk, []))) for runner in runners]
    rows.sort(key=lambda row: (row[1][0].sort_key if row[1] else (99,), row[0].full_name))
    return rows
