"""Analysis rows for tests without running the model: a finished analysis with its files stored
through the storage API the way the job stores them."""

from __future__ import annotations

import copy
import pathlib
import uuid

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

MINIMAL_REPORT = {
    "view": "sagittal_left",
    "gait": "running",
    "fps": 30.0,
    "duration_s": 10.0,
    "cadence_spm": 170.0,
    "strides_analysed": 12,
    "events": [],
    "findings": [],
    "warnings": [],
    "angle_curves": {},
    "person": {},
    "quality": {
        "strides_analysed": 12,
        "steps_analysed": 24,
        "confident_frame_share": 0.95,
        "frames": 300,
        "fps": 30.0,
    },
    "metrics": {
        "cadence_spm": {
            "value": 170.0,
            "unit": "steps/min",
            "n_strides": 24,
            "confidence": "ok",
            "source": "REFERENCE.md 6.3/6.4 cadence_spm",
        }
    },
}


def heel_ahead_report(value: float, confidence: str = "ok") -> dict:
    """MINIMAL_REPORT with a heel-ahead-of-hip value (the 6.4 metric with baseline and clinic flags)."""
    report = copy.deepcopy(MINIMAL_REPORT)
    report["metrics"]["heel_ahead_of_hip_norm"] = {
        "value": value,
        "unit": "leg lengths",
        "n_strides": 6,
        "confidence": confidence,
        "reason": "" if confidence == "ok" else "too few strides",
        "source": "REFERENCE.md 6.4 heel_ahead_of_hip_norm",
    }
    return report


FAKE_MP4 = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4  # ftyp box then filler: 1,036 bytes


def make_analysis(
    runner,
    uploaded_by=None,
    report: dict | None = None,
    outputs_from: pathlib.Path | None = None,
    outputs: dict | None = None,
    status: str = "done",
    label: str = "",
):
    """A GaitAnalysis row; with ``outputs_from`` its rendered files are copied into place."""
    from stridecare.gaitlab.models import GaitAnalysis

    item = GaitAnalysis.objects.create(
        runner=runner,
        uploaded_by=uploaded_by or runner,
        original_name="run.mp4",
        video=ContentFile(FAKE_MP4, name="run.mp4"),
        size_bytes=len(FAKE_MP4),
        sha256="0" * 64,
        status=status,
        label=label,
    )
    if status != "done":
        return item
    relative = f"{pathlib.PurePosixPath(item.video.name).parent}/outputs"
    if outputs_from is not None:
        for path in outputs_from.iterdir():
            with path.open("rb") as handle:
                default_storage.save(f"{relative}/{path.name}", File(handle, name=path.name))
    else:
        default_storage.save(f"{relative}/overlay.mp4", ContentFile(FAKE_MP4))
        default_storage.save(
            f"{relative}/keyframe_left_initial_contact.png", ContentFile(b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes)
        )
        outputs = {
            "key_frames": {"left": {"initial_contact": "keyframe_left_initial_contact.png"}},
            "overlay_video": "overlay.mp4",
            "notes": [],
        }
    item.report = report or MINIMAL_REPORT
    item.outputs = outputs or {}
    item.outputs_dir = relative
    item.save()
    return item
