"""Which exercises a fired red flag pauses (REFERENCE.md 0.2.2: "If any red-flag rule fires,
exercise prescription for that body region is suspended until a clinician clears it").

The screening names painful regions with the 2.1 vocabulary; the exercise library groups exercises
by the sections of REFERENCE.md 3 (3.1 hip and trunk, 3.2 knee and thigh, 3.3 calf, Achilles, shin
and foot, 3.4 balance, plyometrics and running drills). The map below links each 2.1 region to the
library groups whose exercises load it. It errs on the side of pausing more: a region next to a
joint also pauses the group across that joint (the thigh muscles cross the hip and the knee, the
calf crosses the knee), and the balance, hopping and running drills of 3.4 load the whole leg
(single-leg hopping is itself a bone-stress sign, 1.5), so they are paused for every region.
A region the map does not know pauses the whole program (fail safe, 0.2.4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

WHOLE_LEG_GROUP = "balance_plyometrics"
LIBRARY_GROUPS_BY_REGION: dict[str, frozenset[str]] = {
    **{r: frozenset({"hip_trunk"}) for r in ("low_back", "thoracic")},
    **{
        r: frozenset({"hip_trunk", "knee_thigh"})
        for r in ("buttock", "groin", "anterior_hip", "lateral_hip", "anterior_thigh", "posterior_thigh")
    },
    **{r: frozenset({"knee_thigh"}) for r in ("anterior_knee", "lateral_knee", "medial_knee")},
    "posterior_knee": frozenset({"knee_thigh", "calf_ankle_foot"}),
    "calf": frozenset({"knee_thigh", "calf_ankle_foot"}),
    **{
        r: frozenset({"calf_ankle_foot"})
        for r in ("shin", "achilles", "posterior_heel", "plantar_heel", "ankle", "midfoot", "forefoot")
    },
}


@dataclass(frozen=True, slots=True)
class PausedGroups:
    """The library groups to pause; ``is_whole_program`` when the regions could not be matched."""

    groups: frozenset[str]
    is_whole_program: bool

    def pauses(self, library_group: str | None) -> bool:
        """Whether an exercise of ``library_group`` (None: the library gives none) is paused."""
        return self.is_whole_program or library_group is None or library_group in self.groups


def paused_library_groups(regions: Iterable[str] | None) -> PausedGroups:
    """The exercise-library groups a red flag in ``regions`` (2.1 region codes) pauses (0.2.2).

    No region, or any region the map does not know, pauses the whole program."""
    codes = set(regions or ())
    if not codes or codes - set(LIBRARY_GROUPS_BY_REGION):
        return PausedGroups(frozenset(), True)
    groups = frozenset().union(*(LIBRARY_GROUPS_BY_REGION[c] for c in codes)) | {WHOLE_LEG_GROUP}
    return PausedGroups(groups, False)
