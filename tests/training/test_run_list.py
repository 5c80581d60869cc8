"""The run list: runs apart from rides and other sports, newest first on every page, paces as m:ss."""

import datetime as dt
import re

from django.urls import reverse

from tests.training.helpers import add_activity

START = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.UTC)


def _dates_on(client, url) -> list[str]:
    return re.findall(r'<tr><td><a href="[^"]+">([^<]+)</a>', client.get(url).content.decode())


def test_runs_are_the_default_and_rides_and_other_sports_have_their_own_filter(world, client):
    add_activity(world.runner, START, 10_000, 3000)
    add_activity(world.runner, START + dt.timedelta(days=1), 40_000, 5400, sport="cycling")
    add_activity(world.runner, START + dt.timedelta(days=2), 1500, 1800, sport="swimming")
    add_activity(world.runner, START + dt.timedelta(days=3), 6000, 4000, sport="walking")
    client.force_login(world.runner)
    url = reverse("training:activities")
    runs = client.get(url).content.decode()
    assert "10.00 km" in runs and "40.00 km" not in runs and "1.50 km" not in runs
    assert "Runs (1)" in runs and "Rides (1)" in runs and "Other sports (2)" in runs and "All (4)" in runs
    rides = client.get(url + "?sport=rides").content.decode()
    assert "40.00 km" in rides and "10.00 km" not in rides and "26.7 km/h" in rides and ">Ride<" in rides
    other = client.get(url + "?sport=other").content.decode()
    assert (
        ">Swim<" in other and ">Walk<" in other and "40.00 km" not in other and "11:07 /km" in other
    )  # the walk reads a pace
    assert "swimming" not in other and "cycling" not in rides  # plain words, not the file's sport codes
    assert len(_dates_on(client, url + "?sport=all")) == 4
    assert client.get(url + "?sport=nonsense").status_code == 200  # an unknown filter shows the runs


def test_newest_first_across_pages_with_the_filter_kept(world, client):
    for i in range(120):
        add_activity(
            world.runner, START + dt.timedelta(hours=13 * ((i * 37) % 120)), 5000 + i, 1500
        )  # created out of order
    add_activity(world.runner, START + dt.timedelta(days=100), 30_000, 3600, sport="cycling")
    client.force_login(world.runner)
    url = reverse("training:activities")
    page1 = client.get(url).content.decode()
    assert "?sport=runs&amp;page=2" in page1 and "Page 1 of 3" in page1
    starts = []
    for n in (1, 2, 3):
        page = client.get(url, {"sport": "runs", "page": n})
        starts += [a.start_utc for a in page.context["activities"]]
    assert len(starts) == 120 and len(set(starts)) == 120
    assert starts == sorted(starts, reverse=True)
    assert starts[0] == START + dt.timedelta(hours=13 * 119)


def test_a_pace_of_5_59_6_reads_6_00_in_the_list_and_on_the_run(world, client):
    run = add_activity(world.runner, START, 10_000, 3596)  # 359.6 s per km
    client.force_login(world.runner)
    listing = client.get(reverse("training:activities")).content.decode()
    detail = client.get(reverse("training:activity", args=[run.pk])).content.decode()
    assert "<td>6:00</td>" in listing and "Pace /km" in listing and "6:00 /km" in detail
    assert "5:60" not in listing and "5:60" not in detail


def test_miles_for_a_runner_who_chose_them(world, client):
    world.runner.units = "mi"
    world.runner.save()
    add_activity(world.runner, START, 1609.344 * 3, 3 * 479.6)
    client.force_login(world.runner)
    page = client.get(reverse("training:activities")).content.decode()
    assert "3.00 mi" in page and "<td>8:00</td>" in page and "Pace /mi" in page


def test_the_therapist_sees_the_list_and_another_clinic_gets_404(world, client):
    add_activity(world.runner, START, 10_000, 3000)
    client.force_login(world.therapist)
    assert "10.00 km" in client.get(reverse("training:staff_activities", args=[world.runner.pk])).content.decode()
    client.force_login(world.other_therapist)
    assert client.get(reverse("training:staff_activities", args=[world.runner.pk])).status_code == 404
    client.force_login(world.other_runner)
    assert "10.00 km" not in client.get(reverse("training:activities")).content.decode()
