"""Service-area checks for mobile (home) visits."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km by the haversine formula."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def normalise_postcode(postcode: str) -> str:
    return "".join(postcode.split()).upper()


def postcode_served(postcode: str, served: list[str]) -> bool:
    """True when ``postcode`` equals or starts with one of the served postcodes or prefixes
    (so 'SW1' covers 'SW1A 1AA'); comparison ignores spaces and case."""
    code = normalise_postcode(postcode)
    return bool(code) and any(code.startswith(normalise_postcode(s)) for s in served if s.strip())
