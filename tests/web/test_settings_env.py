"""Settings come from the environment, with safe production defaults."""

import os
import subprocess
import sys

PRINT = (
    "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'stridecare.web.settings');"
    "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.DATABASES['default']['ENGINE'])"
)


def settings_with(tmp_path, **env):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "STRIDECARE_TESTING", "EMAIL_HOST", "DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    base.update(STRIDECARE_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-c", PRINT], capture_output=True, text=True, env=base)


def test_production_defaults_refuse_to_start_without_a_secret_key(tmp_path):
    done = settings_with(tmp_path)
    assert done.returncode != 0 and "SECRET_KEY is not set" in done.stderr


def test_console_email_by_default_and_smtp_when_configured(tmp_path):
    console = settings_with(tmp_path, SECRET_KEY="x" * 50).stdout.split()
    smtp = settings_with(
        tmp_path, SECRET_KEY="x" * 50, EMAIL_HOST="smtp.clinic.example", SECURE_HTTPS="1"
    ).stdout.split()
    assert console[:3] == ["django.core.mail.backends.console.EmailBackend", "False", "False"]
    assert smtp[:3] == ["django.core.mail.backends.smtp.EmailBackend", "False", "True"]
    assert console[3] == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql(tmp_path):
    out = settings_with(tmp_path, SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@127.0.0.1:5432/x").stdout.split()
    assert out[3] == "django.db.backends.postgresql"


STORAGE = (
    "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'stridecare.web.settings');"
    "from django.conf import settings; d = settings.STORAGES['default']; print(d['BACKEND'], sorted(d['OPTIONS'].items()))"
)


def storage_with(tmp_path, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"STRIDECARE_TESTING", "DJANGO_SETTINGS_MODULE"}}
    base.update(STRIDECARE_DATA_DIR=str(tmp_path), SECRET_KEY="x" * 50, **env)
    return subprocess.run([sys.executable, "-c", STORAGE], capture_output=True, text=True, env=base)


def test_stored_files_go_to_the_storage_the_environment_names(tmp_path):
    assert storage_with(tmp_path).stdout.strip() == "django.core.files.storage.FileSystemStorage []"
    s3 = storage_with(
        tmp_path,
        STORAGE_BACKEND="storages.backends.s3.S3Storage",
        STORAGE_OPTIONS='{"bucket_name": "stridecare", "endpoint_url": "https://s3.clinic.example"}',
    )
    assert s3.stdout.strip() == (
        "storages.backends.s3.S3Storage [('bucket_name', 'stridecare'), ('endpoint_url', 'https://s3.clinic.example')]"
    )
    bad = storage_with(tmp_path, STORAGE_OPTIONS="bucket=stridecare")
    assert bad.returncode != 0 and "STORAGE_OPTIONS is not valid JSON" in bad.stderr
    not_an_object = storage_with(tmp_path, STORAGE_OPTIONS='["stridecare"]')
    assert not_an_object.returncode != 0 and "STORAGE_OPTIONS must be a JSON object" in not_an_object.stderr
