"""`stridecare gait`: analyse a runner's gait from a video or a .trc keypoint file (issue 9)."""

from __future__ import annotations

import argparse
import json
import pathlib

from stridecare.core.errors import InputError
from stridecare.core.gait.analysis import GaitReport, analyse_keypoints
from stridecare.core.gait.pose_models import MODEL_NAMES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "gait",
        help="running gait analysis from a side or rear video, or Sports2D/Pose2Sim .trc keypoints",
        description="Events, metrics (REFERENCE.md 6.4) and findings (6.4/6.5) of a running video or .trc file.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("video", nargs="?", type=pathlib.Path, help="video of the runner (MP4/MOV)")
    source.add_argument(
        "--keypoints",
        type=pathlib.Path,
        help="keypoints from another tool: a .trc (Sports2D, Pose2Sim, OpenCap; HALPE-26/COCO names), "
        "a MediaPipe/BlazePose landmark .json, or a folder of OpenPose BODY_25 *_keypoints.json files",
    )
    parser.add_argument("--fps", type=float, help="frame rate of the video the keypoints came from (OpenPose needs it)")
    parser.add_argument(
        "--frame-size", help="WIDTHxHEIGHT of that video in pixels, for landmarks normalised to the picture (0-1)"
    )
    parser.add_argument("--height-cm", type=float, help="runner's height, to give lengths in cm")
    parser.add_argument("--model", choices=MODEL_NAMES, default="full", help="BlazePose model (default full)")
    parser.add_argument("--out", type=pathlib.Path, help="folder for key-frame images and the overlay video")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the report)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.height_cm is not None and not 50.0 <= args.height_cm <= 250.0:
        raise InputError(f"--height-cm {args.height_cm:g} is not a plausible height (50-250 cm)")
    if args.keypoints is not None:
        from stridecare.core.gait.readers import read_keypoints

        series = read_keypoints(args.keypoints, args.fps, _frame_size(args.frame_size))
        report = analyse_keypoints(series, args.height_cm)
        outputs: dict[str, object] = {}
    else:
        from stridecare.core.gait.pipeline import analyse_video
        from stridecare.core.gait.render import render_outputs

        analysis = analyse_video(args.video, args.model, args.height_cm)
        report = analysis.report
        outputs = render_outputs(analysis, args.out).to_dict() if args.out else {}
        if args.out:
            outputs["folder"] = str(args.out)
    payload = report.to_dict()
    payload["outputs"] = outputs
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.json").write_text(json.dumps(payload, indent=2))
    if args.json:
        print(json.dumps(payload))
    else:
        print(_summary(report, outputs))
    return 0


def _summary(report: GaitReport, outputs: dict[str, object]) -> str:
    lines = [
        f"{report.source}: {report.view.replace('_', ' ')} view, {report.gait}, {report.fps:.1f} fps, {report.duration_s:.1f} s",
        _cadence_line(report),
        f"strides analysed: {report.quality.strides_analysed}",
    ]
    for name, metric in sorted(report.metrics.items()):
        if metric.value is None:
            continue
        sided = ""
        if metric.left is not None or metric.right is not None:
            sided = " (L " + _fmt(metric.left) + ", R " + _fmt(metric.right) + ")"
        low = f"  [low: {metric.reason}]" if metric.confidence == "low" else ""
        lines.append(f"  {name}: {metric.value:.3g} {metric.unit}{sided}{low}")
    for finding in report.findings:
        lines.append(f"finding [{finding.severity}] {finding.title}: {finding.message} ({finding.source})")
        if finding.template is not None:
            lines.append(f"  retraining {finding.template.id}: {finding.template.cue}; {finding.template.dose}")
    for warning in report.warnings:
        lines.append(f"warning: {warning}")
    if outputs:
        lines.append(f"outputs written to {outputs.get('folder')}")
    return "\n".join(lines)


def _frame_size(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    parts = text.lower().split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() and int(p) > 0 for p in parts):
        raise InputError(f"--frame-size {text!r} should be WIDTHxHEIGHT in pixels, e.g. 1920x1080")
    return int(parts[0]), int(parts[1])


def _cadence_line(report: GaitReport) -> str:
    if not report.cadence_spm:
        return "cadence: not found"
    why = f" ({report.cadence.why})" if report.cadence is not None and report.cadence.why else ""
    return f"cadence: {report.cadence_spm:.0f} steps/min{why}"


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"
