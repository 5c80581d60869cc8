"""The background jobs of this app. stridecare.jobs imports every app's ``tasks`` module when Django
starts (JobsConfig.ready), so these handlers are registered before any worker asks for them."""

from .emails import send_booking_email

HANDLERS = (send_booking_email,)
