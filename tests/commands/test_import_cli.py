import pytest

from stridecare.cli import main
from stridecare.training.models import Activity, ActivityFile
from tests.conftest import ACTIVITIES

DATA = ACTIVITIES


@pytest.mark.django_db
def test_import_command_stores_and_imports_and_reports_bad_files(world, tmp_path, capsys):
    bad = tmp_path / "bad.gpx"
    bad.write_text("<gpx><trk>")
    code = main(["import", str(DATA / "sports-lib__6914538454.fit"), str(bad), "--runner", "sam@runner.test"])
    out, err = capsys.readouterr()
    assert code == 1
    assert "sports-lib__6914538454.fit: 1 imported" in out and "bad.gpx" in err
    assert Activity.objects.filter(runner=world.runner).count() == 1
    assert set(ActivityFile.objects.values_list("status", flat=True)) == {"imported", "failed"}


@pytest.mark.django_db
def test_import_command_needs_a_known_runner(world, capsys):
    assert main(["import", str(DATA / "sports-lib__6914538454.fit"), "--runner", "nobody@x.test"]) == 1
    assert "no runner" in capsys.readouterr().err
