"""Running gait analysis (issue 9): video or .trc keypoints -> events, metrics, findings.

Entry points:
- ``analyse_video(path, model, height_cm) -> VideoAnalysis`` (``.report`` is a ``GaitReport``)
- ``analyse_keypoints(read_trc(path), height_cm) -> GaitReport`` (or ``read_keypoints``: OpenPose,
  MediaPipe JSON, .trc)
- ``render_outputs(analysis, out_dir) -> RenderedOutputs`` (key frames, overlay video)
- ``fetch_models()`` / ``install_from_file(tgz)`` for the pose models
"""

from stridecare.core.gait.analysis import GaitReport, Quality, analyse_keypoints
from stridecare.core.gait.events import GaitEvent, Stance, detect_events, detect_stances
from stridecare.core.gait.findings import Finding, RetrainingTemplate
from stridecare.core.gait.keypoints import KEYPOINTS, KeypointSeries
from stridecare.core.gait.metrics import Metric
from stridecare.core.gait.pipeline import VideoAnalysis, analyse_video
from stridecare.core.gait.pose import BlazePoseEstimator, PoseEstimator, PoseLandmarks
from stridecare.core.gait.pose_models import ModelError, fetch_models, install_from_file
from stridecare.core.gait.readers import KeypointFileError, read_keypoints
from stridecare.core.gait.trc import TrcError, read_trc

__all__ = [
    "KEYPOINTS",
    "BlazePoseEstimator",
    "Finding",
    "GaitEvent",
    "GaitReport",
    "KeypointFileError",
    "KeypointSeries",
    "Metric",
    "ModelError",
    "PoseEstimator",
    "PoseLandmarks",
    "Quality",
    "RetrainingTemplate",
    "Stance",
    "TrcError",
    "VideoAnalysis",
    "analyse_keypoints",
    "analyse_video",
    "detect_events",
    "detect_stances",
    "fetch_models",
    "install_from_file",
    "read_keypoints",
    "read_trc",
]
