import re

import django.db.models.deletion
from django.db import migrations, models

# Screening alerts raised before the link existed ended their body with "(screening 12)."
OLD_REFERENCE = re.compile(r"\(screening (\d+)\)\.?\s*$")


def link_existing_screening_alerts(apps, schema_editor):
    Alert = apps.get_model("inbox", "Alert")
    ScreeningSession = apps.get_model("care", "ScreeningSession")
    for alert in (
        Alert.objects.filter(kind="screening", screening__isnull=True).only("pk", "body", "runner_id").iterator()
    ):
        match = OLD_REFERENCE.search(alert.body)
        if match and ScreeningSession.objects.filter(pk=int(match.group(1)), runner_id=alert.runner_id).exists():
            Alert.objects.filter(pk=alert.pk).update(screening_id=int(match.group(1)))


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0003_screeningsession_source"),
        ("inbox", "0002_alert_follow_up_and_escalation"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="screening",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="alerts",
                to="care.screeningsession",
            ),
        ),
        migrations.RunPython(link_existing_screening_alerts, migrations.RunPython.noop),
    ]
