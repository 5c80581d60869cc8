"""The background jobs of this app. stridecare.jobs imports every app's ``tasks`` module when Django
starts (JobsConfig.ready), so these handlers are registered before any worker asks for them."""

from .emails import send_booking_email, send_waitlist_offer
from .reminders import visit_reminder_job

HANDLERS = (send_booking_email, send_waitlist_offer, visit_reminder_job)
