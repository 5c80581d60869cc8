"""Exercise library of REFERENCE.md section 3 as data (``data/exercises.json``), searchable and filterable.

Each exercise carries target, start position, steps, common faults, default dose (0.5 types),
easier/harder variants, equipment, the conditions it is used for, cautions and its evidence tag.
Also two routines built from library exercises: a pre-run dynamic warm-up and a strength-for-runners
routine, both marked as expert opinion.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Literal

from stridecare.core.errors import RuleFileError

BodyRegion = Literal["hip_trunk", "knee_thigh", "calf_ankle_foot", "balance_plyometrics"]
BODY_REGIONS: tuple[str, ...] = ("hip_trunk", "knee_thigh", "calf_ankle_foot", "balance_plyometrics")
BODY_REGION_NAMES: dict[str, str] = {
    "hip_trunk": "hip and trunk",
    "knee_thigh": "knee and thigh",
    "calf_ankle_foot": "calf, ankle and foot",
    "balance_plyometrics": "balance and plyometrics",
}  # the headings of sections 3.1-3.4


@dataclass(frozen=True, slots=True)
class Dose:
    """A dose parsed from the reference's text ("3 x 15-20", "5 x 30-45 s"); None where the text has none."""

    text: str
    sets_min: int | None
    sets_max: int | None
    reps_min: int | None
    reps_max: int | None
    hold_s_min: int | None
    hold_s_max: int | None


@dataclass(frozen=True, slots=True)
class Exercise:
    id: str
    slug: str
    name: str
    body_region: str
    exercise_type: str
    targets: str
    target_groups: tuple[str, ...]
    start: str
    steps: tuple[str, ...]
    levels: tuple[str, ...]
    faults: tuple[str, ...]
    dose: Dose
    easier: str
    harder: str
    equipment: str
    equipment_tags: tuple[str, ...]
    used_for: str
    used_for_conditions: tuple[str, ...]
    cautions: tuple[str, ...]
    evidence: str
    section: str

    @property
    def needs_equipment(self) -> bool:
        return any(tag not in ("none", "mat", "wall") for tag in self.equipment_tags)


_DOSE = re.compile(r"(\d+)(?:-(\d+))?\s*x\s*(\d+)(?:-(\d+))?\s*(s\b)?")


def parse_dose(text: str) -> Dose:
    """Parse the first "S x R" pattern of a dose text (sets x reps, or sets x seconds when followed by s)."""
    m = _DOSE.search(text)
    if not m:
        return Dose(text, None, None, None, None, None, None)
    s1, s2, r1, r2, is_hold = m.groups()
    sets = (int(s1), int(s2 or s1))
    amount = (int(r1), int(r2 or r1))
    if is_hold:
        return Dose(text, *sets, None, None, *amount)
    return Dose(text, *sets, *amount, None, None)


def _exercise_from_raw(raw: dict[str, object]) -> Exercise:
    def tup(key: str) -> tuple[str, ...]:
        value = raw[key]
        assert isinstance(value, list)
        return tuple(str(v) for v in value)

    return Exercise(
        str(raw["id"]),
        str(raw["slug"]),
        str(raw["name"]),
        str(raw["body_region"]),
        str(raw["exercise_type"]),
        str(raw["targets"]),
        tup("target_groups"),
        str(raw["start"]),
        tup("steps"),
        tup("levels"),
        tup("faults"),
        parse_dose(str(raw["dose"])),
        str(raw["easier"]),
        str(raw["harder"]),
        str(raw["equipment"]),
        tup("equipment_tags"),
        str(raw["used_for"]),
        tup("used_for_conditions"),
        tup("cautions"),
        str(raw["evidence"]),
        str(raw["section"]),
    )


@functools.cache
def load_library() -> dict[str, Exercise]:
    """All exercises of section 3 keyed by id (EX01..EX54), read once from the packaged data file."""
    path = resources.files("stridecare.core.programs") / "data" / "exercises.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        exercises = [_exercise_from_raw(e) for e in raw["exercises"]]
    except (KeyError, AssertionError, json.JSONDecodeError) as e:
        raise RuleFileError(f"exercises.json: malformed exercise library ({e!r})") from e
    return {e.id: e for e in exercises}


def get_exercise(key: str) -> Exercise:
    """One exercise by id ("EX03") or slug ("glute_bridge")."""
    library = load_library()
    if key in library:
        return library[key]
    for exercise in library.values():
        if exercise.slug == key:
            return exercise
    raise KeyError(f"unknown exercise {key!r} (ids EX01-EX54 or slugs of REFERENCE.md section 3)")


def search_exercises(
    text: str = "",
    body_region: str | None = None,
    target: str | None = None,
    equipment: str | None = None,
    condition: str | None = None,
    no_equipment: bool = False,
) -> list[Exercise]:
    """Filter the library: free text over name/targets/steps, body region, target (group or free text),
    equipment tag (or text), condition id, or only exercises needing no equipment beyond mat/wall."""
    if body_region is not None and body_region not in BODY_REGIONS:
        raise KeyError(f"unknown body region {body_region!r}; one of {', '.join(BODY_REGIONS)}")
    words = text.lower().split()
    out = []
    for e in load_library().values():
        haystack = " ".join((e.name, e.slug, e.targets, " ".join(e.steps), e.used_for)).lower()
        if any(w not in haystack for w in words):
            continue
        if body_region and e.body_region != body_region:
            continue
        if target and target not in e.target_groups and target.lower() not in e.targets.lower():
            continue
        if equipment and equipment not in e.equipment_tags and equipment.lower() not in e.equipment.lower():
            continue
        if condition and condition not in e.used_for_conditions:
            continue
        if no_equipment and e.needs_equipment:
            continue
        out.append(e)
    return out


@dataclass(frozen=True, slots=True)
class RoutineItem:
    exercise_id: str
    dose: str


@dataclass(frozen=True, slots=True)
class Routine:
    slug: str
    name: str
    items: tuple[RoutineItem, ...]
    frequency: str
    evidence: str


ROUTINES: dict[str, Routine] = {
    "pre_run_warm_up": Routine(
        "pre_run_warm_up",
        "Pre-run dynamic warm-up",
        (
            RoutineItem("EX08", "1 x 10 steps each way"),
            RoutineItem("EX07", "1 x 10 each side"),
            RoutineItem("EX41", "1 x 30 s each side (level 1)"),
            RoutineItem("EX43", "1 x 10-20 contacts, low height"),
            RoutineItem("EX46", "2 x 15-20 m"),
        ),
        "before runs, after 5 min brisk walking (7.2 warm-up)",
        "expert opinion [H]: Stridecare default built from section 3 exercises; not a verified protocol",
    ),
    "strength_for_runners": Routine(
        "strength_for_runners",
        "Strength for runners",
        (
            RoutineItem("EX19", "3 x 8-12 at 8-15 RM"),
            RoutineItem("EX09", "3 x 8-12 each side"),
            RoutineItem("EX15", "3 x 8-12 each side"),
            RoutineItem("EX04", "3 x 10-15 each side"),
            RoutineItem("EX29", "3 x 8-12 at 8-15 RM"),
            RoutineItem("EX22", "2-3 x 5-8"),
            RoutineItem("EX05", "3 x 20-45 s each side"),
        ),
        "2x/week, >= 48 h apart; continue during and after return to running (7.3 [K])",
        "expert opinion [H]: Stridecare default built from section 3 exercises with the 0.5 heavy-strength dose "
        "[K]; Nordic hamstring programs reduce hamstring injuries in team sports [V:R34]",
    ),
}
