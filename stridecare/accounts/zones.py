"""IANA time-zone names for the clinic's zone select, and the check that a stored name is one."""

from __future__ import annotations

import functools
import zoneinfo

# Regions of the IANA list people pick from; the rest ("Etc/GMT+3", "US/Eastern", "GB") are
# aliases kept for old data, still accepted when a clinic already has one.
REGIONS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")


@functools.cache
def zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_known_zone(name: str) -> bool:
    return name in zone_names()


@functools.cache
def zone_choices() -> tuple:
    """UTC first, then one group per region, cities sorted: ("Europe", (("Europe/London", "London"), ...))."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for name in sorted(zone_names()):
        region, _, place = name.partition("/")
        if region in groups and place:
            groups[region].append((name, place.replace("_", " ").replace("/", " / ")))
    return (("UTC", "UTC"),) + tuple((region, tuple(items)) for region, items in groups.items() if items)
