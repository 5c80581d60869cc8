"""`stridecare load` on a mix of good and broken files reports every file: the good ones read, each
broken one with its own error, no traceback (issue 14: a decoder crash used to end the command)."""

from __future__ import annotations

import gzip
import json
import os
import pathlib
import subprocess
import sys
import zipfile

from tests.conftest import ACTIVITIES

REPO = pathlib.Path(__file__).resolve().parents[2]
DATA = ACTIVITIES


def _inserted_zero(data: bytes, at: int) -> bytes:
    return data[:at] + b"\x00" + data[at:]


def test_every_file_of_a_mixed_batch_is_reported(tmp_path):
    run = (DATA / "fitparse__garmin-fenix-5-run.fit").read_bytes()
    files = {
        "good.fit": run,
        "good.gpx": (DATA / "sports-lib__1681613317.gpx").read_bytes(),
        "value-error.fit": _inserted_zero(run, 20),  # fitdecode raised ValueError
        "assertion.fit": _inserted_zero(run, 201),  # ... AssertionError
        "type-error.fit": _inserted_zero(run, 4641),  # ... TypeError
        "bomb.fit.gz": gzip.compress(b"\0" * 80 * 2**20, compresslevel=1),
        "utf16-dtd.gpx": (
            '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE gpx [<!ENTITY a "a">]><gpx>&a;</gpx>'
        ).encode("utf-16"),
        "notes.txt": b"hello",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as z:
        z.writestr("activities/ok.fit", (DATA / "sports-lib__2067489619.fit").read_bytes())
        z.writestr("activities/broken.fit", _inserted_zero(run, 201))
    paths = [str(tmp_path / n) for n in [*files, "export.zip"]] + [str(tmp_path / "missing.fit")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-m", "stridecare.cli", "load", *paths, "--json", "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    out = json.loads(done.stdout)
    assert [a["file"] for a in out["activities"]] == ["good.fit", "good.gpx", "export.zip/activities/ok.fit"]
    errors = {e["file"]: e["error"] for e in out["errors"]}
    assert set(errors) == {
        "value-error.fit",
        "assertion.fit",
        "type-error.fit",
        "bomb.fit.gz",
        "utf16-dtd.gpx",
        "notes.txt",
        "export.zip/activities/broken.fit",
        "missing.fit",
    }
    assert "the decoder failed with AssertionError" in errors["assertion.fit"]
    assert errors["bomb.fit.gz"].startswith("expands beyond 64 MB")
    assert errors["utf16-dtd.gpx"] == "contains an XML document type or entity declaration, which we refuse for safety"
    assert errors["missing.fit"].startswith("cannot be opened")
