"""Watch running dynamics per run, as trends, and the sustained-asymmetry finding (6.4 gct_asymmetry_pct)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from stridecare.gaitlab.dynamics import asymmetry_pct, balance_finding, running_activities
from stridecare.training.models import Activity
from tests.conftest import ACTIVITIES
from tests.gaitlab.conftest import runner_client

START = timezone.make_aware(dt.datetime(2026, 10, 1, 7, 0))


def run(runner, day: int, balance: float | None, gct: float = 250.0, sport: str = "running") -> Activity:
    return Activity.objects.create(
        runner=runner,
        sport=sport,
        start_utc=START + dt.timedelta(days=day),
        distance_m=8000,
        moving_time_s=2700,
        elapsed_time_s=2800,
        fingerprint=f"run:{day}:{sport}",
        avg_gct_ms=gct,
        avg_gct_balance_left_pct=balance,
        avg_vertical_oscillation_cm=8.4,
        avg_vertical_ratio_pct=7.9,
        avg_cadence_spm=168,
        avg_step_length_m=1.06,
    )


def test_asymmetry_from_balance_matches_the_reference_formula():
    # balance 48% left: L = 48, R = 52 -> |48 - 52| / 50 x 100 = 8%
    assert asymmetry_pct(48.0) == pytest.approx(8.0)
    assert asymmetry_pct(51.25) == pytest.approx(5.0)  # the amber edge: 51.25 / 48.75 -> 2.5 / 50 = 5%
    assert asymmetry_pct(50.0) == 0.0


def test_three_asymmetric_runs_to_the_same_side_make_a_finding(world):
    for day, balance in enumerate((50.1, 48.0, 48.4, 47.9)):  # the last three: 8.0, 6.4, 8.4% -> amber (none >= 10%)
        run(world.runner, day, balance)
    finding = balance_finding(running_activities(world.runner))
    assert finding is not None and finding.severity == "amber" and finding.longer_side == "right" and finding.runs == 3
    assert finding.mean_asymmetry_pct == pytest.approx((8.0 + 6.4 + 8.4) / 3)


def test_no_finding_when_the_side_changes_or_a_run_is_balanced(world):
    for day, balance in enumerate((52.0, 48.0, 47.0)):  # 8% left-long, then right-long twice: not sustained to one side
        run(world.runner, day, balance)
    assert balance_finding(running_activities(world.runner)) is None
    run(world.runner, 5, 50.5)  # 2% asymmetry: below the 5% amber line
    run(world.runner, 6, 47.0)
    assert balance_finding(running_activities(world.runner)) is None


def test_red_when_every_run_is_at_least_ten_percent(world, settings):
    settings.GAIT_BALANCE_MIN_RUNS = 2
    run(world.runner, 0, 52.5)  # |210 - 200| = 10%
    run(world.runner, 1, 53.0)  # 12%
    finding = balance_finding(running_activities(world.runner))
    assert finding.severity == "red" and finding.longer_side == "left" and finding.runs == 2


def test_dynamics_page_shows_runs_trends_and_the_finding(world):
    for day, balance in enumerate((48.0, 48.2, 47.6)):
        run(world.runner, day, balance, gct=240.0 + day)
    run(world.runner, 3, None, sport="cycling")  # not a run: left out
    Activity.objects.create(
        runner=world.runner,
        sport="running",
        start_utc=START,
        moving_time_s=100,
        elapsed_time_s=100,
        fingerprint="plain",
    )
    body = runner_client(world.runner).get(reverse("gaitlab:dynamics")).content.decode()
    assert body.count("<tr><td>") == 3  # three runs with dynamics; the plain run and the ride are not listed
    assert 'id="balance-finding"' in body and "your right foot stayed on the ground longer" in body
    assert (
        "at least 5% longer" in body
        and "REFERENCE.md" not in body
        and "gct_asymmetry_pct" not in body
        and "[H]" not in body
    )
    assert (
        'aria-label="Ground contact time (ms) per run"' in body
        and 'aria-label="Contact-time balance (left share) (% left) per run"' in body
    )
    therapist = runner_client(world.therapist).get(reverse("gaitlab:staff_dynamics", args=[world.runner.pk]))
    staff = therapist.content.decode()
    assert therapist.status_code == 200 and 'id="balance-finding"' in staff
    assert (
        "REFERENCE.md 6.4 gct_asymmetry_pct" in staff and "clinic default [H]" in staff
    )  # the therapist keeps the rule and source


def test_dynamics_page_without_data_says_so(world):
    body = runner_client(world.runner).get(reverse("gaitlab:dynamics")).content.decode()
    assert "No runs with running dynamics yet" in body and "balance-finding" not in body


def test_real_watch_files_with_running_dynamics(world):
    """Three shared FIT runs through the training importer (MANIFEST: COROS and two Garmin fenix)."""

    from stridecare.core.io import read_activity
    from stridecare.training.imports import save_activities

    data = ACTIVITIES
    files = (
        "sports-lib__6916663933.fit",
        "fitparse__garmin-fenix-5-run.fit",
        "fitparse__activity-small-fenix2-run.fit",
    )
    save_activities(world.runner, [read_activity(data / name) for name in files], None)
    body = runner_client(world.runner).get(reverse("gaitlab:dynamics")).content.decode()
    table = body[body.index('id="dynamics-table"') :]
    assert table.count("<tr><td>") == 3
    # COROS 14 Mar 2020: balance 49.3% left -> |4 x 49.3 - 200| = 2.8%; fenix 5, 11 Jun 2017: 52.39% (shown 52.4) -> 9.56% -> "9.6".
    assert "<td>14 Mar 2020</td><td>206</td><td>49.3</td>" in table and "<td>2.8</td>" in table
    assert "<td>11 Jun 2017</td><td>270</td><td>52.4</td>" in table and "<td>9.6</td>" in table
    assert 'id="balance-finding"' not in body  # one balanced run, one left-long: not sustained
    assert body.count("<svg") >= 5  # a trend per channel with at least two values
