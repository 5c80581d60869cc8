"""The background jobs of this app. stridecare.jobs imports every app's ``tasks`` module when Django
starts (JobsConfig.ready), so these handlers are registered before any worker asks for them."""

from .alerts import escalate_crisis, send_alert_email

HANDLERS = (
    send_alert_email,
    escalate_crisis,
)
