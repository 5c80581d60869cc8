"""Cadence that cannot be off by a factor of two (issue 17 item 1).

Every estimate says what it counted (steps or strides); the contacts and the periodicity are
compared in steps/min, and a 2:1 or 1:2 disagreement is a unit question settled by the foot's own
motion, not a reason to distrust the contacts. Synthetic figures (walking and running, treadmill
and overground, portrait and landscape, 30-240 fps) and the shared clips (re-timed, in a portrait
frame, and followed by the camera as on a treadmill) never give half or double the cadence.

Expected values by hand: the figures step every 0.355 s (running, 60 / 0.355 = 169.0 steps/min,
the treadmill clip of the issue) or 0.55 s (walking, 109.1 steps/min).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from stridecare.core.gait.analysis import analyse_keypoints
from stridecare.core.gait.cadence import (
    CadenceEstimate,
    choose_cadence,
    missed_contacts,
    periodic_cadence,
)
from stridecare.core.gait.events import MIN_STANCE_S, VIDEO, detect_stances
from stridecare.core.gait.filters import smooth_series
from stridecare.core.gait.keypoints import KeypointSeries
from stridecare.core.gait.pipeline import VideoAnalysis, analyse_video, to_keypoint_series

from .clips import following_copy, portrait_copy
from .conftest import RUNNING
from .test_clips import _labels

RUN_SPM = 60.0 / 0.355
WALK_SPM = 60.0 / 0.55
CASES = list(itertools.product([30.0, 60.0, 120.0, 240.0], [False, True], [False, True], ["running", "walking"]))


def _figure(fps: float, treadmill: bool, portrait: bool, gait: str, bias: float = 0.08) -> KeypointSeries:
    from .synthetic import gait_figure

    walk = {"step_s": 0.55, "stance_s": 0.68, "speed_m_s": 1.3} if gait == "walking" else {}
    return gait_figure(
        fps=fps, treadmill=treadmill, portrait=portrait, far_leg_bias_m=bias, noise_leg=0.005, seed=int(fps), **walk
    )


# every case in CI; the fast suite (-m "not slow") keeps every view, belt and gait at 30 and 60 fps:
# at 120 and 240 fps the analysis has four to eight times the frames (most of two seconds in all)
@pytest.mark.parametrize(
    ("fps", "treadmill", "portrait", "gait"),
    [case if case[0] <= 60.0 else pytest.param(*case, marks=pytest.mark.slow) for case in CASES],
)
def test_figures_give_their_cadence_at_every_frame_rate_view_and_belt(
    fps: float, treadmill: bool, portrait: bool, gait: str
) -> None:
    report = analyse_keypoints(_figure(fps, treadmill, portrait, gait))
    expected = RUN_SPM if gait == "running" else WALK_SPM
    assert report.gait == gait
    assert report.cadence_spm == pytest.approx(expected, rel=0.02)
    assert report.events_reliable
    choice = report.cadence
    assert choice is not None and choice.used == "events"
    # both estimates are stated with their units, and in steps/min they agree
    assert {e.method for e in choice.estimates} == {"events", "periodicity"}
    for estimate in choice.estimates:
        assert estimate.unit in ("steps/min", "strides/min")
        assert estimate.steps_per_min == pytest.approx(expected, rel=0.05)
    assert report.to_dict()["cadence"]["unit"] == "steps/min"


def test_a_far_leg_that_reads_differently_makes_the_strongest_repeat_a_stride() -> None:
    # the mechanism behind "84 steps/min": with one leg's landmarks offset, |x_L - x_R| repeats
    # exactly once per stride, so the strongest autocorrelation peak is the stride (0.71 s); the
    # estimator finds the step at half that lag and says so
    series = smooth_series(_figure(30.0, True, True, "running", bias=0.15))
    estimate = periodic_cadence(series)
    assert estimate is not None and estimate.unit == "steps/min"
    assert "strongest one was a stride" in estimate.basis
    assert estimate.steps_per_min == pytest.approx(RUN_SPM, rel=0.03)


def test_two_to_one_is_a_unit_confusion_not_unreliable_events() -> None:
    # the held-out treadmill clip of the issue: contacts at 169 steps/min, periodicity 84
    events = CadenceEstimate("events", 169.0, "steps/min")
    periodic = CadenceEstimate("periodicity", 84.5, "steps/min")
    choice = choose_cadence(events, periodic, missed=False)
    assert choice.steps_per_min == 169.0 and choice.used == "events"
    assert choice.events_reliable and choice.unit_confusion
    assert [e.unit for e in choice.estimates] == ["steps/min", "strides/min"]
    assert choice.estimates[1].steps_per_min == 169.0
    assert "counted strides" in choice.why and "169 steps/min" in choice.why


def test_half_the_periodicity_is_missed_contacts_only_when_a_foot_stood_between_them() -> None:
    series = smooth_series(_figure(60.0, False, False, "running", bias=0.0))
    stances = detect_stances(series)
    assert len(stances) >= 20
    assert not missed_contacts(series, stances, MIN_STANCE_S, VIDEO.contact_height_leg)
    every_other = stances[::2]
    assert missed_contacts(series, every_other, MIN_STANCE_S, VIDEO.contact_height_leg)
    events = CadenceEstimate("events", 84.5, "steps/min")
    periodic = CadenceEstimate("periodicity", 169.0, "steps/min")
    used = choose_cadence(events, periodic, missed=True)
    assert used.steps_per_min == 169.0 and used.used == "periodicity" and not used.events_reliable
    kept = choose_cadence(events, periodic, missed=False)
    assert kept.steps_per_min == 84.5 and kept.used == "events" and kept.events_reliable


def test_a_real_disagreement_still_trusts_the_periodicity() -> None:
    choice = choose_cadence(
        CadenceEstimate("events", 300.0, "steps/min"), CadenceEstimate("periodicity", 115.0, "steps/min"), False
    )
    assert choice.used == "periodicity" and choice.steps_per_min == 115.0 and not choice.events_reliable


def _retimed(analysis: VideoAnalysis, fps: float) -> KeypointSeries:
    """The clip's landmarks on another frame rate: every other frame (15 fps) or interpolated."""
    t = analysis.times_s
    points, vis = analysis.landmarks_px, analysis.visibility
    if fps < 20:
        return to_keypoint_series(t[::2], points[::2], vis[::2], analysis.info.height_px, "retimed")
    grid = np.arange(t[0], t[-1], 1.0 / fps)
    flat = points.reshape(len(t), -1)
    out = np.column_stack([np.interp(grid, t, flat[:, k], left=np.nan, right=np.nan) for k in range(flat.shape[1])])
    seen = np.isfinite(flat[:, 0])
    gaps = np.interp(grid, t, (~seen).astype(float)) > 0
    out[gaps] = np.nan
    vis_out = np.column_stack([np.interp(grid, t, vis[:, k]) for k in range(vis.shape[1])])
    return to_keypoint_series(grid, out.reshape(len(grid), *points.shape[1:]), vis_out, analysis.info.height_px, "x")


@pytest.mark.parametrize("fps", [15.0, 60.0, 120.0])
def test_walking_clip_keeps_its_cadence_on_other_frame_rates(walking: VideoAnalysis, fps: float) -> None:
    base = walking.report.cadence_spm
    assert base is not None
    report = analyse_keypoints(_retimed(walking, fps))
    assert report.cadence_spm is not None
    # same walk: within 10% of the 30 fps value, never near half or double of it
    assert report.cadence_spm == pytest.approx(base, rel=0.10)


@pytest.fixture(scope="module")
def framed(running: VideoAnalysis, tmp_path_factory: pytest.TempPathFactory) -> dict[str, VideoAnalysis]:
    folder = tmp_path_factory.mktemp("framed")
    hip_x = 0.5 * (running.landmarks_px[:, 23, 0] + running.landmarks_px[:, 24, 0])
    portrait_copy(RUNNING, folder / "portrait.mp4")
    following_copy(RUNNING, folder / "treadmill.mp4", hip_x, 480)
    return {name: analyse_video(folder / f"{name}.mp4", "full") for name in ("portrait", "treadmill")}


@pytest.mark.parametrize("name", ["portrait", "treadmill"])
def test_running_clip_in_portrait_and_on_a_virtual_treadmill_keeps_its_cadence(
    framed: dict[str, VideoAnalysis], name: str
) -> None:
    analysis = framed[name]
    if name == "portrait":
        assert analysis.info.height_px > analysis.info.width_px
    else:
        # the camera follows the hips: they stay within a tenth of the picture while a standing
        # foot moves backward (the treadmill case), and the contacts still give the cadence
        hips = 0.5 * (analysis.landmarks_px[:, 23, 0] + analysis.landmarks_px[:, 24, 0])
        assert np.nanmax(hips) - np.nanmin(hips) < 0.1 * analysis.info.width_px
    report = analysis.report
    # two steps in 1.6 s, each contact known to a frame: 2 frames of 19 (as for the other copies of
    # the clip, test_leg_identity); half or double (95 or 379) is far outside
    assert report.cadence_spm == pytest.approx(_labels()["cadence_spm"], rel=2 / 19)
