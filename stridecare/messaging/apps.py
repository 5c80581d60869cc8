from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "stridecare.messaging"
    label = "messaging"
    verbose_name = "Messages between runners and their clinic"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from .models import Attachment, remove_attachment_file

        # however an attachment goes (erasure, a cascade, the shell), its stored file goes after commit
        post_delete.connect(remove_attachment_file, sender=Attachment, dispatch_uid="messaging.attachment")
