from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "stridecare.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Each app registers its own job handlers in its ``tasks`` module; jobs names no domain app.
        autodiscover_modules("tasks")
