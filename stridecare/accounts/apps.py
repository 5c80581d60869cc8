from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stridecare.accounts"
    label = "accounts"
    verbose_name = "Accounts and clinics"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from stridecare.accounts import signups  # noqa: F401  (registers the sign-up email job handler)
        from stridecare.accounts.two_factor import note_devices

        for device in (TOTPDevice, StaticDevice):
            post_save.connect(note_devices, sender=device, dispatch_uid=f"note-devices-save-{device.__name__}")
            post_delete.connect(note_devices, sender=device, dispatch_uid=f"note-devices-delete-{device.__name__}")
