"""ScreeningSession's content type move from the care app to this one, keeping their ids: permissions (and anything else
naming a content type) stay attached to the same rows. Where migrate already created the new label
(a database migrated one app at a time), the old row, the one rows point at, wins."""

from django.db import migrations

OLD_APP, NEW_APP = "care", "screening"
MODELS = ("screeningsession",)


def _relabel(apps, from_app: str, to_app: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        old = ContentType.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue  # a new database: content types are created after migrate
        ContentType.objects.filter(app_label=to_app, model=model).delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])
    from django.contrib.contenttypes.models import ContentType as LiveContentType

    LiveContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel(apps, OLD_APP, NEW_APP)


def backwards(apps, schema_editor):
    _relabel(apps, NEW_APP, OLD_APP)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("screening", "0001_initial"),
        ("care", "0004_screeningsession_to_screening_app"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
