from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "stridecare.planning"
    label = "planning"
    verbose_name = "Training plans"
