"""The background jobs of this app (registered when Django starts, see stridecare/jobs/apps.py)."""

from .emails import send_message_notice

HANDLERS = (send_message_notice,)
