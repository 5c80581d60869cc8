"""Create the demo clinic and its people, with what a clinic has after a few weeks: screenings,
visits, a signed evaluation, exercise programs with logs, outcome scores and check-ins. Safe to run
again: existing rows are kept and each runner's story is added only once. Every record goes through
the function the app itself uses for it (screening engine, booking, notes and program actions)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from stridecare.accounts.models import Clinic, User

DEMO_PASSWORD = "stride-demo-2026"
CLINIC = {
    "slug": "riverside",
    "name": "Riverside Running Clinic",
    "address": "1 Towpath Lane, Riverside",
    "phone": "+44 20 7946 0000",
    "timezone": "Europe/London",
    "mobile_postcodes": "SW1, SW3, SW7, SW11",
    "emergency_number": "999",
    "crisis_line": "116 123 (Samaritans, free, 24/7)",
}
PEOPLE = [
    # email, name, role, is_therapist, is_clinic_admin
    ("admin@riverside.example", "Alex Morgan", User.Role.STAFF, False, True),
    ("priya@riverside.example", "Priya Shah", User.Role.STAFF, True, False),
    ("tom@riverside.example", "Tom Becker", User.Role.STAFF, True, False),
    ("sam@runner.example", "Sam Rivera", User.Role.RUNNER, False, False),
    ("jo@runner.example", "Jo Lindqvist", User.Role.RUNNER, False, False),
    ("kai@runner.example", "Kai Okafor", User.Role.RUNNER, False, False),
]
MON_WED_FRI = (0, 2, 4)

# Screening answers as the runner gives them in the self-screening (inputs of core/screening).
NO_RED_FLAG_SIGNS = {
    "trauma": False,
    "weight_bearing_ok": True,
    "swelling": False,
    "fever": False,
    "calf_swelling_unilateral": False,
    "calf_warm_red": False,
    "numbness_tingling": False,
    "leg_weakness": False,
    "bladder_bowel_change": False,
    "foot_cold_pale": False,
    "exercise_cardiac_symptoms": False,
    "heat_illness_signs": False,
    "weight_loss_unexplained": False,
    "cancer_history": False,
    "fluoroquinolone_6m": False,
    "oral_steroid": False,
    "limp": False,
    "claudication": False,
}
# Sam, the day after a run much longer than usual: knee pain (a routine, self-managed problem).
SAM_KNEE = {
    **NO_RED_FLAG_SIGNS,
    "age": 34,
    "sex": "male",
    "male_low_libido": False,
    "bsi_count_2y": 0,
    "bmi": 23.0,
    "onset": "gradual",
    "duration_days": 1,
    "trend": "static",
    "pain_walking": 0,
    "hop_pain": 2,
    "pain_stage": "during_run",
    "pain_rest": 0,
    "pain_activity_related": True,
    "night_pain_any": False,
    "weeks_guided_rehab": 0,
    "training_changes": ["more_distance"],
    "region": "anterior_knee",
    "side": "left",
    "pain_localised": "diffuse",
    "aggravators": ["stairs", "squatting", "downhill_running"],
    "run_pain_course": "builds_during_run",
}
# Sam, today: a new pain in the shin after trying to run, severe at rest (see a doctor today).
SAM_SHIN = {
    **NO_RED_FLAG_SIGNS,
    "age": 34,
    "sex": "male",
    "male_low_libido": False,
    "bsi_count_2y": 0,
    "bmi": 23.0,
    "onset": "gradual",
    "duration_days": 4,
    "trend": "worse",
    "pain_walking": 6,
    "pain_stage": "rest",
    "pain_rest": 7,
    "pain_activity_related": True,
    "night_pain_any": False,
    "weeks_guided_rehab": 1,
    "training_changes": ["more_distance"],
    "exertional_leg_tightness": False,
    "region": "shin",
    "side": "left",
}
# Jo, 5 days ago: heel pain on the first steps in the morning (routine).
JO_HEEL = {
    **NO_RED_FLAG_SIGNS,
    "age": 41,
    "sex": "female",
    "bsi_count_2y": 0,
    "bmi": 22.0,
    "amenorrhoea_days": 0,
    "menarche_by_15": True,
    "onset": "gradual",
    "duration_days": 42,
    "trend": "static",
    "pain_walking": 0,
    "hop_pain": 1,
    "pain_stage": "during_run",
    "pain_rest": 0,
    "pain_activity_related": True,
    "night_pain_any": False,
    "weeks_guided_rehab": 0,
    "training_changes": ["new_shoes"],
    "region": "plantar_heel",
    "side": "right",
}


class Command(BaseCommand):
    help = "Create the demo clinic (Riverside Running Clinic) with an admin, two therapists and three runners and their records."

    @transaction.atomic
    def handle(self, *args, **options):
        clinic, _ = Clinic.objects.get_or_create(slug=CLINIC["slug"], defaults=CLINIC)
        therapists = []
        for email, name, role, is_therapist, is_admin in PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email,
                    DEMO_PASSWORD,
                    full_name=name,
                    role=role,
                    clinic=clinic,
                    is_therapist=is_therapist,
                    is_clinic_admin=is_admin,
                    timezone=clinic.timezone,
                )
            if is_therapist:
                therapists.append(user)
            elif role == User.Role.RUNNER and user.primary_therapist_id is None:
                user.primary_therapist = therapists[len(email) % len(therapists)]
                user.save(update_fields=["primary_therapist"])
        self._seed_runs(clinic)
        self._seed_records(clinic)
        from stridecare.booking.setup import set_up_availability

        set_up_availability(clinic, therapists, telehealth_url_template="https://meet.example.org/riverside-{token}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo clinic: {clinic.name}. Every demo login uses the password {DEMO_PASSWORD}")
        )
        for email, name, _role, is_therapist, is_admin in PEOPLE:
            label = "clinic admin" if is_admin else "physical therapist" if is_therapist else "runner"
            self.stdout.write(f"  {label:<19} {email:<26} ({name})")

    def _seed_runs(self, clinic: Clinic) -> None:
        """Six months of generated runs for each demo runner who has none (the first runner gets a spike)."""
        from stridecare.training.demo import generate_history
        from stridecare.training.imports import refresh_load, save_activities

        runners = User.objects.filter(clinic=clinic, role=User.Role.RUNNER, email__in=[p[0] for p in PEOPLE]).order_by(
            "email"
        )
        for runner in runners:
            if runner.activities.exists():
                continue
            history = generate_history(
                runner.email, timezone.localdate(), clinic.timezone, spike=runner.email == "sam@runner.example"
            )
            save_activities(runner, history, None)
            refresh_load(runner)

    def _seed_records(self, clinic: Clinic) -> None:
        """Each demo runner's care so far, added once (a runner who has screenings or programs already keeps them)."""
        people = {u.email: u for u in User.objects.filter(clinic=clinic, email__in=[p[0] for p in PEOPLE])}
        sam, jo, kai = (
            people.get("sam@runner.example"),
            people.get("jo@runner.example"),
            people.get("kai@runner.example"),
        )
        if sam and not sam.screening_sessions.exists() and not sam.programs.exists():
            _sam_story(clinic, sam)
        if jo and not jo.screening_sessions.exists():
            _jo_story(clinic, jo)
        if kai and not kai.programs.exists():
            _kai_story(kai)
        if jo and not jo.message_threads.exists():
            _jo_messages(clinic, jo)
        for runner, weeks in ((jo, 14), (kai, 20)):  # training plans: Jo's a 10 km race, Kai's paused by the walk-run
            if runner and not hasattr(runner, "training_plan"):
                from stridecare.core.plan import Goal
                from stridecare.planning.actions import set_goal

                set_goal(runner, Goal(10000, _today() + dt.timedelta(weeks=weeks), 3))


def _today() -> dt.date:
    return timezone.localdate()


def _at(clinic: Clinic, days_ago: int, hour: int, minute: int = 0) -> dt.datetime:
    day = _today() - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(clinic.timezone))


def _screen(runner: User, answers: dict, at: dt.datetime | None = None):
    """A finished self-screening, saved as the screening's finish page saves it: answers, result,
    rules version, and the clinic told when the result calls for it."""
    from stridecare.core.screening import load_rules, screen
    from stridecare.screening.models import ScreeningSession
    from stridecare.screening.state import notify_clinic

    rules = load_rules()
    result = screen(answers, rules)
    saved = ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        result=result.to_dict(),
        rules_version=rules.rules_version,
        urgency=result.urgency,
        created_at=at or timezone.now(),
    )
    notify_clinic(saved, result, runner)
    return saved


def _visit(
    clinic: Clinic,
    runner: User,
    therapist: User,
    *,
    token: str,
    reason: str,
    start: dt.datetime,
    screening=None,
    sent: dt.datetime,
):
    """An appointment request from the runner, confirmed by the therapist (booking actions)."""
    from stridecare.booking import actions
    from stridecare.booking.models import AppointmentRequest

    req, _ = actions.create_request(
        submission_token=token,
        clinic=clinic,
        runner=runner,
        name=runner.full_name,
        email=runner.email,
        phone="",
        visit_type="clinic",
        address="",
        postcode="",
        latitude=None,
        longitude=None,
        reason=reason,
        preferred_days=["mon", "wed", "thu"],
        preferred_times=["morning"],
        preferred_note="",
        screening=screening,
    )
    visit = actions.confirm_request(req.pk, therapist=therapist, start=start, minutes=45, actor=therapist)
    # The request was sent (and answered) days before the visit: date it and its events then.
    AppointmentRequest.objects.filter(pk=req.pk).update(created_at=sent)
    req.events.update(at=sent + dt.timedelta(minutes=30))
    return visit


def _carried(saved) -> dict:
    """The screening as a request carries it (booking's request form)."""
    return {
        "id": saved.pk,
        "answers": saved.answers,
        "urgency": saved.urgency,
        "rules_version": saved.rules_version,
        "red_flags": saved.result.get("red_flags", []),
        "conditions": saved.result.get("conditions", [])[:3],
    }


def _sam_story(clinic: Clinic, sam: User) -> None:
    """Knee pain after a load spike: screening, visit and signed evaluation, a program with logs,
    outcome scores and a check-in; today a new shin pain with a same-day red flag."""
    from stridecare.care import notes
    from stridecare.care.forms import EvaluationForm
    from stridecare.care.models import ClinicalNote
    from stridecare.core.care import region_by_code

    therapist = sam.primary_therapist
    assert therapist is not None  # every demo runner is given one above
    # His generated runs hold one long run on the Sunday two weeks back (training.demo): the knee hurts
    # from then on; he screens on the Monday evening and is seen on the Wednesday.
    long_run = _today().weekday() + 8
    seen = long_run - 3
    knee = _screen(sam, SAM_KNEE, _at(clinic, seen + 2, 19, 30))
    visit = _visit(
        clinic,
        sam,
        therapist,
        token="demo-sam-knee",
        reason="Front of my left knee hurts on stairs and downhill since my long run.",
        start=_at(clinic, seen, 9),
        screening=_carried(knee),
        sent=_at(clinic, seen + 2, 19, 40),
    )
    region = region_by_code("anterior_knee")
    data = {f"test_{t.code}": "not_tested" for t in region.tests}
    data.update(
        {
            "test_pfp_squat_pain": "positive",
            "side_pfp_squat_pain": "L",
            "visit": str(visit.pk),
            "history": "Pain at the front of the left knee for 3 days, since a long run about half as long again as usual. "
            "Worse on stairs, squatting and downhill. No swelling, no giving way.",
            "rom_1_movement": "Knee flexion",
            "rom_1_left_deg": "135",
            "rom_1_right_deg": "140",
            "strength_1_test": "Hip abduction, hand-held dynamometer",
            "strength_1_left": "18",
            "strength_1_right": "22",
            "strength_1_unit": "kg",
            "sls_L_knee_medial": "on",
            "sls_L_pain": "3",
            "sls_R_pain": "0",
            "balance_eo_L_s": "30",
            "balance_eo_R_s": "30",
            "diagnosis_code": "pfp",
            "goals": "Run 10 km without knee pain within 8 weeks; stairs pain-free.",
            "plan": "Load advice (shorter, flatter runs), hip and knee strength 3 times a week, review in 2 weeks.",
            "runner_summary": "Your knee is irritated by the jump in distance. Keep runs short and flat for now and do the "
            "exercises on Monday, Wednesday and Friday. Pain up to 3 out of 10 during them is fine.",
        }
    )
    form = EvaluationForm(sam, region, data)
    if not form.is_valid():
        raise RuntimeError(f"demo evaluation does not validate: {form.errors.as_text()}")
    note = notes.create_note(
        runner=sam,
        author=therapist,
        kind=ClinicalNote.Kind.EVALUATION,
        region=region.code,
        content=form.content(),
        visit=visit,
        at=_at(clinic, seen, 9, 50),
    )
    notes.add_treatment(
        note.pk,
        author=therapist,
        technique="education",
        body_area="knee",
        side="L",
        minutes=10,
        response="Understood the load advice.",
        at=_at(clinic, seen, 9, 52),
    )
    notes.add_treatment(
        note.pk,
        author=therapist,
        technique="soft_tissue_massage",
        body_area="thigh_front",
        side="L",
        minutes=10,
        response="Stairs felt easier afterwards.",
        at=_at(clinic, seen, 9, 54),
    )
    notes.sign_note(note.pk, signer=therapist, at=_at(clinic, seen, 17))
    program = _program(sam, therapist, "pfp", "P1", started_days_ago=seen)
    _exercise_logs(program)
    _outcome(sam, "lefs", [3, 4, 3, 3, 2, 3, 4, 2, 3, 3, 3, 2, 3, 4, 3, 2, 3, 3, 2, 3], days_ago=seen)
    _outcome(sam, "nprs", [5], days_ago=seen)
    _outcome(sam, "lefs", [4, 4, 4, 3, 3, 4, 4, 3, 3, 4, 3, 3, 4, 4, 4, 3, 3, 4, 3, 4], days_ago=3)
    _outcome(sam, "nprs", [3], days_ago=3)
    _check_in(
        sam, days_ago=3, mood=4, stress=3, sleep=4, motivation=4, trend="improving", note="Knee better on stairs."
    )
    _screen(sam, SAM_SHIN)


def _jo_story(clinic: Clinic, jo: User) -> None:
    """Heel pain: a routine screening carried into a request, and a visit booked for later this week."""
    screening = _screen(jo, JO_HEEL, _at(clinic, 5, 20, 15))
    ahead = next(
        d for d in range(3, 10) if (_today() + dt.timedelta(days=d)).weekday() < 5
    )  # a weekday later this week or next
    start = _at(clinic, -ahead, 10)
    assert jo.primary_therapist is not None  # every demo runner is given one above
    _visit(
        clinic,
        jo,
        jo.primary_therapist,
        token="demo-jo-heel",
        reason="Heel pain on my first steps in the morning for six weeks.",
        start=start,
        screening=_carried(screening),
        sent=_at(clinic, 5, 20, 20),
    )
    _check_in(jo, days_ago=5, mood=3, stress=3, sleep=3, motivation=4, trend="static", note="")


def _jo_messages(clinic: Clinic, jo: User) -> None:
    """Jo asked about a tight calf and had an answer, which Jo read; this morning's follow-up waits
    for the clinic (the unread badge beside Messages)."""
    from stridecare.messaging.actions import mark_seen, send_message, thread_for
    from stridecare.messaging.models import Message

    therapist = jo.primary_therapist
    thread = thread_for(jo)
    assert therapist is not None and thread is not None  # every demo runner has a clinic and a therapist
    said = [
        (jo, "My left calf felt tight after my long run. Should I still do the intervals on my plan?", 2, 19),
        (
            therapist,
            "Thanks for telling me. Make your next run an easy one instead, and note how the calf feels "
            "during the run and the morning after; we will look at it together at your next visit.",
            1,
            8,
        ),
        (jo, "The easy run went well and the calf felt fine the next morning. Can I go back to the plan?", 0, 7),
    ]
    for author, body, days_ago, hour in said:
        reader = therapist if author == jo else jo
        sent = send_message(thread, author, body).message
        at = min(_at(clinic, days_ago, hour, 30), timezone.now())
        Message.objects.filter(pk=sent.pk).update(created_at=at)
        if days_ago:  # the earlier two were read an hour later; the last waits unread
            mark_seen(thread, reader)
            Message.objects.filter(pk=sent.pk).update(read_at=at + dt.timedelta(hours=1))
    thread.refresh_from_db()
    thread.last_message_at = thread.messages.latest("created_at").created_at
    thread.save(update_fields=["last_message_at"])


def _kai_story(kai: User) -> None:
    """Shin splints, now returning to running: the strength phase of the program, the checklist
    signed off and the first walk-run sessions logged."""
    from stridecare.programs import actions
    from stridecare.programs.models import Program, WalkRunLog
    from stridecare.programs.rtr import rtr_context, save_answers

    therapist = kai.primary_therapist
    assert therapist is not None  # every demo runner is given one above
    program = _program(kai, therapist, "mtss", "P2", started_days_ago=14)
    _exercise_logs(program)
    save_answers(
        program,
        {"RTR-01": True, "RTR-02": True, "RTR-03": True, "RTR-04": True, "RTR-06": True, "RTR-07": True},
        "therapist",
    )
    # The walk-run start date, as the therapist's "start walk-run" button sets it.
    Program.objects.filter(pk=program.pk).update(walk_run_started_on=_today() - dt.timedelta(days=6))
    program.refresh_from_db()
    for days_ago, during in ((6, 0), (4, 1), (2, 1)):
        stage = rtr_context(program)["state"].stage
        actions.record_walk_run(
            WalkRunLog(
                program=program,
                performed_on=_today() - dt.timedelta(days=days_ago),
                stage=stage,
                intervals_completed=True,
                baseline_pain=0,
                pain_during=during,
                next_morning_pain=0,
            )
        )
    _outcome(kai, "lefs", [3, 3, 3, 2, 3, 3, 3, 2, 3, 3, 2, 3, 3, 3, 2, 3, 3, 3, 3, 3], days_ago=14)
    _outcome(kai, "lefs", [4, 4, 4, 3, 4, 4, 4, 3, 4, 4, 3, 4, 4, 4, 3, 4, 4, 4, 4, 4], days_ago=1)
    _check_in(kai, days_ago=7, mood=4, stress=4, sleep=4, motivation=5, trend="improving", note="")


def _program(runner: User, therapist: User, condition: str, phase: str, *, started_days_ago: int):
    from stridecare.programs import actions
    from stridecare.programs.models import Program

    program = actions.start_program(runner, therapist, condition, phase, MON_WED_FRI)
    # Started on the day of the visit, before today (no action sets the date: it defaults to today).
    Program.objects.filter(pk=program.pk).update(started=_today() - dt.timedelta(days=started_days_ago))
    program.refresh_from_db()
    return program


def _exercise_logs(program) -> None:
    """Logged sessions on the planned days since the program started (one missed), with pain easing
    and settled by the next morning."""
    from stridecare.programs import actions
    from stridecare.programs.models import ExerciseLog

    planned = [d for d in actions.planned_days(program, _today() - dt.timedelta(days=1))]
    for n, day in enumerate(planned):
        if n == 1 and len(planned) > 2:
            continue  # one missed session: adherence is seldom perfect
        for prescribed in program.exercises.all():
            pain = 3 if n < 2 else 2 if n < 5 else 1
            actions.record_log(
                ExerciseLog(
                    prescribed=prescribed,
                    performed_on=day,
                    sets=prescribed.sets,
                    reps=prescribed.reps,
                    hold_s=prescribed.hold_s,
                    baseline_pain=1,
                    pain_during=pain,
                    pain_next_morning=1,
                )
            )


def _outcome(runner: User, measure: str, items: list[int], *, days_ago: int) -> None:
    from stridecare.core.outcomes.scoring import parse_answers, score_answers
    from stridecare.programs import actions

    answers = parse_answers(measure, {"items": items, "date": (_today() - dt.timedelta(days=days_ago)).isoformat()})
    actions.save_response(runner, answers, score_answers(answers))


def _check_in(
    runner: User, *, days_ago: int, mood: int, stress: int, sleep: int, motivation: int, trend: str, note: str
) -> None:
    """A weekly check-in without red flags or positive screeners, scored as the well-being page scores it."""
    from stridecare.core.outcomes.scoring import parse_answers, score_answers
    from stridecare.core.outcomes.wellbeing import evaluate_check_in
    from stridecare.outcomes.models import CheckIn
    from stridecare.programs import actions

    phq, gad = [0, 0], [1, 0]
    phq2 = score_answers(parse_answers("phq-2", {"items": phq}))
    gad2 = score_answers(parse_answers("gad-2", {"items": gad}))
    outcome = evaluate_check_in(phq2, gad2, free_text=note, phrases=actions.self_harm_phrases(runner))
    CheckIn.objects.create(
        runner=runner,
        completed_on=_today() - dt.timedelta(days=days_ago),
        mood=mood,
        stress=stress,
        sleep=sleep,
        motivation=motivation,
        phq2_items=phq,
        gad2_items=gad,
        phq2_score=phq2.score,
        gad2_score=gad2.score,
        follow_ups=list(outcome.follow_ups),
        note=note,
        trend=trend,
        red_flags=[],
    )
