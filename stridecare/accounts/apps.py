from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stridecare.accounts"
    label = "accounts"
    verbose_name = "Accounts and clinics"
