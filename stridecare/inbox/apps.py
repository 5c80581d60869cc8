from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "stridecare.inbox"
    label = "inbox"
    verbose_name = "Therapist inbox and crisis help"
