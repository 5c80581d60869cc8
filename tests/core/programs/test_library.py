"""Exercise library (section 3) and protocols (section 1) as data: complete, sourced, searchable."""

import re

import pytest

from stridecare.core.programs.library import ROUTINES, get_exercise, load_library, parse_dose, search_exercises
from stridecare.core.programs.protocols import get_protocol, load_protocols, phase_dose_for, prescribe_phase
from stridecare.core.programs.settings import CONDITION_IDS


def test_every_exercise_of_section_3_is_there_with_every_field():
    library = load_library()
    assert sorted(library) == [f"EX{i:02d}" for i in range(1, 55)]
    for e in library.values():
        assert e.name and e.targets and e.start and e.dose.text and e.easier and e.harder and e.equipment
        assert 2 <= len(e.steps) <= 4, e.id  # section 3: steps (2-4)
        assert e.faults and e.evidence.startswith("technique and default dose [K]")
        assert e.body_region in ("hip_trunk", "knee_thigh", "calf_ankle_foot", "balance_plyometrics")


def test_known_entries_match_the_reference():
    clamshell = get_exercise("clamshell")
    assert clamshell.id == "EX01" and clamshell.dose.text.startswith("3 x 15-20 each side, daily")
    assert "pfp" in clamshell.used_for_conditions and "gluteal_tendinopathy" in clamshell.used_for_conditions
    assert get_exercise("EX29").evidence.endswith("[V:R24]")
    # a caution is not an indication: EX26 must not be suggested for early proximal hamstring tendinopathy
    assert "proximal_hamstring_tendinopathy" not in get_exercise("EX26").used_for_conditions
    assert any("proximal_hamstring_tendinopathy" in c for c in get_exercise("EX26").cautions)


def test_search_by_region_target_equipment_and_text():
    assert [e.id for e in search_exercises(body_region="calf_ankle_foot", equipment="wall")] == [
        "EX35",
        "EX36",
        "EX38",
        "EX53",
    ]
    assert {e.id for e in search_exercises(target="hamstrings", body_region="knee_thigh")} == {
        "EX22",
        "EX23",
        "EX24",
        "EX25",
        "EX26",
    }
    assert [e.id for e in search_exercises("heel drop")] == ["EX31", "EX32"]
    assert all(not e.needs_equipment for e in search_exercises(no_equipment=True))
    assert {e.id for e in search_exercises(equipment="foam_roller")} == {"EX50", "EX51", "EX52"}
    with pytest.raises(KeyError, match="unknown body region"):
        search_exercises(body_region="neck")


def test_dose_parsing():
    d = parse_dose("4-5 x 30-45 s, daily")
    assert (d.sets_min, d.sets_max, d.hold_s_min, d.hold_s_max, d.reps_min) == (4, 5, 30, 45, None)
    d = parse_dose("3 x 15-20 each side, daily")
    assert (d.sets_min, d.sets_max, d.reps_min, d.reps_max, d.hold_s_min) == (3, 3, 15, 20, None)
    assert parse_dose("as needed").sets_min is None


def test_routines_use_library_exercises_and_say_expert_opinion():
    library = load_library()
    for routine in ROUTINES.values():
        assert routine.items and all(item.exercise_id in library for item in routine.items)
        assert "expert opinion" in routine.evidence


def test_a_protocol_for_every_condition_with_phases_and_criteria():
    protocols = load_protocols()
    assert sorted(protocols) == sorted(CONDITION_IDS)
    for p in protocols.values():
        assert p.phases, p.condition
        for phase in p.phases:
            # the reference leaves dosage empty only for "return" phases that point to section 7
            assert phase.goal and (phase.dosage or "section 7" in phase.exercises_text), (p.condition, phase.id)
            assert all(re.fullmatch(r"EX\d\d", x) for x in phase.exercise_ids)


def test_pfp_protocol_and_prescription():
    pfp = get_protocol("pfp")
    assert [ph.id for ph in pfp.phases] == ["P1", "P2", "P3"]
    assert pfp.phase("P1").exercise_ids == ("EX12", "EX11", "EX10", "EX01", "EX02")
    assert pfp.next_phase("P1").id == "P2" and pfp.next_phase("P3") is None
    assert pfp.progression_rule == "state_machine" and pfp.pain_ceiling_during == 3
    assert get_protocol("achilles_midportion").progression_rule == "pain_monitoring"
    doses = {p.exercise_id: p.dose for p in prescribe_phase("pfp", "P1")}
    assert doses["EX12"] == "isometrics 5 x 30-45 s daily"  # wall sit is isometric
    assert doses["EX01"] == "others 3 x 15 daily"
    assert phase_dose_for(get_protocol("hamstring_strain").phase("P3"), "EX22") == "Nordic 2-3 x 5-8"


def test_insertional_achilles_uses_floor_level_drops():
    phase = get_protocol("achilles_insertional").phase("P2")
    assert "neutral" in phase.exercises_text and "EX32" not in phase.exercise_ids
    assert any("below neutral" in note for note in get_protocol("achilles_insertional").notes)
