"""The "top quartile of clinic data" arm of the 6.4 heel-ahead flag on the report page: each of the
clinic's runners counts once (their latest confident value); other clinics and low-confidence
values do not count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.gaitlab.conftest import runner_client
from tests.gaitlab.helpers import heel_ahead_report as _report
from tests.gaitlab.helpers import make_analysis


def _clinic_runners(world, count: int) -> list:
    from stridecare.accounts.models import User

    return [
        User.objects.create_user(
            f"r{i}@runner.test", "x" * 12, full_name=f"Runner {i}", clinic=world.clinic, role="runner"
        )
        for i in range(count)
    ]


QUARTILE_TEXT = "in the top quarter of the clinic"


@pytest.mark.django_db
def test_a_runner_in_the_clinics_top_quartile_is_flagged(world):
    # Sam 0.30 and seven clinic runners 0.10..0.16 (each with an older, higher value that no longer
    # counts): 8 runners, upper quartile 0.15 + 0.25 x 0.01 = 0.1525 (0.30 included), so 0.30 is in the top quarter
    for i, runner in enumerate(_clinic_runners(world, 7)):
        make_analysis(runner, report=_report(0.50))
        make_analysis(runner, report=_report(0.10 + i / 100))
    make_analysis(world.other_runner, report=_report(0.90))  # another clinic: not counted
    item = make_analysis(world.runner, report=_report(0.30))
    body = runner_client(world.runner).get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert QUARTILE_TEXT in body and "8 runners" in body and "upper quartile 0.15" in body


@pytest.mark.django_db
def test_low_confidence_values_and_too_few_runners_give_no_quartile_flag(world):
    runners = _clinic_runners(world, 7)
    for i, runner in enumerate(runners[:6]):
        make_analysis(runner, report=_report(0.10 + i / 100))
    make_analysis(runners[6], report=_report(0.12, confidence="low"))  # not a confident value
    item = make_analysis(world.runner, report=_report(0.30))
    body = runner_client(world.runner).get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert QUARTILE_TEXT not in body  # 7 runners with a confident value: fewer than 8
    make_analysis(runners[6], report=_report(0.12))  # now confident: 8 runners
    body = runner_client(world.runner).get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert QUARTILE_TEXT in body


@pytest.mark.django_db
def test_a_low_confidence_value_of_the_runner_is_never_flagged(world):
    for i, runner in enumerate(_clinic_runners(world, 8)):
        make_analysis(runner, report=_report(0.10 + i / 100))
    item = make_analysis(world.runner, report=_report(0.60, confidence="low"))
    body = runner_client(world.runner).get(reverse("gaitlab:report", args=[item.pk])).content.decode()
    assert QUARTILE_TEXT not in body
