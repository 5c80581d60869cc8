"""Upload -> stored untouched -> background import -> one transaction -> weekly totals and findings."""

import datetime as dt
import hashlib
import pathlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stridecare.training import imports
from stridecare.training.models import Activity, ActivityFile, LoadFinding, Shoe, WeekTotal
from tests.conftest import ACTIVITIES

DATA = ACTIVITIES


def upload(client, name, content=None):
    content = content if content is not None else (DATA / name).read_bytes()
    return client.post(reverse("training:upload"), {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def runner_client(world, client):
    client.force_login(world.runner)
    return client


def test_a_good_fit_file_is_stored_untouched_and_imported(world, runner_client):
    response = upload(runner_client, "sports-lib__2067489619.fit")
    assert response.status_code == 200
    stored = ActivityFile.objects.get(pk=response.json()["file_id"])
    original = (DATA / "sports-lib__2067489619.fit").read_bytes()
    assert pathlib.Path(stored.file.path).read_bytes() == original
    assert stored.sha256 == hashlib.sha256(original).hexdigest()
    assert stored.status == "imported"
    activity = Activity.objects.get(runner=world.runner)
    # MANIFEST: running, Garmin vivoactive HR, 47 min 00 s timer, 4.49 km.
    assert activity.sport == "running"
    assert activity.distance_m == pytest.approx(4490, rel=0.01)
    assert activity.moving_time_s == pytest.approx(47 * 60, abs=2)
    assert activity.sources.get("distance_m") == "session"
    assert len(activity.samples()["elapsed_s"]) > 100
    status = runner_client.get(reverse("training:file_status", args=[stored.pk])).json()
    assert status["done"] and status["status"] == "imported"


def test_a_bad_file_fails_with_its_name_and_the_good_ones_still_import(world, runner_client):
    good = upload(runner_client, "sports-lib__6914538454.fit").json()
    bad = upload(runner_client, "broken.fit", b"this is not a fit file at all" * 10).json()
    assert ActivityFile.objects.get(pk=good["file_id"]).status == "imported"
    failed = ActivityFile.objects.get(pk=bad["file_id"])
    assert failed.status == "failed" and failed.error.startswith("broken.fit:")
    assert Activity.objects.filter(runner=world.runner).count() == 1
    assert "broken.fit:" in runner_client.get(reverse("training:file_status", args=[failed.pk])).json()["error"]


def test_the_same_run_twice_and_in_another_format_counts_once(world, runner_client):
    upload(runner_client, "sports-lib__2067489619.fit")
    again = upload(runner_client, "sports-lib__2067489619.fit").json()
    as_gpx = upload(runner_client, "sports-lib__2067489619.gpx").json()
    assert ActivityFile.objects.get(pk=again["file_id"]).status == "duplicate"
    assert ActivityFile.objects.get(pk=as_gpx["file_id"]).status == "duplicate"
    assert Activity.objects.filter(runner=world.runner).count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "not an activity file"),
        ("empty.fit", b"", "the file is empty"),
    ],
)
def test_uploads_refused_before_storing_say_why(world, runner_client, name, content, message):
    response = upload(runner_client, name, content)
    assert response.status_code == 400 and message in response.json()["error"] and name in response.json()["error"]
    assert not ActivityFile.objects.exists()


def add_run(runner, day, km, hour=7):
    start = dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)
    return Activity.objects.create(
        runner=runner,
        sport="running",
        start_utc=start,
        distance_m=km * 1000,
        moving_time_s=km * 330,
        elapsed_time_s=km * 340,
        fingerprint=f"run:{start:%Y%m%dT%H%M}",
    )


def test_a_spike_shows_on_the_dashboard_with_its_source(world, runner_client):
    # Five weeks of 5, 5 and 8 km, then 12 km: 12 / 8 - 1 = 0.5, a moderate spike (REFERENCE 5.3: > 30% to 100%).
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday()) - dt.timedelta(weeks=5)
    for week in range(5):
        for offset, km in ((0, 5), (2, 5), (5, 8)):
            add_run(world.runner, monday + dt.timedelta(weeks=week, days=offset), km)
    spike = add_run(world.runner, monday + dt.timedelta(weeks=5), 12)
    imports.refresh_load(world.runner, today=monday + dt.timedelta(weeks=5, days=1))
    found = LoadFinding.objects.get(runner=world.runner, code="LF-01")
    assert (found.severity, found.activity_id) == ("amber", spike.pk)
    assert "Frandsen" in found.source
    assert WeekTotal.objects.filter(runner=world.runner).count() == 6
    page = runner_client.get(reverse("training:dashboard")).content.decode()
    assert 'data-code="LF-01"' in page and "Frandsen" in page
    # 36 days of history (> the 28-day warm-up of 5.4 e): the ratio is shown as context.
    snapshot = world.runner.load_snapshot
    assert snapshot.latest is not None and snapshot.latest > 1  # the 12 km run makes the last week heavier than usual
    assert "Last 7 days against your usual load" in page


def test_needs_attention_orders_runners_by_their_worst_finding(world, client):
    from stridecare.accounts.models import User

    calm = User.objects.create_user("calm@runner.test", "x" * 12, full_name="Calm Runner", clinic=world.clinic)
    today = dt.date.today()
    for i in range(16):  # 47 days of history: more than the 30 days the spike rule needs
        add_run(calm, today - dt.timedelta(days=3 * i + 1), 5)
        add_run(world.runner, today - dt.timedelta(days=3 * i + 2), 3)
    add_run(world.runner, today - dt.timedelta(days=1), 9)  # 9 / 3 - 1 = 2.0: a large spike (> 100%)
    imports.refresh_load(calm)
    imports.refresh_load(world.runner)
    client.force_login(world.therapist)
    page = client.get(reverse("training:needs_attention")).content.decode()
    assert page.index("Sam Rivera") < page.index("Calm Runner")
    assert LoadFinding.objects.filter(runner=world.runner, code="LF-01", severity="red").exists()


def test_rpe_and_note_are_saved_and_checked(world, runner_client):
    activity = add_run(world.runner, dt.date.today(), 6)
    bad = runner_client.post(reverse("training:activity", args=[activity.pk]), {"rpe": 14, "note": "x"})
    assert "0 to 10" in bad.content.decode()
    runner_client.post(reverse("training:activity", args=[activity.pk]), {"rpe": 6, "note": "windy"})
    activity.refresh_from_db()
    assert (activity.rpe, activity.note) == (6, "windy")


def test_shoes_count_their_runs_and_remind_near_the_limit(world, runner_client):
    runner_client.post(
        reverse("training:shoes"),
        {"name": "Daily", "model": "Trainer 3", "is_default": "on", "start_distance_km": 600, "retire_at_km": 700},
    )
    shoe = Shoe.objects.get(runner=world.runner)
    assert shoe.is_default and shoe.start_distance_m == 600_000
    upload(runner_client, "sports-lib__2067489619.fit")
    activity = Activity.objects.get(runner=world.runner)
    assert activity.shoe == shoe  # new runs get the default pair
    assert shoe.distance_m() == pytest.approx(600_000 + activity.distance_m)
    assert shoe.reminder() is None  # 604.5 km < 90% of 700 km
    shoe.start_distance_m = 640_000
    shoe.save()
    page = runner_client.get(reverse("training:shoe", args=[shoe.pk])).content.decode()
    assert "rule of thumb" in page


def test_clinic_admin_changes_a_clinic_default_threshold_and_findings_follow(world, client):
    from stridecare.training.models import ClinicLoadSettings

    client.force_login(world.admin)
    page = client.get(reverse("training:load_settings")).content.decode()
    assert "Weekly jump pct" not in page  # published [V:R02]: shown, not editable
    assert "weekly_jump_pct" in page
    bad = client.post(reverse("training:load_settings"), {"return_first_run_cap_m": "-5"})
    assert bad.status_code == 200 and not ClinicLoadSettings.objects.get(clinic=world.clinic).values
    form = bad.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["ewma_caution_ratio"] = 1.3
    assert client.post(reverse("training:load_settings"), data).status_code == 302
    assert ClinicLoadSettings.objects.get(clinic=world.clinic).values == {"ewma_caution_ratio": 1.3}
    assert imports.load_settings_for(world.runner).ewma_caution_ratio == 1.3


def test_after_the_demo_seed_the_injured_runner_leads_needs_attention_with_their_red_flag_and_spike(db, client):
    from django.core.management import call_command

    from stridecare.accounts.models import User

    call_command("seed_demo", stdout=open("/dev/null", "w"))
    client.force_login(User.objects.get(email="priya@riverside.example"))
    page = client.get(reverse("training:needs_attention")).content.decode()
    assert page.index("Sam Rivera") < page.index("Jo Lindqvist") and page.index("Sam Rivera") < page.index("Kai Okafor")
    sams = page[page.index("Sam Rivera") : min(page.index("Jo Lindqvist"), page.index("Kai Okafor"))]
    assert 'data-code="LF-01"' in sams and "/clinic/screenings/" in sams  # the spike, after the uncleared red flag
    client.force_login(User.objects.get(email="sam@runner.example"))
    assert "longer than your longest" in client.get(reverse("home")).content.decode()


def test_the_run_list_pages_a_long_history(world, runner_client):
    for day in range(60):
        add_run(world.runner, dt.date(2026, 1, 1) + dt.timedelta(days=day), 5)
    first = runner_client.get(reverse("training:activities"))
    assert len(first.context["activities"]) == 50 and "Page 1 of 2" in first.content.decode()
    assert len(runner_client.get(reverse("training:activities") + "?page=2").context["activities"]) == 10


def test_a_dashboard_opened_on_a_later_day_brings_findings_up_to_that_day(world, runner_client):
    import time_machine

    from stridecare.training.models import LoadSnapshot

    with time_machine.travel(dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)):
        for day in range(40):
            add_run(world.runner, dt.date(2026, 1, 20) + dt.timedelta(days=day), 5)
        imports.refresh_load(world.runner)
    first = LoadSnapshot.objects.get(runner=world.runner)
    with time_machine.travel(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC)):
        runner_client.get(reverse("training:dashboard"))
    later = LoadSnapshot.objects.get(runner=world.runner)
    assert later.computed_at.date() == dt.date(2026, 3, 20)
    # One ratio per day from the first run (20 Jan): up to 2 Mar (42 days), then up to 20 Mar (60).
    assert (len(first.ratios), len(later.ratios)) == (42, 60)


def test_changing_units_rewrites_the_finding_texts_in_miles(world, runner_client):
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday()) - dt.timedelta(weeks=5)
    for week in range(5):
        for offset, km in ((0, 5), (2, 5), (5, 8)):
            add_run(world.runner, monday + dt.timedelta(weeks=week, days=offset), km)
    add_run(world.runner, monday + dt.timedelta(weeks=5), 12)
    imports.refresh_load(world.runner)
    assert " km " in LoadFinding.objects.get(runner=world.runner, code="LF-01").message
    runner_client.post(reverse("accounts:profile"), {"full_name": "Sam Rivera", "units": "mi", "timezone": "UTC"})
    assert " mi " in LoadFinding.objects.get(runner=world.runner, code="LF-01").message


def test_an_unfinished_watch_file_is_refused_then_imported_at_the_runners_request(world, runner_client):
    from django.test import Client

    # sports-lib__empty-activities.fit: the header still says 0 data bytes (the watch stopped while
    # recording); refused first, with the number of records it holds and a button to import them
    stored = ActivityFile.objects.get(pk=upload(runner_client, "sports-lib__empty-activities.fit").json()["file_id"])
    assert stored.status == "failed" and stored.recoverable_records > 1000 and not stored.recover
    status = runner_client.get(reverse("training:file_status", args=[stored.pk])).json()
    assert status["recover_url"] == reverse("training:file_recover", args=[stored.pk])
    page = runner_client.get(reverse("training:upload")).content.decode()
    assert f"Import the {stored.recoverable_records} records it holds" in page
    other = Client()
    other.force_login(world.clinic_mate)  # another runner cannot trigger it
    assert other.post(reverse("training:file_recover", args=[stored.pk])).status_code == 404
    runner_client.post(reverse("training:file_recover", args=[stored.pk]))
    stored.refresh_from_db()
    assert stored.status == "imported" and stored.recover and stored.error == ""
    activity = Activity.objects.get(runner=world.runner, source=stored)
    assert "records written before it stopped were recovered" in activity.warnings[0]
    assert (
        pathlib.Path(stored.file.path).read_bytes() == (DATA / "sports-lib__empty-activities.fit").read_bytes()
    )  # kept untouched


def test_a_file_with_nothing_to_recover_is_not_reimported(world, runner_client):
    bad = upload(runner_client, "broken.fit", b"this is not a fit file at all" * 10).json()
    page = runner_client.post(reverse("training:file_recover", args=[bad["file_id"]]), follow=True).content.decode()
    assert "there is nothing to recover from this file" in page
    assert ActivityFile.objects.get(pk=bad["file_id"]).status == "failed"
