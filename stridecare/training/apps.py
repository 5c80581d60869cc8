from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "stridecare.training"
    label = "training"
    verbose_name = "Runs and training load"

    def ready(self) -> None:
        from stridecare.training import imports  # noqa: F401  (registers the import job handler)
