from django.apps import AppConfig


class GaitlabConfig(AppConfig):
    name = "stridecare.gaitlab"
    label = "gaitlab"
    verbose_name = "Gait analysis"

    def ready(self) -> None:
        from stridecare.gaitlab import analysis  # noqa: F401  (registers the gait job handler)
