"""SVG pose figures of exercises, drawn from joint angles (start and end position).

A figure is a planar stick model: pelvis, trunk, head, two legs (thigh, shank, foot) and two arms
(upper arm, forearm). Angles are in degrees (0.4). The trunk angle is absolute (90 = upright,
0 = head to the right, 180 = head to the left); the other joints are relative:

- hip: thigh from the trunk's downward line, + = flexion (towards the front);
- knee: + = flexion (shank behind the thigh); ankle: + = plantarflexion;
- shoulder: arm from the trunk's downward line, + = forwards; elbow: + = flexion.

"Near" limbs are drawn dark, "far" limbs light. The image plane is the one where the exercise's
movement shows (sagittal for squats, frontal for side-lying abduction); each pose says which.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

ViewPlane = Literal["side", "front"]

# Segment lengths in figure units (a standing figure is about 100 units tall).
TRUNK, NECK, HEAD_R = 30.0, 7.0, 6.0
THIGH, SHANK, FOOT = 24.0, 23.0, 9.0
UPPER_ARM, FOREARM = 16.0, 15.0
HIP_HALF_WIDTH, SHOULDER_HALF_WIDTH = 5.0, 7.0  # front view only
GROUND_Y = 0.0


@dataclass(frozen=True, slots=True)
class Limb:
    """Joint angles of one leg or arm: (hip or shoulder, knee or elbow, ankle) in degrees."""

    proximal_deg: float = 0.0
    middle_deg: float = 0.0
    distal_deg: float = 0.0


@dataclass(frozen=True, slots=True)
class Prop:
    """Equipment drawn with the figure, in figure units (x right, y up from the ground)."""

    kind: Literal["step", "wall", "roller", "band", "bench", "weight", "machine_pad", "line"]
    x: float = 0.0
    y: float = 0.0
    width: float = 0.0
    height: float = 0.0
    joints: tuple[str, str] | None = None  # band: between two joints; "fixed" = the point (x, y)
    joint: str | None = None  # x, y are offsets from this joint instead of the ground origin


@dataclass(frozen=True, slots=True)
class Pose:
    """One position of the stick figure; ``anchor`` joint is placed at ``anchor_x`` and the lowest point
    rests on the ground plus ``lift`` (e.g. standing on a step)."""

    trunk_deg: float = 90.0
    near_leg: Limb = Limb()
    far_leg: Limb = Limb()
    near_arm: Limb = Limb(0.0, 10.0)
    far_arm: Limb = Limb(0.0, 10.0)
    anchor: str = "near_ankle"
    anchor_x: float = 0.0
    lift: float = 0.0
    support: str | None = None  # joint that rests on ``lift`` instead of the lowest point
    view: ViewPlane = "side"
    pelvis_tilt_deg: float = 0.0  # front view: + raises the near hip
    props: tuple[Prop, ...] = field(default=())


def _point(origin: tuple[float, float], angle_deg: float, length: float) -> tuple[float, float]:
    a = math.radians(angle_deg)
    return origin[0] + length * math.cos(a), origin[1] + length * math.sin(a)


def joint_positions(pose: Pose) -> dict[str, tuple[float, float]]:
    """Forward kinematics: every joint's (x, y) in figure units, y up, ground at 0."""
    p: dict[str, tuple[float, float]] = {"pelvis": (0.0, 0.0)}
    p["neck"] = _point(p["pelvis"], pose.trunk_deg, TRUNK)
    p["head"] = _point(p["neck"], pose.trunk_deg, NECK)
    down = pose.trunk_deg + 180.0
    front = pose.view == "front"
    hip_line = pose.trunk_deg - 90.0 + pose.pelvis_tilt_deg
    shoulder_line = pose.trunk_deg - 90.0
    for side, leg in (("near", pose.near_leg), ("far", pose.far_leg)):
        sign = 1.0 if side == "near" else -1.0
        p[f"{side}_hip"] = _point(p["pelvis"], hip_line, sign * HIP_HALF_WIDTH) if front else p["pelvis"]
        thigh = down + leg.proximal_deg
        shank = thigh - leg.middle_deg
        foot = shank + 90.0 - leg.distal_deg
        p[f"{side}_knee"] = _point(p[f"{side}_hip"], thigh, THIGH)
        p[f"{side}_ankle"] = _point(p[f"{side}_knee"], shank, SHANK)
        p[f"{side}_toe"] = _point(p[f"{side}_ankle"], foot, FOOT / 2 if front else FOOT)
        p[f"{side}_heel"] = _point(p[f"{side}_ankle"], foot + 180.0, 0.0 if front else 2.0)
    for side, arm in (("near", pose.near_arm), ("far", pose.far_arm)):
        sign = 1.0 if side == "near" else -1.0
        p[f"{side}_shoulder"] = _point(p["neck"], shoulder_line, sign * SHOULDER_HALF_WIDTH) if front else p["neck"]
        upper = down + arm.proximal_deg
        p[f"{side}_elbow"] = _point(p[f"{side}_shoulder"], upper, UPPER_ARM)
        p[f"{side}_hand"] = _point(p[f"{side}_elbow"], upper + arm.middle_deg, FOREARM)
    return _place(pose, p)


def _place(pose: Pose, p: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    if pose.anchor not in p:
        raise KeyError(f"unknown anchor joint {pose.anchor!r}; one of {', '.join(sorted(p))}")
    dx = pose.anchor_x - p[pose.anchor][0]
    if pose.support is not None:
        dy = pose.lift - p[pose.support][1]
    else:
        lowest = min(min(y for name, (_, y) in p.items() if name != "head"), p["head"][1] - HEAD_R)
        dy = GROUND_Y + pose.lift - lowest
    return {name: (x + dx, y + dy) for name, (x, y) in p.items()}


_BONES: tuple[tuple[str, str], ...] = (
    ("ankle", "toe"),
    ("heel", "toe"),
    ("knee", "ankle"),
    ("hip", "knee"),
    ("pelvis", "hip"),
)
_ARM_BONES: tuple[tuple[str, str], ...] = (("shoulder", "elbow"), ("elbow", "hand"), ("neck", "shoulder"))


def _segments(pose: Pose) -> list[tuple[str, tuple[float, float], tuple[float, float]]]:
    """(style, start, end) lines, far side first so the near side is drawn on top."""
    p = joint_positions(pose)
    lines = []
    for side in ("far", "near"):
        for a, b in _BONES + _ARM_BONES:
            a_name = a if a in ("pelvis", "neck") else f"{side}_{a}"
            if p[a_name] != p[f"{side}_{b}"]:
                lines.append((side, p[a_name], p[f"{side}_{b}"]))
        if side == "far":
            lines.append(("trunk", p["pelvis"], p["neck"]))
    return lines


def _prop_origin(prop: Prop, p: dict[str, tuple[float, float]]) -> tuple[float, float]:
    if prop.joint is None:
        return prop.x, prop.y
    if prop.kind == "wall":  # a wall stands on the ground: only its x follows the joint
        return p[prop.joint][0] + prop.x, prop.y
    if prop.joint not in p:
        raise KeyError(f"prop anchored to unknown joint {prop.joint!r}")
    return p[prop.joint][0] + prop.x, p[prop.joint][1] + prop.y


def figure_bounds(pose: Pose) -> tuple[float, float, float, float]:
    """(min_x, min_y, max_x, max_y) of the figure and its props, head included."""
    p = joint_positions(pose)
    xs = [x for x, _ in p.values()] + [p["head"][0] - HEAD_R, p["head"][0] + HEAD_R]
    ys = [y for _, y in p.values()] + [p["head"][1] - HEAD_R, p["head"][1] + HEAD_R]
    for prop in pose.props:
        if prop.kind == "band":
            continue
        x, y = _prop_origin(prop, p)
        xs += [x, x + prop.width]
        ys += [y, y + max(prop.height, prop.width if prop.kind in ("roller", "weight") else 0.0)]
    return min(xs), min(ys), max(xs), max(ys)


_STROKE = {"near": "#1f3a5f", "far": "#8aa4c1", "trunk": "#1f3a5f"}


def _svg_pose(pose: Pose, offset_x: float, ground_px: float, scale: float) -> list[str]:
    def tx(pt: tuple[float, float]) -> tuple[float, float]:
        return offset_x + pt[0] * scale, ground_px - pt[1] * scale

    p = joint_positions(pose)
    out = [_svg_prop(prop, p, tx, scale) for prop in pose.props]
    for style, a, b in _segments(pose):
        (x1, y1), (x2, y2) = tx(a), tx(b)
        width = 5 if style != "far" else 4.5
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{_STROKE[style]}" '
            f'stroke-width="{width}" stroke-linecap="round"/>'
        )
    hx, hy = tx(p["head"])
    out.append(f'<circle cx="{hx:.1f}" cy="{hy:.1f}" r="{HEAD_R * scale:.1f}" fill="#1f3a5f"/>')
    return out


def _svg_prop(
    prop: Prop,
    p: dict[str, tuple[float, float]],
    to_px: Callable[[tuple[float, float]], tuple[float, float]],
    scale: float,
) -> str:
    if prop.kind == "band" and prop.joints:
        a, b = (p[j] if j != "fixed" else (prop.x, prop.y) for j in prop.joints)
        (x1, y1), (x2, y2) = to_px(a), to_px(b)
        return (
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#d9534f" '
            f'stroke-width="3" stroke-dasharray="4 3"/>'
        )
    ox, oy = _prop_origin(prop, p)
    if prop.kind == "roller":
        cx, cy = to_px((ox + prop.width / 2, oy + prop.width / 2))
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{prop.width / 2 * scale:.1f}" fill="#f0ad4e"/>'
    if prop.kind == "weight":
        cx, cy = to_px((ox, oy))
        return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{max(prop.width, 3) * scale:.1f}" fill="#555"/>'
    if prop.kind == "line":
        x1, y1 = to_px((ox, oy))
        x2, y2 = to_px((ox + prop.width, oy + prop.height))
        return f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999" stroke-width="4"/>'
    x, y = to_px((ox, oy + prop.height))
    fill = {"step": "#c8b89a", "wall": "#bbb", "bench": "#a67c52", "machine_pad": "#777"}.get(prop.kind, "#bbb")
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{prop.width * scale:.1f}" height="{prop.height * scale:.1f}" '
        f'fill="{fill}" rx="2"/>'
    )


def render_figure_svg(start: Pose, end: Pose, title: str, width_px: int = 480, height_px: int = 240) -> str:
    """Two panels (start | end) with the same scale, a ground line, labels and an accessible title."""
    bounds = [figure_bounds(pose) for pose in (start, end)]
    span_x = max(b[2] - b[0] for b in bounds) + 12
    span_y = max(b[3] for b in bounds) - min(0.0, *(b[1] for b in bounds)) + 10
    panel_w = width_px / 2
    scale = min((panel_w - 20) / span_x, (height_px - 50) / span_y)
    ground_px = height_px - 28
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width_px} {height_px}" width="{width_px}" '
        f'height="{height_px}" role="img" aria-label="{_escape(title)}: start and end position">',
        f"<title>{_escape(title)}: start and end position</title>",
        f'<rect width="{width_px}" height="{height_px}" fill="#ffffff"/>',
        f'<line x1="{panel_w:.0f}" y1="8" x2="{panel_w:.0f}" y2="{height_px - 8}" stroke="#ddd" stroke-width="1"/>',
    ]
    for i, (pose, (min_x, _, max_x, _)) in enumerate(zip((start, end), bounds, strict=True)):
        left = i * panel_w
        offset_x = left + panel_w / 2 - (min_x + max_x) / 2 * scale
        parts.append(
            f'<line x1="{left + 8:.0f}" y1="{ground_px:.1f}" x2="{left + panel_w - 8:.0f}" '
            f'y2="{ground_px:.1f}" stroke="#666" stroke-width="2"/>'
        )
        parts += _svg_pose(pose, offset_x, ground_px, scale)
        label = "Start" if i == 0 else "End"
        parts.append(
            f'<text x="{left + panel_w / 2:.0f}" y="{height_px - 8}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="14" fill="#333">{label}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
