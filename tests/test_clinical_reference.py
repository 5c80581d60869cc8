"""Every citation of the clinical reference resolves from a fresh clone.

Code and data cite the reference as "REFERENCE.md 6.4" (or "REFERENCE.md section 10"): that file is
docs/clinical-reference.md, a copy of ../shared/clinical/REFERENCE.md. A numbered citation must name a
heading of the copy ("6.4" -> "### 6.4 ..."); "N.0" is the introduction of section N, and "0.2.2" is
item 2 of the numbered list under heading 0.2.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COPY = REPO / "docs" / "clinical-reference.md"
SHARED = REPO.parent / "shared" / "clinical" / "REFERENCE.md"
CITATION = re.compile(r"REFERENCE\.md[ (]*(?:sections? |§ ?)?(?P<number>\d+(?:\.\d+)*)")
SUFFIXES = {".py", ".yaml", ".json", ".html", ".txt", ".md"}


def headings() -> set[str]:
    return set(re.findall(r"^#+ +(\d+(?:\.\d+)*)\.? ", COPY.read_text(encoding="utf-8"), re.MULTILINE))


def citations() -> list[tuple[str, str]]:
    found = []
    for root in (REPO / "stridecare", REPO / "tests", REPO / "bench"):
        for path in sorted(root.rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                text = path.read_text(encoding="utf-8")
                where = str(path.relative_to(REPO))
                found += [(where, m["number"].rstrip(".")) for m in CITATION.finditer(text)]
    return found


def resolves(number: str, known: set[str]) -> bool:
    if number in known:
        return True
    major, _, minor = number.partition(".")
    if minor == "0":
        return major in known  # "4.0": the text of section 4 before 4.1
    parent = number.rsplit(".", 1)[0]
    return number.count(".") == 2 and parent in known  # "0.2.2": item 2 under 0.2


def test_every_numbered_citation_names_a_heading_of_the_reference() -> None:
    known = headings()
    found = citations()
    assert len(found) > 100  # the citation pattern still matches the way code cites
    missing = sorted({f"{where}: REFERENCE.md {number}" for where, number in found if not resolves(number, known)})
    assert missing == []


def test_the_resolver_refuses_a_section_the_reference_lacks() -> None:
    known = headings()
    assert resolves("6.4", known) and resolves("4.0", known) and resolves("0.2.2", known)
    assert not resolves("6.9", known) and not resolves("12", known) and not resolves("6.4.1.2", known)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared is not checked out next to the repository")
def test_the_copy_matches_the_shared_reference() -> None:
    assert COPY.read_bytes() == SHARED.read_bytes(), (
        "copy ../shared/clinical/REFERENCE.md to docs/clinical-reference.md"
    )
