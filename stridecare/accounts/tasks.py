"""The background jobs of this app. stridecare.jobs imports every app's ``tasks`` module when Django
starts (JobsConfig.ready), so these handlers are registered before any worker asks for them."""

from .invitations import send_invitation_email

HANDLERS = (send_invitation_email,)
