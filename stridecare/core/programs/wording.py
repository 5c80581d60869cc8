"""Words a runner can read, from the texts of the clinical reference.

The exercise library, the protocols and the gait rules are written the way the reference writes
them: condition ids (``gluteal_tendinopathy``), phase ids (``P1``), exercise ids (``EX03``), red-flag
rule ids (``RF-14``), section numbers (``REFERENCE.md 3.1``, ``see 1.10``) and evidence tags
(``[V:R34]``, ``[K]``). A runner knows none of these. :func:`plain_text` turns such a text into
plain words; the codes stay in the data for the therapist's pages.

Condition names come from one table, :data:`stridecare.core.care.CONDITIONS`
(:func:`condition_name`); nothing here keeps a second one.
"""

from __future__ import annotations

import functools
import re

from stridecare.core.care.evaluation import CONDITIONS, condition_by_code
from stridecare.core.errors import InputError
from stridecare.core.evidence import strip_tags

# Words that keep their capital letter inside a sentence (names of people and places).
_PROPER = ("Achilles", "Nordic", "Askling", "Spanish", "Copenhagen", "Y-balance", "Alfredson")

_REF_ID = re.compile(r"(?:,\s*|\s+)?\b(?:R\d{1,3}|W\d{2})\b")
_REFERENCE = re.compile(
    r"REFERENCE(?:\.md)?(?:\s+v\d+(?:\.\d+)?)?(?:,?\s+(?:sections?\s+)?\d+(?:\.\d+)*(?:\s*(?:/|and|,)\s*\d+(?:\.\d+)*)*)?"
)
_SECTION = re.compile(r"\b(?:sections?|see|per)\s+\d+(?:\.\d+)*(?:\s*(?:/|and|,)\s*\d+(?:\.\d+)*)*\b")
_SECTION_IN_BRACKETS = re.compile(r"\(\s*\d+\.\d+(?:\.\d+)?\s*")
_LEADING_SECTION = re.compile(r"^\d+\.\d+(?:\.\d+)?\s+(?=[A-Za-z])")  # "5.3 session-spike guard"
_SECTION_ADVISES = re.compile(r"\b\d+\.\d+ advises\b")  # "6.2 advises 10 steps per side"
_SECTION_AFTER_ARTICLE = re.compile(r"\b(the|a)\s+\d+\.\d+(?:\.\d+)?\s+(?=[a-z])")  # "the 0.5 heavy-strength dose"
_RULE_ID = re.compile(r"(?:\(\s*)?(?:see\s+)?\b(?:RF|RTR|LF|GR|OM)-[A-Z0-9]+\b(?:\s*\))?")
_EXERCISE_ID = re.compile(r"\bEX(\d\d)\b")
_PHASES = (
    (re.compile(r"\bP(\d)\s*-\s*P(\d)\b"), r"phases \1-\2"),
    (re.compile(r"\bP(\d)\+"), r"phase \1 onwards"),
    (re.compile(r"\bP(\d)\b"), r"phase \1"),
)
_WORDS = (
    (re.compile(r"\s*\(HSR\)"), ""),
    (re.compile(r"\bHSR\b"), "heavy slow resistance"),
    (re.compile(r"\bRTR\b"), "return-to-running"),
    (re.compile(r"\bNPRS\b"), "pain score (0-10)"),
    (re.compile(r"\bROM\b"), "range of motion"),
    (re.compile(r"\bsuspected DVT\b"), "a suspected blood clot in the leg"),
    (re.compile(r"\*\*"), ""),
    (re.compile(r"`"), ""),
)
_TIDY = (
    (re.compile(r"\s*\((?:[^()]*\s)?(?:of|from|via|see)\)"), ""),  # "(protocol of R27)" once the id is gone
    (re.compile(r"\(\s*[;,:]?\s*\)"), ""),
    (re.compile(r"\(\s*[;,:]\s*"), "("),
    (re.compile(r"\s*[;,:]\s*\)"), ")"),
    (re.compile(r"\s+([,.;:)])"), r"\1"),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"([;,:])(?:\s*[;,:])+"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
)


def condition_name(code: str) -> str:
    """The name people use for a condition id of REFERENCE.md section 1 ("pfp" -> "Patellofemoral pain").

    Raises InputError naming the known ids for an unknown one."""
    return condition_by_code(code).name


def condition_label(code: str) -> str:
    """The condition's name for a page; an id the table does not know is shown in words, never as an id."""
    try:
        return condition_name(code)
    except InputError:
        return code.replace("_", " ")


def in_sentence(name: str) -> str:
    """A name as it reads inside a sentence: "Glute bridge" -> "glute bridge", "Nordic hamstring" unchanged."""
    if not name or name.startswith(_PROPER) or (len(name) > 1 and name[1].isupper()):
        return name
    return name[0].lower() + name[1:]


@functools.cache
def _condition_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    codes = sorted((c.code for c in CONDITIONS), key=len, reverse=True)
    patterns = [(re.compile(rf"\b{re.escape(code)}\b"), condition_name(code)) for code in codes]
    # the library's lists also say "achilles" for both Achilles tendinopathies
    patterns.append((re.compile(r"(?<![A-Za-z_])achilles(?![A-Za-z_])"), "Achilles tendinopathy"))
    return tuple(patterns)


def _exercise_name(match: re.Match[str]) -> str:
    from stridecare.core.programs.library import load_library

    exercise = load_library().get(f"EX{match.group(1)}")
    if exercise is None:
        return "another exercise"
    return in_sentence(re.sub(r"\s*\(.*?\)", "", exercise.name))  # "Squat (bodyweight / goblet / barbell)" -> "squat"


def _condition_name(name: str, match: re.Match[str]) -> str:
    """A condition's name, capitalised only at the start of the text."""
    return name if match.start() == 0 else in_sentence(name)


def plain_text(text: str) -> str:
    """``text`` in plain words: evidence tags, section numbers and rule ids removed; condition, phase
    and exercise ids written as names. The first letter keeps its case.

    >>> plain_text("pfp (P1), gluteal_tendinopathy (only if pain-free; see 1.10) [K]")
    'Patellofemoral pain (phase 1), gluteal tendinopathy / lateral hip pain (only if pain-free)'
    """
    if not text:
        return ""
    out = strip_tags(text)
    out = _REFERENCE.sub("", out)
    out = _SECTION.sub("", out)
    out = _SECTION_IN_BRACKETS.sub("(", out)
    out = _LEADING_SECTION.sub("", out)
    out = _SECTION_AFTER_ARTICLE.sub(r"\1 ", out)
    out = _SECTION_ADVISES.sub("the filming advice is", out)
    out = _RULE_ID.sub("", out)
    out = _REF_ID.sub("", out)
    out = _EXERCISE_ID.sub(_exercise_name, out)
    for pattern, name in _condition_patterns():
        out = pattern.sub(functools.partial(_condition_name, name), out)
    for pattern, words in _PHASES + _WORDS:
        out = pattern.sub(words, out)
    for _ in range(2):
        for pattern, replacement in _TIDY:
            out = pattern.sub(replacement, out)
    out = out.strip(" ;,:")
    if text[:1].isupper() and out[:1].islower():
        out = out[0].upper() + out[1:]
    return out
