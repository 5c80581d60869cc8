from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "stridecare.care"
    label = "care"
    verbose_name = "Screening, evaluation and treatment notes"
