"""`stridecare backup` / `stridecare restore`: the database and every stored file in one ZIP, taken
from one consistent view of the database, for SQLite and PostgreSQL alike.

The rows are read inside one transaction (REPEATABLE READ on PostgreSQL, so every table is read at
the same moment; on SQLite the transaction holds the write lock, so nothing changes meanwhile) and
the stored files are listed and copied inside it too: uploads are stored before their rows are
written and removed only after their rows' deletion commits, so every file a row names is there.
Content types and permissions are written by natural key (Django recreates them on migrate).
Times keep their microseconds (Django's JSON encoder cuts them to milliseconds, and writes a time
with under a millisecond as ".000", which reads back as a different value).
A restore goes into an empty database (no accounts yet): it migrates, loads every row, resets the
id sequences, writes every file back through the storage API and checks each file's SHA-256.
A backup written before a model moved to another app names it by its old label (``care.screeningsession``):
``MOVED_MODELS`` reads those rows, and the permissions and content types they name, under the new one."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from stridecare.core.errors import StridecareError
from stridecare.web import moved_models

FORMAT = "stridecare-backup-1"
SKIPPED = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}
# Models that moved to another app, by the label older backups wrote (app_label.modelname).
MOVED_MODELS = {old.lower(): new.lower() for old, new in moved_models.MOVED_MODELS.items()}


class BackupError(StridecareError):
    pass


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON encoding, with every time to the microsecond."""

    def default(self, o):
        if isinstance(o, dt.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, dt.time):
            return o.isoformat()
        return super().default(o)


def serialize(objects) -> str:
    """The backup's JSON of ``objects`` (natural keys for content types, users and the like)."""
    return serializers.serialize("json", objects, use_natural_foreign_keys=True, cls=ExactEncoder)


def _models():
    out = [m for m in apps.get_models() if m._meta.label not in SKIPPED and not m._meta.proxy]
    return serializers.sort_dependencies([(None, out)], allow_cycles=True)


def _stored_names(folder: str = "") -> Iterator[str]:
    try:
        dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:  # nothing stored yet: no media folder
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(dirs):
        yield from _stored_names(f"{folder}/{sub}" if folder else sub)


def backup(path) -> dict:
    """Write the backup ZIP to ``path``; returns its manifest."""
    outermost = not connection.in_atomic_block  # inside a caller's transaction, that one's view holds
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            counts = {}
            with zf.open("database.json", "w", force_zip64=True) as out, tempfile.TemporaryFile("w+") as tmp:
                tmp.write("[")
                first = True
                for model in _models():
                    rows = model._base_manager.order_by("pk")
                    counts[model._meta.label] = rows.count()
                    for obj in rows.iterator(chunk_size=500):
                        text = serialize([obj])[1:-1]
                        tmp.write(("" if first else ",\n") + text)
                        first = False
                tmp.write("]")
                tmp.seek(0)
                shutil.copyfileobj(_Encoded(tmp), out)
            files = {}
            for name in _stored_names():
                digest = hashlib.sha256()
                with default_storage.open(name, "rb") as src, zf.open(f"files/{name}", "w", force_zip64=True) as dst:
                    for chunk in iter(lambda: src.read(1024 * 1024), b""):  # noqa: B023
                        digest.update(chunk)
                        dst.write(chunk)
                files[name] = digest.hexdigest()
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "rows": counts,
                "files": files,
            }
            zf.writestr("manifest.json", json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def _moved_key(app_label: str, model: str) -> str:
    """The app label ``app_label.model`` has now (itself unless the model moved)."""
    return MOVED_MODELS.get(f"{app_label}.{model}".lower(), f"{app_label}.{model}").split(".")[0]


def relabel_moved(items: list[dict]) -> list[dict]:
    """The rows of a backup with the models' current labels: a row of a moved model, and a content type
    ([app_label, model]) or permission ([codename, app_label, model]) named by natural key, as it is
    called now. Rows of a current backup come back unchanged."""
    content_type, permission = apps.get_model("contenttypes", "ContentType"), apps.get_model("auth", "Permission")
    for item in items:
        label = str(item.get("model", "")).lower()
        item["model"] = MOVED_MODELS.get(label, label)
        try:
            model = apps.get_model(item["model"])
        except (LookupError, ValueError):
            continue  # left for the deserializer to refuse with its own message
        fields = item.get("fields") or {}
        for field in model._meta.get_fields():
            value = fields.get(field.name)
            if not field.is_relation or not isinstance(value, list):
                continue
            if field.related_model is content_type and len(value) == 2:
                fields[field.name] = [_moved_key(*value), value[1]]
            elif field.related_model is permission and field.many_to_many:
                fields[field.name] = [
                    [key[0], _moved_key(key[1], key[2]), key[2]] if isinstance(key, list) and len(key) == 3 else key
                    for key in value
                ]
    return items


class _Encoded:
    def __init__(self, text_file):
        self.text_file = text_file

    def read(self, size: int = -1) -> bytes:
        return self.text_file.read(size).encode()


def restore(path, migrate: bool = True) -> dict:
    """Restore the backup at ``path`` into an empty database and storage; returns its manifest."""
    if migrate:
        call_command("migrate", interactive=False, verbosity=0)
    user_model = apps.get_model("accounts", "User")
    if user_model._base_manager.exists():
        raise BackupError("The database already has accounts: restore only into an empty data folder.")
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise BackupError(f"{path}: not a Stridecare backup ({err})") from err
    with zf:
        try:
            manifest = json.loads(zf.read("manifest.json"))
        except KeyError as err:
            raise BackupError(f"{path}: no manifest.json, not a Stridecare backup") from err
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
        taken = [n for n in manifest["files"] if default_storage.exists(n)]
        if taken:
            raise BackupError(f"The storage already holds files ({taken[0]}...): restore into an empty data folder.")
        with transaction.atomic():
            with connection.constraint_checks_disabled(), zf.open("database.json") as f:
                loaded, deferred = set(), []
                try:
                    rows = relabel_moved(json.load(f))
                except ValueError as err:
                    raise BackupError(f"{path}: database.json is not readable ({err})") from err
                for item in serializers.deserialize("python", rows, handle_forward_references=True):
                    item.save()
                    loaded.add(type(item.object))
                    if item.deferred_fields:  # a natural key naming a row further on in the file
                        deferred.append(item)
                for item in deferred:
                    item.save_deferred_fields()
            connection.check_constraints()
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(loaded)):
                    cursor.execute(sql)
        for name, sha in manifest["files"].items():
            with zf.open(f"files/{name}") as src:
                saved = default_storage.save(name, File(src, name=name))
            if saved != name:
                raise BackupError(f"{name}: the storage saved it as {saved}")
            with default_storage.open(name, "rb") as check:
                if hashlib.sha256(check.read()).hexdigest() != sha:
                    raise BackupError(f"{name}: restored file differs from the backup")
    return manifest
