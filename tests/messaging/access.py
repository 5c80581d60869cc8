from django.core.files.uploadedfile import SimpleUploadedFile

from stridecare.messaging.actions import send_message, thread_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def access_values(world) -> dict:
    thread = thread_for(world.runner)
    sent = send_message(
        thread, world.runner, "ZEBRA-SECRET-REASON knee photo", SimpleUploadedFile("knee.png", PNG, "image/png")
    )
    return {"attachment_id": sent.message.attachment.pk}
