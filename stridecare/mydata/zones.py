"""The runner's privacy zones, as the hidden circles every route drawing and export applies."""

from __future__ import annotations

from stridecare.core import privacy

from .models import PrivacyZone


def circles_for(runner_id: int) -> list[privacy.HiddenCircle]:
    return [zone.circle() for zone in PrivacyZone.objects.filter(runner_id=runner_id)]


def hidden_track(runner_id: int, lat_deg, lon_deg):
    """The track with the points inside the runner's zones removed (NaN): what anyone but the
    original file's owner, reading the file itself, ever sees."""
    return privacy.hide_track(lat_deg, lon_deg, circles_for(runner_id))
