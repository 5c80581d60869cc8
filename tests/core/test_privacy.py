"""Privacy zones (core/privacy.py): the hidden circle covers the runner's circle, its centre is not
the place, and the offset is random but bounded. Expected values come from the geometry: with the
centre moved by at most r/2 and a hidden radius of 1.5 r, every point within r of the place lies
within 1.5 r of the moved centre (triangle inequality)."""

from __future__ import annotations

import math
import random

import numpy as np

from stridecare.core import privacy

HOME = (51.5072, -0.1276)


def _offset_m(lat, lon):
    return float(privacy.distances_m(np.array([lat]), np.array([lon]), *HOME)[0])


def test_the_centre_moves_by_at_most_half_the_radius_and_never_stays_put():
    rng = random.Random(7)
    offsets = [_offset_m(*privacy.random_centre(*HOME, 400, rng)) for _ in range(2000)]
    assert max(offsets) <= 200 + 1e-6
    assert min(offsets) > 0
    # uniform over the disc of radius 200 m: the mean distance is 2/3 of it (133 m), not the ring's edge
    assert 120 < sum(offsets) / len(offsets) < 146


def test_the_direction_is_random():
    rng = random.Random(11)
    centres = [privacy.random_centre(*HOME, 400, rng) for _ in range(2000)]
    north = sum(lat > HOME[0] for lat, _ in centres) / len(centres)
    east = sum(lon > HOME[1] for _, lon in centres) / len(centres)
    assert 0.45 < north < 0.55 and 0.45 < east < 0.55


def test_every_point_within_the_runners_radius_is_hidden_whatever_the_offset():
    rng = random.Random(3)
    for _ in range(50):
        circle = privacy.hidden_circle(*privacy.random_centre(*HOME, 300, rng), 300)
        # points on the runner's 300 m circle, in every direction
        bearings = np.linspace(0, 2 * math.pi, 72, endpoint=False)
        lat = HOME[0] + np.degrees(299 * np.cos(bearings) / privacy.EARTH_RADIUS_M)
        lon = HOME[1] + np.degrees(299 * np.sin(bearings) / (privacy.EARTH_RADIUS_M * math.cos(math.radians(HOME[0]))))
        assert privacy.hidden_mask(lat, lon, [circle]).all()


def test_points_far_away_stay_and_the_track_breaks_rather_than_joins():
    circle = privacy.hidden_circle(*HOME, 200)
    lat = np.array([HOME[0], HOME[0] + 0.001, HOME[0] + 0.02, np.nan])  # 0 m, 111 m, 2.2 km, no fix
    lon = np.full(4, HOME[1])
    hidden_lat, hidden_lon = privacy.hide_track(lat, lon, [circle])
    assert np.isnan(hidden_lat[:2]).all() and np.isnan(hidden_lon[:2]).all()
    assert hidden_lat[2] == lat[2] and np.isnan(hidden_lat[3])
    assert lat[0] == HOME[0]  # the input is not changed


def test_fitting_a_circle_to_where_many_runs_vanish_finds_the_moved_centre_not_the_place():
    """Runs leaving home in every direction disappear on the hidden circle. The best an observer
    of many runs can do is fit a circle to those points (least squares, Kasa's method): it finds
    the moved centre, which is the stored offset away from home, the same for every run."""
    rng = random.Random(5)
    centre = privacy.random_centre(*HOME, 400, rng)
    circle = privacy.hidden_circle(*centre, 400)
    per_lon_m = privacy.EARTH_RADIUS_M * math.cos(math.radians(HOME[0])) * math.pi / 180
    per_lat_m = privacy.EARTH_RADIUS_M * math.pi / 180
    xs, ys = [], []
    for bearing in np.linspace(0, 2 * math.pi, 36, endpoint=False):
        d = np.arange(0, 1500, 2.0)
        lat = HOME[0] + d * math.cos(bearing) / per_lat_m
        lon = HOME[1] + d * math.sin(bearing) / per_lon_m
        first = int(np.flatnonzero(~privacy.hidden_mask(lat, lon, [circle]))[0])
        xs.append((lon[first] - HOME[1]) * per_lon_m)
        ys.append((lat[first] - HOME[0]) * per_lat_m)
    x, y = np.array(xs), np.array(ys)
    a, b, _ = np.linalg.lstsq(np.c_[x, y, np.ones_like(x)], x**2 + y**2, rcond=None)[0]
    fitted = (HOME[0] + b / 2 / per_lat_m, HOME[1] + a / 2 / per_lon_m)
    offset = _offset_m(*centre)
    assert offset > 20
    assert float(privacy.distances_m(np.array([fitted[0]]), np.array([fitted[1]]), *centre)[0]) < 5
    assert abs(_offset_m(*fitted) - offset) < 5
