"""Sources in people's words.

The clinical rules carry their sources the way the clinical reference writes them: section numbers
("REFERENCE.md 6.4"), evidence tags ("[V:R01]", "[K]", "[H]") and reference ids (R01.., W01..).
A runner knows none of these. :func:`plain_source` turns such a string into what a person can
read: a short citation per reference ("Frandsen et al., Br J Sports Med 2025"), the reference ids
behind them (for a link to the evidence page) and a phrase for the strength of the evidence.

"REFERENCE.md" is ``docs/clinical-reference.md`` in the repository. The reference list is
``core/programs/data/references.json`` (REFERENCE.md section 10, copied whole); this module is its
only reader for display.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, replace
from importlib import resources
from typing import Literal

Strength = Literal["V", "K", "H"]

STRENGTH_WORDS: dict[str, str] = {
    "V": "checked against the published study",
    "K": "established clinical knowledge",
    "H": "a default the clinic can change",
}
# A [V] tag that rests only on web pages (W..) was checked against that page, not a study.
WEB_CHECKED_WORDS = "checked against the web page cited"
CLINICAL_REFERENCE = "Stridecare clinical reference"

_TAG = re.compile(r"\[\s*(?P<letters>[VKH](?:\s*[,/+]\s*[VKH])*)\b(?P<rest>[^\]]*)\]")
_REF_ID = re.compile(r"\b[RW]\d{1,3}\b")
_SECTION = re.compile(r"REFERENCE(?:\.md)?|\bsection\b|\b\d+\.\d+\b", re.IGNORECASE)
_CODE_LIKE = re.compile(
    r"\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+:[a-z_]+\b|\b[A-Z]{2,}_[A-Z0-9_]+\b|\b[A-Z]{2,}-\d+\b|\b[A-Z]{2,}-[A-Z]+\b"
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_INITIALS = re.compile(r"^(?:[A-Z]{1,4}|Jr|Sr)$")


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of the reference list. ``citation`` is the full text without evidence tags."""

    id: str
    citation: str
    short: str
    strength: Strength | None
    doi: str | None

    @property
    def is_web_page(self) -> bool:
        return self.id.startswith("W")

    @property
    def strength_words(self) -> str:
        if self.strength is None:
            return ""
        return WEB_CHECKED_WORDS if self.strength == "V" and self.is_web_page else STRENGTH_WORDS[self.strength]


@dataclass(frozen=True, slots=True)
class PlainSource:
    """A source string read for people: the references it cites, the strength of the evidence and
    whether it points into the clinical reference (a section number) without citing a paper."""

    references: tuple[Reference, ...]
    strengths: tuple[Strength, ...]
    cites_clinical_reference: bool
    words: str = ""

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.references)

    @property
    def strength_words(self) -> tuple[str, ...]:
        only_web = bool(self.references) and all(r.is_web_page for r in self.references)
        return tuple(WEB_CHECKED_WORDS if s == "V" and only_web else STRENGTH_WORDS[s] for s in self.strengths)

    @property
    def names(self) -> tuple[str, ...]:
        """What to call the source(s): the short citations, else the clinical reference, else the
        plain words that were given (e.g. "added by the therapist")."""
        if self.references:
            return tuple(r.short for r in self.references)
        if self.cites_clinical_reference or self.strengths:
            return (CLINICAL_REFERENCE,)
        return (self.words,) if self.words else ()

    @property
    def is_empty(self) -> bool:
        return not self.names

    def text(self) -> str:
        """One line: "Frandsen et al., Br J Sports Med 2025 (checked against the published study)"."""
        if self.is_empty:
            return ""
        strength = f" ({'; '.join(self.strength_words)})" if self.strengths else ""
        return "; ".join(self.names) + strength


@functools.cache
def references() -> dict[str, Reference]:
    """The reference list by id (R01.., W01..), in the order of the clinical reference."""
    path = resources.files("stridecare.core.programs") / "data" / "references.json"
    raw = json.loads(path.read_text(encoding="utf-8"))["references"]
    table = {ref_id: _reference(ref_id, text) for ref_id, text in raw.items()}

    # A note that names another entry by id ("program via W14") names it in words instead.
    def in_words(text: str) -> str:
        return _REF_ID.sub(lambda m: table[m[0]].short if m[0] in table else m[0], text)

    return {
        ref_id: replace(ref, citation=in_words(ref.citation), short=in_words(ref.short))
        for ref_id, ref in table.items()
    }


def plain_source(source: str, *more: str) -> PlainSource:
    """Read a source string (and, e.g., its separate evidence tag) as a :class:`PlainSource`.

    >>> plain_source("Frandsen et al., Br J Sports Med 2025;59(17):1203-1210 [V:R01]").text()
    'Frandsen et al., Br J Sports Med 2025 (checked against the published study)'
    """
    text = " ".join(s for s in (source, *more) if s)
    table = references()
    ids: list[str] = []
    strengths: list[Strength] = []
    for tag in _TAG.finditer(text):
        for letter in re.findall(r"[VKH]", tag.group("letters")):
            if letter not in strengths:
                strengths.append(letter)
    strengths.sort(key="VKH".index)
    for ref_id in _REF_ID.findall(text.replace("`", " ")):
        if ref_id in table and ref_id not in ids:
            ids.append(ref_id)
    if not ids:
        ids = _author_year_ids(text, table)
    cites_reference = bool(_SECTION.search(_TAG.sub(" ", text)))
    words = "" if ids or cites_reference or strengths else _plain_words(text)
    return PlainSource(tuple(table[i] for i in ids), tuple(strengths), cites_reference, words)


def strip_tags(text: str) -> str:
    """The text without its evidence tags (``[V:R01]``, ```[K]```), spaces tidied."""
    cleaned = _TAG.sub("", text.replace("`", ""))
    cleaned = re.sub(r"\(\s*\)", "", cleaned)
    cleaned = re.sub(r"\s+([,.;)])", r"\1", cleaned)
    return re.sub(r"\s{2,}", " ", cleaned).strip()


def _reference(ref_id: str, text: str) -> Reference:
    tags = [letter for tag in _TAG.finditer(text) for letter in re.findall(r"[VKH]", tag.group("letters"))]
    doi, text = _take_doi(text)
    citation = strip_tags(_TAG.sub(_later_tag_words, _TAG.sub("", text.replace("`", ""), count=1)))
    short = _short_web(citation) if ref_id.startswith("W") else _short_study(citation)
    return Reference(ref_id, citation, short, tags[0] if tags else None, doi)


def _take_doi(text: str) -> tuple[str | None, str]:
    """The first DOI of a citation and the text without it. A DOI the reference marks as
    unverified (recalled from memory, "confirm before publishing") is dropped, not shown."""
    found = re.search(r"\(?doi:(10\.\d{4,9}/\S+)", text)
    if found is None:
        return None, text
    doi = found.group(1).rstrip(".,;`")
    while doi.endswith(")") and doi.count(")") > doi.count("("):
        doi = doi[:-1].rstrip(".,;")
    end = text.index(doi, found.start()) + len(doi)
    rest = text[end:]
    if found.group(0).startswith("(") and rest.startswith(")"):
        rest = rest[1:]
    unverified = re.match(r"^[.)]?\s*\((?P<what>title and )?DOI unverified\)", rest)
    if unverified:
        rest = (" (title not yet confirmed)" if unverified["what"] else "") + rest[unverified.end() :]
    return (None if unverified else doi), text[: found.start()].rstrip() + rest


def _later_tag_words(tag: re.Match[str]) -> str:
    """A tag inside a citation's notes ("(protocol: ..., `[V]`)"), said in words."""
    letters = re.findall(r"[VKH]", tag.group("letters"))
    return " - " + "; ".join(STRENGTH_WORDS[x] for x in letters)


def _short_study(citation: str) -> str:
    """ "Frandsen JSB, et al. 2025. Title. Br J Sports Med 59(17):..." -> "Frandsen et al., Br J Sports Med 2025"."""
    match = re.match(r"^(?P<authors>.+?)\.?\s(?P<year>(?:19|20)\d{2})\.\s(?P<rest>.*)$", citation)
    if match is None:
        return citation
    authors, year, rest = match["authors"], match["year"], match["rest"]
    journal = _journal(rest)
    who = _authors_short(authors)
    return ", ".join(part for part in (who, f"{journal} {year}" if journal else year) if part)


def _journal(rest: str) -> str:
    """The journal: the first sentence after the title that starts with a name followed by a volume."""
    sentences = re.split(r"(?<=[.?!])\s+", rest)
    for sentence in sentences[1:]:
        found = re.match(r"^(?P<journal>[A-Z][A-Za-z&\s]*?[A-Za-z])\s\d+(?:\(|:|\.|\s|$)", sentence)
        if found:
            return found["journal"]
    tail = next((s for s in sentences[1:] if not s.lower().startswith("doi")), "")
    return tail.rstrip(".") if tail and len(tail) < 60 else ""


def _authors_short(authors: str) -> str:
    if authors.startswith("("):
        return ""
    names = [a.strip() for a in authors.split(",") if a.strip()]
    has_more = len(names) > 2 or any("et al" in n for n in names)
    surnames = [_surname(n) for n in names if "et al" not in n]
    if has_more:
        return f"{surnames[0]} et al."
    return " and ".join(surnames)


def _surname(name: str) -> str:
    words = name.split()
    while len(words) > 1 and _INITIALS.match(words[-1]):
        words.pop()
    return " ".join(words)


def _short_web(citation: str) -> str:
    """A web page: its name up to the site in brackets ("StatPearls. Stress fractures (statpearls.com)")."""
    first = re.match(r"^(.{0,120}?\([^)]*\))", citation)
    if first:
        return first.group(1)
    sentence = re.split(r"(?<=\.)\s+", citation)[0]
    return sentence.rstrip(".")


@functools.cache
def _by_author_year() -> dict[tuple[str, str], list[str]]:
    index: dict[tuple[str, str], list[str]] = {}
    for ref in references().values():
        match = re.match(
            r"^(?P<surname>[^\s,(]+(?:\s(?:van|de|der)\s?[^\s,]+)?)[^.]*?\.?\s(?P<year>(?:19|20)\d{2})\.", ref.citation
        )
        if match and not ref.is_web_page:
            index.setdefault((match["surname"].split()[0].lower(), match["year"]), []).append(ref.id)
    return index


def _author_year_ids(text: str, table: dict[str, Reference]) -> list[str]:
    """References named only as "Surname et al., Journal 2019": those whose first author and year
    match one entry alone."""
    index = _by_author_year()
    ids: list[str] = []
    for clause in re.split(r"[;\[\]]", text):
        years = _YEAR.findall(clause)
        for word in re.findall(r"\b[A-Z][a-zøöüé'-]+\b", clause):
            for year in years:
                found = index.get((word.lower(), year), [])
                if len(found) == 1 and found[0] not in ids:
                    ids.append(found[0])
    return ids


def _plain_words(text: str) -> str:
    """Text that names no reference: kept when it is plain words, dropped when it is a code."""
    cleaned = strip_tags(text)
    return "" if _CODE_LIKE.search(cleaned) else cleaned
