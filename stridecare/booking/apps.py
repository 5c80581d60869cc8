from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "stridecare.booking"
    label = "booking"
    verbose_name = "Appointment requests and visits"

    def ready(self) -> None:
        from . import emails, reminders  # noqa: F401  (job handlers)
