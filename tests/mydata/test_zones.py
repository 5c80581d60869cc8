"""Privacy zones hide the track on the run page (runner and therapist alike) and in exports; the
original file stays whole, for its runner alone."""

from __future__ import annotations

import re

import numpy as np
import pytest
from django.urls import reverse

from stridecare.mydata.models import PrivacyZone
from stridecare.web.charts import route_svg
from tests.mydata.helpers import GPX, HOME, make_run, make_zone, out_and_back


def _route(html: str) -> str:
    match = re.search(r'<svg[^>]*class="route".*?</svg>', html, re.S)
    return match.group(0) if match else ""


def _polylines(html: str) -> list[list[tuple[float, float]]]:
    html = _route(html) or html
    return [
        [tuple(map(float, p.split(","))) for p in m.split()]
        for m in re.findall(r'<polyline[^>]*points="([^"]+)"', html)
    ]


def test_a_route_with_a_gap_is_drawn_in_pieces_never_joined_across():
    lat, lon, _ = out_and_back()
    lat[:20], lon[:20] = np.nan, np.nan
    lat[-20:], lon[-20:] = np.nan, np.nan
    lat[90:110] = np.nan
    assert len(_polylines(route_svg(lat, lon))) == 2
    assert route_svg(np.full(5, np.nan), np.full(5, np.nan)) == ""


@pytest.mark.parametrize("who", ["runner", "therapist"])
def test_the_run_page_hides_the_track_inside_the_zone(world, client, who):
    run = make_run(world.runner)
    url = {
        "runner": reverse("training:activity", args=[run.pk]),
        "therapist": reverse("training:staff_activity", args=[world.runner.pk, run.pk]),
    }[who]
    client.force_login(getattr(world, who))
    before = _polylines(client.get(url).content.decode())
    assert len(before) == 1 and len(before[0]) == 201  # out and back on one line: 201 points
    zone = make_zone(world.runner, radius_m=300)
    after = _polylines(client.get(url).content.decode())
    # the hidden circle (450 m around the moved centre) covers home's 300 m: the start and end go,
    # and the line is one piece (out to 2 km and back) that never reaches home
    lat, lon, d = out_and_back()
    hidden = PrivacyZone.objects.get(pk=zone.pk).circle()
    from stridecare.core.privacy import hidden_mask

    kept = int((~hidden_mask(lat, lon, [hidden])).sum())
    assert sum(len(p) for p in after) == kept < 201 - 2 * 15  # at least 300 m (15 points) gone at each end
    # the start marker is drawn on the first visible point (the drawing is scaled to what is visible)
    marker = re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)"', _route(client.get(url).content.decode()))
    assert (float(marker.group(1)), float(marker.group(2))) == after[0][0]


def test_the_hidden_centre_is_drawn_once_and_kept():
    zone = PrivacyZone(name="Home")
    zone.place(*HOME, 300)
    first = (zone.hidden_lat_deg, zone.hidden_lon_deg)
    zone.place(*HOME, 300)  # the same place again (a re-save): the same centre
    assert (zone.hidden_lat_deg, zone.hidden_lon_deg) == first
    assert first != HOME
    zone.place(HOME[0] + 0.01, HOME[1], 300)  # a new place: a new draw
    assert (zone.hidden_lat_deg, zone.hidden_lon_deg) != first


def test_the_runner_sets_and_removes_a_zone(world, client):
    client.force_login(world.runner)
    response = client.post(
        reverse("mydata:zone_add"), {"name": "Home", "lat_deg": "51.5072", "lon_deg": "-0.1276", "radius_m": "400"}
    )
    assert response.status_code == 302
    zone = PrivacyZone.objects.get(runner=world.runner)
    assert (zone.lat_deg, zone.lon_deg, zone.radius_m) == (51.5072, -0.1276, 400)
    assert (zone.hidden_lat_deg, zone.hidden_lon_deg) != (zone.lat_deg, zone.lon_deg)
    refused = client.post(
        reverse("mydata:zone_add"), {"name": "Tiny", "lat_deg": "51.5", "lon_deg": "-0.1", "radius_m": "20"}
    )
    assert refused.status_code == 400 and "greater than or equal to 100" in refused.content.decode()
    client.post(reverse("mydata:zone_delete", args=[zone.pk]))
    assert not PrivacyZone.objects.exists()


def test_a_therapist_never_sees_the_zones_place(world, client):
    make_zone(world.runner)
    client.force_login(world.therapist)
    page = client.get(reverse("accounts:runner_detail", args=[world.runner.pk])).content.decode()
    assert "51.5072" not in page


def test_the_original_file_is_the_runners_alone_bit_for_bit(world, client):
    run = make_run(world.runner)
    make_zone(world.runner)
    client.force_login(world.runner)
    response = client.get(reverse("mydata:original_file", args=[run.source_id]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == GPX
    client.force_login(world.therapist)
    assert client.get(reverse("mydata:original_file", args=[run.source_id])).status_code == 404
