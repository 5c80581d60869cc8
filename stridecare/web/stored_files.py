"""Stored files go with their rows. Deleting a runner, an activity, an uploaded activity file or a
gait analysis (from a view, the shell or a cascade) removes its files under MEDIA_ROOT: originals,
videos, overlays, key frames. They are removed after the transaction commits, so a rollback keeps
both the rows and the files; one helper, :func:`remove_after_commit`, does it for every model.
"""

from __future__ import annotations

import logging
import pathlib
import shutil
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete

logger = logging.getLogger(__name__)


def remove_after_commit(relative_paths: Iterable[str], using: str = "default") -> None:
    """Remove files or folders (paths relative to MEDIA_ROOT) once the current transaction commits."""
    paths = [p for p in relative_paths if p]
    if paths:
        transaction.on_commit(lambda: remove_stored(paths), using=using)


def remove_stored(relative_paths: Iterable[str]) -> None:
    """Remove each path (file or folder) and the folders left empty above it, never leaving MEDIA_ROOT."""
    root = pathlib.Path(settings.MEDIA_ROOT).resolve()
    for relative in relative_paths:
        path = (root / relative).resolve()
        if root not in path.parents:
            logger.warning("refusing to remove %s: outside MEDIA_ROOT", path)
            continue
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        except OSError as e:
            logger.error("could not remove stored file %s: %s", path, e)
            continue
        _prune_empty_folders(path.parent, root)


def _prune_empty_folders(folder: pathlib.Path, root: pathlib.Path) -> None:
    # stop below the top folders ("activity-files", "gait"): those stay
    while folder.parent != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (another upload of the runner), or already gone
            return
        folder = folder.parent


def _activity_file_deleted(sender, instance, using, **kwargs) -> None:
    remove_after_commit([instance.file.name], using)


def _analysis_deleted(sender, instance, using, **kwargs) -> None:
    video = pathlib.PurePosixPath(instance.video.name) if instance.video.name else None
    paths = [instance.video.name, instance.outputs_dir]
    if video is not None:
        paths += [str(video.parent / "outputs"), str(video.parent / "outputs.partial")]
    remove_after_commit(paths, using)


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
