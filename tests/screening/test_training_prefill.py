"""The training_changes step proposes changes from the runner's imported runs: ticked, readable,
and the runner can untick them."""

import datetime as dt
import json
import pathlib

from django.urls import reverse
from django.utils import timezone

from stridecare.core.screening import load_rules, next_questions
from stridecare.training.models import Activity

VIGNETTES = pathlib.Path(__file__).resolve().parents[1] / "core" / "screening" / "vignettes"


def _seed_runs(runner, pain_start: dt.datetime) -> None:
    # Runs of 8 km every week before the pain, then a 12 km run 3 days before it:
    # 12 km > 1.10 x 8 km (longest of the 30 days before) -> a session spike (5.3) -> "more_distance".
    for i, days_before in enumerate((24, 17, 10, 3)):
        Activity.objects.create(
            runner=runner,
            sport="running",
            start_utc=pain_start - dt.timedelta(days=days_before),
            distance_m=12000.0 if days_before == 3 else 8000.0,
            moving_time_s=3000,
            elapsed_time_s=3100,
            fingerprint=f"run:{i}",
        )


def _open_training_step(client, runner):
    answers = json.loads((VIGNETTES / "03_itbs.json").read_text())
    for name in ("training_changes", "weeks_guided_rehab"):
        answers.pop(name)
    answers["duration_days"] = 10
    # Every other pending question counts as skipped ("not sure"), so the training step comes next.
    skipped = [q.id for q in next_questions(answers, load_rules()) if q.group != "training"]
    session = client.session
    session["screening"] = {"answers": answers, "skipped": skipped}
    session.save()
    response = client.get(reverse("screening:question"))
    assert "training_changes" in response.context["form"].fields
    return response


def test_suggested_training_change_is_pre_ticked_with_a_readable_label(world, client):
    client.force_login(world.runner)
    _seed_runs(world.runner, timezone.now() - dt.timedelta(days=10))
    page = _open_training_step(client, world.runner).content.decode()
    assert 'id="training-suggestions"' in page and "More distance:" in page and "Moredistance" not in page
    assert "[V:R01]" in page
    box = page[page.index('value="more_distance"') - 200 : page.index('value="more_distance"') + 60]
    assert "checked" in box
    other = page[page.index('value="more_hills"') - 200 : page.index('value="more_hills"') + 60]
    assert "checked" not in other


def test_the_runner_can_untick_the_suggestion(world, client):
    client.force_login(world.runner)
    _seed_runs(world.runner, timezone.now() - dt.timedelta(days=10))
    response = _open_training_step(client, world.runner)
    data = {name: "" for name in response.context["form"].fields if name != "training_changes"}
    data["weeks_guided_rehab"] = "0"
    client.post(reverse("screening:question"), data)
    assert client.session["screening"]["answers"]["training_changes"] == []


def test_without_imported_runs_nothing_is_ticked(world, client):
    client.force_login(world.runner)
    page = _open_training_step(client, world.runner).content.decode()
    assert 'id="training-suggestions"' not in page
    box = page[page.index('value="more_distance"') - 200 : page.index('value="more_distance"') + 60]
    assert "checked" not in box
