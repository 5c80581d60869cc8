"""`stridecare backup` / `restore`: a round trip into an empty data folder gives back every row
(serialized identically) and every file (bit for bit). Runs on SQLite, and on PostgreSQL with
DATABASE_URL=postgres://... (the same test)."""

from __future__ import annotations

import json
import pathlib
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings

from stridecare.cli import main
from stridecare.mydata import backup
from stridecare.training.models import Activity
from tests.mydata.helpers import full_record, make_zone


def _everything() -> str:
    return backup.serialize([obj for model in backup._models() for obj in model._base_manager.order_by("pk")])


def _files() -> dict[str, bytes]:
    out = {}
    for name in backup._stored_names():
        with default_storage.open(name, "rb") as f:
            out[name] = f.read()
    return out


@pytest.mark.django_db(transaction=True)  # a real, committed database: flush and restore as on a server
def test_a_backup_restores_into_an_empty_data_folder(world, tmp_path, settings):
    run = full_record(world)
    make_zone(world.runner)
    # times under a millisecond past the second: Django's own JSON would write them as ".000"
    exact = {"start_utc": run.start_utc.replace(microsecond=7), "created_at": run.created_at.replace(microsecond=999)}
    Activity.objects.filter(pk=run.pk).update(**exact)
    rows, files = _everything(), _files()
    assert len(files) >= 5 and '"model": "care.clinicalnote"' in rows
    archive = tmp_path / "backup.zip"
    manifest = backup.backup(archive)
    assert manifest["rows"]["accounts.User"] == 9 and set(manifest["files"]) == set(files)

    call_command("flush", interactive=False, verbosity=0)  # an empty database...
    empty = tmp_path / "empty-media"
    empty.mkdir()
    with override_settings(MEDIA_ROOT=str(empty)):  # ...and an empty data folder
        assert _files() == {}
        backup.restore(archive, migrate=False)
        assert _everything() == rows
        assert Activity.objects.filter(pk=run.pk).values(*exact).get() == exact
        assert _files() == files
        # ids go on from the restored ones (sequences reset on PostgreSQL)
        from stridecare.training.models import Shoe

        assert Shoe.objects.create(runner=world.runner, name="New").pk > max(
            Shoe.objects.values_list("pk", flat=True).exclude(name="New")
        )
        # a second restore is refused: the folder is no longer empty
        with pytest.raises(backup.BackupError, match="already has accounts"):
            backup.restore(archive, migrate=False)


@pytest.mark.django_db(transaction=True)
def test_the_command_line_refuses_what_is_not_a_backup(world, tmp_path, capsys):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    call_command("flush", interactive=False, verbosity=0)
    assert main(["restore", str(junk)]) == 1
    assert "not a Stridecare backup" in capsys.readouterr().err


def test_the_command_line_writes_a_backup(world, tmp_path, capsys):
    assert main(["backup", str(tmp_path / "b.zip")]) == 0
    assert "rows" in capsys.readouterr().out and pathlib.Path(tmp_path / "b.zip").stat().st_size > 0


def _as_written_before_the_move(archive: pathlib.Path, out: pathlib.Path) -> None:
    """``archive`` as a backup made before screening and outcomes had apps of their own: the moved
    models, and the permissions naming them, under their old labels."""
    old_of = {new: old for old, new in backup.MOVED_MODELS.items()}
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "database.json":
                items = json.loads(data)
                for item in items:
                    item["model"] = old_of.get(item["model"], item["model"])
                    for key in item["fields"].get("user_permissions", []):
                        key[1] = old_of.get(f"{key[1]}.{key[2]}", f"{key[1]}.{key[2]}").split(".")[0]
                data = json.dumps(items).encode()
            dst.writestr(name, data)


@pytest.mark.django_db(transaction=True)
def test_a_backup_written_with_the_old_labels_of_moved_models_restores(world, tmp_path):
    from django.contrib.auth.models import Permission

    from stridecare.outcomes.checkins import save_why_i_run
    from stridecare.outcomes.models import CheckIn, ClinicForm, OutcomeResponse, WhyIRun
    from stridecare.screening.models import ScreeningSession

    screening = ScreeningSession.objects.create(runner=world.runner, rules_version="r", urgency="routine")
    checkin = CheckIn.objects.create(runner=world.runner, mood=3, stress=3, sleep=3, motivation=3)
    OutcomeResponse.objects.create(runner=world.runner, measure="nprs", items=[4], interpretation="x", checkin=checkin)
    ClinicForm.objects.create(clinic=world.clinic, measure="phq-9", raw={}, filename="f.json")
    save_why_i_run(world.runner, "Morning light")
    world.therapist.user_permissions.add(Permission.objects.get(codename="view_screeningsession"))
    rows = _everything()
    assert '"model": "screening.screeningsession"' in rows and '"model": "outcomes.checkin"' in rows

    new, old = tmp_path / "new.zip", tmp_path / "old.zip"
    backup.backup(new)
    _as_written_before_the_move(new, old)
    database = zipfile.ZipFile(old).read("database.json").decode()
    assert '"care.screeningsession"' in database and '"programs.checkin"' in database
    assert '"screening.' not in database and '"outcomes.' not in database

    call_command("flush", interactive=False, verbosity=0)
    empty = tmp_path / "empty-media"
    empty.mkdir()
    with override_settings(MEDIA_ROOT=str(empty)):
        backup.restore(old, migrate=False)
    assert _everything() == rows  # every row back, under the models' labels now
    assert ScreeningSession.objects.get(pk=screening.pk).runner_id == world.runner.pk
    assert OutcomeResponse.objects.get(checkin_id=checkin.pk).items == [4]
    assert WhyIRun.objects.get(runner=world.runner).text == "Morning light"
    assert world.therapist.user_permissions.filter(content_type__app_label="screening").exists()
