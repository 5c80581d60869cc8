"""The background jobs of this app. stridecare.jobs imports every app's ``tasks`` module when Django
starts (JobsConfig.ready), so these handlers are registered before any worker asks for them."""

from .imports import import_activity_file, refresh_clinic_load, refresh_load_job

HANDLERS = (
    import_activity_file,
    refresh_load_job,
    refresh_clinic_load,
)
