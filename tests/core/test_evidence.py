"""Sources in people's words: real source strings of the code base (collected with grep from
core/load/findings.py, core/gait, core/programs, core/outcomes, core/care, the screening rule
files) and what a runner should read instead. Expected texts written by hand."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from stridecare.core.evidence import CLINICAL_REFERENCE, STRENGTH_WORDS, plain_source, references, strip_tags

V, K, H = STRENGTH_WORDS["V"], STRENGTH_WORDS["K"], STRENGTH_WORDS["H"]


@pytest.mark.parametrize(
    ("source", "evidence", "text", "ids"),
    [
        # core/load/findings.py LF-01, shown as "source evidence" by the finding partial
        (
            "Frandsen et al., Br J Sports Med 2025;59(17):1203-1210 [V:R01]",
            "[V:R01]",
            f"Frandsen et al., Br J Sports Med 2025 ({V})",
            ("R01",),
        ),
        # LF-04 early history: a clinic default that leans on a study
        (
            "Stridecare clinic default [H]; cf. Nielsen et al., Int J Sports Phys Ther 2014;9(3):338-345 [V:R111]",
            "[H]",
            f"Nielsen et al., Int J Sports Phys Ther 2014 ({V}; {H})",
            ("R111",),
        ),
        (
            "Foster, Med Sci Sports Exerc 1998;30(7):1164-1168 [V:R10]",
            "[V:R10] + [K]",
            f"Foster, Med Sci Sports Exerc 1998 ({V}; {K})",
            ("R10",),
        ),
        (
            "Williams et al., Br J Sports Med 2017;51(3):209-210 [V:R08]; uncoupling: Lolli et al., Br J Sports Med 2019 [V:R05]",
            "[V:R08] + [H]",
            f"Williams et al., Br J Sports Med 2017; Lolli et al., Br J Sports Med 2019 ({V}; {H})",
            ("R08", "R05"),
        ),
        # gait findings: section numbers and metric names only
        ("REFERENCE.md 6.4 shank_angle_ic_deg / overstride; 6.5 GR-CADENCE", "", CLINICAL_REFERENCE, ()),
        (
            "REFERENCE.md 6.4 gct_asymmetry_pct: amber >= 5%, red >= 10% [H] ([K]/[H])",
            "",
            f"{CLINICAL_REFERENCE} ({K}; {H})",
            (),
        ),
        ("derived from 6.3 events", "", CLINICAL_REFERENCE, ()),
        # the brief's examples
        ("REFERENCE.md 8.3", "", CLINICAL_REFERENCE, ()),
        ("REFERENCE.md 3.1 [K]", "", f"{CLINICAL_REFERENCE} ({K})", ()),
        # core/programs/progression.py: a study seen through two web pages
        (
            "REFERENCE.md 4.7, pain-monitoring model (Silbernagel) [V:R23 via W19, W28]; zones [H]",
            "",
            f"Silbernagel et al., Am J Sports Med 2007; BIM physio. The pain-monitoring model (bim.physio); Southside Physio ({V}; {H})",
            ("R23", "W19", "W28"),
        ),
        (
            "REFERENCE.md 5.3 (Frandsen 2025) [V:R01]; 7.3 guard derived from [V:R01]",
            "",
            f"Frandsen et al., Br J Sports Med 2025 ({V})",
            ("R01",),
        ),
        # a web page only: checked against that page, not a study
        (
            "REFERENCE.md 9 (S5, rule of thumb 480-800 km; reminder at 600-800 km) [V:W26] [H]",
            "",
            "Running-shoe mileage articles (rfainstitute.com; nycustompt.com; syracusechargers.org) (checked against the web page cited; "
            f"{H})",
            ("W26",),
        ),
        # core/outcomes/scoring.py with two references in one tag
        (
            "REFERENCE.md 8.1 [V:R52, R53]; 8.3 [K]",
            "",
            f"Farrar et al., Pain 2001; Salaffi et al., Eur J Pain 2004 ({V}; {K})",
            ("R52", "R53"),
        ),
        # core/screening rules.citation_text: "id. full citation `[V]`"
        (
            "R39. Winters M, Bakker EWP, Moen MH, et al. 2018. Medial tibial stress syndrome can be diagnosed reliably using history and "
            "physical examination. Br J Sports Med 52(19):1267-1272 (online 2017). doi:10.1136/bjsports-2016-097037 `[V]`",
            "",
            f"Winters et al., Br J Sports Med 2018 ({V})",
            ("R39",),
        ),
        (
            "REFERENCE.md v1.1, section 2.2, evidence [K] (no primary source; see section 11)",
            "",
            f"{CLINICAL_REFERENCE} ({K})",
            (),
        ),
        # core/care/evaluation.py clinical tests: section and tag apart
        ("1.1", "[V:R107]", f"Gaitonde et al., Am Fam Physician 2019 ({V})", ("R107",)),
        # an author-year citation without an id still finds its reference (one match only)
        ("Lolli et al., Br J Sports Med 2019", "", "Lolli et al., Br J Sports Med 2019", ("R05",)),
        # plain words stay; internal origins (app:event codes) say nothing
        ("added by the therapist", "", "added by the therapist", ()),
        ("programs:flare_up", "", "", ()),
        ("", "", "", ()),
    ],
)
def test_real_sources_read_in_plain_words(source, evidence, text, ids):
    plain = plain_source(source, evidence)
    assert plain.text() == text
    assert plain.ids == ids


def test_nothing_of_the_codes_survives_in_the_text():
    sources = [
        "REFERENCE.md 6.4 knee_fppa_deg",
        "runs in a row: clinic default [H] (setting GAIT_BALANCE_MIN_RUNS); the reference gives no number",
        "REFERENCE.md 2.2 RF-20 [K]",
        "REFERENCE.md 1.1 Patellofemoral pain P1 [K]",
        "REFERENCE.md 0.3, 2.3; rules 1.1.0",
    ]
    for source in sources:
        text = plain_source(source).text()
        assert not re.search(r"REFERENCE|\[[VKH]|\b[a-z]+_[a-z_]+\b|\b[A-Z]{2}-\d+\b|\d+\.\d+", text), (source, text)


def test_an_ambiguous_author_year_cites_nothing_rather_than_a_guess():
    # Nielsen et al. published four of the referenced papers in 2014
    assert plain_source("Nielsen et al. 2014").ids == ()


def test_short_citations_of_the_reference_list():
    refs = references()
    assert refs["R01"].short == "Frandsen et al., Br J Sports Med 2025"
    assert refs["R10"].short == "Foster, Med Sci Sports Exerc 1998"
    assert refs["R06"].short == "Windt and Gabbett, Br J Sports Med 2019"
    assert refs["R28"].short == "van Ark et al., J Sci Med Sport 2016"
    assert refs["R44"].short == "Koc et al., J Orthop Sports Phys Ther 2023"
    assert refs["R108"].short == "Acta Orthop 2017"  # authors not captured in the reference
    assert refs["W03"].short == "StatPearls. Stress fractures / stress injuries (statpearls.com)"


def test_the_reference_list_is_the_one_json_table_in_full():
    path = resources.files("stridecare.core.programs") / "data" / "references.json"
    raw = json.loads(path.read_text(encoding="utf-8"))["references"]
    assert list(references()) == list(raw) and len(raw) == 136
    for ref in references().values():
        assert ref.short and "`" not in ref.citation and not re.search(r"\[[VKH]\b", ref.citation), ref.id
        assert not re.search(r"\b[RW]\d{1,3}\b", ref.citation + ref.short), ref.id  # other entries are named in words


def test_dois_the_reference_marks_unverified_are_not_shown():
    refs = references()
    assert refs["R01"].doi == "10.1136/bjsports-2024-109380"
    assert refs["R42"].doi == "10.1016/s0003-9993(03)00613-0"  # brackets inside a DOI are kept
    assert refs["R02"].doi is None and "doi" not in refs["R02"].citation and "unverified" not in refs["R02"].citation
    assert refs["R71"].doi is None and "(title not yet confirmed)" in refs["R71"].citation
    assert refs["W15"].doi == "10.1186/s13063-023-07502-x" and refs["W15"].citation.startswith(
        "Trials 2023 protocol table. "
    )


def test_the_strength_of_each_reference_comes_from_its_own_tag():
    refs = references()
    assert (refs["R01"].strength, refs["R07"].strength, refs["W01"].strength) == ("V", "K", None)
    assert refs["R01"].strength_words == V and refs["R07"].strength_words == K


def test_strip_tags():
    assert (
        strip_tags("30 s eyes open (clinic may require >= 20 s [V:W34])")
        == "30 s eyes open (clinic may require >= 20 s)"
    )
    assert strip_tags("pass = total <= 1 `[H]`.") == "pass = total <= 1."
