from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stridecare.accounts"
    label = "accounts"
    verbose_name = "Accounts and clinics"

    def ready(self) -> None:
        from stridecare.accounts import signups  # noqa: F401  (registers the sign-up email job handler)
