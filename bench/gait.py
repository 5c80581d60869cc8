"""Gait pipeline benchmark (issue 9, Performance; issue 17 item 5): decode-only, analysis per
model, overlay encoding, ratio to real time, peak memory for a 10 s and a 60 s clip, the MediaPipe
peer baseline when ``mediapipe`` is importable (install it only in a separate benchmark venv) with
the full model's ratio to it, and the ratio to "decode + model alone" (decode fps combined with
the landmark model's own time per frame: the pipeline's ceiling).

Usage: python bench/gait.py [--models lite,full,heavy] [--work DIR] [--peer-python VENV/bin/python]
Test clips are made by re-encoding the shared videos with PyAV (1080p 30 fps, 720p 60 fps).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

import av
import numpy as np
from PIL import Image

REPO = pathlib.Path(__file__).resolve().parents[1]
VIDEOS = REPO.parent / "shared" / "data" / "videos"
RUNNING = VIDEOS / "sports2d__demo3-running-side-view.mp4"
BACKFLIP = VIDEOS / "sports2d__demo-walk-and-backflip.mp4"
WALKING = VIDEOS / "sports2d__demo4-walking-side-view.mp4"


def make_clip(
    source: pathlib.Path, target: pathlib.Path, width: int, height: int, fps: int, seconds: float
) -> pathlib.Path:
    """Re-encode ``source`` scaled to width x height at ``fps`` for ``seconds``, playing it
    forwards then backwards when longer (no jump, so the person is never lost at a loop)."""
    if target.exists():
        return target
    frames = []
    with av.open(str(source)) as container:
        for frame in container.decode(video=0):
            frames.append(np.asarray(frame.to_image().resize((width, height), Image.BILINEAR)))
    with av.open(str(target), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        order = list(range(len(frames))) + list(range(len(frames) - 2, 0, -1))
        for i in range(int(seconds * fps)):
            for packet in stream.encode(av.VideoFrame.from_ndarray(frames[order[i % len(order)]], format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return target


def decode_fps(path: pathlib.Path) -> float:
    from stridecare.core.gait.video import iter_frames

    start, n = time.perf_counter(), 0
    for _ in iter_frames(path):
        n += 1
    return n / (time.perf_counter() - start)


def model_alone_ms(model: str, runs: int = 60) -> float:
    """Milliseconds per frame of the landmark model by itself: one invoke on a fixed 256x256 crop
    (the work the pipeline cannot avoid per tracked frame), median of ``runs``."""
    from stridecare.core.gait.pose import LANDMARK_SIZE, BlazePoseEstimator

    pose = BlazePoseEstimator(model)  # type: ignore[arg-type]
    interpreter = pose._landmarker
    tensor = np.random.default_rng(0).random((1, LANDMARK_SIZE, LANDMARK_SIZE, 3)).astype(np.float32)
    interpreter.set_tensor(interpreter.get_input_details()[0]["index"], tensor)
    interpreter.invoke()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        interpreter.invoke()
        times.append(time.perf_counter() - start)
    return 1000.0 * float(np.median(times))


def analysis_fps(path: pathlib.Path, model: str) -> tuple[float, float, object]:
    from stridecare.core.gait.pipeline import analyse_video

    start = time.perf_counter()
    analysis = analyse_video(path, model)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    frames = len(analysis.times_s)
    return frames / elapsed, analysis.info.duration_s / elapsed, analysis


def overlay_fps(analysis: object, work: pathlib.Path) -> float:
    from stridecare.core.gait.render import render_outputs

    start = time.perf_counter()
    render_outputs(analysis, work / "overlay_out")  # type: ignore[arg-type]
    return len(analysis.times_s) / (time.perf_counter() - start)  # type: ignore[attr-defined]


PEER_SCRIPT = """
import sys, time, av
import mediapipe as mp
pose = mp.solutions.pose.Pose(model_complexity=1, static_image_mode=False)
container = av.open(sys.argv[1])
start, n = time.perf_counter(), 0
for frame in container.decode(video=0):
    pose.process(frame.to_ndarray(format="rgb24"))
    n += 1
print(n / (time.perf_counter() - start))
"""


def mediapipe_fps(path: pathlib.Path, peer_python: pathlib.Path | None) -> str:
    """MediaPipe's own pipeline (solutions.pose, model_complexity=1 = the same full model), decode
    included, run by the Python of a separate venv that has ``mediapipe==0.10.21``."""
    if peer_python is None:
        return "not measured (pass --peer-python of a venv with mediapipe==0.10.21, av, pillow)"
    out = subprocess.run([str(peer_python), "-c", PEER_SCRIPT, str(path)], capture_output=True, text=True, check=True)
    return f"{float(out.stdout.strip().splitlines()[-1]):.1f} fps"


def peak_memory_mb(path: pathlib.Path, model: str) -> float:
    """Peak RSS of a fresh process analysing the clip.

    Read from the kernel's VmHWM of the child's own address space: ru_maxrss on Linux carries the
    parent's peak over fork and exec, so after this script has held a large clip it reported the
    parent's 1.8 GB for every child.
    """
    code = (
        "import pathlib, resource; from stridecare.core.gait.pipeline import analyse_video; "
        f"analyse_video(pathlib.Path({str(path)!r}), {model!r}); "
        "status = pathlib.Path('/proc/self/status'); "
        "hwm = [l for l in status.read_text().splitlines() if l.startswith('VmHWM:')] if status.exists() else []; "
        "print(int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return int(out.stdout.strip().splitlines()[-1]) / 1024.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--models", default="lite,full,heavy")
    parser.add_argument("--work", type=pathlib.Path, default=pathlib.Path(tempfile.gettempdir()) / "stridecare-bench")
    parser.add_argument("--peer-python", type=pathlib.Path, help="python of a separate venv with mediapipe==0.10.21")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    models = args.models.split(",")
    clips = {
        "1080p30": make_clip(BACKFLIP, args.work / "clip_1080p30.mp4", 1920, 1080, 30, 7.6),
        "720p60": make_clip(WALKING, args.work / "clip_720p60.mp4", 1280, 720, 60, 6.7),
    }
    results: dict[str, dict[str, object]] = {}
    for name, path in clips.items():
        row: dict[str, object] = {"decode_fps": round(decode_fps(path), 1)}
        analysis = None
        for model in models:
            fps, realtime, analysis = analysis_fps(path, model)
            row[f"analysis_fps_{model}"] = round(fps, 1)
            row[f"realtime_ratio_{model}"] = round(realtime, 2)
        if analysis is not None:
            row["overlay_encode_fps"] = round(overlay_fps(analysis, args.work), 1)
        row["mediapipe_peer"] = mediapipe_fps(path, args.peer_python)
        peer = row["mediapipe_peer"]
        if "full" in models and isinstance(peer, str) and peer.endswith(" fps"):
            # issue 17's target: at least 1.5x the peer's frames per second with the full model
            row["full_vs_peer_ratio"] = round(float(row["analysis_fps_full"]) / float(peer.split()[0]), 2)  # type: ignore[arg-type]
        if "full" in models:
            # the limit: decoding every frame plus one landmark-model run per frame, nothing else
            model_ms = model_alone_ms("full")
            limit = 1.0 / (1.0 / float(row["decode_fps"]) + model_ms / 1000.0)  # type: ignore[arg-type]
            row["model_alone_ms_full"] = round(model_ms, 2)
            row["decode_plus_model_fps"] = round(limit, 1)
            row["ratio_to_decode_plus_model"] = round(float(row["analysis_fps_full"]) / limit, 2)  # type: ignore[arg-type]
        results[name] = row
        print(name, json.dumps(row), flush=True)
    memory_model = "full" if "full" in models else models[0]
    for seconds in (10, 60):
        clip = make_clip(WALKING, args.work / f"clip_720p30_{seconds}s.mp4", 1280, 720, 30, seconds)
        mb = peak_memory_mb(clip, memory_model)
        results[f"memory_{seconds}s"] = {"peak_rss_mb": round(mb, 1)}
        print(f"peak memory, {seconds} s 720p clip ({memory_model}): {mb:.0f} MB", flush=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
