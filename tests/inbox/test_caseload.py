"""The therapist's caseload home: urgent items first with their one-click actions, then today's
visits, waiting requests and needs attention; and the count of urgent unread alerts in the nav."""

from __future__ import annotations

import datetime as dt
import html
import json
import pathlib
import re

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stridecare.core.screening import screen
from stridecare.inbox.alerts import raise_alert
from stridecare.inbox.models import Alert
from stridecare.screening.models import ScreeningSession
from stridecare.screening.state import notify_clinic
from stridecare.training.models import LoadFinding

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def screening(runner, name: str) -> ScreeningSession:
    """A screening saved and sent to the clinic as the runner's finish step does (the real engine)."""
    answers = json.loads((VIGNETTES / name).read_text())
    result = screen(answers)
    saved = ScreeningSession.objects.create(
        runner=runner,
        clinic=runner.clinic,
        answers=answers,
        result=result.to_dict(),
        rules_version=result.rules_version,
        urgency=result.urgency,
    )
    notify_clinic(saved, result, runner)
    return saved


def crisis(runner, title: str, overdue: bool = False) -> Alert:
    alert = raise_alert(runner=runner, kind="self_harm", severity="red", title=title, body="Contact them today.")
    if overdue:
        Alert.objects.filter(pk=alert.pk).update(follow_up_due_at=timezone.now() - dt.timedelta(hours=1))
        alert.refresh_from_db()
    return alert


def spike(runner, day: dt.date) -> LoadFinding:
    return LoadFinding.objects.create(
        runner=runner,
        code="LF-01",
        severity="amber",
        severity_rank=1,
        date=day,
        message="Your 23.0 km run ...",
        therapist_note="Session spike +41%",
        source="Frandsen 2025",
        data={
            "state": "moderate_spike",
            "ratio": 0.41,
            "reference_m": 16300.0,
            "distance_m": 23000.0,
            "window_days": 30.0,
        },
    )


def section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return html.unescape(page[start : page.index("</section>", start)])


def test_urgent_items_come_first_in_order_of_pressure(world):
    spike(world.runner, timezone.localdate())
    raise_alert(
        runner=world.clinic_mate,
        kind="flare_up",
        title="Flare-up: Wall sit",
        body="pain during 6/10 above the ceiling 5/10",
    )
    same_day = screening(world.runner, "15_rf01_groin_night_pain.json")
    due = crisis(world.clinic_mate, "Mae pressed help")
    late = crisis(world.runner, "Sam pressed help", overdue=True)
    page = login(world.therapist).get(reverse("home")).content.decode()
    urgent = section(page, "urgent")
    positions = [
        urgent.index(marker)
        for marker in (
            f'data-alert="{late.pk}"',
            f'data-alert="{due.pk}"',
            f'data-screening="{same_day.pk}"',
            'data-kind="flare_up"',
        )
    ]
    assert positions == sorted(positions)
    assert "Overdue: the follow-up was due" in urgent and "Follow up by" in urgent
    assert (
        page.index('id="urgent"')
        < page.index('id="today-visits"')
        < page.index('id="waiting-requests"')
        < page.index('id="attention"')
    )
    assert "Sam's 23.0 km run" in section(page, "attention") and "Sam's 23.0 km run" not in urgent
    # each urgent item names its runner and links to their record
    assert reverse("accounts:runner_detail", args=[world.runner.pk]) in urgent and "Mae Mate" in urgent


def test_each_urgent_item_carries_its_one_click_action(world):
    same_day = screening(world.runner, "15_rf01_groin_night_pain.json")
    alert = crisis(world.runner, "Sam pressed help")
    flare = raise_alert(runner=world.runner, kind="flare_up", title="Flare-up: Wall sit")
    urgent = section(login(world.therapist).get(reverse("home")).content.decode(), "urgent")
    assert f'action="{reverse("inbox:acknowledge", args=[alert.pk])}"' in urgent
    assert f'action="{reverse("screening:clear", args=[same_day.pk])}"' in urgent and "Review and clear" in urgent
    assert f'action="{reverse("inbox:mark_read", args=[flare.pk])}"' in urgent


def test_a_crisis_follow_up_recorded_from_the_caseload_returns_there(world):
    alert = crisis(world.runner, "Sam pressed help", overdue=True)
    client = login(world.therapist)
    url = reverse("inbox:acknowledge", args=[alert.pk])
    response = client.post(url, {"response": "", "next": "/"})
    alert.refresh_from_db()
    assert response["Location"] == "/" and alert.acknowledged_at is None
    response = client.post(url, {"response": "Called at 14:10, safe, seen tomorrow.", "next": "/"})
    alert.refresh_from_db()
    assert response["Location"] == "/" and alert.acknowledged_by == world.therapist and alert.read_at is not None
    login(world.therapist2).post(url, {"response": "Second try", "next": "/"})
    alert.refresh_from_db()
    assert alert.response == "Called at 14:10, safe, seen tomorrow."  # the first record stands
    assert f'data-alert="{alert.pk}"' not in section(client.get("/").content.decode(), "urgent")


def test_a_next_outside_the_site_is_ignored(world):
    alert = crisis(world.runner, "Sam pressed help")
    response = login(world.therapist).post(
        reverse("inbox:acknowledge", args=[alert.pk]), {"response": "Called", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("inbox:inbox")


def test_overdue_outcome_measures_and_unwritten_visit_notes_are_overdue_follow_ups(world):
    from stridecare.booking.models import Visit
    from stridecare.programs import actions

    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    program.started = timezone.localdate() - dt.timedelta(days=10)  # baseline due 10 days ago, 3-day window: overdue
    program.save()
    start = timezone.now() - dt.timedelta(days=2)
    Visit.objects.create(
        clinic=world.clinic,
        therapist=world.therapist,
        runner=world.runner,
        name="Sam Rivera",
        email="s@r.test",
        visit_type="clinic",
        start=start,
        end=start + dt.timedelta(minutes=45),
    )
    urgent = section(login(world.therapist).get(reverse("home")).content.decode(), "urgent")
    assert "Overdue follow-ups" in urgent
    assert (
        "Sam's Lower Extremity Functional Scale has been due since" in urgent and "Anterior Knee Pain Scale" in urgent
    )
    assert "has no note yet" in urgent and "Write the note" in urgent
    assert "Numeric Pain Rating Scale" not in urgent  # due at every session: never overdue


def test_empty_states_say_so_plainly(world):
    page = login(world.therapist).get(reverse("home")).content.decode()
    assert 'id="urgent-empty"' in page and "Nothing urgent." in page
    assert 'id="attention-empty"' in page and "No visits today." in page and "No request is waiting." in page


def test_other_clinics_items_never_reach_the_caseload(world):
    crisis(world.other_runner, "Olga pressed help")
    screening(world.other_runner, "15_rf01_groin_night_pain.json")
    page = login(world.therapist).get(reverse("home")).content.decode()
    assert "Olga" not in page and "Nothing urgent." in page
    assert "Olga" in login(world.other_therapist).get(reverse("home")).content.decode()


# ---- what counts as urgent, and the Inbox badge ---------------------------------------------------


def test_the_urgent_count_follows_what_still_needs_a_person(world):
    crisis_alert = crisis(world.runner, "Sam pressed help")
    flare = raise_alert(runner=world.runner, kind="flare_up", title="Flare-up: Wall sit")
    screening(world.runner, "15_rf01_groin_night_pain.json")  # same day: urgent
    screening(world.clinic_mate, "08_tibial_bsi_low_risk.json")  # soon: in the inbox, not urgent
    raise_alert(runner=world.runner, kind="wellbeing", title="Positive well-being screen")
    crisis(world.other_runner, "elsewhere")
    urgent = Alert.objects.filter(clinic_id=world.clinic.pk).urgent()
    assert urgent.count() == 3
    Alert.objects.filter(pk=crisis_alert.pk).update(read_at=timezone.now())
    assert urgent.count() == 3  # a crisis alert stays urgent until its follow-up is recorded
    Alert.objects.filter(pk=flare.pk).update(read_at=timezone.now())
    Alert.objects.filter(pk=crisis_alert.pk).update(acknowledged_at=timezone.now())
    assert urgent.count() == 1


def _badge(page: str) -> str | None:
    match = re.search(r'<span class="badge red" id="inbox-urgent-count">(\d+)</span>', page)
    return match.group(1) if match else None


def test_every_staff_page_shows_the_urgent_count_beside_the_inbox_link(world):
    crisis(world.runner, "Sam pressed help")
    raise_alert(runner=world.runner, kind="flare_up", title="Flare-up: Wall sit")
    client = login(world.therapist)
    for url in (
        reverse("home"),
        reverse("accounts:runners"),
        reverse("accounts:profile"),
        reverse("booking:queue"),
        reverse("training:needs_attention"),
        reverse("screening:rules"),
    ):
        assert _badge(client.get(url).content.decode()) == "2", url
    assert 'aria-label="Inbox, 2 urgent unread"' in client.get(reverse("accounts:profile")).content.decode()


def test_the_badge_costs_one_query_and_is_absent_without_urgent_alerts(world):
    client = login(world.therapist)
    assert _badge(client.get(reverse("accounts:profile")).content.decode()) is None
    crisis(world.runner, "Sam pressed help")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("accounts:profile")).content.decode()
    assert _badge(page) == "1"
    assert len([q for q in queries.captured_queries if "inbox_alert" in q["sql"]]) == 1


def test_runners_visitors_and_admins_get_no_count(world):
    crisis(world.runner, "Sam pressed help")
    for user in (world.runner, world.admin):
        with CaptureQueriesContext(connection) as queries:
            page = login(user).get(reverse("accounts:profile")).content.decode()
        assert _badge(page) is None and "inbox_urgent" not in page, user.email
        assert not [q for q in queries.captured_queries if "inbox_alert" in q["sql"]], user.email
    assert _badge(Client().get(reverse("login")).content.decode()) is None


def test_the_load_finding_is_written_for_the_therapist_on_the_caseload(world):
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)):
        spike(world.runner, dt.date(2026, 11, 22))
        attention = section(login(world.therapist).get(reverse("home")).content.decode(), "attention")
    assert (
        "Sam's 23.0 km run on Sun 22 Nov was 41% longer than the longest run of the 30 days before it (16.3 km)."
        in attention
    )
    assert "Your 23.0 km" not in attention
