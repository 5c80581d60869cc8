"""Settings of the processes the worker tests start: the test settings, with the database queue,
emails written as files (visible across processes) and the pacing app."""

import os

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["STRIDECARE_TEST_EMAIL_DIR"]
INSTALLED_APPS = [*INSTALLED_APPS, "tests.jobs.processes.pacing.PacingConfig"]  # noqa: F405  (the class: Django finds one by itself only in an apps submodule)
STATIC_ROOT = DATA_DIR / "static"  # noqa: F405  (`serve` runs collectstatic)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
