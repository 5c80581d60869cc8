"""Contact timing from video (REFERENCE.md 6.3): a contact is timed by the foot stopping, an
interrupted contact is one stance when the foot is found again where it stood, and repeated
frames (a frozen start, a frame-rate conversion) are left out of the timing."""

from __future__ import annotations

import numpy as np
import pytest

from stridecare.core.gait.events import GaitEvent, Stance, _foot_stops, _join_label_swaps, _Piece
from stridecare.core.gait.pipeline import _same_picture, skip_repeats

FPS = 30.0


def _landing(contact_frame: int, body_speed: float = 4.0, frames: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Times and the foot's speed relative to the hips (leg lengths/s, a central difference) for a
    foot that travels with the body until ``contact_frame`` and stands still from then on."""
    times = np.arange(frames) / FPS
    rel_x = np.where(np.arange(frames) < contact_frame, 0.0, -body_speed * (times - times[contact_frame]))
    return times, np.gradient(rel_x, times)


def _height_stance(start: int, end: int) -> Stance:
    ic = GaitEvent("left", "initial_contact", (start - 1) / FPS, start)
    return Stance("left", ic, None, start, end, "left")


@pytest.mark.parametrize("found_by_height", [7, 8, 9, 10])
def test_a_contact_is_timed_where_the_foot_stops(found_by_height: int) -> None:
    # the foot stands still from frame 9 on; the height threshold found the contact 0-2 frames early
    # or one late: the stopping foot puts it on frame 9 (the half-speed crossing of the difference)
    times, rel = _landing(9)
    stance = _foot_stops(_height_stance(found_by_height, 16), times, rel, found_by_height, 16)
    assert stance.ic is not None
    assert stance.ic.frame == 9 and stance.start_frame == 9
    assert stance.ic.time_s == pytest.approx(9 / FPS, abs=0.25 / FPS)


def test_a_contact_without_a_stopping_foot_nearby_keeps_its_height_time() -> None:
    times, rel = _landing(15)  # the foot stops 6 frames after the height said: not this contact
    stance = _height_stance(9, 19)
    assert _foot_stops(stance, times, rel, 9, 19) == stance


def test_a_foot_that_never_moves_back_keeps_its_height_time() -> None:
    times = np.arange(20) / FPS
    stance = _height_stance(9, 16)
    assert _foot_stops(stance, times, np.zeros(20), 9, 16) == stance


def test_a_contact_lost_for_two_frames_is_one_stance() -> None:
    # 30 fps, leg 100 px: the left foot stands at x = 90 in frames 4-8, the pose model loses it in
    # frames 9-10 (a blurred picture) and finds it again at x = 92 in 11-14, under the other name.
    # A single-frame "contact" of the right chain (frame 10) lies in between: landmark noise.
    times = np.arange(30) / FPS
    foot_x = {"left": np.full(30, 90.0), "right": np.full(30, 300.0)}
    foot_x["right"][10:15] = 92.0
    pieces = [
        _Piece("left", "left", 4, 8, None),
        _Piece("right", "right", 10, 10, None),
        _Piece("right", "right", 11, 14, None),
    ]
    joined = _join_label_swaps(pieces, foot_x, times, 100.0, max_gap=3)
    assert joined == [_Piece("left", "right", 4, 14, 11)]


def test_the_same_name_found_again_where_it_stood_is_one_stance() -> None:
    times = np.arange(30) / FPS
    foot_x = {"left": np.full(30, 90.0), "right": np.full(30, 300.0)}
    pieces = [_Piece("left", "left", 4, 8, None), _Piece("left", "left", 11, 14, None)]
    assert _join_label_swaps(pieces, foot_x, times, 100.0, max_gap=3) == [_Piece("left", "left", 4, 14, None)]


def test_a_contact_a_step_away_after_a_short_gap_is_a_new_stance() -> None:
    times = np.arange(30) / FPS
    foot_x = {"left": np.full(30, 90.0), "right": np.full(30, 190.0)}  # one leg length further on
    pieces = [_Piece("left", "left", 4, 8, None), _Piece("right", "right", 11, 14, None)]
    assert _join_label_swaps(pieces, foot_x, times, 100.0, max_gap=3) == pieces


def test_repeats_are_skipped_and_a_frozen_start_keeps_its_last_frame() -> None:
    # frames 1 and 2 repeat frame 0 (a frozen start: the picture belongs to frame 2's time);
    # frame 6 repeats frame 5 (a duplicated frame: it belongs to frame 5's time)
    repeated = np.array([False, True, True, False, False, False, True, False])
    assert skip_repeats(repeated).tolist() == [True, True, False, False, False, False, True, False]
    assert not skip_repeats(np.zeros(5, dtype=bool)).any()


def test_the_same_picture_around_the_runner_is_a_repeat() -> None:
    rng = np.random.default_rng(3)
    before = rng.uniform(0, 255, (90, 160))
    person = [np.array([[400.0, 200.0], [480.0, 420.0]])]  # image pixels; the thumbnail is 1/12
    assert _same_picture(before, before + 0.1, person, 12.0)  # encoder noise
    moved = before.copy()
    moved[17:35, 33:40] = np.roll(moved[17:35, 33:40], 2, axis=1)  # the runner's legs moved
    assert not _same_picture(before, moved, person, 12.0)
    elsewhere = before.copy()
    elsewhere[70:90, 120:160] = 0.0  # a change away from the runner does not count
    assert _same_picture(before, elsewhere, person, 12.0)
    assert not _same_picture(before, before, [np.full((2, 2), np.nan)], 12.0)  # no person: no judgement
