"""What the report pages show besides the numbers: the capture advice of REFERENCE.md 6.2, view and
event words. The metric table (names, typical values, flag rules built from the clinic's thresholds)
is stridecare.core.gait.flag_settings.METRICS, with the thresholds it uses."""

from __future__ import annotations

SOURCE = "REFERENCE.md 6.4"


# Capture advice, each with where it comes from: REFERENCE.md 6.2 (video capture protocol) [K]
# unless tagged. Clothing is not in 6.2: it is a practical filming tip (landmarks need visible joints).
CAPTURE_ADVICE: tuple[tuple[str, str, str], ...] = (
    (
        "Camera position",
        "Side view: the phone perpendicular to the running direction, lens at hip or knee height, at least 3 m away, "
        "with the whole body in the picture. For the pelvis and knees: a second video from behind at pelvis height.",
        "REFERENCE.md 6.2 [K]",
    ),
    (
        "Frame rate",
        "At least 60 frames per second for joint angles; 120 fps or more (ideally 240) for ground contact time. "
        "Use your phone's slow-motion mode if it has one.",
        "REFERENCE.md 6.2 [K]; 240 Hz in a foot-strike study [V:R80]",
    ),
    (
        "Running",
        "Treadmill at your easy pace after at least 5 minutes of warm-up; record at least 10 steps per foot "
        "(about 10 seconds). Keep the phone still on a tripod or a shelf.",
        "REFERENCE.md 6.2 [K]; 10 steps per side [H]",
    ),
    (
        "Height",
        "Give the runner's height to see vertical oscillation in centimetres.",
        "REFERENCE.md 6.2: calibrate length with the measured height [K]",
    ),
    (
        "Clothing and light",
        "Close-fitting shorts and top that stand out from the background, so hips, knees and ankles are visible; "
        "good light; only the runner in the picture.",
        "practical filming tip, not from the clinical reference",
    ),
)

VIEW_WORDS = {
    "sagittal_left": "side view (left side)",
    "sagittal_right": "side view (right side)",
    "frontal_front": "from the front",
    "frontal_back": "from behind",
}
SIDE_EVENTS = (("initial_contact", "Initial contact"), ("mid_stance", "Mid-stance"), ("toe_off", "Toe-off"))
CURVE_LABELS = {
    "knee_flexion": "Knee flexion (deg)",
    "hip_flexion": "Hip flexion (deg)",
    "ankle_dorsiflexion": "Ankle dorsiflexion (deg)",
}
