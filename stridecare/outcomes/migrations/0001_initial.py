"""Outcome responses, clinic forms, check-ins and "why I run" move here from the programs app: their
state only. The tables keep their programs_* names, so no row moves (programs 0008 drops them from
programs' state)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("programs", "0007_condition_names"),
        ("accounts", "0004_login_lockout_rate_limits_and_second_factor_resets"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CheckIn",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("completed_on", models.DateField(default=django.utils.timezone.localdate)),
                        ("mood", models.PositiveSmallIntegerField()),
                        ("stress", models.PositiveSmallIntegerField()),
                        ("sleep", models.PositiveSmallIntegerField()),
                        ("motivation", models.PositiveSmallIntegerField()),
                        ("energy", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("soreness", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("phq2_items", models.JSONField(blank=True, null=True)),
                        ("gad2_items", models.JSONField(blank=True, null=True)),
                        ("phq2_score", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("gad2_score", models.PositiveSmallIntegerField(blank=True, null=True)),
                        ("follow_ups", models.JSONField(blank=True, default=list)),
                        ("note", models.TextField(blank=True)),
                        (
                            "trend",
                            models.CharField(
                                blank=True,
                                choices=[("improving", "Improving"), ("static", "About the same"), ("worse", "Worse")],
                                max_length=10,
                            ),
                        ),
                        ("red_flags", models.JSONField(blank=True, default=list)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "runner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="checkins",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "programs_checkin",
                        "ordering": ["-completed_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ClinicForm",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("measure", models.CharField(max_length=12)),
                        ("raw", models.JSONField()),
                        ("filename", models.CharField(max_length=200)),
                        ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "clinic",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outcome_forms",
                                to="accounts.clinic",
                            ),
                        ),
                        (
                            "uploaded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "programs_clinicform",
                        "ordering": ["-uploaded_at", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="OutcomeResponse",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "measure",
                            models.CharField(
                                choices=[
                                    ("lefs", "lefs"),
                                    ("visa-a", "visa-a"),
                                    ("visa-p", "visa-p"),
                                    ("akps", "akps"),
                                    ("faam-adl", "faam-adl"),
                                    ("faam-sports", "faam-sports"),
                                    ("nprs", "nprs"),
                                    ("psfs", "psfs"),
                                    ("phq-2", "phq-2"),
                                    ("phq-9", "phq-9"),
                                    ("gad-2", "gad-2"),
                                    ("gad-7", "gad-7"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("items", models.JSONField()),
                        ("q8", models.JSONField(blank=True, null=True)),
                        ("labels", models.JSONField(blank=True, default=list, help_text="PSFS activity names")),
                        ("completed_on", models.DateField(default=django.utils.timezone.localdate)),
                        ("score", models.FloatField(blank=True, null=True)),
                        ("complete", models.BooleanField(default=False)),
                        ("interpretation", models.CharField(max_length=500)),
                        ("self_harm", models.BooleanField(default=False)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "checkin",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="responses",
                                to="outcomes.checkin",
                            ),
                        ),
                        (
                            "runner",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="outcome_responses",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "programs_outcomeresponse",
                        "ordering": ["-completed_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="WhyIRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("text", models.TextField(max_length=1000)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "runner",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="why_i_run",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "programs_whyirun",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
