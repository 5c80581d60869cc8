"""ScreeningSession moves here from the care app: its state only. The table stays care_screeningsession,
so no row moves (care 0004 drops the model from care's state; inbox 0004 repoints Alert.screening)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("care", "0003_screeningsession_source"),
        ("accounts", "0004_login_lockout_rate_limits_and_second_factor_resets"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ScreeningSession",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("answers", models.JSONField(default=dict)),
                        ("result", models.JSONField(default=dict)),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("self_screening", "Self-screening"),
                                    ("check_in", "Weekly check-in (red-flag questions)"),
                                ],
                                default="self_screening",
                                max_length=20,
                            ),
                        ),
                        ("rules_version", models.CharField(max_length=40)),
                        ("urgency", models.CharField(max_length=20)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("clinic_notified_at", models.DateTimeField(blank=True, null=True)),
                        ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                        ("cleared_at", models.DateTimeField(blank=True, null=True)),
                        ("clearance_note", models.TextField(blank=True)),
                        (
                            "cleared_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "clinic",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="screening_sessions",
                                to="accounts.clinic",
                            ),
                        ),
                        (
                            "runner",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="screening_sessions",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "care_screeningsession",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
