"""Alert.screening points at the screening app's ScreeningSession, the same table as before (state only)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0003_alert_screening"),
        ("screening", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="alert",
                    name="screening",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="alerts",
                        to="screening.screeningsession",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
