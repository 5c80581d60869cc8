from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "stridecare.screening"
    label = "screening"
    verbose_name = "Self-screening and its clinician review"

    def ready(self) -> None:
        # Load and validate the screening rules at start-up: a malformed rule file stops the app
        # with the file and rule named, instead of failing on a runner's first screening.
        from stridecare.core.screening import load_rules

        load_rules()
