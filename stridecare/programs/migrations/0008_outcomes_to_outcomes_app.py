"""Outcome responses, clinic forms, check-ins and "why I run" now belong to the outcomes app (outcomes
0001): dropped from programs' state only; their programs_* tables and rows stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0007_condition_names"),
        ("outcomes", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OutcomeResponse"),
                migrations.DeleteModel(name="ClinicForm"),
                migrations.DeleteModel(name="CheckIn"),
                migrations.DeleteModel(name="WhyIRun"),
            ],
            database_operations=[],
        ),
    ]
