"""Phased rehab protocols of REFERENCE.md section 1 as data (``data/protocols.json``).

A therapist starts a program from a protocol phase (or from scratch), edits exercises and doses,
and moves the runner on when the phase's criteria are met.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources

from stridecare.core.errors import RuleFileError
from stridecare.core.programs.library import _DOSE as _DOSE_PATTERN
from stridecare.core.programs.library import load_library
from stridecare.core.programs.settings import PAIN_CEILINGS, family_for, progression_rule_for
from stridecare.core.programs.wording import condition_name


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    name: str
    timing: str | None
    goal: str
    exercises_text: str
    exercise_ids: tuple[str, ...]
    dosage: str
    move_on_when: str
    evidence: tuple[str, ...]

    @property
    def number(self) -> int:
        return int(self.id.removeprefix("P"))

    @property
    def label(self) -> str:
        """The phase as people read it: "Phase 1: calm" (the name is the reference's word for the phase,
        or its goal where the reference numbers the phase only)."""
        return f"Phase {self.number}: {self.name}"


@dataclass(frozen=True, slots=True)
class Protocol:
    condition: str
    section: str
    phases_note: str | None
    phases: tuple[Phase, ...]
    rtr: str | None
    outcome_measures: str | None
    notes: tuple[str, ...]

    @property
    def name(self) -> str:
        """The condition's name (one table for every page: stridecare.core.care.CONDITIONS)."""
        return condition_name(self.condition)

    @property
    def progression_rule(self) -> str:
        """4.7 pain-monitoring model for tendinopathies and plantar heel pain, else the 0.5 state machine."""
        return progression_rule_for(self.condition)

    @property
    def pain_ceiling_during(self) -> int:
        return PAIN_CEILINGS[family_for(self.condition)].ceiling_during

    def phase(self, phase_id: str) -> Phase:
        for p in self.phases:
            if p.id == phase_id:
                return p
        raise KeyError(f"{self.condition} has no phase {phase_id!r}; phases: {', '.join(p.id for p in self.phases)}")

    def next_phase(self, phase_id: str) -> Phase | None:
        """The phase after ``phase_id`` (None after the last), for "move on when" the criteria are met."""
        ids = [p.id for p in self.phases]
        index = ids.index(self.phase(phase_id).id)
        return self.phases[index + 1] if index + 1 < len(self.phases) else None


@functools.cache
def load_protocols() -> dict[str, Protocol]:
    """Protocols keyed by condition id, read once; every exercise id must exist in the library."""
    path = resources.files("stridecare.core.programs") / "data" / "protocols.json"
    library = load_library()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))["protocols"]
        protocols = {
            p["condition"]: Protocol(
                p["condition"],
                p["section"],
                p.get("phases_note") or None,
                tuple(
                    Phase(
                        ph["id"],
                        ph["name"],
                        ph["timing"],
                        ph["goal"],
                        ph["exercises_text"],
                        tuple(ph["exercise_ids"]),
                        ph["dosage"],
                        ph["move_on_when"],
                        tuple(ph["evidence"]),
                    )
                    for ph in p["phases"]
                ),
                p["rtr"],
                p["outcome_measures"],
                tuple(p["notes"]),
            )
            for p in raw
        }
    except (KeyError, TypeError, json.JSONDecodeError) as e:
        raise RuleFileError(f"protocols.json: malformed protocol data ({e!r})") from e
    for protocol in protocols.values():
        for phase in protocol.phases:
            if phase.name.strip().upper() == phase.id or not phase.id.removeprefix("P").isdigit():
                raise RuleFileError(
                    f"protocols.json: {protocol.condition} {phase.id} needs an id P1, P2... and a name in words"
                )
            unknown = [x for x in phase.exercise_ids if x not in library]
            if unknown:
                raise RuleFileError(
                    f"protocols.json: {protocol.condition} {phase.id} names unknown exercises {unknown}"
                )
    return protocols


def get_protocol(condition: str) -> Protocol:
    protocols = load_protocols()
    if condition not in protocols:
        raise KeyError(f"no protocol for {condition!r}; conditions: {', '.join(protocols)}")
    return protocols[condition]


@dataclass(frozen=True, slots=True)
class Prescription:
    """One exercise of a runner's program: the dose text and the weekdays (0 = Monday)."""

    exercise_id: str
    dose: str
    weekdays: tuple[int, ...]
    source: str


def prescribe_phase(condition: str, phase_id: str, weekdays: tuple[int, ...] = (0, 2, 4)) -> list[Prescription]:
    """Starting prescriptions for a protocol phase: its exercises with the phase dosage (section 1), which
    overrides the library's default dose (section 3). The therapist edits them afterwards."""
    protocol = get_protocol(condition)
    phase = protocol.phase(phase_id)
    if any(not 0 <= d <= 6 for d in weekdays):
        raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday), got {weekdays}")
    source = f"REFERENCE.md {protocol.section} {protocol.name} {phase.id} {' '.join(phase.evidence)}"
    return [Prescription(x, phase_dose_for(phase, x), weekdays, source) for x in phase.exercise_ids]


_SEGMENT_TYPES: dict[str, tuple[str, ...]] = {  # leading word of a dosage segment -> exercise types
    "isometric": ("isometric",),
    "plyo": ("plyometric",),
    "strength": ("heavy_strength", "strength_endurance"),
    "stretch": ("stretch",),
    "plank": ("core_hold",),
    "raises": ("strength_endurance", "heavy_strength"),
}
_SEGMENT_NAMES: dict[str, str] = {"EX22": "nordic", "EX25": "extender"}  # words the tables use for these


def phase_dose_for(phase: Phase, exercise_id: str) -> str:
    """The part of a phase's dosage text that applies to one exercise ("isometrics 5 x 30-45 s daily;
    others 3 x 15 daily" gives the isometric part to EX12 and "others" to EX01); else the whole text."""
    exercise = load_library()[exercise_id]
    segments = [seg.strip() for seg in phase.dosage.split(";") if seg.strip()]
    if len(segments) < 2:
        return phase.dosage
    for seg in segments:
        if seg.lower().startswith(exercise_id.lower()):
            return seg
        if exercise_id in _SEGMENT_NAMES and _SEGMENT_NAMES[exercise_id] in seg.lower():
            return seg
    for seg in segments:
        lead = seg.split()[0].lower()
        if not _DOSE_PATTERN.search(seg) or any(name in seg.lower() for name in _SEGMENT_NAMES.values()):
            continue
        for key, types in _SEGMENT_TYPES.items():
            if lead.startswith(key) and exercise.exercise_type in types:
                return seg
    for seg in segments:
        if seg.lower().startswith("others"):
            return seg
    return phase.dosage
