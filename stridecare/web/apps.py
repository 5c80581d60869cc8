from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "stridecare.web"

    def ready(self) -> None:
        from stridecare.web import stored_files

        stored_files.connect()  # stored files go with their rows, whichever app deletes them
