"""The runner's report for a therapist (issue 18 point 7): the page, the PDF, and the live read-only
share with the runner's own clinic (off by default; 404 when off, and always for other clinics)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stridecare.audit.models import AuditEntry
from stridecare.mydata import handoff
from stridecare.mydata.models import DataSettings
from stridecare.training.models import Activity
from tests.programs.test_pdf import _page_strings

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)  # Thu 3 Dec 2026; 4 weeks: Mon 9 Nov to today


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def add_run(runner, day: str, km: float, minutes: float) -> Activity:
    start = dt.datetime.fromisoformat(f"{day}T07:00:00+00:00")
    return Activity.objects.create(
        runner=runner,
        sport="running",
        start_utc=start,
        distance_m=km * 1000,
        moving_time_s=minutes * 60,
        elapsed_time_s=minutes * 60,
        fingerprint=f"run:{day}",
    )


@pytest.fixture
def runs(world):
    # week of 9 Nov: 5 + 6 = 11 km in 65 min; week of 23 Nov: 8 km in 48 min
    return [add_run(world.runner, *r) for r in (("2026-11-10", 5, 30), ("2026-11-12", 6, 35), ("2026-11-24", 8, 48))]


def share(runner) -> None:
    handoff.set_sharing(runner, True)


def test_the_runner_page_offers_the_span_and_shows_the_report(world, runs):
    page = login(world.runner).get(reverse("mydata:handoff"), {"weeks": "4"}).content.decode()
    assert "<h1>Report for a therapist</h1>" in page
    assert 'value="4"' in page and 'value="8"' in page and 'value="12"' in page
    assert "4 weeks, Mon 9 Nov 2026 to Thu 3 Dec 2026" in page
    assert "In total 19.0 km in 1 h 53 min over 3 runs." in page
    assert "not a diagnosis" in page and 'id="share-on"' in page


def test_my_data_and_home_lead_to_the_report(world):
    client = login(world.runner)
    url = reverse("mydata:handoff")
    assert url in client.get(reverse("mydata:home")).content.decode()
    assert url in client.get(reverse("home")).content.decode()


def test_the_pdf_is_a_pdf_with_the_name_the_span_and_the_weekly_totals(world, runs):
    response = login(world.runner).get(reverse("mydata:handoff_pdf"), {"weeks": "4"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="running-report-2026-12-03.pdf"'
    body = response.content
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    text = " ".join(_page_strings(body))
    assert "Running report: Sam Rivera" in text
    assert "4 weeks, Mon 9 Nov 2026 to Thu 3 Dec 2026" in text
    for week, km in (("9 Nov 2026", "11.0 km"), ("16 Nov 2026", "0.0 km"), ("23 Nov 2026", "8.0 km")):
        assert week in text and km in text
    assert "1 h 05 min" in text  # the week of 9 Nov


def test_the_pdf_follows_the_span_chosen(world, runs):
    text = " ".join(_page_strings(login(world.runner).get(reverse("mydata:handoff_pdf"), {"weeks": "12"}).content))
    assert "12 weeks, Mon 14 Sep 2026 to Thu 3 Dec 2026" in text
    text = " ".join(_page_strings(login(world.runner).get(reverse("mydata:handoff_pdf"), {"weeks": "99"}).content))
    assert "8 weeks, Mon 12 Oct 2026 to Thu 3 Dec 2026" in text  # not a choice: the default


def test_pain_and_adherence_come_from_the_logged_sessions(world):
    from stridecare.programs import actions
    from stridecare.programs.models import ExerciseLog

    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    program.started = dt.date(2026, 11, 9)
    program.save()
    prescribed = program.exercises.first()
    for day, during, morning in ((dt.date(2026, 11, 9), 3, 1), (dt.date(2026, 11, 11), 4, None)):
        ExerciseLog.objects.create(
            prescribed=prescribed, performed_on=day, pain_during=during, pain_next_morning=morning
        )
    report = handoff.runner_report(world.runner, 4)
    assert [(p.day.day, p.score, p.moment) for p in report.pain] == [
        (9, 3, "during"),
        (10, 1, "next_morning"),
        (11, 4, "during"),
    ]
    # Mon/Wed/Fri from Mon 9 Nov to Thu 3 Dec: 3 + 3 + 3 + 2 planned; 2 logged
    assert (report.sessions_done, report.sessions_planned) == (2, 11)


def test_sharing_is_off_by_default_and_the_therapist_gets_404(world, runs):
    assert not DataSettings.objects.filter(runner=world.runner, report_shared_with__isnull=False).exists()
    url = reverse("mydata:staff_handoff", args=[world.runner.pk])
    assert login(world.therapist).get(url).status_code == 404
    assert (
        "handoff-link"
        not in login(world.therapist).get(reverse("accounts:runner_detail", args=[world.runner.pk])).content.decode()
    )


def test_the_runner_switches_sharing_on_and_the_clinics_therapists_read_it(world, runs):
    runner = login(world.runner)
    assert runner.post(reverse("mydata:handoff_share"), {"share": "on"}).status_code == 302
    assert 'id="share-off"' in runner.get(reverse("mydata:handoff")).content.decode()
    url = reverse("mydata:staff_handoff", args=[world.runner.pk])
    for therapist in (world.therapist, world.therapist2):
        client = login(therapist)
        assert (
            'id="handoff-link"'
            in client.get(reverse("accounts:runner_detail", args=[world.runner.pk])).content.decode()
        )
        response = client.get(url, {"weeks": "4"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Running report: Sam Rivera" in page and "11.0 km" in page
        assert "<form" not in page.split("<main")[1].split("</main>")[0]  # read-only: nothing to submit
        entry = AuditEntry.objects.filter(view_name="mydata:staff_handoff", actor=therapist).get()
        assert (entry.runner_id, entry.action, entry.record_type) == (world.runner.pk, "read", "hand-off report")


def test_switching_sharing_off_gives_404_again(world, runs):
    share(world.runner)
    url = reverse("mydata:staff_handoff", args=[world.runner.pk])
    assert login(world.therapist).get(url).status_code == 200
    assert login(world.runner).post(reverse("mydata:handoff_share"), {"share": "off"}).status_code == 302
    assert login(world.therapist).get(url).status_code == 404
    assert not handoff.is_shared_with_clinic(world.runner)


def test_other_clinics_and_other_roles_never_see_it(world, runs):
    share(world.runner)
    url = reverse("mydata:staff_handoff", args=[world.runner.pk])
    for outsider in (world.other_therapist, world.other_admin, world.admin, world.other_runner, world.clinic_mate):
        response = login(outsider).get(url)
        assert response.status_code == 404, outsider.email
        assert "Sam Rivera" not in response.content.decode()
    assert Client().get(url)["Location"].startswith("/login/")
    assert not AuditEntry.objects.filter(view_name="mydata:staff_handoff").exists()


def test_a_share_does_not_follow_the_runner_to_another_clinic(world, runs):
    share(world.runner)
    world.runner.clinic = world.other_clinic
    world.runner.save()
    url = reverse("mydata:staff_handoff", args=[world.runner.pk])
    assert login(world.other_therapist).get(url).status_code == 404
    assert login(world.therapist).get(url).status_code == 404


def test_a_runner_without_a_clinic_has_no_one_to_share_with(world):
    client = login(world.lone_runner)
    assert "no one to share with" in client.get(reverse("mydata:handoff")).content.decode()
    client.post(reverse("mydata:handoff_share"), {"share": "on"})
    assert not DataSettings.objects.filter(runner=world.lone_runner, report_shared_with__isnull=False).exists()


def test_the_runners_own_report_is_theirs_alone(world, runs):
    """Another runner opening the page sees their own (empty) report, never Sam's."""
    page = login(world.other_runner).get(reverse("mydata:handoff"), {"weeks": "4"}).content.decode()
    assert "Running report: Olga Other" in page and "Sam Rivera" not in page and "11.0 km" not in page
    assert timezone.now() == NOW


def test_the_latest_finished_gait_analysis_gives_its_findings_in_plain_words(world):
    from tests.gaitlab.helpers import make_analysis

    finding = {
        "severity": "amber",
        "title": "Knee nearly straight at contact",
        "message": "Knee flexion at contact is 4 deg [V:R14] direction.",
    }
    older = make_analysis(world.runner, report={"view": "frontal_back", "findings": []})
    older.created_at = NOW - dt.timedelta(days=20)
    older.save()
    make_analysis(world.runner, report={"view": "sagittal_left", "findings": [finding]})
    make_analysis(world.runner, status="queued")  # not finished: not reported
    gait = handoff.latest_gait(world.runner)
    assert (gait.analysed_on, gait.view) == (dt.date(2026, 12, 3), "side view (left side)")
    section = {s.title: s for s in handoff.runner_report(world.runner, 4).sections()}["Gait analysis"]
    assert section.rows == (
        ("Caution", "Knee nearly straight at contact", "Knee flexion at contact is 4 deg direction."),
    )
    assert handoff.latest_gait(world.other_runner) is None


def test_the_therapist_reads_the_same_pain_scores_the_runner_logged(world, runs):
    from stridecare.programs import actions
    from stridecare.programs.models import ExerciseLog

    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    ExerciseLog.objects.create(
        prescribed=program.exercises.first(), performed_on=dt.date(2026, 11, 25), pain_during=6, pain_next_morning=None
    )
    share(world.runner)
    page = login(world.therapist).get(reverse("mydata:staff_handoff", args=[world.runner.pk]), {"weeks": "4"})
    text = page.content.decode()
    assert "Latest: 6/10 on Wed 25 Nov 2026 (exercise session, during)." in text
    assert text.count("<h3>") == 7  # the seven sections, as on the PDF
