"""Pose model install: the ``@mediapipe/pose`` npm tarball, integrity-checked, into a cache folder.

The BlazePose models (Apache-2.0) are not shipped with Stridecare; ``stridecare models fetch``
downloads the published tarball once and keeps the ``.tflite`` files with their licence notice.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import pathlib
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Literal

from stridecare.core.errors import StridecareError

PACKAGE_URL = "https://registry.npmjs.org/@mediapipe/pose/-/pose-0.5.1675469404.tgz"
PACKAGE_INTEGRITY = "sha512-DFZsNWTsSphRIZppnUCuunzBiHP2FdJXR9ehc7mMi4KG+oPaOH0Em3d6kr7Py+TSyTXC1doH88KcF28k2sBxsQ=="
TARBALL_NAME = "pose-0.5.1675469404.tgz"
MAX_TARBALL_BYTES = 64 * 1024 * 1024

ModelName = Literal["lite", "full", "heavy"]
MODEL_NAMES: tuple[ModelName, ...] = ("lite", "full", "heavy")
DETECTOR_FILE = "pose_detection.tflite"
LICENSE_FILE = "LICENSE"
# tarball member (under package/) -> file name in the cache folder
_MEMBERS: dict[str, str] = {
    "pose_landmark_lite.tflite": "pose_landmark_lite.tflite",
    "pose_landmark_full.tflite": "pose_landmark_full.tflite",
    "pose_landmark_heavy.tflite": "pose_landmark_heavy.tflite",
    "pose_solution_packed_assets.data": DETECTOR_FILE,
    "package.json": "package.json",
}
FETCH_HINT = "run `stridecare models fetch` (or `stridecare models fetch --from pose-0.5.1675469404.tgz` offline)"


class ModelError(StridecareError):
    """The pose model is missing, or a tarball failed its integrity check."""


@dataclass(frozen=True, slots=True)
class InstalledModels:
    """Paths of the installed pose models in the cache folder."""

    directory: pathlib.Path
    detector_path: pathlib.Path
    landmark_paths: dict[str, pathlib.Path]
    license_path: pathlib.Path


def default_model_dir() -> pathlib.Path:
    """Cache folder: ``$STRIDECARE_MODEL_DIR`` or ``~/.cache/stridecare/models``."""
    env = os.environ.get("STRIDECARE_MODEL_DIR")
    if env:
        return pathlib.Path(env).expanduser()
    return pathlib.Path.home() / ".cache" / "stridecare" / "models"


def landmark_model_path(model: ModelName, directory: pathlib.Path | None = None) -> pathlib.Path:
    """Path of one installed landmark model; raises ModelError with the fetch hint when missing."""
    folder = directory or default_model_dir()
    path = folder / f"pose_landmark_{model}.tflite"
    if model not in MODEL_NAMES:
        raise ModelError(f"unknown pose model {model!r}; choose one of {', '.join(MODEL_NAMES)}")
    if not path.is_file() or not (folder / DETECTOR_FILE).is_file():
        raise ModelError(f"the pose model is not installed in {folder}; {FETCH_HINT}")
    return path


def detector_model_path(directory: pathlib.Path | None = None) -> pathlib.Path:
    """Path of the installed BlazePose detector; raises ModelError with the fetch hint when missing."""
    folder = directory or default_model_dir()
    path = folder / DETECTOR_FILE
    if not path.is_file():
        raise ModelError(f"the pose detector is not installed in {folder}; {FETCH_HINT}")
    return path


def is_installed(directory: pathlib.Path | None = None) -> bool:
    """True when every model file and the licence notice are in the cache folder."""
    folder = directory or default_model_dir()
    names = [*_MEMBERS.values(), LICENSE_FILE]
    return all((folder / name).is_file() for name in names)


def verify_integrity(data: bytes, integrity: str = PACKAGE_INTEGRITY, source: str = "tarball") -> None:
    """Check npm's Subresource-Integrity string (``sha512-<base64>``); raise ModelError if it differs."""
    algorithm, _, expected = integrity.partition("-")
    if algorithm != "sha512":
        raise ModelError(f"unsupported integrity algorithm {algorithm!r}")
    actual = base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if actual != expected:
        raise ModelError(
            f"{source}: integrity check failed (sha512 is {actual[:16]}..., expected {expected[:16]}...); "
            "refusing to install: the file is corrupted or not the published @mediapipe/pose 0.5.1675469404"
        )


def download_tarball(url: str = PACKAGE_URL, timeout_s: float = 60.0) -> bytes:
    """Download the package tarball over HTTPS; raise ModelError when the network fails."""
    if not url.startswith("https://"):
        raise ModelError(f"refusing to download the pose model over a non-HTTPS URL: {url}")
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            data: bytes = response.read(MAX_TARBALL_BYTES + 1)
    except (urllib.error.URLError, OSError) as e:
        raise ModelError(
            f"could not download {url} ({e}); download it elsewhere and run "
            "`stridecare models fetch --from pose-0.5.1675469404.tgz`"
        ) from e
    if len(data) > MAX_TARBALL_BYTES:
        raise ModelError(f"{url}: larger than {MAX_TARBALL_BYTES} bytes, not the expected package")
    return data


def install_tarball(
    data: bytes,
    directory: pathlib.Path | None = None,
    integrity: str = PACKAGE_INTEGRITY,
    source: str = "tarball",
) -> InstalledModels:
    """Verify then extract the model files into the cache folder with atomic renames."""
    verify_integrity(data, integrity, source)
    folder = directory or default_model_dir()
    members = _read_members(data, source)
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in members.items():
        _write_atomic(folder / name, content)
    _write_atomic(folder / LICENSE_FILE, _license_notice(members["package.json"], source).encode("utf-8"))
    return installed_models(folder)


def install_from_file(path: pathlib.Path, directory: pathlib.Path | None = None) -> InstalledModels:
    """Install from a tarball already downloaded (a clinic without internet)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ModelError(f"{path}: cannot read the tarball ({e.strerror})") from e
    return install_tarball(data, directory, source=str(path))


def fetch_models(directory: pathlib.Path | None = None, url: str = PACKAGE_URL) -> InstalledModels:
    """Download, verify and install the pose models (``stridecare models fetch``).

    The verified tarball is kept in the folder too (``TARBALL_NAME``) to copy to offline machines.
    """
    folder = directory or default_model_dir()
    data = download_tarball(url)
    installed = install_tarball(data, folder, source=url)
    _write_atomic(folder / TARBALL_NAME, data)
    return installed


def ensure_models(directory: pathlib.Path | None = None) -> InstalledModels:
    """Installed models, fetching them first when the cache folder lacks any file."""
    folder = directory or default_model_dir()
    if not is_installed(folder):
        return fetch_models(folder)
    return installed_models(folder)


def installed_models(directory: pathlib.Path | None = None) -> InstalledModels:
    """Paths of the installed models; raises ModelError with the fetch hint when missing."""
    folder = directory or default_model_dir()
    if not is_installed(folder):
        raise ModelError(f"the pose model is not installed in {folder}; {FETCH_HINT}")
    return InstalledModels(
        directory=folder,
        detector_path=folder / DETECTOR_FILE,
        landmark_paths={m: folder / f"pose_landmark_{m}.tflite" for m in MODEL_NAMES},
        license_path=folder / LICENSE_FILE,
    )


def _read_members(data: bytes, source: str) -> dict[str, bytes]:
    wanted = {f"package/{member}": target for member, target in _MEMBERS.items()}
    found: dict[str, bytes] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for info in archive.getmembers():
                if info.name in wanted and info.isfile():
                    handle = archive.extractfile(info)
                    if handle is not None:
                        found[wanted[info.name]] = handle.read()
    except (tarfile.TarError, OSError, EOFError) as e:
        raise ModelError(f"{source}: not a readable .tgz archive ({e})") from e
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        raise ModelError(f"{source}: the archive lacks {', '.join(missing)}")
    return found


def _license_notice(package_json: bytes, source: str) -> str:
    # The tarball carries no LICENSE file; its package.json names the licence, kept beside the models.
    try:
        meta = json.loads(package_json)
    except ValueError as e:
        raise ModelError(f"{source}: package/package.json is not valid JSON") from e
    licence = str(meta.get("license", "unknown"))
    return (
        f"The pose models in this folder come from the npm package {meta.get('name')} "
        f"version {meta.get('version')} by {meta.get('author', 'Google')} (MediaPipe, {meta.get('homepage', '')}).\n"
        f"Licence: {licence} (package/package.json, kept here as package.json).\n"
        "Full text of the Apache License 2.0: https://www.apache.org/licenses/LICENSE-2.0\n"
        "Files: pose_landmark_lite/full/heavy.tflite (BlazePose GHUM 3D landmark models) and "
        "pose_detection.tflite (the BlazePose detector, pose_solution_packed_assets.data in the package).\n"
    )


def _write_atomic(path: pathlib.Path, content: bytes) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        pathlib.Path(tmp_name).unlink(missing_ok=True)
        raise
