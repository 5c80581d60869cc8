"""Every page asked both device tables whether a person owes a second factor; the answer now lives on
the user and is kept by two_factor.note_devices. People who set one up before get it here."""

from django.db import migrations, models


def from_devices(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    with_device = set(
        apps.get_model("otp_totp", "TOTPDevice").objects.filter(confirmed=True).values_list("user_id", flat=True)
    ) | set(
        apps.get_model("otp_static", "StaticDevice").objects.filter(confirmed=True).values_list("user_id", flat=True)
    )
    User.objects.filter(pk__in=with_device).update(has_second_factor=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_login_lockout_rate_limits_and_second_factor_resets"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="has_second_factor",
            field=models.BooleanField(default=False, db_default=False, editable=False),
        ),
        migrations.RunPython(from_devices, migrations.RunPython.noop),
    ]
