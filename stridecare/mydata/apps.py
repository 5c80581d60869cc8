from django.apps import AppConfig


class MyDataConfig(AppConfig):
    name = "stridecare.mydata"
    label = "mydata"
    verbose_name = "The runner's own data: export, erasure, privacy zones, video retention"

    def ready(self) -> None:
        from . import erasure, export, retention  # noqa: F401  (job handlers)
