"""ScreeningSession now belongs to the screening app (screening 0001): dropped from care's state only;
its table care_screeningsession and every row in it stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0003_screeningsession_source"),
        ("screening", "0001_initial"),
        ("inbox", "0004_alert_screening_in_screening_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ScreeningSession")],
            database_operations=[],
        ),
    ]
