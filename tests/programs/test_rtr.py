"""Return to running: the 7.1 checklist, runner self-tests, the 7.2 walk-run stages from logged runs,
imported runs ticking planned sessions off, and the 7.3 plan checked against the spike rule."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from stridecare.programs.models import WalkRunLog
from stridecare.training.models import Activity
from tests.programs.conftest import days_ago, start_walk_run

RUN = {"log_run": "1", "intervals_completed": "on", "baseline_pain": "0", "pain_during": "1"}


def test_therapist_fills_the_checklist_unchecked_never_counts_as_met(world, therapist_client, pfp_program):
    url = reverse("programs:staff_rtr", args=[pfp_program.pk])
    therapist_client.post(url, {"RTR-02": "yes", "RTR-03": "no"})
    pfp_program.refresh_from_db()
    assert pfp_program.rtr_answers["RTR-02"]["met"] is True and pfp_program.rtr_answers["RTR-03"]["met"] is False
    assert pfp_program.rtr_answers["RTR-06"]["met"] is None
    body = therapist_client.get(url).content.decode()
    assert "Not all criteria met yet" in body and "RTR-06 single-leg squat: <strong>not checked yet</strong>" in body


def test_runner_self_tests_only_the_safe_items(world, runner_client, pfp_program):
    body = runner_client.get(reverse("programs:my_rtr")).content.decode()
    assert (
        'name="RTR-09"' in body and 'name="RTR-07"' in body and 'name="RTR-02"' not in body and 'name="fault_0"' in body
    )
    runner_client.post(reverse("programs:my_rtr"), {"self_test": "1", "RTR-09": "yes", "RTR-02": "yes"})
    pfp_program.refresh_from_db()
    assert pfp_program.rtr_answers["RTR-09"] == {"met": True, "by": "runner", "on": timezone.localdate().isoformat()}
    assert "RTR-02" not in pfp_program.rtr_answers


def test_two_good_runs_advance_a_stage_and_pain_steps_back(world, therapist_client, runner_client, pfp_program):
    start_walk_run(therapist_client, pfp_program)
    pfp_program.refresh_from_db()
    assert pfp_program.walk_run_started_on == timezone.localdate()
    runner_client.post(reverse("programs:my_rtr"), RUN)
    log = WalkRunLog.objects.get()
    assert log.stage == 1
    WalkRunLog.objects.filter(pk=log.pk).update(performed_on=days_ago(4), next_morning_pain=0)
    WalkRunLog.objects.create(
        program=pfp_program, performed_on=days_ago(2), stage=1, pain_during=1, next_morning_pain=0
    )
    body = runner_client.get(reverse("programs:my_rtr")).content.decode()
    assert "Stage 2: <strong>(run 2 min + walk 3 min) x 5</strong>" in body  # 2 successes at S1 advance (7.2)
    # a painful run (4/10 > the PFP ceiling 3/10) steps back to S1
    WalkRunLog.objects.create(
        program=pfp_program, performed_on=days_ago(0), stage=2, pain_during=4, next_morning_pain=0
    )
    body = runner_client.get(reverse("programs:my_rtr")).content.decode()
    assert "Stage 1:" in body and "<strong>step back</strong>: pain during 4/10 above the ceiling 3/10" in body


def test_an_imported_run_ticks_the_planned_session_off(world, therapist_client, runner_client, pfp_program):
    start_walk_run(therapist_client, pfp_program)
    now = timezone.now()
    Activity.objects.create(
        runner=world.runner,
        sport="running",
        start_utc=now,
        distance_m=2000,
        moving_time_s=1500,
        elapsed_time_s=1500,
        fingerprint="run:today",
    )
    body = runner_client.get(reverse("programs:my_rtr")).content.decode()
    calendar = body.split('id="walk-run-calendar"')[1].split("</ul>")[0]
    assert calendar.count("run imported") == 1 and calendar.split("</li>")[0].endswith("run imported</span>")


def test_after_continuous_30_minutes_the_plan_never_prescribes_a_spike(
    world, therapist_client, runner_client, pfp_program
):
    start_walk_run(therapist_client, pfp_program)
    start = days_ago(40)
    pfp_program.walk_run_started_on = start
    pfp_program.save()
    for n in range(16):  # 8 stages x 2 successes (7.2)
        WalkRunLog.objects.create(
            program=pfp_program,
            performed_on=start + dt.timedelta(days=2 * n),
            stage=n // 2 + 1,
            pain_during=0,
            next_morning_pain=0,
        )
    Activity.objects.create(
        runner=world.runner,
        sport="running",
        start_utc=timezone.now() - dt.timedelta(days=2),
        distance_m=5000,
        moving_time_s=1800,
        elapsed_time_s=1800,
        fingerprint="run:5k",
    )
    body = runner_client.get(reverse("programs:my_rtr")).content.decode()
    assert "walk-run program is complete" in body
    plan = body.split('id="continuous"')[1].split("</ul>")[0]
    # first planned run: 5 km x 1.10 = 5.5 km wanted, 5.3 cap 1.10 x 5 km = 5.5 km: not a spike
    assert "5.5 km" in plan
    assert "strides → tempo → uphill → downhill" in body  # PFP: downhill last (7.3)


def test_todays_walk_run_session_is_on_the_today_page(world, therapist_client, runner_client, pfp_program):
    start_walk_run(therapist_client, pfp_program)
    body = runner_client.get(reverse("programs:today")).content.decode()
    assert 'id="run-today"' in body and "(run 1 min + walk 4 min) x 5" in body  # stage S1 of 7.2, planned from today


def test_night_pain_stops_the_walk_run_and_alerts_the_therapist(world, therapist_client, runner_client, pfp_program):
    from stridecare.inbox.models import Alert

    start_walk_run(therapist_client, pfp_program)
    runner_client.post(reverse("programs:my_rtr"), RUN | {"night_pain": "on"})
    body = runner_client.get(reverse("programs:my_rtr")).content.decode()
    assert "Stopped: see your therapist" in body
    assert "Walk-run stopped" in Alert.objects.get(runner=world.runner, kind="flare_up").title


def test_morning_pain_above_baseline_steps_back(world, therapist_client, runner_client, pfp_program):
    from stridecare.inbox.models import Alert

    start_walk_run(therapist_client, pfp_program)
    WalkRunLog.objects.create(program=pfp_program, performed_on=days_ago(1), stage=1, pain_during=1, baseline_pain=0)
    runner_client.post(reverse("programs:walk_run_morning"), {"next_morning_pain": "2"})
    assert WalkRunLog.objects.get().next_morning_pain == 2
    assert "stepped back" in Alert.objects.get(kind="flare_up").title  # 2/10 next morning > baseline 0/10 (7.2)


def test_single_leg_squat_scored_by_7_4_sets_rtr_06_when_both_sides_pass(world, runner_client, pfp_program):
    url = reverse("programs:my_rtr")
    runner_client.post(url, {"sls": "1", "side": "left", "pain": "1", "fault_0": "on"})  # 1 fault, pain 1: pass
    pfp_program.refresh_from_db()
    assert pfp_program.rtr_answers["RTR-06"]["met"] is None  # the other side not scored yet
    runner_client.post(url, {"sls": "1", "side": "right", "pain": "3"})  # no fault but pain 3 > 2: not passed
    pfp_program.refresh_from_db()
    assert pfp_program.rtr_answers["sls"]["right"] == {"total": 0, "pain": 3, "passed": False, "by": "runner"}
    assert pfp_program.rtr_answers["RTR-06"]["met"] is False
    runner_client.post(url, {"sls": "1", "side": "right", "pain": "2", "fault_1": "on"})
    pfp_program.refresh_from_db()
    assert pfp_program.rtr_answers["RTR-06"]["met"] is True
    assert "Single-leg squat: <strong>met</strong>" in runner_client.get(url).content.decode()


def test_the_checklist_squat_uses_the_clinics_own_limits_like_the_evaluation(world, runner_client, pfp_program):
    from stridecare.care.models import ClinicCareSettings

    ClinicCareSettings.objects.create(
        clinic=world.clinic, squat_max_items=0, squat_max_pain_nprs=2
    )  # stricter than 7.4's default of 1
    runner_client.post(reverse("programs:my_rtr"), {"sls": "1", "side": "left", "pain": "0", "fault_0": "on"})
    pfp_program.refresh_from_db()
    assert pfp_program.rtr_answers["sls"]["left"]["passed"] is False  # one fault is too many for this clinic
