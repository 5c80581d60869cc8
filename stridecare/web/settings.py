"""Django settings. Everything comes from the environment (see README "Configuration"), with safe
production defaults: DEBUG off, secure cookies when not on localhost, no default secret key."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from stridecare.core.care.helplines import helplines_for as _helplines_for

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envjson(name: str) -> dict:
    """A JSON object from the environment ({} when unset); anything else stops the start with its name."""
    try:
        value = json.loads(os.environ.get(name, "") or "{}")
    except json.JSONDecodeError as e:
        raise ImproperlyConfigured(f"{name} is not valid JSON ({e})") from e
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f'{name} must be a JSON object, like {{"bucket_name": "stridecare"}}')
    return value


DEBUG = envbool("DEBUG")
TESTING = envbool("STRIDECARE_TESTING")
DATA_DIR = Path(os.environ.get("STRIDECARE_DATA_DIR", Path.cwd() / "data")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (`make run` creates one in data/)."
        )

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "stridecare.jobs",  # before django_tasks_db: its db_worker command adds leases and recovery to the library's
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "stridecare.web",
    "stridecare.accounts",
    "stridecare.booking",
    "stridecare.training",
    "stridecare.care",
    "stridecare.screening",
    "stridecare.inbox",
    "stridecare.programs",
    "stridecare.outcomes",
    "stridecare.gaitlab",
    "stridecare.mydata",
    "stridecare.audit",
    "stridecare.planning",
    "stridecare.messaging",
    "stridecare.episodes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stridecare.web.security.SecurityHeadersMiddleware",  # CSP and no-store on every page (static files above)
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "stridecare.web.uploads.UploadGuardMiddleware",  # before CSRF: refuses uploads from the headers alone
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "stridecare.accounts.two_factor.TwoFactorRequiredMiddleware",  # staff: no clinic page before the second factor
    "stridecare.accounts.ratelimit.RateLimitMiddleware",
    "stridecare.web.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "stridecare.web.security.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into the 429 page
]

ROOT_URLCONF = "stridecare.web.urls"
WSGI_APPLICATION = "stridecare.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stridecare.web.context.defaults",
                "stridecare.web.context.inbox_badge",
                "stridecare.messaging.context.unread_badge",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        # Keep connections open between requests: opening one per request halves throughput.
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = _sqlite_options()
        return dict(config)
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "stridecare.sqlite3",
        # Open once per process, as on PostgreSQL: connecting and its PRAGMAs cost more than most pages.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": _sqlite_options(),
        "TEST": {"NAME": os.environ.get("STRIDECARE_TEST_SQLITE", "")}
        if os.environ.get("STRIDECARE_TEST_SQLITE")
        else {},
    }


def _sqlite_options() -> dict:
    # WAL lets the web process read while the worker writes; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on the busy timeout instead of failing mid-transaction.
    return {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out (account, address) pair before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "stridecare.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
LOGIN_LOCKOUT_FAILURES = envint("LOGIN_LOCKOUT_FAILURES", "5")
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", "15")
LOGIN_LOCKOUT_MAX_HOURS = envint("LOGIN_LOCKOUT_MAX_HOURS", "24")
# django-axes counts failures per (account, address): a stranger's guesses lock only their own
# address out of that account, never the real user elsewhere. Each further round of failures while
# locked doubles the cool-off (stridecare/accounts/lockout.py), up to LOGIN_LOCKOUT_MAX_HOURS.
AXES_FAILURE_LIMIT = LOGIN_LOCKOUT_FAILURES
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "stridecare.accounts.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each pair's own expiry: a long cool-off is not swept by a short one
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "stridecare.accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "stridecare.accounts.lockout.username_of"
AXES_SENSITIVE_PARAMETERS = ["password", "new_password1", "new_password2", "password1", "password2", "token"]
AXES_VERBOSE = False
# Failed logins from one address across all accounts, and the forms that send email or create rows
# for visitors: (count, seconds) per window, counted in the database (stridecare/accounts/ratelimit.py).
RATE_LIMITS = {
    "login_failures:ip": (envint("LOGIN_FAILURES_PER_ADDRESS", "30"), 15 * 60),
    "password_reset:ip": (10, 3600),
    "password_reset:email": (3, 3600),
    "signup:ip": (10, 3600),
    "signup:email": (3, 3600),
    "appointment_request:ip": (10, 3600),
    "appointment_request:email": (5, 3600),
    "invitation:user": (30, 3600),
    "invitation:email": (3, 3600),
}
# Therapists and clinic admins set up a second factor (TOTP app + recovery codes) before any clinic page.
STAFF_TWO_FACTOR = envbool("STAFF_TWO_FACTOR", "1")
OTP_TOTP_ISSUER = "Stridecare"
RECOVERY_CODES = 10
INVITATION_DAYS = envint("INVITATION_DAYS", "14")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Email: console by default, SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Stridecare <no-reply@stridecare.local>")

# Background work: django-tasks with the database queue. Tests run tasks in-process. Two queues:
# "urgent" (crisis and red-flag emails, with a worker of its own) and "default" (everything else).
TASK_QUEUES = ["default", "urgent"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}
JOB_MAX_ATTEMPTS = envint("JOB_MAX_ATTEMPTS", "4")
JOB_BACKOFF_BASE_S = envint("JOB_BACKOFF_BASE_S", "30")
JOB_LEASE_S = envint("JOB_LEASE_S", "60")  # a running job whose worker sent no heartbeat for this long is taken over
MYDATA_EXPORT_HOURS = envint("MYDATA_EXPORT_HOURS", "72")  # how long a data export can be downloaded (once)
JOB_STOP_GRACE_S = envint(
    "JOB_STOP_GRACE_S", "30"
)  # on SIGTERM the current job may finish for this long, then it is put back

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT: Path | None = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    # Stored files (uploads, videos, key frames, exports) go through this storage only: the folder
    # MEDIA_ROOT by default; STORAGE_BACKEND and STORAGE_OPTIONS (a JSON object) put them on shared
    # or S3-compatible storage, such as django-storages' S3 (docs/deploy.md, 4.).
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": envjson("STORAGE_OPTIONS"),
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve from the package too, so a fresh checkout needs no collectstatic
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media-not-public/"  # uploads are health data: served only through access-checked views

SESSION_COOKIE_HTTPONLY = True
# Idle timeouts (stridecare/web/security.py): staff 30 minutes, runners 14 days; a session lasts no
# longer than the longer of the two, and each person's is set to their own on every visit.
STRIDECARE_IDLE_TIMEOUT_STAFF_S = envint("STRIDECARE_IDLE_TIMEOUT_STAFF_S", str(30 * 60))
STRIDECARE_IDLE_TIMEOUT_RUNNER_S = envint("STRIDECARE_IDLE_TIMEOUT_RUNNER_S", str(14 * 24 * 60 * 60))
SESSION_COOKIE_AGE = max(STRIDECARE_IDLE_TIMEOUT_STAFF_S, STRIDECARE_IDLE_TIMEOUT_RUNNER_S)
# Scripts, styles, images and connections from this site only; nothing inline; never framed.
STRIDECARE_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURE_HTTPS = envbool("SECURE_HTTPS", "0")
# Behind a reverse proxy that ends TLS and sets X-Forwarded-Proto (docs/deploy.md); only then, or
# anyone could claim HTTPS with the header, and without it SECURE_HTTPS would redirect for ever.
if envbool("TRUST_X_FORWARDED_PROTO", "0"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31536000 if SECURE_HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Request paths in log lines with their tokens redacted (stridecare/web/accesslog.py).
    "filters": {"redact_paths": {"()": "stridecare.web.accesslog.RedactPathsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Crisis resources shown by the "I need help now" button; a clinic overrides them per region.
# The server's country (ISO code of stridecare.core.care.helplines) gives the numbers of people
# without a clinic; "EU" is the European 112 set.
STRIDECARE_COUNTRY = os.environ.get("STRIDECARE_COUNTRY", "EU").upper()
DEFAULT_EMERGENCY_NUMBER = os.environ.get("DEFAULT_EMERGENCY_NUMBER") or _helplines_for(STRIDECARE_COUNTRY).emergency
MAX_UPLOAD_MB = envint("MAX_UPLOAD_MB", "100")
GAIT_MAX_UPLOAD_MB = envint("GAIT_MAX_UPLOAD_MB", "200")
MESSAGE_ATTACHMENT_MAX_MB = envint("MESSAGE_ATTACHMENT_MAX_MB", "10")
# Request bodies: files stop at the page's limit above (stridecare/web/uploads.py); other fields
# at 2.5 MB; uploads are written to a folder of their own, swept of leftovers at start.
FILE_UPLOAD_HANDLERS = [
    "stridecare.web.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "stridecare.web.uploads.TrackedTemporaryFileUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = str(Path(os.environ.get("FILE_UPLOAD_TEMP_DIR", DATA_DIR / "tmp" / "uploads")))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)  # Django's checks want it to exist, like DATA_DIR
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# [H] clinic default: runs in a row with asymmetric ground contact before a finding (REFERENCE.md 6.4 gives no count).
GAIT_BALANCE_MIN_RUNS = envint("GAIT_BALANCE_MIN_RUNS", "3")
