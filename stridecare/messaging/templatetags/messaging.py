from django import template

from stridecare.messaging.actions import clinic_threads

register = template.Library()


@register.simple_tag
def unread_threads(user) -> list:
    """The clinic's conversations with unread runner messages (the inbox's "Messages" section)."""
    return list(clinic_threads(user.clinic_id).filter(unread__gt=0)[:100])
