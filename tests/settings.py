"""Settings for the test suite: the real settings with a fast password hasher, email kept in
memory and background jobs run in-process (the database queue is tested separately)."""

import os
import tempfile

os.environ.setdefault("STRIDECARE_TESTING", "1")
os.environ.setdefault("STRIDECARE_DATA_DIR", tempfile.mkdtemp(prefix="stridecare-test-"))

from stridecare.web.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}}  # noqa: F405
SITE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = None  # static files come from the app folders through the finders

# Several checkouts may test against one PostgreSQL server at once: each gets its own test database.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    import hashlib

    _checkout = hashlib.sha1(os.path.dirname(os.path.abspath(__file__)).encode()).hexdigest()[:8]
    DATABASES["default"].setdefault("TEST", {})["NAME"] = f"test_stridecare_{_checkout}"  # noqa: F405
