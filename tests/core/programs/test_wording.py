"""Plain words from the reference's texts: condition, phase and exercise ids as names; tags, section
numbers and rule ids gone."""

import re

from stridecare.core.care import CONDITIONS
from stridecare.core.programs.library import ROUTINES, load_library
from stridecare.core.programs.protocols import load_protocols
from stridecare.core.programs.wording import condition_label, condition_name, plain_text

# what a runner must never read (COMMON standards): sections, tags, rule/exercise ids, snake_case codes, phase ids
CODES = re.compile(
    r"REFERENCE|\[[VKH][:\]/,]|\b(?:RF|RTR|GR|LF)-\w+|\bEX\d\d\b|\b[a-z]+_[a-z0-9_]+\b|\bP\d\b|\bsection \d"
)


def test_condition_phase_and_exercise_ids_become_names():
    assert (
        plain_text("pfp (P1), gluteal_tendinopathy (P2-P3)")
        == "Patellofemoral pain (phase 1), gluteal tendinopathy / lateral hip pain (phases 2-3)"
    )
    assert plain_text("progress to EX03/EX15") == "progress to glute bridge/step-up"
    assert plain_text("quad set first (EX11)") == "quad set first (quadriceps set)"  # the name without its own brackets
    assert plain_text("avoid early in achilles_insertional") == "avoid early in insertional Achilles tendinopathy"


def test_tags_sections_and_rule_ids_are_dropped():
    assert (
        plain_text("3 x 15, twice daily, with EX31 [V:R25]")
        == "3 x 15, twice daily, with eccentric heel drop, straight knee"
    )
    assert (
        plain_text("gluteal_tendinopathy (only if pain-free; see 1.10)")
        == "Gluteal tendinopathy / lateral hip pain (only if pain-free)"
    )
    assert (
        plain_text("rolling a swollen, hot or suspicious calf (see RF-14)")
        == "rolling a swollen, hot or suspicious calf"
    )
    assert plain_text("2x/week, >= 48 h apart (7.3 [K])") == "2x/week, >= 48 h apart"
    assert plain_text("REFERENCE.md 6.2 [K]; 240 Hz in a foot-strike study [V:R80]") == "240 Hz in a foot-strike study"


def test_numbers_that_are_not_sections_stay():
    assert (
        plain_text("metronome at 168 steps/min (your 160 x 1.05; at most 176)")
        == "metronome at 168 steps/min (your 160 x 1.05; at most 176)"
    )


def test_every_library_and_routine_text_reads_without_codes():
    texts = []
    for e in load_library().values():
        texts += [
            e.targets,
            e.start,
            e.dose.text,
            e.easier,
            e.harder,
            e.equipment,
            e.used_for,
            e.evidence,
            *e.steps,
            *e.levels,
            *e.faults,
            *e.cautions,
        ]
    for r in ROUTINES.values():
        texts += [r.frequency, r.evidence, *(i.dose for i in r.items)]
    leaks = [(t, plain_text(t)) for t in texts if CODES.search(plain_text(t))]
    assert leaks == []


def test_one_table_names_every_condition_and_every_protocol():
    assert condition_name("pfp") == "Patellofemoral pain" and condition_label("no_such_code") == "no such code"
    names = [p.name for p in load_protocols().values()]
    assert len(names) == len(set(names))  # no two protocols under one name (the two Achilles ones included)
    assert {p.condition: p.name for p in load_protocols().values()} == {
        c.code: c.name for c in CONDITIONS if c.code in load_protocols()
    }
    assert load_protocols()["proximal_hamstring_tendinopathy"].name == "Proximal hamstring tendinopathy"
