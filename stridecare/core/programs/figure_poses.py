"""Start and end poses (joint angles) of every exercise of REFERENCE.md section 3, for ``figures.py``.

Side view unless ``view="front"`` (side-lying and frontal-plane exercises). Angles follow the
conventions in ``figures.py``; positions follow each exercise's start position and steps.
"""

from __future__ import annotations

from dataclasses import replace

from stridecare.core.programs.figures import Limb, Pose, Prop, render_figure_svg


def L(hip: float = 0.0, knee: float = 0.0, ankle: float = 0.0) -> Limb:  # noqa: N802 - short on purpose
    return Limb(hip, knee, ankle)


STAND = Pose()
HOOK_LYING = Pose(
    trunk_deg=180,
    near_leg=L(45, 90, 45),
    far_leg=L(45, 90, 45),
    near_arm=L(0, 0),
    far_arm=L(0, 0),
    support="pelvis",
    lift=5,
)
SUPINE = Pose(
    trunk_deg=180, near_leg=L(0, 0, 0), far_leg=L(0, 0, 0), near_arm=L(0, 0), far_arm=L(0, 0), support="pelvis", lift=5
)
BRIDGE_TOP = Pose(
    trunk_deg=205,
    near_leg=L(0, 105, 10),
    far_leg=L(0, 105, 10),
    near_arm=L(-25, 0),
    far_arm=L(-25, 0),
    support="near_ankle",
    lift=5,
)
SIDE_LYING = Pose(trunk_deg=180, view="front", near_arm=L(0, 0), far_arm=L(180, 0))
QUADRUPED = Pose(
    trunk_deg=0, near_leg=L(90, 90, 90), far_leg=L(90, 90, 90), near_arm=L(90, 0), far_arm=L(90, 0), anchor="near_knee"
)
SQUAT = Pose(trunk_deg=60, near_leg=L(110, 100, -20), far_leg=L(110, 100, -20), near_arm=L(120, 0), far_arm=L(120, 0))
SEATED = Pose(
    trunk_deg=90,
    near_leg=L(90, 90, 0),
    far_leg=L(90, 90, 0),
    near_arm=L(30, 60),
    far_arm=L(30, 60),
    support="pelvis",
    lift=25,
    anchor="pelvis",
    props=(Prop("bench", x=-12, y=-25, width=22, height=23, joint="pelvis"),),
)
HALF_KNEEL = Pose(trunk_deg=90, near_leg=L(90, 90, 0), far_leg=L(0, 90, 90), near_arm=L(0, 10), far_arm=L(0, 10))
WALL_BEHIND = Prop("wall", x=-9, y=0, width=4, height=95, joint="pelvis")


def _step_under(joint: str, height: float, width: float = 18.0, x: float = -9.0) -> Prop:
    return Prop("step", x=x, y=-height, width=width, height=height, joint=joint)


def _then(start: Pose, **end: object) -> tuple[Pose, Pose]:
    """A start pose and the end pose that differs from it only in ``end`` (most exercises move one or two limbs)."""
    return start, replace(start, **end)  # type: ignore[arg-type]  # keyword names are Pose fields, checked by replace()


FIGURES: dict[str, tuple[Pose, Pose]] = {
    # 3.1 hip and trunk
    "EX01": (
        replace(SIDE_LYING, near_leg=L(30, 60, 0), far_leg=L(30, 60, 0)),
        replace(SIDE_LYING, near_leg=L(70, 100, 0), far_leg=L(30, 60, 0)),
    ),
    "EX02": (
        replace(SIDE_LYING, near_leg=L(0, 0, 90), far_leg=L(20, 50, 0)),
        replace(SIDE_LYING, near_leg=L(35, 0, 90), far_leg=L(20, 50, 0)),
    ),
    "EX03": (HOOK_LYING, BRIDGE_TOP),
    "EX04": (replace(HOOK_LYING, far_leg=L(45, 0, 0)), replace(BRIDGE_TOP, far_leg=L(0, 0, 0))),
    "EX05": (
        Pose(
            trunk_deg=35,
            view="front",
            near_leg=L(-35, 0, 90),
            far_leg=L(-35, 0, 90),
            near_arm=L(55, 90),
            far_arm=L(0, 0),
        ),
        Pose(
            trunk_deg=12, view="front", near_leg=L(0, 0, 90), far_leg=L(0, 0, 90), near_arm=L(78, 90), far_arm=L(0, 0)
        ),
    ),
    "EX06": (
        Pose(
            trunk_deg=35,
            view="front",
            near_leg=L(-35, 0, 90),
            far_leg=L(-20, 0, 90),
            near_arm=L(55, 90),
            far_arm=L(0, 0),
            props=(Prop("bench", x=-6, y=-14, width=12, height=12, joint="far_ankle"),),
        ),
        Pose(
            trunk_deg=12,
            view="front",
            near_leg=L(-4, 0, 90),
            far_leg=L(0, 0, 90),
            near_arm=L(78, 90),
            far_arm=L(0, 0),
            props=(Prop("bench", x=-6, y=-14, width=12, height=12, joint="far_ankle"),),
        ),
    ),
    "EX07": _then(
        Pose(
            view="front",
            pelvis_tilt_deg=8,
            near_leg=L(-4, 0, 0),
            far_leg=L(-4, 0, 180),
            near_arm=L(30, 20),
            support="near_ankle",
            lift=14,
            props=(_step_under("near_ankle", 14, 14, -4),),
        ),
        pelvis_tilt_deg=-8,
        near_leg=L(4, 0, 0),
        far_leg=L(4, 0, 180),
    ),
    "EX08": _then(
        Pose(
            view="front",
            near_leg=L(6, 0, 0),
            far_leg=L(-6, 0, 180),
            anchor="far_ankle",
            props=(Prop("band", joints=("near_knee", "far_knee")),),
        ),
        near_leg=L(22, 0, 0),
    ),
    "EX09": (
        Pose(
            near_leg=L(0, 8, 0),
            far_leg=L(0, 10, 10),
            near_arm=L(0, 0),
            far_arm=L(0, 0),
            props=(Prop("weight", width=3, joint="far_hand"),),
        ),
        Pose(
            trunk_deg=8,
            near_leg=L(85, 12, 0),
            far_leg=L(0, 0, 0),
            near_arm=L(82, 0),
            far_arm=L(82, 0),
            props=(Prop("weight", width=3, joint="far_hand"),),
        ),
    ),
    "EX54": (
        replace(
            SUPINE,
            view="front",
            trunk_deg=180,
            near_leg=L(0, 0, 90),
            far_leg=L(0, 0, -90),
            props=(Prop("band", joints=("near_ankle", "far_ankle")),),
        ),
        replace(
            SUPINE,
            view="front",
            trunk_deg=180,
            near_leg=L(7, 0, 90),
            far_leg=L(-7, 0, -90),
            props=(Prop("band", joints=("near_ankle", "far_ankle")),),
        ),
    ),
    "EX47": (
        replace(SUPINE, near_leg=L(90, 90, 0), far_leg=L(90, 90, 0), near_arm=L(90, 0), far_arm=L(90, 0)),
        replace(SUPINE, near_leg=L(10, 0, 0), far_leg=L(90, 90, 0), near_arm=L(90, 0), far_arm=L(170, 0)),
    ),
    "EX48": (QUADRUPED, replace(QUADRUPED, near_arm=L(180, 0), far_leg=L(0, 0, 60))),
    "EX49": (
        Pose(
            trunk_deg=18,
            near_leg=L(-18, 0, 0),
            far_leg=L(-18, 0, 0),
            near_arm=L(72, 90),
            far_arm=L(72, 90),
            anchor="near_toe",
        ),
        Pose(
            trunk_deg=5,
            near_leg=L(0, 0, 10),
            far_leg=L(0, 0, 10),
            near_arm=L(85, 90),
            far_arm=L(85, 90),
            anchor="near_toe",
        ),
    ),
    "EX27": (
        HALF_KNEEL,
        replace(HALF_KNEEL, near_leg=L(70, 100, -20), far_leg=L(-20, 70, 90), anchor="far_knee", near_arm=L(0, 10)),
    ),
    # 3.2 knee and thigh
    "EX10": (replace(HOOK_LYING, near_leg=L(0, 0, 0)), replace(HOOK_LYING, near_leg=L(45, 0, 0))),
    "EX11": (
        replace(SUPINE, near_leg=L(0, 15, 0), props=(Prop("roller", x=-3, y=-8, width=6, joint="near_knee"),)),
        replace(SUPINE, near_leg=L(0, 0, -15), props=(Prop("roller", x=-3, y=-8, width=6, joint="near_knee"),)),
    ),
    "EX12": _then(
        Pose(trunk_deg=90, near_leg=L(25, 25, 0), far_leg=L(25, 25, 0), anchor="pelvis", props=(WALL_BEHIND,)),
        near_leg=L(90, 90, 0),
        far_leg=L(90, 90, 0),
    ),
    "EX13": (
        Pose(
            near_leg=L(20, 20, 0),
            far_leg=L(20, 20, 0),
            near_arm=L(60, 30),
            props=(
                Prop("band", x=40, y=30, joints=("near_knee", "fixed")),
                Prop("wall", x=40, y=0, width=3, height=60),
            ),
        ),
        Pose(
            trunk_deg=95,
            near_leg=L(85, 85, 0),
            far_leg=L(85, 85, 0),
            near_arm=L(80, 20),
            props=(
                Prop("band", x=40, y=22, joints=("near_knee", "fixed")),
                Prop("wall", x=40, y=0, width=3, height=60),
            ),
        ),
    ),
    "EX14": (
        replace(
            SEATED,
            near_leg=L(90, 90, 0),
            props=SEATED.props + (Prop("machine_pad", x=-3, y=-3, width=6, height=6, joint="near_ankle"),),
        ),
        replace(
            SEATED,
            near_leg=L(90, 60, 0),
            props=SEATED.props + (Prop("machine_pad", x=-3, y=-3, width=6, height=6, joint="near_ankle"),),
        ),
    ),
    "EX15": (
        Pose(
            near_leg=L(70, 90, 0),
            far_leg=L(0, 0, 0),
            anchor="near_ankle",
            anchor_x=18,
            props=(Prop("step", x=10, y=0, width=30, height=17),),
        ),
        Pose(
            near_leg=L(0, 0, 0),
            far_leg=L(30, 60, 20),
            anchor="near_ankle",
            anchor_x=18,
            support="near_ankle",
            lift=17,
            props=(Prop("step", x=10, y=0, width=30, height=17),),
        ),
    ),
    "EX16": (
        Pose(
            near_leg=L(0, 0, 0),
            far_leg=L(20, 0, 0),
            support="near_ankle",
            lift=18,
            props=(_step_under("near_ankle", 18, 16, -10),),
        ),
        Pose(
            trunk_deg=78,
            near_leg=L(70, 80, -15),
            far_leg=L(25, 0, 0),
            near_arm=L(40, 10),
            support="near_ankle",
            lift=18,
            props=(_step_under("near_ankle", 18, 16, -10),),
        ),
    ),
    "EX17": (
        Pose(near_leg=L(0, 0, 0), far_leg=L(20, 0, 0), near_arm=L(90, 0), far_arm=L(90, 0), support="near_ankle"),
        Pose(
            trunk_deg=65,
            near_leg=L(95, 95, -25),
            far_leg=L(60, 0, 0),
            near_arm=L(110, 0),
            far_arm=L(110, 0),
            support="near_ankle",
        ),
    ),
    "EX18": _then(
        Pose(near_leg=L(25, 0, 0), far_leg=L(-25, 0, 40), anchor="near_ankle"),
        near_leg=L(85, 85, 0),
        far_leg=L(-10, 100, 80),
    ),
    "EX19": (
        Pose(near_arm=L(30, 120), far_arm=L(30, 120), props=(Prop("weight", width=3.5, joint="near_hand"),)),
        replace(SQUAT, near_arm=L(80, 100), far_arm=L(80, 100), props=(Prop("weight", width=3.5, joint="near_hand"),)),
    ),
    "EX20": _then(
        Pose(
            trunk_deg=150,
            near_leg=L(110, 110, 20),
            far_leg=L(110, 110, 20),
            near_arm=L(10, 30),
            support="pelvis",
            lift=25,
            anchor="pelvis",
            props=(
                Prop("bench", x=-25, y=-25, width=30, height=22, joint="pelvis"),
                Prop("line", x=5, y=-8, width=-8, height=24, joint="near_toe"),
            ),
        ),
        near_leg=L(55, 5, 20),
        far_leg=L(55, 5, 20),
    ),
    "EX21": (
        Pose(
            near_leg=L(0, 0, 20),
            far_leg=L(15, 30, 0),
            anchor="near_ankle",
            lift=4,
            props=(Prop("line", x=-12, y=-8, width=30, height=10, joint="near_ankle"),),
        ),
        Pose(
            trunk_deg=85,
            near_leg=L(75, 85, 10),
            far_leg=L(40, 40, 0),
            near_arm=L(80, 0),
            anchor="near_ankle",
            lift=4,
            props=(Prop("line", x=-12, y=-8, width=30, height=10, joint="near_ankle"),),
        ),
    ),
    "EX22": (
        Pose(
            near_leg=L(0, 90, 90),
            far_leg=L(0, 90, 90),
            near_arm=L(20, 120),
            far_arm=L(20, 120),
            anchor="near_knee",
            support="near_knee",
            lift=2,
        ),
        Pose(
            trunk_deg=35,
            near_leg=L(0, 35, 90),
            far_leg=L(0, 35, 90),
            near_arm=L(70, 20),
            far_arm=L(70, 20),
            anchor="near_knee",
            support="near_knee",
            lift=2,
        ),
    ),
    "EX23": (
        replace(HOOK_LYING, near_leg=L(30, 60, 30), far_leg=L(30, 60, 30)),
        replace(
            BRIDGE_TOP,
            trunk_deg=198,
            near_leg=L(0, 55, -20),
            far_leg=L(0, 55, -20),
            near_arm=L(-18, 0),
            far_arm=L(-18, 0),
        ),
    ),
    "EX24": (
        replace(
            BRIDGE_TOP,
            trunk_deg=195,
            near_leg=L(-30, 0, 5),
            far_leg=L(-30, 0, 5),
            near_arm=L(-15, 0),
            far_arm=L(-15, 0),
            props=(Prop("roller", x=-2, y=-4, width=3, joint="near_heel"),),
        ),
        replace(BRIDGE_TOP, props=(Prop("roller", x=-2, y=-4, width=3, joint="near_heel"),)),
    ),
    "EX25": (
        replace(SUPINE, near_leg=L(90, 90, 0), near_arm=L(75, 30)),
        replace(SUPINE, near_leg=L(90, 10, 0), near_arm=L(75, 30)),
    ),
    "EX26": (
        replace(
            SUPINE, near_leg=L(35, 0, 0), near_arm=L(55, 20), props=(Prop("band", joints=("near_hand", "near_toe")),)
        ),
        replace(
            SUPINE, near_leg=L(80, 0, 0), near_arm=L(80, 20), props=(Prop("band", joints=("near_hand", "near_toe")),)
        ),
    ),
    "EX50": _then(
        Pose(
            trunk_deg=20,
            near_leg=L(-20, 0, 0),
            far_leg=L(-20, 0, 0),
            near_arm=L(70, 90),
            far_arm=L(70, 90),
            anchor="pelvis",
            anchor_x=0,
            support="pelvis",
            lift=8,
            props=(Prop("roller", x=-12, y=0, width=8),),
        ),
        anchor_x=12,
    ),
    "EX51": _then(
        Pose(
            trunk_deg=30,
            view="front",
            near_leg=L(-30, 0, 90),
            far_leg=L(20, 60, 0),
            near_arm=L(60, 90),
            far_arm=L(0, 0),
            anchor="pelvis",
            anchor_x=0,
            support="pelvis",
            lift=8,
            props=(Prop("roller", x=-10, y=0, width=8),),
        ),
        anchor_x=14,
    ),
    # 3.3 calf, Achilles, shin and foot
    "EX28": _then(
        Pose(near_arm=L(80, 0), far_arm=L(80, 0), anchor="near_toe"),
        near_leg=L(0, 0, 35),
        far_leg=L(0, 0, 35),
    ),
    "EX29": _then(
        Pose(
            near_leg=L(0, 0, -15),
            far_leg=L(0, 0, -15),
            near_arm=L(0, 0),
            far_arm=L(0, 0),
            anchor="near_toe",
            support="near_toe",
            lift=10,
            props=(
                Prop("step", x=-6, y=-10, width=16, height=10, joint="near_toe"),
                Prop("weight", width=3, joint="near_hand"),
            ),
        ),
        near_leg=L(0, 0, 35),
        far_leg=L(0, 0, 35),
    ),
    "EX30": (
        replace(
            SEATED,
            near_leg=L(90, 85, 0),
            far_leg=L(90, 85, 0),
            lift=27,
            props=SEATED.props + (Prop("weight", width=4, x=0, y=3, joint="near_knee"),),
        ),
        replace(
            SEATED,
            near_leg=L(90, 85, 35),
            far_leg=L(90, 85, 35),
            lift=27,
            props=SEATED.props + (Prop("weight", width=4, x=0, y=3, joint="near_knee"),),
        ),
    ),
    "EX31": _then(
        Pose(
            near_leg=L(0, 0, 35),
            far_leg=L(20, 40, 0),
            near_arm=L(70, 0),
            anchor="near_toe",
            support="near_toe",
            lift=12,
            props=(Prop("step", x=-6, y=-12, width=16, height=12, joint="near_toe"),),
        ),
        near_leg=L(0, 0, -20),
    ),
    "EX32": _then(
        Pose(
            near_leg=L(15, 25, 40),
            far_leg=L(25, 50, 0),
            near_arm=L(70, 0),
            anchor="near_toe",
            support="near_toe",
            lift=12,
            props=(Prop("step", x=-6, y=-12, width=16, height=12, joint="near_toe"),),
        ),
        near_leg=L(15, 25, -15),
    ),
    "EX33": _then(Pose(anchor="near_toe"), near_leg=L(0, 0, 20), far_leg=L(0, 0, 20)),
    "EX34": _then(
        Pose(
            near_leg=L(0, 0, -10),
            far_leg=L(25, 70, 0),
            near_arm=L(70, 0),
            anchor="near_toe",
            props=(Prop("roller", x=-2, y=-3, width=4, joint="near_toe"),),
        ),
        near_leg=L(0, 0, 40),
    ),
    "EX35": (
        Pose(
            trunk_deg=80,
            near_leg=L(10, 10, 0),
            far_leg=L(-10, 0, 0),
            near_arm=L(95, 10),
            far_arm=L(95, 10),
            anchor="near_ankle",
            props=(Prop("wall", x=38, y=0, width=4, height=100),),
        ),
        Pose(
            trunk_deg=68,
            near_leg=L(45, 45, -5),
            far_leg=L(-12, 0, -18),
            near_arm=L(105, 15),
            far_arm=L(105, 15),
            anchor="near_ankle",
            props=(Prop("wall", x=38, y=0, width=4, height=100),),
        ),
    ),
    "EX36": (
        Pose(
            trunk_deg=80,
            near_leg=L(10, 10, 0),
            far_leg=L(-5, 10, 0),
            near_arm=L(95, 10),
            far_arm=L(95, 10),
            anchor="near_ankle",
            props=(Prop("wall", x=38, y=0, width=4, height=100),),
        ),
        Pose(
            trunk_deg=80,
            near_leg=L(40, 45, -5),
            far_leg=L(15, 45, -30),
            near_arm=L(100, 0),
            far_arm=L(100, 0),
            anchor="near_ankle",
            anchor_x=8,
            props=(Prop("wall", x=38, y=0, width=4, height=100),),
        ),
    ),
    "EX37": (
        replace(SEATED, near_leg=L(120, 100, 0), near_arm=L(60, 60)),
        replace(SEATED, near_leg=L(120, 100, -30), near_arm=L(65, 40)),
    ),
    "EX38": _then(
        Pose(trunk_deg=98, near_leg=L(8, 0, 0), far_leg=L(8, 0, 0), anchor="near_heel", props=(WALL_BEHIND,)),
        near_leg=L(8, 0, -30),
        far_leg=L(8, 0, -30),
        support="near_heel",
    ),
    "EX39": (SEATED, replace(SEATED, near_leg=L(90, 95, 10))),
    "EX40": (
        replace(SEATED, near_leg=L(90, 90, 0)),
        Pose(near_leg=L(0, 10, 0), far_leg=L(20, 60, 0), near_arm=L(20, 10)),
    ),
    "EX52": _then(
        Pose(
            trunk_deg=115,
            near_leg=L(70, 0, 0),
            far_leg=L(70, 0, 0),
            near_arm=L(-45, 0),
            far_arm=L(-45, 0),
            anchor="pelvis",
            anchor_x=0,
            support="pelvis",
            lift=0,
            props=(Prop("roller", x=34, y=0, width=8),),
        ),
        anchor_x=-10,
    ),
    "EX53": (
        replace(
            HALF_KNEEL, near_leg=L(90, 90, 0), near_arm=L(80, 20), props=(Prop("wall", x=14, y=0, width=4, height=90),)
        ),
        replace(
            HALF_KNEEL,
            near_leg=L(80, 120, -40),
            far_leg=L(-15, 75, 90),
            near_arm=L(85, 20),
            anchor="near_toe",
            props=(Prop("wall", x=14, y=0, width=4, height=90),),
        ),
    ),
    # 3.4 balance, plyometrics and running drills
    "EX41": (Pose(), Pose(near_leg=L(0, 5, 0), far_leg=L(45, 80, 20), near_arm=L(30, 10), far_arm=L(30, 10))),
    "EX42": (
        Pose(near_leg=L(0, 10, 0), far_leg=L(20, 40, 0)),
        Pose(trunk_deg=75, near_leg=L(60, 70, -20), far_leg=L(85, 0, 20), near_arm=L(40, 10), far_arm=L(40, 10)),
    ),
    "EX43": (
        Pose(near_leg=L(0, 10, 15), far_leg=L(0, 10, 15), near_arm=L(-20, 80), far_arm=L(-20, 80), anchor="near_toe"),
        Pose(
            near_leg=L(0, 0, 35),
            far_leg=L(0, 0, 35),
            near_arm=L(-10, 80),
            far_arm=L(-10, 80),
            anchor="near_toe",
            lift=8,
        ),
    ),
    "EX44": (
        Pose(near_leg=L(0, 10, 15), far_leg=L(20, 80, 10), near_arm=L(-20, 80), far_arm=L(20, 80), anchor="near_toe"),
        Pose(
            near_leg=L(0, 0, 35),
            far_leg=L(20, 80, 10),
            near_arm=L(20, 80),
            far_arm=L(-20, 80),
            anchor="near_toe",
            lift=10,
        ),
    ),
    "EX45": (
        Pose(trunk_deg=70, near_leg=L(60, 70, -15), far_leg=L(60, 70, -15), near_arm=L(-40, 10), far_arm=L(-40, 10)),
        Pose(
            trunk_deg=75,
            near_leg=L(50, 55, -10),
            far_leg=L(20, 90, 10),
            near_arm=L(40, 30),
            far_arm=L(40, 30),
            anchor="near_ankle",
            anchor_x=45,
        ),
    ),
    "EX46": (
        Pose(near_leg=L(0, 5, 10), far_leg=L(0, 5, 10), near_arm=L(0, 80), far_arm=L(0, 80)),
        Pose(near_leg=L(90, 95, 10), far_leg=L(0, 0, 30), near_arm=L(-40, 80), far_arm=L(50, 80), anchor="far_toe"),
    ),
}


def exercise_figure_svg(exercise_id: str, name: str | None = None) -> str:
    """The start/end pose figure of one exercise of section 3 as an SVG string (never a blank box)."""
    try:
        start, end = FIGURES[exercise_id]
    except KeyError:
        raise KeyError(f"no figure for exercise {exercise_id!r}") from None
    return render_figure_svg(start, end, name or exercise_id)
