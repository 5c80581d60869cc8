"""Pose model install: integrity check before extraction, atomic install, clear messages."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import pathlib
import tarfile

import pytest

from stridecare.core.gait.pose_models import (
    DETECTOR_FILE,
    TARBALL_NAME,
    ModelError,
    default_model_dir,
    ensure_models,
    install_from_file,
    install_tarball,
    landmark_model_path,
    verify_integrity,
)


def _fake_tarball() -> bytes:
    members = {
        "package/pose_landmark_lite.tflite": b"lite",
        "package/pose_landmark_full.tflite": b"full",
        "package/pose_landmark_heavy.tflite": b"heavy",
        "package/pose_solution_packed_assets.data": b"detector",
        "package/package.json": json.dumps(
            {"name": "@mediapipe/pose", "version": "0", "license": "Apache-2.0"}
        ).encode(),
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def test_it_refuses_a_tarball_with_the_wrong_hash(tmp_path: pathlib.Path) -> None:
    tarball = tmp_path / "pose.tgz"
    tarball.write_bytes(_fake_tarball())  # right layout, but not the published bytes
    with pytest.raises(ModelError, match="integrity check failed"):
        install_from_file(tarball, tmp_path / "models")
    assert not (tmp_path / "models").exists()  # nothing extracted before the check


def test_it_refuses_a_tampered_copy_of_a_verified_tarball(tmp_path: pathlib.Path) -> None:
    data = _fake_tarball()
    tampered = data[:-10] + bytes(10)
    with pytest.raises(ModelError, match="refusing to install"):
        verify_integrity(tampered, _integrity(data))


def test_it_installs_the_members_and_a_licence_notice(tmp_path: pathlib.Path) -> None:
    data = _fake_tarball()
    installed = install_tarball(data, tmp_path, integrity=_integrity(data))
    assert (tmp_path / DETECTOR_FILE).read_bytes() == b"detector"
    assert installed.landmark_paths["heavy"].read_bytes() == b"heavy"
    assert "Apache-2.0" in installed.license_path.read_text()
    assert not list(tmp_path.glob(".*"))  # no temporary files left behind


def test_missing_model_says_how_to_get_it(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ModelError, match="stridecare models fetch"):
        landmark_model_path("full", tmp_path)


@pytest.mark.slow
def test_it_installs_the_real_tarball_from_the_cache(tmp_path: pathlib.Path) -> None:
    ensure_models()  # downloads once into the cache when missing (npm registry)
    tarball = default_model_dir() / TARBALL_NAME
    if not tarball.is_file():
        from stridecare.core.gait.pose_models import fetch_models

        fetch_models()
    installed = install_from_file(tarball, tmp_path)
    assert installed.detector_path.read_bytes()[4:8] == b"TFL3"  # the detector is a plain .tflite
    assert installed.landmark_paths["full"].stat().st_size == 6440512  # size in the published tarball
