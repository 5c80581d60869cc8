"""Costs that do not grow with history: the run list and the dashboard never read the chart samples,
the run list's order is served by an index, and the move of stored samples to their own table keeps
every byte."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stridecare.training.models import Activity, ActivitySamples
from tests.training.helpers import add_activity
from tests.training.test_import import DATA

START = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)
LIST_PAGES = ("training:activities", "training:dashboard")


def _runs_with_samples(runner, n):
    for i in range(n):
        run = add_activity(runner, START + dt.timedelta(days=i), 5000 + i, 1500)
        ActivitySamples.objects.create(activity=run, npz=b"x" * 18_000)


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_pages_never_read_the_samples_table(world, client, name):
    _runs_with_samples(world.runner, 12)
    client.force_login(world.runner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(name)).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "activitysamples" not in sql and "npz" not in sql


def test_the_run_detail_reads_its_own_samples(world, client):
    from stridecare.training.imports import parse_file, save_activities, store_path

    path = DATA / "sports-lib__2067489619.fit"
    parsed = parse_file(store_path(world.runner, path).file.name, path.name)  # read from the storage
    save_activities(world.runner, parsed.activities, None, parsed.samples_npz)
    run = Activity.objects.get(runner=world.runner)
    assert len(run.samples()["elapsed_s"]) > 100
    client.force_login(world.runner)
    assert "<svg" in client.get(reverse("training:activity", args=[run.pk])).content.decode()


def test_the_run_list_order_is_served_by_the_runner_newest_index(world):
    _runs_with_samples(world.runner, 3)
    query = Activity.objects.filter(runner=world.runner).order_by("-start_utc")[:50]
    plan = query.explain().lower()
    if connection.vendor == "sqlite":
        assert "activity_runner_newest" in plan and "temp b-tree" not in plan
    else:  # PostgreSQL picks by statistics; the index must at least exist on the table
        with connection.cursor() as cursor:
            names = {c for c in connection.introspection.get_constraints(cursor, Activity._meta.db_table)}
        assert "activity_runner_newest" in names


@pytest.mark.django_db(transaction=True)
def test_moving_the_samples_to_their_own_table_keeps_every_byte(django_user_model):
    before, after = (
        [("training", "0003_activityfile_recover_and_more")],
        [("training", "0004_samples_in_their_own_table_runner_newest_index")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User, OldActivity = old.get_model("accounts", "User"), old.get_model("training", "Activity")
    runner = User.objects.create(email="old@example.org")
    blobs = {}
    for i in range(3):
        blob = bytes([i]) * (1000 + i) if i != 2 else None  # the third run had no samples
        row = OldActivity.objects.create(
            runner=runner,
            sport="running",
            start_utc=START + dt.timedelta(days=i),
            moving_time_s=100,
            elapsed_time_s=100,
            fingerprint=f"f{i}",
            samples_npz=blob,
        )
        blobs[row.pk] = blob
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    moved = {r.activity_id: bytes(r.npz) for r in new.get_model("training", "ActivitySamples").objects.all()}
    assert moved == {pk: blob for pk, blob in blobs.items() if blob is not None}
    MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def _body(page: str) -> str:
    return page[page.index('id="current-findings"') : page.index("</table>")]


def test_the_dashboard_body_is_rendered_once_per_load_snapshot(world, client):
    from stridecare.training.imports import refresh_load

    for i in range(40):  # six weeks of runs: a load snapshot exists
        add_activity(world.runner, START - dt.timedelta(days=45 - i), 5000, 1500)
    refresh_load(world.runner)
    client.force_login(world.runner)
    url = reverse("training:dashboard")
    first = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url).content.decode()
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert _body(again) == _body(first)
    assert "training_weektotal" not in sql and "training_loadfinding" not in sql  # the kept body
    # A new run makes a new snapshot: the body is rendered again with it.
    add_activity(world.runner, START, 42_195, 12_000)
    refresh_load(world.runner)
    with CaptureQueriesContext(connection) as queries:
        after = client.get(url).content.decode()
    assert "training_weektotal" in " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert _body(after) != _body(first) and "42.2" in _body(after)
    # The therapist's view of the same runner has its own body (rule ids, notes), not the runner's.
    client.force_login(world.therapist)
    staff = client.get(reverse("training:staff_dashboard", args=[world.runner.pk])).content.decode()
    assert "LF-01 ·" in staff and "LF-01 ·" not in after  # the rule id shown to staff only
