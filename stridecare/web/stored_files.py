"""Stored files, through Django's storage API only (no path built by hand), so a clinic can keep
them on shared or S3-compatible storage by configuration (STORAGES, docs/deploy.md).

Stored files go with their rows: deleting a runner, an activity, an uploaded activity file or a
gait analysis (from a view, the shell or a cascade) removes its stored files: originals, videos,
overlays, key frames. They are removed after the transaction commits, so a rollback keeps both
the rows and the files; one helper, :func:`remove_after_commit`, does it for every model.

A native library that needs a real file (video decoding) gets a temporary copy on this machine
(:func:`local_copy`); files it writes go to storage with :func:`save_folder`. Both live in this
process's own scratch folder (:func:`scratch_dir`): a worker killed outright (SIGKILL, out of
memory, power) cannot remove them, so the next worker to start on the machine removes the scratch
folders of processes that are gone (:func:`sweep_scratch`).
"""

from __future__ import annotations

import contextlib
import logging
import pathlib
import shutil
import tempfile
from collections.abc import Iterable, Iterator

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import transaction
from django.db.models.signals import post_delete

from stridecare.jobs.scratch import scratch_dir, sweep_scratch

__all__ = ["scratch_dir", "sweep_scratch"]  # the scratch folder lives with the job queue, which sweeps it

logger = logging.getLogger(__name__)
CHUNK_BYTES = 1024 * 1024


def remove_after_commit(names: Iterable[str], using: str = "default") -> None:
    """Remove stored files or folders (storage names) once the current transaction commits."""
    names = [n for n in names if n]
    if names:
        transaction.on_commit(lambda: remove_stored(names), using=using)


def remove_stored(names: Iterable[str]) -> None:
    """Remove each stored file or folder (with what it holds) and the folders left empty above
    it, below the top folders ("activity-files", "gait"). A name that climbs out of the storage
    ("..", an absolute path) is refused."""
    for name in names:
        if not is_safe_name(name):
            logger.warning("refusing to remove %s: outside the storage", name)
            continue
        try:
            _remove_tree(name)
        except SuspiciousFileOperation:
            logger.warning("refusing to remove %s: outside the storage", name)
            continue
        except OSError as e:
            logger.error("could not remove stored file %s: %s", name, e)
            continue
        _prune_empty_folders(str(pathlib.PurePosixPath(name).parent))


def is_safe_name(name: str) -> bool:
    path = pathlib.PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _remove_tree(name: str) -> None:
    try:
        folders, files = default_storage.listdir(name)
    except OSError:  # a file (or nothing): the storages say so differently
        folders, files = [], []
    for file in files:
        default_storage.delete(f"{name}/{file}")
    for folder in folders:
        _remove_tree(f"{name}/{folder}")
    default_storage.delete(name)  # the file, or the folder now empty (object storages have none)


def _prune_empty_folders(folder: str) -> None:
    # stop below the top folders ("activity-files", "gait"): those stay
    while len(pathlib.PurePosixPath(folder).parts) > 1:
        try:
            if default_storage.listdir(folder) != ([], []):
                return  # not empty (another upload of the runner)
            default_storage.delete(folder)
        except OSError:  # already gone
            return
        folder = str(pathlib.PurePosixPath(folder).parent)


def folders_in(name: str) -> list[str]:
    """The folders directly in a stored folder (none when it does not exist)."""
    try:
        return list(default_storage.listdir(name)[0])
    except OSError:
        return []


@contextlib.contextmanager
def local_copy(name: str) -> Iterator[pathlib.Path]:
    """A temporary copy of the stored file ``name`` on this machine, for a library that reads
    only real files (PyAV): copied in chunks (a video can be large, it is never read whole into
    memory) and removed when the block ends, also on failure. On the local file system storage
    the stored file itself is already a real file: it is read in place, not copied."""
    if isinstance(default_storage, FileSystemStorage):
        yield pathlib.Path(default_storage.path(name))
        return
    suffix = pathlib.PurePosixPath(name).suffix
    with tempfile.NamedTemporaryFile(prefix="stored-", suffix=suffix, dir=scratch_dir()) as tmp:
        with default_storage.open(name, "rb") as src:
            shutil.copyfileobj(src, tmp, CHUNK_BYTES)
        tmp.flush()
        yield pathlib.Path(tmp.name)


def save_folder(local: pathlib.Path, folder: str) -> list[str]:
    """Store every file of the local folder ``local`` under the storage folder ``folder``, with its
    own name; returns the storage names. On any failure what was stored is removed again."""
    saved: list[str] = []
    try:
        for path in sorted(p for p in local.iterdir() if p.is_file()):
            name = f"{folder}/{path.name}"
            with path.open("rb") as handle:
                stored = default_storage.save(name, File(handle, name=path.name))
            saved.append(stored)
            if stored != name:  # the storage kept a file of that name: never point at another's file
                raise FileExistsError(f"{name} is already stored (saved as {stored})")
    except BaseException:
        remove_stored(saved)
        raise
    return saved


def _activity_file_deleted(sender, instance, using, **kwargs) -> None:
    remove_after_commit([instance.file.name], using)


def analysis_folder(instance) -> str:
    """The analysis's own folder (gait/<runner>/<random>/): its video, outputs and any leftover of
    a render a killed worker left; "" for a name not of that shape."""
    name = instance.video.name or instance.outputs_dir
    parts = pathlib.PurePosixPath(name).parts if name else ()
    return "/".join(parts[:3]) if len(parts) > 3 and parts[0] == "gait" else ""


def _analysis_deleted(sender, instance, using, **kwargs) -> None:
    remove_after_commit([instance.video.name, instance.outputs_dir, analysis_folder(instance)], using)


def _activity_deleted(sender, instance, using, **kwargs) -> None:
    """The runner's last activity from an uploaded file goes: the file (and its row) go with it."""
    from stridecare.training.models import Activity, ActivityFile

    if instance.source_id and not Activity.objects.using(using).filter(source_id=instance.source_id).exists():
        ActivityFile.objects.using(using).filter(pk=instance.source_id).delete()


def connect() -> None:
    from stridecare.gaitlab.models import GaitAnalysis
    from stridecare.training.models import Activity, ActivityFile

    post_delete.connect(_activity_file_deleted, sender=ActivityFile, dispatch_uid="stored_files.activity_file")
    post_delete.connect(_analysis_deleted, sender=GaitAnalysis, dispatch_uid="stored_files.analysis")
    post_delete.connect(_activity_deleted, sender=Activity, dispatch_uid="stored_files.activity")
