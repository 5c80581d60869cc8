"""Outcome-measure definitions of REFERENCE.md section 4 and 8.1, encoded as data.

Item wording is never shipped: only item topics (our paraphrases) from the reference, for data
modelling and the therapist's pages; an item the reference does not name has no topic (""). A
runner is asked a measure only once the clinic has loaded its official wording as a form file (see
``forms.py``), except the two whose items are a rating the reference itself defines (NPRS, PSFS:
``OWN_WORDING``). Every number carries its evidence tag.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

MeasureId = Literal[
    "lefs",
    "visa-a",
    "visa-p",
    "akps",
    "faam-adl",
    "faam-sports",
    "nprs",
    "psfs",
    "phq-2",
    "phq-9",
    "gad-2",
    "gad-7",
]
MEASURE_IDS: tuple[str, ...] = (
    "lefs",
    "visa-a",
    "visa-p",
    "akps",
    "faam-adl",
    "faam-sports",
    "nprs",
    "psfs",
    "phq-2",
    "phq-9",
    "gad-2",
    "gad-7",
)


@dataclass(frozen=True, slots=True)
class ChangeRule:
    """When a change between two scores counts as meaningful (4.0: >= MCID and >= MDC)."""

    mcid_points: float | None
    mdc_points: float | None
    evidence: str
    mcid_exclusive: bool = False  # VISA-P: "change > 13 points" [V:R49]
    mcid_relative_decrease_pct: float | None = None  # NPRS: decrease >= 2 points or >= 30% (4.7)
    mcid_late_points: float | None = None  # VISA-A: >= 7 points beyond 12 weeks (4.2)
    late_after_weeks: float | None = None


@dataclass(frozen=True, slots=True)
class MeasureSpec:
    """One questionnaire: item count, answer range, total range and how change is judged."""

    measure: str
    name: str
    section: str
    item_topics: tuple[str, ...]
    answer_min: float
    answer_max: float
    max_score: int
    higher_is_better: bool
    scoring_rule: str
    evidence: str
    change: ChangeRule
    whole_numbers: bool = True
    min_answered: int | None = None  # None: every item needed (4.0 default)
    min_items: int | None = None  # PSFS names 3-5 activities
    max_items: int | None = None
    plain_source: str = ""  # author and year a runner may read (no tags, no section numbers)
    purpose: str = ""  # one plain sentence: what the questionnaire is about (our words)

    @property
    def allows_missing(self) -> bool:
        return self.min_answered is not None

    @property
    def item_count(self) -> int:
        return len(self.item_topics)


_LEFS_TOPICS = (  # paraphrased topics of 4.1 [V:W39]
    "usual work/household/school tasks",
    "hobbies/recreation/sport",
    "getting in/out of a bath",
    "walking between rooms",
    "putting on shoes/socks",
    "squatting",
    "lifting a bag from the floor",
    "light home tasks",
    "heavy home tasks",
    "getting in/out of a car",
    "walking 2 blocks",
    "walking a mile",
    "going up/down about 10 stairs",
    "standing 1 hour",
    "sitting 1 hour",
    "running on even ground",
    "running on uneven ground",
    "sharp turns while running fast",
    "hopping",
    "rolling over in bed",
)
_VISA_A_TOPICS = (  # 4.2 paraphrased [K]
    "Q1 duration of morning stiffness",
    "Q2 pain stretching the tendon over a step edge",
    "Q3 pain after walking on flat ground for 6 minutes",
    "Q4 pain walking downstairs",
    "Q5 pain during/after 10 single-leg heel raises",
    "Q6 number of pain-free single-leg hops",
    "Q7 current sport/activity participation",
)
_VISA_P_TOPICS = ("",) * 8  # 4.3 gives the item count only
_AKPS_TOPICS = (
    "limp",
    "weight-bearing support",
    "walking distance",
    "stairs",
    "squatting",
    "running",
    "jumping",
    "prolonged sitting with knees bent",
    "pain",
    "swelling",
    "abnormal painful kneecap movement (subluxation)",
    "thigh muscle wasting",
    "knee bending deficit",
)
AKPS_ITEM_MAXIMA: tuple[int, ...] = (5, 5, 5, 10, 5, 10, 10, 10, 10, 10, 10, 5, 5)  # 4.4 [K], sum 100
_FAAM_ADL_TOPICS = (  # paraphrased topics of 4.5 [K]
    "standing",
    "walking on even ground",
    "walking barefoot on even ground",
    "walking uphill",
    "walking downhill",
    "going up stairs",
    "going down stairs",
    "walking on uneven ground",
    "stepping on/off a kerb",
    "squatting",
    "rising onto toes",
    "first steps",
    "walking <= 5 min",
    "walking ~10 min",
    "walking >= 15 min",
    "home duties",
    "activities of daily living",
    "personal care",
    "light-to-moderate work",
    "heavy work",
    "recreational activities",
)
_FAAM_SPORTS_TOPICS = (  # paraphrased topics of 4.5 [K]
    "running",
    "jumping",
    "landing",
    "starting and stopping quickly",
    "cutting/lateral moves",
    "low-impact activities",
    "performing with normal technique",
    "doing your sport as long as you like",
)
_PHQ9_TOPICS = (
    "low interest/pleasure",
    "feeling down/hopeless",
    "",
    "",
    "",
    "",
    "",
    "",  # 8.1 names items 1, 2 and 9 only
    "thoughts of death or self-harm",
)
_GAD7_TOPICS = ("nervous/on edge", "unable to stop worrying", "", "", "", "", "")  # 8.1 names items 1 and 2 only
_NO_MCID = ChangeRule(None, None, "the reference gives no MCID or MDC for this screener (8.1)")

MEASURES: dict[str, MeasureSpec] = {
    "lefs": MeasureSpec(
        "lefs",
        "Lower Extremity Functional Scale",
        "4.1",
        _LEFS_TOPICS,
        0,
        4,
        80,
        True,
        "sum of 20 items scored 0-4, total 0-80",
        "[V:R45, W39]",
        ChangeRule(9, 9, "MCID 9, MDC 9 points [V:R45]"),
    ),
    "visa-a": MeasureSpec(
        "visa-a",
        "VISA-A (Achilles)",
        "4.2",
        _VISA_A_TOPICS,
        0,
        10,
        100,
        True,
        "Q1-Q7 scored 0-10 (Q7 one of 0, 4, 7, 10) plus Q8 branch A/B/C band points; total 0-100",
        "[V:R46, W40]; Q8 branch points [K]",
        ChangeRule(
            14,
            None,
            "[H] default from [V:W41]: >= 14 points at <= 12 weeks, >= 7 beyond",
            mcid_late_points=7,
            late_after_weeks=12,
        ),
    ),
    "visa-p": MeasureSpec(
        "visa-p",
        "VISA-P (patellar tendon)",
        "4.3",
        _VISA_P_TOPICS,
        0,
        10,
        100,
        True,
        "8 items, total 0-100 (Q1-Q7 0-10, Q8 0-30 as in the VISA family)",
        "[K]",
        ChangeRule(13, None, "MCID: change > 13 points [V:R49]", mcid_exclusive=True),
    ),
    "akps": MeasureSpec(
        "akps",
        "Anterior Knee Pain Scale (Kujala)",
        "4.4",
        _AKPS_TOPICS,
        0,
        10,
        100,
        True,
        "13 single-answer items, sum of the chosen options' points (each 0 to its item's maximum of 4.4; "
        "checked against the option weights of the clinic's official form when one is loaded), 0-100",
        "[K] (R43)",
        ChangeRule(10, None, "MCID 10 points [V:R42], default [H]"),
    ),
    "faam-adl": MeasureSpec(
        "faam-adl",
        "FAAM activities of daily living",
        "4.5",
        _FAAM_ADL_TOPICS,
        0,
        4,
        100,
        True,
        "sum of answered items / (answered x 4) x 100; needs >= 19 of 21 answered [H]",
        "[V:R50, W38] [K]",
        ChangeRule(8, 5.7, "MCID 8, MDC 5.7 points [V:R50]"),
        min_answered=19,
    ),
    "faam-sports": MeasureSpec(
        "faam-sports",
        "FAAM sports",
        "4.5",
        _FAAM_SPORTS_TOPICS,
        0,
        4,
        100,
        True,
        "sum of answered items / (answered x 4) x 100; needs >= 7 of 8 answered [H]",
        "[V:R50, W38] [K]",
        ChangeRule(9, 12.3, "MCID 9, MDC 12.3 points [V:R50]"),
        min_answered=7,
    ),
    "nprs": MeasureSpec(
        "nprs",
        "Numeric Pain Rating Scale",
        "4.7",
        ("pain rating 0-10",),
        0,
        10,
        10,
        False,
        "one integer 0 (no pain) to 10 (worst imaginable)",
        "[V:R52]",
        ChangeRule(
            2,
            None,
            "[H] from [V:R52, R53]: a decrease >= 2 points or >= 30% is improvement",
            mcid_relative_decrease_pct=30,
        ),
    ),
    "psfs": MeasureSpec(
        "psfs",
        "Patient-Specific Functional Scale",
        "4.8",
        tuple(f"activity {i}" for i in range(1, 6)),
        0,
        10,
        10,
        True,
        "3-5 activities each rated 0 (unable) to 10 (pre-injury level); score = mean",
        "[K] (R89)",
        ChangeRule(2, None, "MCID about 2 points for the mean [K]"),
        whole_numbers=False,
        min_items=3,
        max_items=5,
    ),
    "phq-2": MeasureSpec(
        "phq-2",
        "PHQ-2",
        "8.1",
        _PHQ9_TOPICS[:2],
        0,
        3,
        6,
        False,
        "sum of 2 items scored 0-3; >= 3 positive screen",
        "[V:W43, R55] [K] (R57)",
        _NO_MCID,
    ),
    "phq-9": MeasureSpec(
        "phq-9",
        "PHQ-9",
        "8.1",
        _PHQ9_TOPICS,
        0,
        3,
        27,
        False,
        "sum of 9 items scored 0-3; bands 5/10/15/20; item 9 > 0 = self-harm indication",
        "[V:R54]",
        _NO_MCID,
    ),
    "gad-2": MeasureSpec(
        "gad-2",
        "GAD-2",
        "8.1",
        _GAD7_TOPICS[:2],
        0,
        3,
        6,
        False,
        "sum of 2 items scored 0-3; >= 3 positive: complete GAD-7",
        "[V:W35] [K] (R58)",
        _NO_MCID,
    ),
    "gad-7": MeasureSpec(
        "gad-7",
        "GAD-7",
        "8.1",
        _GAD7_TOPICS,
        0,
        3,
        21,
        False,
        "sum of 7 items scored 0-3; bands 5/10/15",
        "[V:R56, W42]",
        _NO_MCID,
    ),
}

# Author and year of each measure's development paper (REFERENCE.md section 10), and what it asks
# about in our own words: the only description a runner reads next to a questionnaire.
_PLAIN: dict[str, tuple[str, str]] = {
    "lefs": ("Binkley et al. 1999", "How hard everyday and sports activities are with your leg problem."),
    "visa-a": ("Robinson et al. 2001", "Achilles tendon pain, stiffness and what you can do in sport."),
    "visa-p": (
        "Victorian Institute of Sport; change: Hernandez-Sanchez et al. 2014",
        "Kneecap tendon pain and what you can do in sport.",
    ),
    "akps": ("Kujala et al. 1993", "Pain at the front of the knee and what it stops you doing."),
    "faam-adl": ("Martin et al. 2005", "How hard daily activities are with your foot or ankle."),
    "faam-sports": ("Martin et al. 2005", "How hard sports activities are with your foot or ankle."),
    "nprs": ("Farrar et al. 2001", "How strong your pain is, as one number."),
    "psfs": ("Stratford et al. 1995", "Activities you find hard, each rated by how well you can do it now."),
    "phq-2": ("Kroenke et al. 2003", "Two questions about mood."),
    "phq-9": ("Kroenke et al. 2001", "Questions about mood over the last two weeks."),
    "gad-2": ("Kroenke et al. 2007", "Two questions about worry and nerves."),
    "gad-7": ("Spitzer et al. 2006", "Questions about worry and nerves over the last two weeks."),
}
MEASURES = {m: replace(spec, plain_source=_PLAIN[m][0], purpose=_PLAIN[m][1]) for m, spec in MEASURES.items()}

# Measures whose item is a rating the reference defines itself (0.4, 4.7: pain 0-10; 4.8: the
# runner's own activities rated 0-10): Stridecare words them, no official form is needed.
OWN_WORDING: frozenset[str] = frozenset({"nprs", "psfs"})


def needs_official_form(measure: str) -> bool:
    """True when runners may be asked the measure only with the clinic's official wording loaded."""
    return measure not in OWN_WORDING


def score_sentence(spec: MeasureSpec) -> str:
    """What the total means, in plain words ("a score from 0 to 80; higher is better")."""
    better = "higher" if spec.higher_is_better else "lower"
    return f"Your answers give a score from 0 to {spec.max_score}; {better} is better."


VISA_Q8_POINTS: dict[str, tuple[int, ...]] = {  # bands: none, 1-10, 11-20, 21-30, > 30 min [K]
    "A": (0, 7, 14, 21, 30),  # no pain during sport
    "B": (0, 4, 10, 14, 20),  # pain but can finish
    "C": (0, 2, 5, 7, 10),  # pain stops the activity
}
VISA_Q8_BANDS: tuple[str, ...] = ("none", "1-10 min", "11-20 min", "21-30 min", "> 30 min")
VISA_A_Q7_VALUES: tuple[int, ...] = (0, 4, 7, 10)


@dataclass(frozen=True, slots=True)
class OutcomeSettings:
    """The `[H]` boundaries of section 4 as clinic parameters, with the reference's defaults."""

    faam_adl_min_answered: int = 19  # 4.5 [H]
    faam_sports_min_answered: int = 7  # 4.5 [H]
    visa_a_mcid_early: float = 14  # 4.2 [H] from [V:W41]: <= 12 weeks
    visa_a_mcid_late: float = 7  # beyond 12 weeks
    visa_a_late_after_weeks: float = 12
    akps_mcid: float = 10  # 4.4 [H] from [V:R42]
    nprs_mcid_points: float = 2  # 4.7 [H] from [V:R52, R53]
    nprs_mcid_decrease_pct: float = 30


DEFAULT_OUTCOME_SETTINGS = OutcomeSettings()


def get_measure(measure: str, settings: OutcomeSettings = DEFAULT_OUTCOME_SETTINGS) -> MeasureSpec:
    """The spec of one measure id of section 4 / 8.1 with the clinic's `[H]` settings applied;
    raises KeyError naming the known ids."""
    try:
        spec = MEASURES[measure]
    except KeyError:
        raise KeyError(f"unknown measure {measure!r}; one of {', '.join(MEASURE_IDS)}") from None
    if settings == DEFAULT_OUTCOME_SETTINGS:
        return spec
    if measure == "faam-adl":
        return replace(spec, min_answered=settings.faam_adl_min_answered)
    if measure == "faam-sports":
        return replace(spec, min_answered=settings.faam_sports_min_answered)
    if measure == "visa-a":
        change = replace(
            spec.change,
            mcid_points=settings.visa_a_mcid_early,
            mcid_late_points=settings.visa_a_mcid_late,
            late_after_weeks=settings.visa_a_late_after_weeks,
        )
        return replace(spec, change=change)
    if measure == "akps":
        return replace(spec, change=replace(spec.change, mcid_points=settings.akps_mcid))
    if measure == "nprs":
        change = replace(
            spec.change,
            mcid_points=settings.nprs_mcid_points,
            mcid_relative_decrease_pct=settings.nprs_mcid_decrease_pct,
        )
        return replace(spec, change=change)
    return spec
