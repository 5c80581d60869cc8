"""Gait events (initial contact, toe-off) per foot from keypoint trajectories (REFERENCE.md 6.3).

A foot is in stance while its lowest landmark (heel or toe) is within a small height of the
ground (a share of leg length, so pixels and metres behave alike) and it is not swinging forward
relative to the pelvis: the stance foot moves backward relative to the hips on a treadmill
(with the belt) and overground (the body passes over it). IC is the first and TO the last
moment of each stance, interpolated between frames at the height threshold.

Lab markers (speed-share settings) time the moments from the foot's motion over the ground. A
walk (double support: the next foot lands before this one leaves; running has a flight phase)
rolls over its heel and forefoot, and its contact and toe-off are the toe's highest and lowest
points at the two ends of the stance (_rocker_events), where a run's are the foot's landing and
the toe's speed over the ground.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from stridecare.core.gait.keypoints import SIDES, KeypointSeries, Side

EventType = Literal["initial_contact", "toe_off"]


@dataclass(frozen=True, slots=True)
class EventSettings:
    """Thresholds in leg lengths (and leg lengths per second), so pixels and metres behave alike.

    ``contact_height_leg``: the foot is within this height of the ground; ``swing_speed_leg_s``:
    moving forward relative to the hips faster than this rules out stance; ``landing_speed_leg_s``:
    a foot still descending faster than this has not landed yet; ``flight_height_leg``: both feet
    above this height is a flight phase (None: decide from the event times instead).
    """

    contact_height_leg: float
    swing_speed_leg_s: float
    landing_speed_leg_s: float
    flight_height_leg: float | None
    # Shares of the clip's own running speed (issue 17 item 2), when set: the toe leaves the ground
    # when its speed relative to the ground (the belt, on a treadmill) passes ``toe_off_speed_share``
    # of the running speed, and the foot has landed when it descends slower than
    # ``landing_speed_share`` of it. Both scale with the speed, so no constant fits one speed only.
    toe_off_speed_share: float | None = None
    landing_speed_share: float | None = None


LEG_PER_FOOT = 0.491 / 0.152  # Winter (2009) segment lengths [K]: hip-ankle over foot length
MERGE_GAP_S = 0.04  # contact interrupted for less than this (landmark noise) is one stance
MIN_STANCE_S = 0.06  # shorter "contacts" are noise (sprint contact is ~0.1 s)

# Lab markers (mm precision). The contact height finds each stance; its moments come from the
# foot's motion relative to the ground, in shares of the clip's own running speed. The shares are
# chosen by leave-one-out over the Hamner & Delp 2013 / Dorn 2012 force-plate trials and the gaitmap
# sample (bench/gait_events_loo.py: every split's choice and its error on the trial left out). The
# shares time running only: walking events come from the foot's rolling (_rocker_events).
MARKERS = EventSettings(
    contact_height_leg=0.02,
    swing_speed_leg_s=0.5,
    landing_speed_leg_s=0.25,
    flight_height_leg=None,
    toe_off_speed_share=0.2,
    landing_speed_share=0.1,
)
# Pose-model keypoints from video: landmarks jitter by a few % of leg length per frame.
# The landing speed is 3 leg lengths/s: at 30 fps the descent is a central difference over 67 ms
# and a foot that touches down within one frame still reads ~2-3 leg/s (2.0 timed the re-encoded
# running clip's contacts a frame late: 179.7 instead of 189.3 steps/min).
VIDEO = EventSettings(contact_height_leg=0.2, swing_speed_leg_s=0.5, landing_speed_leg_s=3.0, flight_height_leg=0.2)


@dataclass(frozen=True, slots=True)
class GaitEvent:
    """One event: which foot, which type, when (seconds from the start) and the nearest frame."""

    side: Side
    type: EventType
    time_s: float
    frame: int


@dataclass(frozen=True, slots=True)
class Stance:
    """One stance phase of one foot; ``ic``/``to`` are None when cut by the start or end of the clip.

    ``chain`` is the keypoint side the contact was found on; ``side`` the foot it belongs to
    (they differ when the pose model named the legs the wrong way round for that stance). When the
    pose model swapped the leg names during the stance, the grounded foot is on ``to_chain`` from
    ``switch_frame`` on.
    """

    side: Side
    ic: GaitEvent | None
    to: GaitEvent | None
    start_frame: int
    end_frame: int
    chain: Side = "left"
    to_chain: Side | None = None
    switch_frame: int | None = None

    def chain_at(self, frame: int) -> Side:
        """The keypoint side that holds the grounded foot at ``frame``."""
        if self.to_chain is None or self.switch_frame is None or frame < self.switch_frame:
            return self.chain
        return self.to_chain


def facing_sign(series: KeypointSeries) -> float:
    """+1 when the runner faces +x (image right, or OpenSim forward), -1 when facing -x."""
    direction = 0.0
    for side in SIDES:
        direction += float(np.nanmean(series.side_point(side, "BigToe")[:, 0] - series.side_point(side, "Heel")[:, 0]))
    return 1.0 if direction >= 0 else -1.0


def leg_length(series: KeypointSeries) -> float:
    """Median hip->knee->ankle length over both legs, in the series' units."""
    lengths = []
    for side in SIDES:
        hip, knee, ankle = (series.side_point(side, j) for j in ("Hip", "Knee", "Ankle"))
        lengths.append(np.linalg.norm(hip - knee, axis=1) + np.linalg.norm(knee - ankle, axis=1))
    value = float(np.nanmedian(np.concatenate(lengths))) if np.isfinite(np.concatenate(lengths)).any() else np.nan
    if np.isfinite(value) and value > 0:
        return value
    # feet only (foot markers of a gait lab): Winter's proportions [K], leg 0.491 H, foot 0.152 H
    feet = np.concatenate(
        [np.linalg.norm(series.side_point(s, "BigToe") - series.side_point(s, "Heel"), axis=1) for s in SIDES]
    )
    foot = float(np.nanmedian(feet)) if np.isfinite(feet).any() else np.nan
    return foot * LEG_PER_FOOT if np.isfinite(foot) and foot > 0 else 1.0


def foot_height(series: KeypointSeries, side: Side) -> NDArray[np.float64]:
    """Height of the foot's lowest landmark above the ground under it (heel and toe each).

    The ground is a straight line under that landmark of both feet: the edge of their lower
    convex hull below the mean horizontal position, so a tilted camera or floor gives a sloping
    ground and a treadmill (little horizontal travel) a nearly level one.
    """
    return np.fmin(landmark_height(series, side, "Heel"), landmark_height(series, side, "BigToe"))


def landmark_height(series: KeypointSeries, side: Side, joint: str) -> NDArray[np.float64]:
    """Height of one foot landmark above the ground under it (see foot_height)."""
    scale = leg_length(series) if series.origin == "keypoint_file" else 0.0
    both = np.concatenate([series.side_point("left", joint), series.side_point("right", joint)])
    point = series.side_point(side, joint)
    if scale > 0 and _travel(both) > WALKWAY_LEGS * scale:
        return point[:, 1] - local_ground(both, point[:, 0], scale)
    intercept, slope = ground_line(both)
    return point[:, 1] - (intercept + slope * point[:, 0])


# A lab walkway many leg lengths long is not one straight line to a millimetre (floor plates,
# calibration): over a path longer than this the ground is the lowest point of the landmark within
# a leg length of each position, which is where a foot stood there.
WALKWAY_LEGS = 5.0


def _travel(points: NDArray[np.float64]) -> float:
    x = points[np.isfinite(points).all(axis=1), 0]
    return float(np.ptp(x)) if len(x) else 0.0


def local_ground(points: NDArray[np.float64], x: NDArray[np.float64], scale: float) -> NDArray[np.float64]:
    """Ground height under each x: the lowest landmark height in bins one leg length wide, between
    bin centres linearly interpolated (bins with no landmark take their neighbours' level)."""
    ok = np.isfinite(points).all(axis=1)
    px, py = points[ok, 0], points[ok, 1]
    edges = np.arange(px.min(), px.max() + scale, scale)
    which = np.clip(np.searchsorted(edges, px, side="right") - 1, 0, len(edges) - 1)
    centres, levels = [], []
    for b in range(len(edges)):
        mine = py[which == b]
        if len(mine):
            centres.append(float(np.mean(px[which == b])))
            levels.append(float(np.min(mine)))
    return np.interp(x, centres, levels)


def ground_line(points: NDArray[np.float64]) -> tuple[float, float]:
    """(intercept, slope) of the supporting line under the points at their mean x."""
    hull_x, hull_y = lower_hull(points)
    if len(hull_x) < 2:
        return float(hull_y[0]), 0.0
    mean_x = float(np.nanmean(points[:, 0]))
    i = int(np.clip(np.searchsorted(hull_x, mean_x) - 1, 0, len(hull_x) - 2))
    slope = float((hull_y[i + 1] - hull_y[i]) / (hull_x[i + 1] - hull_x[i]))
    return float(hull_y[i] - slope * hull_x[i]), slope


def lower_hull(points: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lower convex hull (x ascending) of (n, 2) points, NaN rows ignored (Andrew's monotone chain)."""
    pts = points[np.isfinite(points).all(axis=1)]
    if len(pts) == 0:
        return np.array([0.0]), np.array([0.0])
    pts = pts[np.lexsort((pts[:, 1], pts[:, 0]))]
    # Plain floats, not numpy scalars: the same double arithmetic, several times faster per point
    # (every stance detection builds this hull over every frame of both feet).
    hull: list[tuple[float, float]] = []
    for bx, by in pts.astype(np.float64).tolist():
        while len(hull) >= 2:
            (ox, oy), (ax, ay) = hull[-2], hull[-1]
            if (ax - ox) * (by - oy) - (ay - oy) * (bx - ox) > 0:  # a left turn keeps the last point
                break
            hull.pop()
        hull.append((bx, by))
    arr = np.array(hull, dtype=np.float64)
    return arr[:, 0], arr[:, 1]


def settings_for(series: KeypointSeries) -> EventSettings:
    """Keypoint-file settings for .trc input (2D or 3D), video settings for pose estimates from video.

    Chosen by the data source, not by the presence of a Z column: a 2D .trc (Z = 0, as Sports2D
    writes) of lab markers is as precise as the 3D file it came from.
    """
    return VIDEO if series.origin == "video" else MARKERS


def detect_stances(series: KeypointSeries, settings: EventSettings | None = None) -> list[Stance]:
    """Stance phases of both feet, sorted by start time (REFERENCE.md 6.3)."""
    cfg = settings or settings_for(series)
    scale = leg_length(series)
    forward = facing_sign(series)
    hip_x = series.hip_mid()[:, 0]
    fps = series.fps
    max_gap = max(1, int(round(MERGE_GAP_S * fps)))
    height: dict[Side, NDArray[np.float64]] = {}
    descent: dict[Side, NDArray[np.float64]] = {}
    foot_x: dict[Side, NDArray[np.float64]] = {}
    rel: dict[Side, NDArray[np.float64]] = {}
    pieces: list[_Piece] = []
    for side in SIDES:
        height[side] = foot_height(series, side) / scale
        foot_x[side] = 0.5 * (series.side_point(side, "Heel")[:, 0] + series.side_point(side, "BigToe")[:, 0])
        if np.isfinite(hip_x).any():
            rel_speed = forward * np.gradient(foot_x[side] - hip_x, series.times_s) / scale
        else:  # feet only: a standing foot is still on a lab floor, a swinging one moves either way
            rel_speed = np.abs(np.gradient(foot_x[side], series.times_s)) / scale
        descent[side] = -np.gradient(height[side], series.times_s)
        rel[side] = rel_speed
        on = (height[side] < cfg.contact_height_leg) & (rel_speed < cfg.swing_speed_leg_s)
        pieces += [_Piece(side, side, start, end, None) for start, end in _runs(_close_gaps(on, max_gap))]
    pieces.sort(key=lambda p: p.start)
    if series.origin == "video":
        join_gap = max(max_gap, int(round(JOIN_GAP_S * fps)))
        pieces = _join_label_swaps(pieces, foot_x, series.times_s, scale, join_gap)
    motion = _ground_motion(series, pieces, scale) if cfg.toe_off_speed_share is not None else None
    if motion is not None and cfg.landing_speed_share is not None:
        cfg = replace(cfg, landing_speed_leg_s=cfg.landing_speed_share * motion.run_speed / scale)
    stances: list[Stance] = []
    for piece in pieces:
        first = piece.chain
        start, end = piece.start, piece.end
        landed = start + int(np.argmax(descent[first][start : end + 1] < cfg.landing_speed_leg_s))
        if end - landed < 2 or (end - landed) / fps < MIN_STANCE_S:
            continue
        stance = _stance(series, first, height[first], descent[first], start, landed, end, cfg)
        if series.origin == "video" and stance.ic is not None:
            stance = _foot_stops(stance, series.times_s, rel[first], start, end)
        if motion is not None and stance.to is not None and piece.switch is None:
            assert cfg.toe_off_speed_share is not None
            stance = _toe_leaves(stance, series.times_s, motion, first, cfg.toe_off_speed_share)
        if piece.switch is not None and stance.to is not None:
            last = piece.to_chain
            t = _crossing(series.times_s, height[last], end, end + 1, cfg.contact_height_leg)
            stance = replace(stance, to=GaitEvent(first, "toe_off", t, end), to_chain=last, switch_frame=piece.switch)
        elif piece.switch is not None:
            stance = replace(stance, to_chain=piece.to_chain, switch_frame=piece.switch)
        stances.append(stance)
    stances.sort(key=lambda s: (s.start_frame, s.end_frame))  # both cut by the start: the first to leave came first
    if motion is not None and double_support(stances):
        toe = {side: landmark_height(series, side, "BigToe") for side in SIDES}
        stances = _merge_overlaps([_rocker_events(stance, series.times_s, toe) for stance in stances])
    return enforce_alternation(stances)


def _merge_overlaps(stances: list[Stance]) -> list[Stance]:
    """One stance per foot contact: pieces of one contact (a foot pivoting in a turn leaves the
    height-and-speed test for a few frames) reach the same rocker events and become one."""
    out: list[Stance] = []
    for stance in sorted(stances, key=lambda s: s.start_frame):
        same = [i for i, kept in enumerate(out) if kept.chain == stance.chain and stance.start_frame <= kept.end_frame]
        if not same:
            out.append(stance)
            continue
        kept = out[same[-1]]
        if stance.end_frame > kept.end_frame:
            out[same[-1]] = replace(kept, to=stance.to, end_frame=stance.end_frame)
    return out


def double_support(stances: list[Stance]) -> bool:
    """Walking: the next foot lands before this one leaves (median over the steps), where running
    has a flight phase between them. Needs at least two steps."""
    gaps = []
    for stance in stances:
        later = [s for s in stances if s.side != stance.side and s.start_frame > stance.start_frame]
        if stance.to is None or not later:
            continue
        nxt = min(later, key=lambda s: s.start_frame)
        if nxt.ic is not None:
            gaps.append(nxt.ic.time_s - stance.to.time_s)
    return len(gaps) >= 2 and float(np.median(gaps)) <= 0


def _rocker_events(stance: Stance, times_s: NDArray[np.float64], toe: dict[Side, NDArray[np.float64]]) -> Stance:
    """Walking events from the foot's rolling over the ground (heel, ankle and forefoot rockers).

    A walking foot lands on its heel with the ankle dorsiflexed and then rotates down about the
    heel until the sole is flat: the toe is highest the moment the heel touches down (it rises
    as the swinging foot dorsiflexes and falls once the heel carries it). At the end of stance
    the heel rises and the foot rotates forward about the forefoot, which carries the toe down:
    the toe is lowest the moment it leaves the ground and rises from then on. No constant: each
    event is the extremum of the toe's height nearest to the stance found by height and speed
    (which, with the foot still rolling at both ends, lies inside the true stance).
    """
    middle = (stance.start_frame + stance.end_frame) // 2
    ic, to, start, end = stance.ic, stance.to, stance.start_frame, stance.end_frame
    if ic is not None:
        start, t = _extremum(toe[stance.chain], times_s, stance.start_frame, 0, middle, highest=True)
        ic = GaitEvent(stance.side, "initial_contact", t, start)
    if to is not None:
        last = len(times_s) - 1
        end, t = _extremum(
            toe[stance.chain_at(stance.end_frame)], times_s, stance.end_frame, middle, last, highest=False
        )
        to = GaitEvent(stance.side, "toe_off", t, end)
    return replace(stance, ic=ic, to=to, start_frame=start, end_frame=max(end, start + 1))


def _extremum(
    values: NDArray[np.float64], times_s: NDArray[np.float64], k: int, low: int, high: int, *, highest: bool
) -> tuple[int, float]:
    """The local maximum (or minimum) of ``values`` nearest to frame ``k`` uphill (downhill) within
    low..high: its frame and its time refined between frames by a parabola through three."""
    w = values if highest else -values
    k = int(np.clip(k, low, high))
    step = 1 if k < high and w[k + 1] > w[k] else -1
    while low <= k + step <= high and w[k + step] > w[k]:
        k += step
    t = float(times_s[k])
    if 0 < k < len(values) - 1 and np.isfinite(w[k - 1 : k + 2]).all():
        curve = w[k - 1] - 2.0 * w[k] + w[k + 1]
        if curve < 0:
            shift = float(np.clip(0.5 * (w[k - 1] - w[k + 1]) / curve, -0.5, 0.5))
            t += shift * float(times_s[k + 1] - times_s[k])
    return k, t


@dataclass(frozen=True, slots=True)
class _GroundMotion:
    """The clip's own speeds: the ground under a standing foot (zero overground, the belt speed on
    a treadmill), the running speed relative to it, and each toe's horizontal speed (units/s)."""

    ground_speed: float
    run_speed: float
    toe_speed: dict[Side, NDArray[np.float64]]


def _ground_motion(series: KeypointSeries, pieces: list[_Piece], scale: float) -> _GroundMotion | None:
    """Ground and running speed from the clip itself (direction-free, so a turn does not matter).

    A foot in the middle of its stance moves with the ground (zero overground, the belt on a
    treadmill). A foot never moves backward over the ground and travels as far as the body, so its
    mean speed over the ground is the running speed. None when there is no stance or the feet do
    not travel (slower than half a leg length a second over the ground: not walking or running).
    """
    t = series.times_s
    toe = {side: np.gradient(series.side_point(side, "BigToe")[:, 0], t) for side in SIDES}
    heel = {side: np.gradient(series.side_point(side, "Heel")[:, 0], t) for side in SIDES}
    middle = [((p.start + p.end) // 2, p.chain) for p in pieces if p.end - p.start >= 2]
    values = np.array([v for m, side in middle for v in (toe[side][m], heel[side][m])])
    values = values[np.isfinite(values)]
    if len(values) < 2:
        return None
    ground = float(np.median(values))
    feet = np.concatenate([np.abs(0.5 * (toe[side] + heel[side]) - ground) for side in SIDES])
    run = float(np.nanmean(feet)) if np.isfinite(feet).any() else float("nan")
    if not np.isfinite(run) or run < 0.5 * scale:
        return None
    return _GroundMotion(ground, run, toe)


def _toe_leaves(
    stance: Stance, times_s: NDArray[np.float64], motion: _GroundMotion, chain: Side, share: float
) -> Stance:
    """Toe-off: from mid-stance on, the first moment the toe moves forward over the ground faster
    than ``share`` of the running speed (a toe on the ground moves with it)."""
    rel = np.abs(motion.toe_speed[chain] - motion.ground_speed)
    level = share * motion.run_speed
    middle = (stance.start_frame + stance.end_frame) // 2
    for k in range(max(middle, 1), len(rel)):
        if rel[k] >= level > rel[k - 1]:
            t = _crossing(times_s, rel, k - 1, k, level)
            frame = k - 1 if t - times_s[k - 1] < times_s[k] - t else k
            to = GaitEvent(stance.side, "toe_off", t, frame)
            return replace(stance, to=to, end_frame=max(frame, stance.start_frame + 1))
    return stance


@dataclass(frozen=True, slots=True)
class _Piece:
    """Frames start..end when one keypoint chain's foot was on the ground (``to_chain`` from ``switch``)."""

    chain: Side
    to_chain: Side
    start: int
    end: int
    switch: int | None


# A foot on the ground stays put overground and moves steadily with a treadmill belt; the next
# contact of the other foot lands a step length (about a leg length in running) away.
SAME_FOOT_LEG = 0.25
# A contact interrupted for up to this long (the pose model lost the planted foot on a blurred
# frame, or named it the other way for a moment) is one stance when the foot is found again where
# it was: a new step lands a step length away, so the position, not the gap, tells them apart.
JOIN_GAP_S = 0.1
MIN_PIECE_FRAMES = 2


def _join_label_swaps(
    pieces: list[_Piece],
    foot_x: dict[Side, NDArray[np.float64]],
    times_s: NDArray[np.float64],
    scale: float,
    max_gap: int,
) -> list[_Piece]:
    """Join contact pieces of the two keypoint chains that are one foot renamed mid-stance.

    Pose models swap the leg names when the legs cross; a contact found on one chain then goes on
    on the other. Two pieces are one stance when they follow within ``max_gap`` frames (or overlap)
    and the grounded foot continues where it was (its position extrapolated with its own speed
    lies within a quarter leg length), whatever the labels say (REFERENCE.md 6.3 events per foot).
    """
    # a one-frame "contact" is landmark noise: it must not stand between two halves of a stance
    pieces = [p for p in pieces if p.end - p.start >= MIN_PIECE_FRAMES - 1]
    speed = _grounded_speed(pieces, foot_x, times_s)
    out: list[_Piece] = []
    for piece in pieces:
        if out and _continues(out[-1], piece, foot_x, times_s, scale, max_gap, speed):
            prev = out[-1]
            switch = prev.switch if piece.chain == prev.to_chain else piece.start
            out[-1] = _Piece(prev.chain, piece.to_chain, prev.start, max(prev.end, piece.end), switch)
        else:
            out.append(piece)
    return out


def _grounded_speed(
    pieces: list[_Piece], foot_x: dict[Side, NDArray[np.float64]], times_s: NDArray[np.float64]
) -> float:
    """Median horizontal speed of a grounded foot over all contact frames (units per second).

    About zero overground with a still camera, the belt speed on a treadmill. One value for the
    clip: the last frames of a single contact are too noisy to extrapolate from (the pose model
    blurs a foot that is about to be renamed).
    """
    speeds = []
    for piece in pieces:
        x = foot_x[piece.chain][piece.start : piece.end + 1]
        t = times_s[piece.start : piece.end + 1]
        if len(x) >= 2:
            speeds.append(np.diff(x) / np.diff(t))
    values = np.concatenate(speeds) if speeds else np.array([])
    values = values[np.isfinite(values)]
    return float(np.median(values)) if len(values) else 0.0


def _continues(
    prev: _Piece,
    nxt: _Piece,
    foot_x: dict[Side, NDArray[np.float64]],
    times_s: NDArray[np.float64],
    scale: float,
    max_gap: int,
    speed: float = 0.0,
) -> bool:
    if nxt.start - prev.end - 1 > max_gap:
        return False
    if nxt.end - nxt.start < MIN_PIECE_FRAMES - 1 or prev.end - prev.start < MIN_PIECE_FRAMES - 1:
        return False  # a single frame on the other chain is landmark noise, not the foot renamed
    x_end, x_next = foot_x[prev.to_chain][prev.end], foot_x[nxt.chain][nxt.start]
    if not (np.isfinite(x_end) and np.isfinite(x_next)):
        return False
    dt = float(times_s[nxt.start] - times_s[prev.end])
    return bool(abs(x_next - (x_end + speed * dt)) < SAME_FOOT_LEG * scale)


def flight_share(series: KeypointSeries, settings: EventSettings | None = None) -> float | None:
    """Share of frames with both feet clearly off the ground (a flight phase: running, not walking).

    None for marker data, where the event-based flight times are exact enough to decide.
    """
    cfg = settings or settings_for(series)
    if cfg.flight_height_leg is None:
        return None
    lowest = np.fmin(foot_height(series, "left"), foot_height(series, "right")) / leg_length(series)
    ok = np.isfinite(lowest)
    return float(np.mean(lowest[ok] > cfg.flight_height_leg)) if ok.any() else 0.0


def enforce_alternation(stances: list[Stance]) -> list[Stance]:
    """Feet alternate in walking and running: relabel stances that break the L/R/L/R order.

    Of the two alternating labellings, the one agreeing with more of the detected sides wins.
    """
    if len(stances) < 2 or all(a.side != b.side for a, b in zip(stances, stances[1:], strict=False)):
        return stances
    pattern: tuple[Side, Side] = ("left", "right")
    agree = sum(s.side == pattern[i % 2] for i, s in enumerate(stances))
    first = 0 if agree * 2 >= len(stances) else 1
    out = []
    for i, stance in enumerate(stances):
        side = pattern[(i + first) % 2]
        if side == stance.side:
            out.append(stance)
            continue
        ic = None if stance.ic is None else GaitEvent(side, stance.ic.type, stance.ic.time_s, stance.ic.frame)
        to = None if stance.to is None else GaitEvent(side, stance.to.type, stance.to.time_s, stance.to.frame)
        out.append(replace(stance, side=side, ic=ic, to=to))
    return out


def detect_events(series: KeypointSeries, settings: EventSettings | None = None) -> list[GaitEvent]:
    """Initial contacts and toe-offs of both feet, sorted by time (REFERENCE.md 6.3)."""
    events = [e for s in detect_stances(series, settings) for e in (s.ic, s.to) if e is not None]
    return sorted(events, key=lambda e: e.time_s)


def _stance(
    series: KeypointSeries,
    side: Side,
    height: NDArray[np.float64],
    descent: NDArray[np.float64],
    start: int,
    landed: int,
    end: int,
    cfg: EventSettings,
) -> Stance:
    # IC: the foot is near the ground and has stopped descending; TO: it rises past the threshold
    last = series.n_frames - 1
    ic = None
    if start > 0:
        if landed > start:
            t = _crossing(series.times_s, descent, landed - 1, landed, cfg.landing_speed_leg_s)
        else:
            t = _crossing(series.times_s, height, start - 1, start, cfg.contact_height_leg)
        ic = GaitEvent(side, "initial_contact", t, landed)
    to = None
    if end < last:
        t = _crossing(series.times_s, height, end, end + 1, cfg.contact_height_leg)
        to = GaitEvent(side, "toe_off", t, end)
    return Stance(side, ic, to, landed, end, side)


def _foot_stops(stance: Stance, times_s: NDArray[np.float64], rel: NDArray[np.float64], start: int, end: int) -> Stance:
    """Initial contact from video: the moment the foot stops travelling with the body.

    Relative to the hips, a landing foot moves at about the body's speed until it touches down
    and then backward at the running speed ``v`` (the median during this stance). Its speed, a
    central difference, crosses ``-v/2`` at the first frame the foot stands still, which is how
    contacts are labelled by eye (frames of a camera 30 times a second); the height threshold
    alone fires up to a frame early, as a low-swinging foot nears the ground. Kept as it is when
    no such crossing lies within two frames of the contact found by height.
    """
    inner = rel[start + 1 : end]
    inner = inner[np.isfinite(inner)]
    v = float(np.median(-inner)) if len(inner) else 0.0
    if v <= 0:
        return stance
    level = -0.5 * v
    for k in range(max(1, start - 2), min(end, start + 3) + 1):
        if rel[k] < level <= rel[k - 1]:
            t = _crossing(times_s, rel, k - 1, k, level)
            frame = k - 1 if t - times_s[k - 1] < times_s[k] - t else k
            ic = GaitEvent(stance.side, "initial_contact", t, frame)
            return replace(stance, ic=ic, start_frame=frame)
    return stance


def _crossing(times_s: NDArray[np.float64], values: NDArray[np.float64], a: int, b: int, level: float) -> float:
    """Time between frames a and b where ``values`` crosses ``level`` (linear interpolation)."""
    va, vb = values[a], values[b]
    if not (np.isfinite(va) and np.isfinite(vb)) or va == vb:
        return float(times_s[b])
    frac = float(np.clip((level - va) / (vb - va), 0.0, 1.0))
    return float(times_s[a] + frac * (times_s[b] - times_s[a]))


def _runs(mask: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Inclusive (start, end) index pairs of consecutive True values."""
    padded = np.concatenate([[False], mask, [False]]).astype(int)
    edges = np.diff(padded)
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def _close_gaps(mask: NDArray[np.bool_], max_gap: int) -> NDArray[np.bool_]:
    out = mask.copy()
    runs = _runs(mask)
    for (_, end), (start, _) in zip(runs, runs[1:], strict=False):
        if start - end - 1 <= max_gap:
            out[end + 1 : start] = True
    return out
