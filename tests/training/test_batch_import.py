"""Batch import (CLI), the per-file web job with one debounced load refresh per runner, findings and
shoe distances in the runner's unit."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from stridecare.jobs.models import Job
from stridecare.jobs.runner import execute_job
from stridecare.training import imports
from stridecare.training.forms import ShoeForm
from stridecare.training.models import Activity, ActivityFile, LoadFinding, Shoe, WeekTotal
from tests.conftest import ACTIVITIES

DATA = ACTIVITIES
GOOD_A = "sports-lib__6914538454.fit"
GOOD_B = "sports-lib__2067489619.fit"


def count_refreshes(monkeypatch) -> list:
    """Record each call of the real refresh_load (it still runs)."""
    calls, real = [], imports.refresh_load

    def spy(runner, today=None):
        calls.append(runner.pk)
        real(runner, today)

    monkeypatch.setattr(imports, "refresh_load", spy)
    return calls


@pytest.mark.django_db
def test_a_batch_saves_each_file_on_its_own_and_refreshes_the_load_once(world, tmp_path, monkeypatch):
    bad = tmp_path / "broken.fit"
    bad.write_bytes(b"this is not a fit file at all" * 10)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    calls = count_refreshes(monkeypatch)
    outcomes = imports.import_paths(
        world.runner, [DATA / GOOD_A, bad, DATA / GOOD_B, DATA / GOOD_A, notes], processes=2
    )
    by_name = {}
    for o in outcomes:
        by_name.setdefault(o.name, []).append(o)
    assert [(o.status, o.created) for o in by_name[GOOD_A]] == [("imported", 1), ("duplicate", 0)]
    assert [(o.status, o.created) for o in by_name[GOOD_B]] == [("imported", 1)]
    assert by_name["broken.fit"][0].status == "failed" and by_name["broken.fit"][0].error.startswith("broken.fit:")
    assert by_name["notes.txt"][0].status == "refused" and by_name["notes.txt"][0].file_id is None
    assert Activity.objects.filter(runner=world.runner).count() == 2
    assert sorted(ActivityFile.objects.values_list("status", flat=True)) == [
        "duplicate",
        "failed",
        "imported",
        "imported",
    ]
    # the samples were packed in the workers and stored with the summary
    assert all(len(a.samples()["elapsed_s"]) > 100 for a in Activity.objects.filter(runner=world.runner))
    assert calls == [world.runner.pk]  # one refresh for the batch of five files
    assert WeekTotal.objects.filter(runner=world.runner).exists()


@pytest.mark.django_db
def test_a_batch_in_one_process_gives_the_same_result(world):
    outcomes = imports.import_paths(world.runner, [DATA / GOOD_A, DATA / GOOD_B], processes=1)
    assert [(o.name, o.status) for o in outcomes] == [(GOOD_A, "imported"), (GOOD_B, "imported")]
    assert Activity.objects.filter(runner=world.runner).count() == 2


@pytest.mark.django_db
def test_the_import_command_refreshes_once_for_many_files(world, monkeypatch, capsys):
    from stridecare.cli import main

    calls = count_refreshes(monkeypatch)
    assert main(["import", str(DATA / GOOD_A), str(DATA / GOOD_B), "--runner", "sam@runner.test"]) == 0
    out = capsys.readouterr().out
    assert f"{GOOD_A}: 1 imported" in out and f"{GOOD_B}: 1 imported" in out
    assert calls == [world.runner.pk]


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_web_uploads_queue_one_load_refresh_per_runner(world, client):
    client.force_login(world.runner)
    file_ids = [
        client.post(reverse("training:upload"), {"file": SimpleUploadedFile(n, (DATA / n).read_bytes())}).json()[
            "file_id"
        ]
        for n in (GOOD_A, GOOD_B)
    ]
    file_ids.append(
        client.post(reverse("training:upload"), {"file": SimpleUploadedFile("bad.fit", b"not a fit file" * 20)}).json()[
            "file_id"
        ]
    )
    # the database queue holds the jobs: run the three imports as a worker would
    for job in Job.objects.filter(kind="import_activity_file").order_by("pk"):
        execute_job(job.pk)
    assert sorted(ActivityFile.objects.filter(pk__in=file_ids).values_list("status", flat=True)) == [
        "failed",
        "imported",
        "imported",
    ]
    refreshes = Job.objects.filter(kind="refresh_load", owner=world.runner)
    assert [j.status for j in refreshes] == ["queued"]  # two imported files, one waiting refresh
    assert not WeekTotal.objects.filter(runner=world.runner).exists()  # not refreshed per file
    execute_job(refreshes[0].pk)
    assert Job.objects.get(pk=refreshes[0].pk).status == "done"
    weeks = WeekTotal.objects.filter(runner=world.runner)
    assert sum(w.runs for w in weeks) == 2


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_running_refresh_does_not_stop_a_new_one_being_queued(world):
    Job.objects.create(
        kind="refresh_load", owner=world.runner, payload={"runner_id": world.runner.pk}, status=Job.Status.RUNNING
    )
    first = imports.schedule_refresh(world.runner)
    assert first is not None and first.status == "queued"
    assert imports.schedule_refresh(world.runner) is None  # one already waits
    assert imports.schedule_refresh(world.other_runner) is not None  # per runner
    assert Job.objects.filter(kind="refresh_load", status="queued").count() == 2


def add_run(runner, day, km):
    start = dt.datetime.combine(day, dt.time(7), tzinfo=dt.UTC)
    return Activity.objects.create(
        runner=runner,
        sport="running",
        start_utc=start,
        distance_m=km * 1000,
        moving_time_s=km * 330,
        elapsed_time_s=km * 340,
        fingerprint=f"run:{start:%Y%m%dT%H%M}",
    )


@pytest.mark.django_db
def test_findings_are_written_in_the_runners_unit(world):
    world.runner.units = "mi"
    world.runner.save()
    monday = dt.date(2025, 1, 6)
    for week in range(5):
        for offset, km in ((0, 5), (2, 5), (5, 8)):
            add_run(world.runner, monday + dt.timedelta(weeks=week, days=offset), km)
    add_run(world.runner, monday + dt.timedelta(weeks=5), 12)
    imports.refresh_load(world.runner, today=monday + dt.timedelta(weeks=5, days=1))
    spike = LoadFinding.objects.get(runner=world.runner, code="LF-01")
    # 12 km = 7.456 mi -> "7.5 mi"; longest of the 30 days before, 8 km = 4.971 mi -> "5.0 mi";
    # guard 8 km x 1.1 = 8.8 km = 5.468 mi -> "5.5 mi"
    assert "Your 7.5 mi run" in spike.message and "(5.0 mi)" in spike.message and "up to 5.5 mi" in spike.message
    assert " km" not in spike.message


def test_the_shoe_form_asks_and_converts_miles():
    form = ShoeForm(
        data={
            "name": "Daily",
            "model": "Trainer 3",
            "is_default": "on",
            "start_distance_mi": "100",
            "retire_at_mi": "400",
        },
        units="mi",
    )
    assert form.is_valid(), form.errors
    assert form.fields["start_distance_mi"].label == "Distance already run in them (miles)"
    assert form.fields["retire_at_mi"].label == "Replace at (miles)"
    assert form.fields["retire_at_mi"].initial == 435  # 700 km / 1.609344 = 434.96 mi
    shoe = form.save(commit=False)
    # 100 mi x 1,609.344 m = 160,934.4 m; 400 mi = 643,737.6 m
    assert shoe.start_distance_m == pytest.approx(160_934.4)
    assert shoe.retire_at_m == pytest.approx(643_737.6)


def test_the_shoe_form_refuses_a_limit_below_50_km_in_miles():
    # 50 km = 31.07 mi, rounded to a 31 mi minimum: 30 mi is refused
    form = ShoeForm(data={"name": "Daily", "model": "", "start_distance_mi": "0", "retire_at_mi": "30"}, units="mi")
    assert not form.is_valid() and "retire_at_mi" in form.errors


def test_the_shoe_form_shows_a_stored_shoe_in_miles_and_keeps_km_by_default():
    shoe = Shoe(name="Old", start_distance_m=80_467.2, retire_at_m=804_672.0)
    shoe.pk = 7  # an existing pair: its stored metres become the initial values
    form = ShoeForm(instance=shoe, units="mi")
    # 80,467.2 m / 1,609.344 = 50.0 mi; 804,672 m = 500.0 mi
    assert (form.initial["start_distance_mi"], form.initial["retire_at_mi"]) == (50.0, 500.0)
    km_form = ShoeForm(instance=shoe)
    assert (km_form.initial["start_distance_km"], km_form.initial["retire_at_km"]) == (80.5, 804.7)
    assert km_form.fields["retire_at_km"].label == "Replace at (km)" and km_form.fields["retire_at_km"].initial == 700
    with pytest.raises(ValueError, match="units must be 'km' or 'mi'"):
        ShoeForm(units="yd")
