from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "stridecare.outcomes"
    label = "outcomes"
    verbose_name = "Outcome measures, weekly check-ins and well-being"
