from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "stridecare.booking"
    label = "booking"
    verbose_name = "Appointment requests and visits"
