"""Treatment techniques of the therapist's treatment log and the home-care texts of the runner's
visit summary.

REFERENCE.md says little about passive treatments. Where it says something (taping and foot
orthoses as short-term adjuncts for patellofemoral pain 1.1, foam rolling for short-term symptom
relief 0.5, gait retraining 6.5, education 1.10/1.11, footwear section 9, "do not massage a
suspected DVT" RF-14) the text carries that section and tag. Where it says nothing (heat versus
cold, dry needling, manual techniques) the home-care text is neutral, has no evidence tag and is
marked ``clinic_editable``: the clinic writes its own instructions; Stridecare invents none."""

from __future__ import annotations

from dataclasses import dataclass

from stridecare.core.errors import InputError


@dataclass(frozen=True, slots=True)
class Technique:
    """A treatment technique; ``reference`` says where REFERENCE.md mentions it ("" = nowhere)."""

    code: str
    name: str
    plain: str
    reference: str = ""
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class HomeCareText:
    """What the runner reads at home after a technique was used."""

    key: str
    title: str
    text: str
    section: str
    evidence: str
    clinic_editable: bool


TECHNIQUES: tuple[Technique, ...] = (
    Technique("myofascial_release", "Myofascial release", "hands-on work on the muscles and the tissue around them"),
    Technique("joint_mobilisation", "Joint mobilisation", "gentle hands-on movement of a joint"),
    Technique(
        "soft_tissue_massage",
        "Soft-tissue massage",
        "massage of the muscles",
        "RF-14: do not massage or foam-roll a suspected DVT",
        "[K] (R86)",
    ),
    Technique("trigger_point_therapy", "Trigger-point therapy", "pressure on tender spots in the muscle"),
    Technique("manual_stretching", "Manual stretching", "stretches done with the therapist's help"),
    Technique("dry_needling", "Dry needling", "fine needles placed in the muscle"),
    Technique(
        "kinesiology_taping",
        "Kinesiology taping",
        "tape applied to the skin",
        "1.1: tailored patellar taping together with exercise, first ~4 weeks (patellofemoral pain); 1.6: taping short term (plantar heel pain)",
        "[V:R41]; [K]",
    ),
    Technique("heat_therapy", "Heat therapy", "warmth applied to the area"),
    Technique("cold_therapy", "Cold therapy", "cold applied to the area"),
    Technique(
        "gait_retraining",
        "Gait retraining",
        "practice of a change in how you run",
        "6.5: gait-retraining templates and rules",
        "[V:R12, R20, R21]; rules [H]",
    ),
    Technique(
        "education",
        "Education",
        "explanation of the problem and how to manage load",
        "1.10: education plus exercise (gluteal tendinopathy); 1.11: reassurance and staying active (low back pain)",
        "[V:R30]; [K]",
    ),
    Technique(
        "footwear_advice",
        "Footwear or insert advice",
        "advice on shoes or insoles",
        "9: footwear facts and myths; 1.1 / S9: prefabricated foot orthoses short term for PFP with more-than-normal pronation",
        "[V:R64]; [V:R41]",
    ),
)

TREATMENT_AREAS: tuple[tuple[str, str], ...] = (
    ("low_back", "Low back"),
    ("buttock", "Buttock"),
    ("hip", "Hip"),
    ("groin", "Groin"),
    ("thigh_front", "Front of the thigh"),
    ("thigh_outer", "Outer thigh"),
    ("thigh_back", "Back of the thigh"),
    ("knee", "Knee"),
    ("shin", "Shin"),
    ("calf", "Calf"),
    ("achilles", "Achilles tendon"),
    ("ankle", "Ankle"),
    ("heel", "Heel"),
    ("foot", "Foot"),
    ("other", "Other"),
)

_NEUTRAL = "Follow the instructions your therapist gave you at the visit. Ask the clinic if anything is unclear."

HOME_CARE: tuple[HomeCareText, ...] = (
    HomeCareText(
        "heat_cold",
        "Heat or cold at home",
        "When to use heat and when to use cold depends on your problem: use them only as your therapist told you at the visit. "
        "Ask the clinic if you are not sure.",
        "",
        "",
        True,
    ),
    HomeCareText("dry_needling", "After dry needling", _NEUTRAL, "", "", True),
    HomeCareText("manual", "After hands-on treatment", _NEUTRAL, "", "", True),
    HomeCareText(
        "calf_warning",
        "If your calf swells",
        "If your calf becomes swollen, or warm and red, do not massage or foam-roll it: contact a doctor the same day.",
        "2.2 RF-14",
        "[K] (R86)",
        False,
    ),
    HomeCareText(
        "taping",
        "Tape",
        "Tape is a short-term help used together with your exercises, not on its own. " + _NEUTRAL,
        "1.1",
        "[V:R41]",
        True,
    ),
    HomeCareText(
        "gait",
        "Practising the running change",
        "Change one thing at a time. Stop the new cue and tell your therapist if it brings on pain somewhere else.",
        "6.5",
        "[H]",
        True,
    ),
    HomeCareText(
        "footwear",
        "Shoes",
        "Light, comfortable shoes are the best current advice; no shoe type is proven to prevent injury.",
        "9 (S3, S4)",
        "[V:R64]",
        True,
    ),
    HomeCareText(
        "pain_guide",
        "How much pain is OK",
        "Keep to the pain limits your therapist gave you for exercises and runs, and to how quickly the pain must settle afterwards. "
        "If it does not settle in that time, or morning pain or stiffness rises from week to week, do less and tell the clinic.",
        "0.6, 4.7",
        "[V:R23] (Achilles); other conditions [K]",
        True,
    ),
)

_TECHNIQUES = {t.code: t for t in TECHNIQUES}
_HOME_CARE = {h.key: h for h in HOME_CARE}

# Which home-care texts follow each technique; "pain_guide" follows every visit with a treatment.
_HOME_CARE_BY_TECHNIQUE: dict[str, tuple[str, ...]] = {
    "myofascial_release": ("manual",),
    "joint_mobilisation": ("manual",),
    "trigger_point_therapy": ("manual",),
    "manual_stretching": ("manual",),
    "soft_tissue_massage": ("manual", "calf_warning"),
    "dry_needling": ("dry_needling",),
    "kinesiology_taping": ("taping",),
    "heat_therapy": ("heat_cold",),
    "cold_therapy": ("heat_cold",),
    "gait_retraining": ("gait",),
    "education": (),
    "footwear_advice": ("footwear",),
}


def technique_by_code(code: str) -> Technique:
    """The technique ``code``; InputError naming it when unknown."""
    try:
        return _TECHNIQUES[code]
    except KeyError:
        raise InputError(f"Unknown treatment technique {code!r}; choose one of {', '.join(_TECHNIQUES)}.") from None


def home_care_for(
    technique_codes: list[str] | tuple[str, ...], overrides: dict[str, str] | None = None
) -> list[HomeCareText]:
    """The home-care texts for the techniques of one visit, each once, in HOME_CARE order; a
    clinic's ``overrides`` (key -> text) replace the text of clinic-editable entries."""
    for code in technique_codes:
        technique_by_code(code)
    keys = {key for code in technique_codes for key in _HOME_CARE_BY_TECHNIQUE[code]}
    if technique_codes:
        keys.add("pain_guide")
    overrides = overrides or {}
    texts = []
    for entry in HOME_CARE:
        if entry.key in keys:
            text = overrides.get(entry.key, "").strip() if entry.clinic_editable else ""
            texts.append(
                HomeCareText(
                    entry.key,
                    entry.title,
                    text or entry.text,
                    entry.section,
                    entry.evidence if not text else "",
                    entry.clinic_editable,
                )
            )
    return texts
