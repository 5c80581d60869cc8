import datetime as dt

from django.urls import reverse

from stridecare.training.models import Activity


def test_runs_show_in_the_runners_time_zone_across_a_dst_change(world, client):
    # 06:30 UTC on 1 Jul (BST, +1) and on 1 Dec (GMT, +0): 07:30 and 06:30 in London.
    for month in (7, 12):
        start = dt.datetime(2026, month, 1, 6, 30, tzinfo=dt.UTC)
        Activity.objects.create(
            runner=world.runner,
            sport="running",
            start_utc=start,
            distance_m=5000,
            moving_time_s=1500,
            elapsed_time_s=1500,
            fingerprint=f"run:{month}",
        )
    world.runner.timezone = "Europe/London"
    world.runner.save()
    client.force_login(world.runner)
    summer, winter = Activity.objects.order_by("start_utc")
    assert "07:30" in client.get(reverse("training:activity", args=[summer.pk])).content.decode()
    assert "06:30" in client.get(reverse("training:activity", args=[winter.pk])).content.decode()
    world.runner.timezone = "America/Los_Angeles"  # 23:30 the evening before (PDT, -7)
    world.runner.save()
    page = client.get(reverse("training:activity", args=[summer.pk])).content.decode()
    assert "23:30" in page and "Tuesday 30 June 2026" in page
