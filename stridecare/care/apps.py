from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "stridecare.care"
    label = "care"
    verbose_name = "Evaluation and treatment notes"
