from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "stridecare.programs"
    label = "programs"
    verbose_name = "Exercise programs and return to running"
