"""ScreeningSession's content type moves from the care app to this one, keeping its id (web.moved_models.relabel_content_types)."""

from django.db import migrations

from stridecare.web.moved_models import moved_between, relabel_content_types

OLD_APP, NEW_APP = "care", "screening"


def forwards(apps, schema_editor):
    relabel_content_types(apps, OLD_APP, NEW_APP, moved_between(OLD_APP, NEW_APP))


def backwards(apps, schema_editor):
    relabel_content_types(apps, NEW_APP, OLD_APP, moved_between(OLD_APP, NEW_APP))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("screening", "0001_initial"),
        ("care", "0004_screeningsession_to_screening_app"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
