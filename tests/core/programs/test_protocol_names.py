"""Protocol phases read as words ("Phase 1: protect, walk normally"), never "P1 P1"."""

from stridecare.core.programs.protocols import get_protocol, load_protocols


def test_every_phase_has_a_name_in_words():
    for protocol in load_protocols().values():
        for phase in protocol.phases:
            assert phase.label == f"Phase {phase.number}: {phase.name}"
            assert phase.name != phase.id and not phase.name.startswith("P"), (protocol.condition, phase)


def test_phases_the_reference_only_numbers_take_their_goal():
    assert [p.label for p in get_protocol("hamstring_strain").phases] == [
        "Phase 1: protect, walk normally",
        "Phase 2: lengthening-state loading",
        "Phase 3: eccentric strength, speed",
    ]
    assert get_protocol("calf_strain").phase("P4").label == "Phase 4: running"
    assert get_protocol("gluteal_tendinopathy").phase("P1").label == "Phase 1: remove compression, calm pain"
    assert get_protocol("pfp").phase("P1").label == "Phase 1: calm"
