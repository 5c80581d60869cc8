from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "stridecare.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Handlers register themselves on import; import the modules that define them.
        from stridecare.accounts import invitations  # noqa: F401
        from stridecare.booking import emails  # noqa: F401
        from stridecare.inbox import alerts  # noqa: F401
