"""Route privacy zones: the parts of a track near a place the runner names (home, work) are hidden.

A zone is a place and a radius. The circle actually hidden is not centred on the place: its centre
is moved once, at random, by up to half the radius, and its radius is one and a half times the
runner's, so the runner's whole circle stays inside it. The offset is drawn once per zone and
stored, so every run is cut by the same circle: averaging where many runs appear and disappear
gives the moved centre, never the place (the weakness of Strava's original fixed-centre zones,
road.cc 2021; SimRa issue 15 asks for randomised centres for the same reason).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .geo import EARTH_RADIUS_KM

EARTH_RADIUS_M = EARTH_RADIUS_KM * 1000
MAX_OFFSET_SHARE = 0.5  # the hidden centre moves by up to half the runner's radius
HIDDEN_RADIUS_SHARE = 1.0 + MAX_OFFSET_SHARE  # so the runner's circle is always inside the hidden one
MIN_RADIUS_M = 100
MAX_RADIUS_M = 2000


@dataclass(frozen=True, slots=True)
class HiddenCircle:
    """The circle a zone hides: its moved centre and its enlarged radius (metres)."""

    lat_deg: float
    lon_deg: float
    radius_m: float


def random_centre(lat_deg: float, lon_deg: float, radius_m: float, rng: random.Random) -> tuple[float, float]:
    """A centre moved from (lat_deg, lon_deg) in a uniformly random direction by a distance drawn
    uniformly over the disc of radius ``MAX_OFFSET_SHARE * radius_m`` (sqrt of a uniform draw)."""
    distance_m = MAX_OFFSET_SHARE * radius_m * math.sqrt(rng.random())
    bearing = rng.uniform(0.0, 2 * math.pi)
    north_m, east_m = distance_m * math.cos(bearing), distance_m * math.sin(bearing)
    lat = lat_deg + math.degrees(north_m / EARTH_RADIUS_M)
    lon = lon_deg + math.degrees(east_m / (EARTH_RADIUS_M * math.cos(math.radians(lat_deg))))
    return lat, lon


def hidden_circle(centre_lat_deg: float, centre_lon_deg: float, radius_m: float) -> HiddenCircle:
    """The circle hidden for a zone whose moved centre is stored and whose runner's radius is ``radius_m``."""
    return HiddenCircle(centre_lat_deg, centre_lon_deg, HIDDEN_RADIUS_SHARE * radius_m)


def distances_m(
    lat_deg: NDArray[np.float64], lon_deg: NDArray[np.float64], lat0: float, lon0: float
) -> NDArray[np.float64]:
    """Great-circle distances (haversine) from (lat0, lon0) to each point, in metres."""
    phi1, phi2 = math.radians(lat0), np.radians(lat_deg)
    dphi, dlmb = phi2 - phi1, np.radians(lon_deg - lon0)
    a = np.sin(dphi / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    out: NDArray[np.float64] = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return out


def hidden_mask(lat_deg: ArrayLike, lon_deg: ArrayLike, circles: list[HiddenCircle]) -> NDArray[np.bool_]:
    """True for each point inside one of the circles (points without a position are never inside)."""
    lat, lon = np.asarray(lat_deg, dtype=float), np.asarray(lon_deg, dtype=float)
    mask = np.zeros(lat.shape, dtype=bool)
    for circle in circles:
        with np.errstate(invalid="ignore"):
            mask |= distances_m(lat, lon, circle.lat_deg, circle.lon_deg) <= circle.radius_m
    return mask


def hide_track(
    lat_deg: ArrayLike, lon_deg: ArrayLike, circles: list[HiddenCircle]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Copies of the track with every point inside a circle set to NaN (a gap, never a straight
    line across the zone: a route drawing breaks the line there)."""
    lat, lon = np.array(lat_deg, dtype=float), np.array(lon_deg, dtype=float)
    mask = hidden_mask(lat, lon, circles)
    lat[mask], lon[mask] = np.nan, np.nan
    return lat, lon
