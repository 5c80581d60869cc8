"""The clinic's needs-attention page: every runner, the most pressing item first, red flags and crisis
alerts included, load findings written for the therapist with the runner's name."""

from __future__ import annotations

import datetime as dt
import html

import time_machine
from django.urls import reverse

from stridecare.programs import actions
from stridecare.programs.models import ExerciseLog
from tests.inbox.test_caseload import crisis, login, screening, spike


def page_of(world) -> str:
    return html.unescape(login(world.therapist).get(reverse("training:needs_attention")).content.decode())


def test_the_load_finding_reads_as_a_sentence_about_the_runner(world):
    with time_machine.travel(dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)):
        spike(world.runner, dt.date(2026, 11, 22))
        page = page_of(world)
    assert (
        "Sam's 23.0 km run on Sun 22 Nov was 41% longer than the longest run of the 30 days before it (16.3 km)."
        in page
    )
    assert "Your 23.0 km" not in page and 'data-code="LF-01"' in page


def test_red_flags_and_crisis_alerts_come_before_load(world):
    spike(world.clinic_mate, dt.date.today())
    soon = screening(world.runner, "08_tibial_bsi_low_risk.json")  # a soon red flag: attention, not urgent
    page = page_of(world)
    assert page.index("Sam Rivera") < page.index("Mae Mate")
    assert (
        f'data-screening="{soon.pk}"' in page and "Red flags: suspected bone stress injury (any site) (RF-03)." in page
    )
    alert = crisis(world.clinic_mate, "Mae pressed help")
    page = page_of(world)
    assert page.index("Mae Mate") < page.index("Sam Rivera")
    assert f'data-alert="{alert.pk}"' in page and f'action="{reverse("inbox:acknowledge", args=[alert.pk])}"' in page


def test_a_runner_with_nothing_flagged_says_so_and_comes_last(world):
    spike(world.runner, dt.date.today())
    page = page_of(world)
    assert page.index("Sam Rivera") < page.index("Mae Mate")
    mae = page[page.index(f'id="runner-{world.clinic_mate.pk}"') :]
    assert "Nothing flagged." in mae[: mae.index("</article>")]


def test_adherence_and_pain_are_included(world):
    from stridecare.outcomes.models import CheckIn

    today = dt.date.today()
    program = actions.start_program(world.runner, world.therapist, "pfp", "P1", (0, 2, 4))
    program.started = today - dt.timedelta(days=today.weekday() + 14)  # two weeks before this Monday
    program.save()
    CheckIn.objects.create(
        runner=world.clinic_mate,
        completed_on=today,
        mood=3,
        stress=3,
        sleep=3,
        motivation=3,
        phq2_items=[0, 0],
        gad2_items=[0, 0],
        phq2_score=0,
        gad2_score=0,
        trend="worse",
    )
    page = page_of(world)
    monday = today - dt.timedelta(days=today.weekday() + 7)
    assert f"Sam logged none of the 3 exercise sessions planned in the week of {monday.day} {monday:%b}." in page
    assert "Mae said the problem is getting worse in the check-in of" in page
    # a session logged last week takes Sam off the list
    ExerciseLog.objects.create(
        prescribed=program.exercises.first(), performed_on=monday + dt.timedelta(days=2), pain_during=1
    )
    assert "Sam logged none" not in page_of(world)


def test_other_clinics_runners_are_not_listed(world):
    crisis(world.other_runner, "Olga pressed help")
    page = page_of(world)
    assert "Olga" not in page and "Sam Rivera" in page
