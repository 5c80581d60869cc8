"""The home page: a landing page for visitors; for a runner, cards that each link somewhere: this
week's distance, the latest finding, today's exercises, the next visit, the return-to-running step."""

import datetime as dt
import re

import time_machine
from django.urls import reverse

from stridecare.booking.models import Visit
from stridecare.programs import actions
from stridecare.programs.models import ExerciseLog
from stridecare.training.imports import refresh_load
from tests.training.helpers import add_activity
from tests.training.test_dashboard import NOW, screening

CODES = re.compile(r"\b(?:RF|LF|RTR|EX)-?\d{2}\b|\[[VKH](?::[^\]]*)?\]|REFERENCE|\b[a-z]+_[a-z_]+\b")


def visible_text(html: str) -> str:
    body = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"<[^>]+>", " ", body)


def home(client, user):
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return client.get(reverse("home")).content.decode()


def test_a_visitor_gets_the_landing_page_with_its_ways_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    for link in ("booking:clinics", "login", "accounts:signup", "inbox:help_now"):
        assert f'href="{reverse(link)}"' in body, link
    for words in (
        "Request a visit",
        "Log in",
        "Sign up",
        "Need help now",
        "For runners",
        "For clinics",
        "not a diagnosis",
    ):
        assert words in body, words
    assert not CODES.search(visible_text(body)), CODES.search(visible_text(body))


def test_staff_keep_their_homes(world, client):
    client.force_login(world.therapist)
    assert "For runners" not in client.get(reverse("home")).content.decode()
    client.force_login(world.admin)
    assert client.get(reverse("home"))["Location"] == reverse("accounts:staff")


def test_a_runner_without_runs_is_asked_to_import_their_watch_files(world, client):
    body = home(client, world.runner)
    assert "Import your watch files" in body and f'href="{reverse("training:upload")}"' in body
    assert "No exercise program yet" in body and "No visit booked" in body and "For runners" not in body


def test_this_week_against_last_week_and_the_four_week_average(world, client):
    with time_machine.travel(NOW, tick=False):
        add_activity(world.runner, dt.datetime(2026, 6, 8, 7, tzinfo=dt.UTC), 6000, 1800)  # this week (from Mon 8 Jun)
        add_activity(world.runner, dt.datetime(2026, 6, 2, 7, tzinfo=dt.UTC), 10_000, 3000)  # last week
        add_activity(world.runner, dt.datetime(2026, 5, 26, 7, tzinfo=dt.UTC), 20_000, 6000)
        add_activity(
            world.runner, dt.datetime(2026, 5, 12, 7, tzinfo=dt.UTC), 30_000, 9000
        )  # (the week of 18 May had none)
        add_activity(
            world.runner, dt.datetime(2026, 5, 5, 7, tzinfo=dt.UTC), 99_000, 30000
        )  # five weeks back: not in the average
        add_activity(
            world.runner, dt.datetime(2026, 6, 9, 7, tzinfo=dt.UTC), 40_000, 7200, sport="cycling"
        )  # a ride: not running
        refresh_load(world.runner)
    body = home(client, world.runner)
    assert "<strong>6.0 km</strong> so far" in body and "Last week: <strong>10.0 km</strong>" in body
    assert "4-week average: <strong>15.0 km</strong>" in body  # (10 + 20 + 0 + 30) / 4
    assert f'class="card-link" href="{reverse("training:dashboard")}"' in body


def test_early_history_averages_the_weeks_there_are(world, client):
    with time_machine.travel(NOW, tick=False):
        add_activity(world.runner, dt.datetime(2026, 6, 2, 7, tzinfo=dt.UTC), 10_000, 3000)
        refresh_load(world.runner)
    body = home(client, world.runner)
    assert "<strong>0.0 km</strong> so far" in body and "Average of the last 1 week: <strong>10.0 km</strong>" in body


def test_the_latest_finding_in_one_sentence(world, client):
    with time_machine.travel(NOW, tick=False):
        for day in range(2, 42, 3):
            add_activity(world.runner, NOW - dt.timedelta(days=44 - day), 5000, 1500)
        add_activity(world.runner, dt.datetime(2026, 6, 8, 7, tzinfo=dt.UTC), 12_000, 3600)
        refresh_load(world.runner)
    finding = world.runner.load_findings.filter(code="LF-01").first()
    body = home(client, world.runner)
    assert finding.headline in body and finding.headline.endswith(").") and "Build up step by step" not in body
    assert finding.message.startswith(finding.headline) and len(finding.headline) < len(finding.message)


def test_todays_exercises_done_and_not_done_and_paused_by_a_red_flag(world, client):
    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 1, 2, 3, 4, 5, 6))
    first, second = list(program.exercises.all())[:2]
    ExerciseLog.objects.create(prescribed=first, performed_on=dt.date(2026, 6, 10), pain_during=1)
    body = home(client, world.runner)
    card = body.split('id="card-exercises"', 1)[1].split("</article>", 1)[0]
    assert f'{first.exercise.name} <span class="badge confirmed">done</span>' in card
    assert f'{second.exercise.name} <span class="badge">not done yet</span>' in card
    assert reverse("programs:today") in card
    screening(world.runner, "16_rf01_cannot_bear_weight.json")
    body = home(client, world.runner)
    assert "Hold running until a clinician clears you" in body and "paused" in body.split('id="card-exercises"', 1)[1]


def test_the_next_visit_and_the_return_to_running_step(world, client):
    start = NOW + dt.timedelta(days=2)
    Visit.objects.create(
        clinic=world.clinic,
        therapist=world.therapist,
        runner=world.runner,
        name="Sam",
        email="sam@runner.test",
        visit_type="clinic",
        start=start,
        end=start + dt.timedelta(minutes=45),
    )
    Visit.objects.create(
        clinic=world.clinic,
        therapist=world.therapist2,
        runner=world.runner,
        name="Sam",
        email="sam@runner.test",
        visit_type="clinic",
        start=start + dt.timedelta(days=7),
        end=start + dt.timedelta(days=7, minutes=45),
    )
    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    program.walk_run_started_on = dt.date(2026, 6, 10)
    program.save()
    body = home(client, world.runner)
    visit = body.split('id="card-visit"', 1)[1].split("</article>", 1)[0]
    assert "Friday 12 June" in visit and "Priya Shah" in visit and "Tom Becker" not in visit
    rtr = body.split('id="card-rtr"', 1)[1].split("</article>", 1)[0]
    assert "Step 1 of 8" in rtr and "(run 1 min + walk 4 min) x 5" in rtr and "Planned today" in rtr
    assert reverse("programs:my_rtr") in rtr


def test_a_runner_sees_only_their_own_cards(world, client):
    with time_machine.travel(NOW, tick=False):
        add_activity(world.runner, dt.datetime(2026, 6, 8, 7, tzinfo=dt.UTC), 6000, 1800)
        refresh_load(world.runner)
    screening(world.runner, "16_rf01_cannot_bear_weight.json")
    body = home(client, world.other_runner)
    assert "6.0 km" not in body and "Hold running" not in body and "Import your watch files" in body


def test_runner_home_shows_no_codes(world, client):
    with time_machine.travel(NOW, tick=False):
        for day in range(2, 42, 3):
            add_activity(world.runner, NOW - dt.timedelta(days=44 - day), 5000, 1500)
        add_activity(world.runner, dt.datetime(2026, 6, 8, 7, tzinfo=dt.UTC), 12_000, 3600)
        refresh_load(world.runner)
    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 1, 2, 3, 4, 5, 6))
    program.walk_run_started_on = dt.date(2026, 6, 10)
    program.save()
    screening(world.runner, "15_rf01_groin_night_pain.json")
    text = visible_text(home(client, world.runner))
    assert not CODES.search(text), CODES.search(text)
