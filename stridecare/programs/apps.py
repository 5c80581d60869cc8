from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "stridecare.programs"
    label = "programs"
    verbose_name = "Exercise programs, return to running, outcomes and well-being"
