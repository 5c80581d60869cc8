"""Everything a therapist reads about one runner on one page: contact, what is urgent, screenings,
alerts, programs, outcomes, load, gait, notes, visits and requests. Reads only; every query is
limited to the therapist's clinic."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from stridecare.accounts.access import clinic_id_of, visible_requests, visible_runners, visible_visits
from stridecare.accounts.models import User
from stridecare.care.models import ClinicalNote
from stridecare.core.load import staff_sentence
from stridecare.core.outcomes.change import compare_scores
from stridecare.core.outcomes.measures import MEASURES
from stridecare.core.programs.protocols import get_protocol
from stridecare.inbox import caseload
from stridecare.inbox.models import CRISIS, Alert
from stridecare.screening.models import ScreeningSession

RECORD_ROWS = 20  # rows per section; the section links to the full page for more


def runner_record(therapist: User, runner: User) -> dict:
    """The context of the runner's record page for ``therapist`` (who may see ``runner``)."""
    one = visible_runners(therapist).filter(pk=runner.pk)
    alerts = Alert.objects.filter(clinic_id=clinic_id_of(therapist), runner=runner).select_related(
        "runner", "acknowledged_by", "screening__cleared_by"
    )
    screenings = list(ScreeningSession.objects.filter(runner=runner).select_related("cleared_by")[:RECORD_ROWS])
    from stridecare.mydata.handoff import is_shared_with_clinic

    return {
        "runner": runner,
        "handoff_shared": is_shared_with_clinic(runner),
        "urgent": caseload.urgent(therapist, one),
        "attention": caseload.attention(therapist, one),
        "alerts": list(
            alerts.filter(Q(read_at__isnull=True) | Q(kind=CRISIS, acknowledged_at__isnull=True))[:RECORD_ROWS]
        ),
        "older_alerts": list(
            alerts.exclude(Q(read_at__isnull=True) | Q(kind=CRISIS, acknowledged_at__isnull=True))[:RECORD_ROWS]
        ),
        "screenings": screenings,
        "has_uncleared": any(s.needs_clearance for s in screenings),
        "programs": _programs(runner),
        "outcomes": _outcomes(runner),
        "load": _load(runner, therapist.units),
        "gait": list(runner.gait_analyses.select_related("job")[:RECORD_ROWS]),
        "notes": list(
            ClinicalNote.objects.filter(runner=runner, clinic_id=clinic_id_of(therapist)).select_related(
                "author", "signed_by"
            )[:RECORD_ROWS]
        ),
        # Only this clinic's requests and visits: a runner may also have booked with another clinic.
        "visits": list(visible_visits(therapist).filter(runner=runner).select_related("therapist")[:RECORD_ROWS]),
        "requests": list(visible_requests(therapist).filter(runner=runner)[:RECORD_ROWS]),
        "episodes": list(runner.episodes.filter(clinic_id=clinic_id_of(therapist))[:RECORD_ROWS]),
    }


def _programs(runner: User) -> list[dict]:
    """Each program with its exercises, flare-ups of the last four weeks and (active ones) adherence."""
    from stridecare.programs.actions import weekly_adherence
    from stridecare.programs.models import ExerciseLog
    from stridecare.training.models import RECENT_FINDINGS_DAYS

    today = timezone.localdate()
    rows = []
    for program in runner.programs.prefetch_related("exercises")[:RECORD_ROWS]:
        try:
            name = get_protocol(program.condition).name
        except KeyError:
            name = program.get_condition_display()
        flares = list(
            ExerciseLog.objects.filter(
                prescribed__program=program, performed_on__gte=today - dt.timedelta(days=RECENT_FINDINGS_DAYS)
            )
            .exclude(flare_up="")
            .select_related("prescribed")[:5]
        )
        rows.append(
            {
                "program": program,
                "name": name,
                "exercises": len(program.exercises.all()),
                "flares": flares,
                "adherence": weekly_adherence(program, today, weeks=2) if program.is_active else [],
            }
        )
    return rows


def _outcomes(runner: User) -> list[dict]:
    """Per questionnaire: the latest score, the one before and whether the change is meaningful (4.0)."""
    from stridecare.outcomes.models import OutcomeResponse

    by_measure: dict[str, list] = {}
    for row in OutcomeResponse.objects.filter(
        runner=runner, checkin=None, complete=True, score__isnull=False, measure__in=caseload.WATCHED_MEASURES
    ).order_by("-completed_on", "-pk"):
        if len(by_measure.setdefault(row.measure, [])) < 2:
            by_measure[row.measure].append(row)
    out = []
    for measure, rows in by_measure.items():
        change = None
        if len(rows) == 2:
            change = compare_scores(
                measure, rows[1].score, rows[0].score, (rows[0].completed_on - rows[1].completed_on).days / 7
            )
        out.append(
            {
                "name": MEASURES[measure].name,
                "latest": rows[0],
                "previous": rows[1] if len(rows) == 2 else None,
                "change": change,
            }
        )
    return sorted(out, key=lambda o: o["name"])


def _load(runner: User, units: str) -> dict:
    from stridecare.training.models import RECENT_FINDINGS_DAYS, LoadFinding, LoadSnapshot, WeekTotal

    today = timezone.localdate()
    name = caseload.short_name(runner)
    since = today - dt.timedelta(days=RECENT_FINDINGS_DAYS)
    findings = LoadFinding.objects.filter(runner=runner, date__gte=since).exclude(severity="info")
    monday = today - dt.timedelta(days=today.weekday())
    weeks = list(
        WeekTotal.objects.filter(runner=runner, week_start__gte=monday - dt.timedelta(weeks=3)).order_by("-week_start")
    )
    snapshot = LoadSnapshot.objects.filter(runner=runner).first()
    return {
        "findings": [(f, staff_sentence(f.code, f.date, f.data, name=name, units=units)) for f in findings[:5]],  # type: ignore[arg-type]
        "weeks": weeks,
        "ratio": snapshot.latest if snapshot else None,
        "since": since,
        "has_runs": runner.activities.exists(),
    }
