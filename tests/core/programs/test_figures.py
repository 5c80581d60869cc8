"""Pose figures from joint angles: every exercise has a start and an end picture, never a blank box."""

import math
import xml.etree.ElementTree as ET

import pytest

from stridecare.core.programs.figure_poses import FIGURES, exercise_figure_svg
from stridecare.core.programs.figures import FOOT, SHANK, THIGH, TRUNK, Limb, Pose, joint_positions
from stridecare.core.programs.library import load_library

SVG = "{http://www.w3.org/2000/svg}"


def test_standing_pose_stands_on_the_ground_and_is_about_100_units_tall():
    p = joint_positions(Pose())
    # ankle above ground by the heel-to-toe line only: 0 here; pelvis = thigh + shank = 47; neck = 47 + 30 = 77
    assert p["near_ankle"][1] == pytest.approx(0.0)
    assert p["pelvis"][1] == pytest.approx(THIGH + SHANK)
    assert p["neck"][1] == pytest.approx(THIGH + SHANK + TRUNK)
    assert p["near_toe"] == pytest.approx((FOOT, 0.0))  # foot points forward (+x)


def test_joint_angles_move_the_segments_as_documented():
    # thigh horizontal (hip 90) and shank vertical (knee 90): knee 24 in front of the pelvis, ankle below it
    p = joint_positions(Pose(near_leg=Limb(90, 90, 0), far_leg=Limb(90, 90, 0)))
    knee, pelvis, ankle = p["near_knee"], p["pelvis"], p["near_ankle"]
    assert (knee[0] - pelvis[0], knee[1] - pelvis[1]) == pytest.approx((THIGH, 0.0), abs=1e-9)
    assert (ankle[0] - knee[0], ankle[1] - knee[1]) == pytest.approx((0.0, -SHANK), abs=1e-9)
    # plantarflexion 30 deg tilts the foot 30 deg below horizontal
    p = joint_positions(Pose(near_leg=Limb(0, 0, 30)))
    dx, dy = p["near_toe"][0] - p["near_ankle"][0], p["near_toe"][1] - p["near_ankle"][1]
    assert math.degrees(math.atan2(dy, dx)) == pytest.approx(-30.0)


def test_every_exercise_has_two_different_drawn_poses():
    library = load_library()
    assert sorted(FIGURES) == sorted(library)
    for exercise_id, (start, end) in FIGURES.items():
        assert joint_positions(start) != joint_positions(end) or start.props != end.props, exercise_id


@pytest.mark.parametrize("exercise_id", sorted(FIGURES))
def test_svg_is_valid_and_not_blank(exercise_id):
    svg = exercise_figure_svg(exercise_id, load_library()[exercise_id].name)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    lines = root.findall(f"{SVG}line")
    heads = root.findall(f"{SVG}circle")
    assert len(lines) >= 20 and len(heads) >= 2  # two stick figures, each with a head
    width = float(root.get("width"))
    xs = [float(v) for line in lines for v in (line.get("x1"), line.get("x2"))]
    ys = [float(v) for line in lines for v in (line.get("y1"), line.get("y2"))]
    assert 0 <= min(xs) and max(xs) <= width and min(ys) >= 0  # drawn inside the picture
    assert max(xs) - min(xs) > width / 2  # both panels have content
    assert [t.text for t in root.findall(f"{SVG}text")] == ["Start", "End"]
