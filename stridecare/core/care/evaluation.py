"""Initial-evaluation data: body regions with the key clinical tests of REFERENCE.md section 1, the
condition list for the working diagnosis, and the single-leg squat quality score of section 7.4.

Every test keeps the section it comes from and its evidence tag (0.1): `[V:Rnn]` verified,
`[K]` established knowledge not re-verified, `[H]` a Stridecare default. Accuracy figures are
copied only where the reference gives them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from stridecare.core.errors import InputError

TestResult = Literal["not_tested", "positive", "negative"]
Side = Literal["L", "R", "both"]
TEST_RESULTS: tuple[tuple[str, str], ...] = (
    ("not_tested", "Not tested"),
    ("positive", "Positive"),
    ("negative", "Negative"),
)
SIDES: tuple[tuple[str, str], ...] = (("L", "Left"), ("R", "Right"), ("both", "Both"))
# Single-leg balance measures, in seconds (REFERENCE.md 7.1 RTR-07: 30 s eyes open per side [H]).
BALANCE_MEASURES: tuple[tuple[str, str], ...] = (
    ("eo_L", "eyes open, left"),
    ("eo_R", "eyes open, right"),
    ("ec_L", "eyes closed, left"),
    ("ec_R", "eyes closed, right"),
)


@dataclass(frozen=True, slots=True)
class ClinicalTest:
    """One examination finding a therapist records as positive, negative or not tested."""

    code: str
    name: str
    positive_means: str
    section: str
    evidence: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Region:
    """A body region of the initial evaluation, with its first-line conditions (1.12) and tests."""

    code: str
    name: str
    conditions: tuple[str, ...]
    tests: tuple[ClinicalTest, ...]


@dataclass(frozen=True, slots=True)
class Condition:
    code: str
    name: str
    section: str


CONDITIONS: tuple[Condition, ...] = (
    Condition("pfp", "Patellofemoral pain", "1.1"),
    Condition("itbs", "Iliotibial band syndrome", "1.2"),
    Condition("achilles_midportion", "Mid-portion Achilles tendinopathy", "1.3"),
    Condition("achilles_insertional", "Insertional Achilles tendinopathy", "1.3"),
    Condition("mtss", "Medial tibial stress syndrome (shin splints)", "1.4"),
    Condition("bsi", "Bone stress injury / stress fracture", "1.5"),
    Condition("plantar_heel_pain", "Plantar heel pain (plantar fasciitis)", "1.6"),
    Condition("patellar_tendinopathy", "Patellar tendinopathy", "1.7"),
    Condition("hamstring_strain", "Hamstring strain", "1.8"),
    Condition("proximal_hamstring_tendinopathy", "Proximal hamstring tendinopathy", "1.8"),
    Condition("calf_strain", "Calf muscle strain", "1.9"),
    Condition("gluteal_tendinopathy", "Gluteal tendinopathy / lateral hip pain", "1.10"),
    Condition("lbp_nonspecific", "Non-specific low back pain", "1.11"),
)


def _t(code: str, name: str, positive_means: str, section: str, evidence: str, note: str = "") -> ClinicalTest:
    return ClinicalTest(code, name, positive_means, section, evidence, note)


REGIONS: tuple[Region, ...] = (
    Region(
        "anterior_knee",
        "Front of the knee",
        ("pfp", "patellar_tendinopathy"),
        (
            _t(
                "pfp_squat_pain",
                "Pain reproduced during squatting",
                "the runner's pain comes on in the squat",
                "1.1",
                "[V:R107]",
                "Most sensitive single examination finding for patellofemoral pain.",
            ),
            _t(
                "pfp_resisted_knee_extension",
                "Pain with resisted knee extension",
                "pain on resisted extension",
                "1.1",
                "[V:R77]",
                "Cluster item: any 2 of 3 (resisted extension, squatting, patellar palpation) gave LR+ 4.0 in one study.",
            ),
            _t(
                "pfp_patellar_palpation",
                "Pain on patellar palpation",
                "palpation reproduces the pain",
                "1.1",
                "[V:R77]",
                "Cluster item (see resisted knee extension).",
            ),
            _t(
                "pfp_patellar_grind",
                "Patellar grind / Clarke's test",
                "pain or crepitus under compression",
                "1.1",
                "[K]",
                "Poor accuracy: do not rely on it.",
            ),
            _t(
                "pt_tendon_palpation",
                "Palpation of the inferior patellar pole / proximal patellar tendon",
                "localised tenderness",
                "1.7",
                "[K]",
                "Sensitive, not specific.",
            ),
            _t(
                "pt_decline_squat",
                "Single-leg decline squat (25 deg board)",
                "pain at the patellar tendon; record the NPRS",
                "1.7",
                "[V:R28]",
                "The usual provocation measure for patellar tendinopathy.",
            ),
        ),
    ),
    Region(
        "lateral_knee",
        "Outer side of the knee",
        ("itbs",),
        (
            _t(
                "itbs_noble",
                "Noble compression test",
                "pain near 30 deg flexion under pressure over the lateral femoral epicondyle",
                "1.2",
                "[K]",
            ),
            _t("itbs_ober", "Ober test", "ITB-TFL tightness", "1.2", "[K]", "Supportive only."),
            _t(
                "itbs_modified_thomas",
                "Modified Thomas test",
                "hip flexor / ITB-TFL tightness",
                "1.2",
                "[K]",
                "Supportive only.",
            ),
            _t(
                "itbs_hip_strength",
                "Hip abductor and external rotator strength",
                "weakness compared with the other side",
                "1.2",
                "[V:R73]",
                "Male runners with ITBS showed weaker hip external rotators than controls; use a hand-held dynamometer if available.",
            ),
        ),
    ),
    Region(
        "posterior_heel_calf",
        "Back of the heel and lower calf",
        ("achilles_midportion", "achilles_insertional", "calf_strain"),
        (
            _t(
                "ach_palpation",
                "Achilles tendon palpation (mid-portion 2-7 cm above the heel bone, or insertion)",
                "tender, thickened segment or tender insertion",
                "1.3",
                "[K]",
            ),
            _t(
                "ach_single_leg_heel_raise",
                "Single-leg heel raises (pain and endurance)",
                "pain or reduced endurance",
                "1.3",
                "[K]",
            ),
            _t("ach_single_leg_hops", "Single-leg hops", "pain with hopping", "1.3", "[K]"),
            _t(
                "calf_palpation",
                "Calf muscle palpation",
                "tenderness in the muscle belly or musculotendinous junction",
                "1.9",
                "[K]",
            ),
            _t(
                "calf_straight_knee_resisted",
                "Resisted plantarflexion and stretch, straight knee",
                "pain (points to gastrocnemius)",
                "1.9",
                "[K]",
            ),
            _t(
                "calf_bent_knee_resisted",
                "Resisted plantarflexion and stretch, bent knee",
                "pain (bent-knee provocation suggests soleus)",
                "1.9",
                "[K]",
            ),
            _t(
                "calf_thompson",
                "Thompson (calf-squeeze) test",
                "no foot movement: suspected Achilles rupture (RF-10)",
                "1.9",
                "[K]",
                "Used to exclude Achilles rupture.",
            ),
        ),
    ),
    Region(
        "shin",
        "Shin",
        ("mtss", "bsi"),
        (
            _t(
                "mtss_diffuse_tenderness",
                "Posteromedial tibial border tenderness over >= 5 consecutive cm",
                "diffuse tenderness of 5 cm or more",
                "1.4",
                "[V:R39]",
            ),
            _t(
                "bsi_focal_tenderness",
                "Focal bony tenderness (< 5 cm)",
                "focal tenderness: treat as bone stress injury (RF-03)",
                "1.4",
                "[V:R39], [K]",
            ),
            _t("bsi_hop_pain", "Single-leg hopping", "pain with hopping", "1.5", "[K]"),
        ),
    ),
    Region(
        "plantar_heel",
        "Sole of the heel",
        ("plantar_heel_pain",),
        (
            _t(
                "phh_insertion_tenderness",
                "Tenderness at the proximal plantar fascia insertion",
                "tender at the medial calcaneal tubercle",
                "1.6",
                "[V:R106]",
            ),
            _t(
                "phh_windlass", "Windlass test", "passive big-toe extension reproduces the heel pain", "1.6", "[V:R106]"
            ),
            _t(
                "phh_calcaneal_squeeze",
                "Calcaneal squeeze test",
                "pain: consider calcaneal bone stress injury (RF-03)",
                "1.6",
                "[K]",
                "Should be negative in plantar heel pain.",
            ),
            _t(
                "phh_tinel",
                "Tinel sign (tarsal tunnel / Baxter's nerve)",
                "tingling: consider nerve entrapment",
                "1.6",
                "[K]",
            ),
        ),
    ),
    Region(
        "lateral_hip",
        "Outer side of the hip",
        ("gluteal_tendinopathy",),
        (
            _t(
                "gt_palpation",
                "Greater trochanter tenderness",
                "tender over the greater trochanter",
                "1.10",
                "[V:R30]",
                "Trial inclusion: tenderness plus pain on at least one of the tests below.",
            ),
            _t("gt_faber", "FABER", "reproduces lateral hip pain", "1.10", "[V:R30]"),
            _t(
                "gt_faber_static",
                "Static muscle contraction in FABER",
                "reproduces lateral hip pain",
                "1.10",
                "[V:R30]",
            ),
            _t("gt_fader", "FADER", "reproduces lateral hip pain", "1.10", "[V:R30]"),
            _t("gt_passive_adduction", "Passive adduction", "reproduces lateral hip pain", "1.10", "[V:R30]"),
            _t(
                "gt_resisted_abduction",
                "Resisted abduction in adduction",
                "reproduces lateral hip pain",
                "1.10",
                "[V:R30]",
            ),
            _t(
                "gt_single_leg_stance_30s",
                "30-second single-leg stance",
                "reproduces lateral hip pain",
                "1.10",
                "[K]",
                "A commonly used specific test (R100).",
            ),
            _t("hip_fadir", "FADIR", "groin pain: consider hip joint pathology", "1.10", "[K]"),
        ),
    ),
    Region(
        "buttock_posterior_thigh",
        "Buttock and back of the thigh",
        ("hamstring_strain", "proximal_hamstring_tendinopathy"),
        (
            _t("hs_palpation", "Hamstring palpation (site, length)", "tender site in the muscle", "1.8", "[K]"),
            _t("hs_resisted_knee_flexion", "Resisted knee flexion", "pain or weakness", "1.8", "[K]"),
            _t(
                "hs_passive_slr",
                "Passive straight leg raise compared with the other side",
                "range deficit",
                "1.8",
                "[K]",
            ),
            _t("hs_active_h_test", "Active H-test", "pain or apprehension", "1.8", "[K]"),
            _t(
                "pht_puranen_orava",
                "Puranen-Orava test",
                "pain at the ischial tuberosity",
                "1.8",
                "[V:R32]",
                "Sensitivity 76%, specificity 82%.",
            ),
            _t(
                "pht_bent_knee_stretch",
                "Bent-knee stretch test",
                "pain at the ischial tuberosity",
                "1.8",
                "[V:R32]",
                "Sensitivity 84%, specificity 87%.",
            ),
            _t(
                "pht_modified_bent_knee_stretch",
                "Modified bent-knee stretch test",
                "pain at the ischial tuberosity",
                "1.8",
                "[V:R32]",
                "Highest validity of the three (reported sensitivity ~89%, specificity ~91% [V:W06]).",
            ),
        ),
    ),
    Region(
        "low_back",
        "Low back",
        ("lbp_nonspecific",),
        (
            _t("lbp_leg_dominant_pain", "Leg-dominant pain below the knee", "radicular triage class", "1.11", "[K]"),
            _t("lbp_dermatomal_symptoms", "Dermatomal symptoms", "radicular triage class", "1.11", "[K]"),
            _t("lbp_neurological_signs", "Neurological signs", "radicular triage class; check RF-05", "1.11", "[K]"),
            _t("lbp_extension_pain", "Extension-provoked pain (adolescent)", "consider spondylolysis", "1.11", "[K]"),
        ),
    ),
    # 1.12 row "forefoot/midfoot": metatarsal BSI (low risk 2-4); navicular, 5th MT and sesamoid BSI must not be missed.
    Region(
        "forefoot_midfoot",
        "Forefoot and midfoot",
        ("bsi",),
        (
            _t(
                "mt_focal_tenderness",
                "Focal bony tenderness (metatarsal shafts, navicular, 5th metatarsal base, sesamoids)",
                "focal tenderness: treat as bone stress injury (RF-03)",
                "1.5",
                "[K]",
                "Navicular, base of the 5th metatarsal and hallux sesamoids are high-risk sites (1.5 table, RF-04: same-day referral).",
            ),
            _t("mt_hop_pain", "Single-leg hopping", "pain with hopping: bone stress injury (RF-03)", "1.5", "[K]"),
        ),
    ),
    # 1.12 row "groin / anterior hip": hip joint and adductor first; femoral neck BSI (RF-01) must not be missed.
    Region(
        "groin_anterior_hip",
        "Groin and front of the hip",
        ("bsi",),
        (
            _t(
                "fn_hop_pain",
                "Single-leg hopping",
                "any pain with hopping, or cannot hop: suspected femoral neck bone stress injury (RF-01)",
                "1.5",
                "[K]",
                "RF-01 fires at hop pain >= 1/10 in this region (lower than RF-03 on purpose): same-day referral.",
            ),
            _t(
                "fn_hip_internal_rotation",
                "Hip internal rotation (range and pain)",
                "limited or painful: suspected femoral neck bone stress injury (RF-01) or hip joint pathology",
                "2.2",
                "[K]",
                "The clinician finding hip_ir_limited_or_painful of RF-01 (2.1); femoral neck risk [V:W03].",
            ),
            _t("groin_fadir", "FADIR", "groin pain: consider hip joint pathology", "1.10", "[K]"),
        ),
    ),
    Region("other", "Other region", (), ()),
)

_REGIONS = {r.code: r for r in REGIONS}
_CONDITIONS = {c.code: c for c in CONDITIONS}


def region_by_code(code: str) -> Region:
    """The evaluation region ``code``; InputError naming it when unknown."""
    try:
        return _REGIONS[code]
    except KeyError:
        raise InputError(f"Unknown body region {code!r}; choose one of {', '.join(_REGIONS)}.") from None


def condition_by_code(code: str) -> Condition:
    """The condition ``code`` of REFERENCE.md section 1; InputError naming it when unknown."""
    try:
        return _CONDITIONS[code]
    except KeyError:
        raise InputError(f"Unknown condition {code!r}; choose one of {', '.join(_CONDITIONS)}.") from None


# REFERENCE.md 7.4 [H]: each item scored 0 (absent) / 1 (present) over 5 repetitions.
SQUAT_ITEMS: tuple[tuple[str, str], ...] = (
    ("knee_medial", "Knee medial to the second toe"),
    ("pelvic_drop", "Contralateral pelvic drop visible"),
    ("trunk_lean", "Trunk side-lean > ~10 deg"),
    ("balance_loss", "Loss of balance / touch-down"),
    ("heel_lift", "Heel lift"),
)
SQUAT_MAX_ITEMS_DEFAULT = 1  # [H] 7.4: pass = total <= 1 (clinic default)
SQUAT_MAX_PAIN_NPRS_DEFAULT = 2  # [H] 7.4: and pain <= 2/10 (clinic default)


@dataclass(frozen=True, slots=True)
class CareSettings:
    """A clinic's values of the [H] limits of the evaluation (7.4 single-leg squat)."""

    squat_max_items: int = SQUAT_MAX_ITEMS_DEFAULT
    squat_max_pain_nprs: int = SQUAT_MAX_PAIN_NPRS_DEFAULT


@dataclass(frozen=True, slots=True)
class SquatScore:
    """Single-leg squat movement quality of one side (REFERENCE.md 7.4, [H])."""

    items: tuple[str, ...]
    total: int
    pain_nprs: int
    is_pass: bool


def score_single_leg_squat(
    items: Mapping[str, bool],
    pain_nprs: int,
    *,
    max_items: int = SQUAT_MAX_ITEMS_DEFAULT,
    max_pain_nprs: int = SQUAT_MAX_PAIN_NPRS_DEFAULT,
) -> SquatScore:
    """Score one side of a 5-repetition single-leg squat: total = number of faults present; pass
    when total <= ``max_items`` and pain <= ``max_pain_nprs`` (REFERENCE.md 7.4, thresholds [H],
    clinic defaults 1 and 2/10)."""
    known = {code for code, _ in SQUAT_ITEMS}
    unknown = sorted(set(items) - known)
    if unknown:
        raise InputError(f"Unknown single-leg squat item(s) {', '.join(unknown)}; expected {', '.join(sorted(known))}.")
    if not 0 <= pain_nprs <= 10:
        raise InputError(f"Single-leg squat pain must be 0-10 (NPRS), got {pain_nprs}.")
    present = tuple(code for code, _ in SQUAT_ITEMS if items.get(code))
    return SquatScore(present, len(present), pain_nprs, len(present) <= max_items and pain_nprs <= max_pain_nprs)
