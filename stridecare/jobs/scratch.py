"""Each process's scratch folder for temporary files, and the sweep of those left by processes
killed outright (SIGKILL, out of memory): the worker runs it at start (db_worker)."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

SCRATCH_FOLDER = "stridecare-scratch"


def scratch_dir() -> pathlib.Path:
    """This process's folder for temporary files (under the system's temporary folder, TMPDIR):
    ``stridecare-scratch/<pid>``. Files in it are removed by whoever made them; what a killed
    process leaves is removed by :func:`sweep_scratch`."""
    folder = pathlib.Path(tempfile.gettempdir()) / SCRATCH_FOLDER / str(os.getpid())
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sweep_scratch() -> list[str]:
    """Remove the scratch folders of processes that no longer run on this machine; returns their
    names. A folder whose name is not a process id is left alone, and so is a live process's."""
    root = pathlib.Path(tempfile.gettempdir()) / SCRATCH_FOLDER
    removed = []
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.is_dir() and folder.name.isdigit() and not _process_runs(int(folder.name)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _process_runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
