"""Sunshine settings: one module, configured from the environment (12-factor).

Environment variables
- ``DJANGO_ENV``: ``development`` (default) or ``production``. Production turns on every secure
  default and requires ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
- ``DEBUG``: ``1`` / ``0`` (default ``0``).
- ``DATABASE_URL``: default ``sqlite:///var/sunshine.sqlite3`` (relative to the project root).
- ``SECRET_KEY``: required in production; generated once into ``var/secret_key`` otherwise.
- ``ALLOWED_HOSTS``: comma-separated.
- ``EVIDENCE_ROOT``: where evidence files are stored (default ``var/evidence``).
- ``CELERY_BROKER_URL``: absent means background tasks run eagerly in-process.
- ``VAR_DIR``: the folder for local state (default ``var/`` under the project root).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = "pytest" in sys.modules or os.environ.get("SUNSHINE_TESTING") == "1"
DEBUG = env_bool("DEBUG", default=False) and not PRODUCTION


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when DJANGO_ENV=production")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # django.contrib.admin with Sunshine's site: one login, capability permissions, audited changes.
    "sunshine.accounts.admin_apps.SunshineAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "csp",
    # Sunshine's domains (see docs/architecture.md)
    "sunshine.core",
    "sunshine.accounts",
    "sunshine.audit",
    "sunshine.org",
    "sunshine.workdays",
    "sunshine.catalog",
    "sunshine.parties",
    "sunshine.cases",
    "sunshine.service",
    "sunshine.inspections",
    "sunshine.evidence",
    "sunshine.documents",
    "sunshine.payments",
    "sunshine.oversight",
    "sunshine.evaluation",
    "sunshine.patrols",
    "sunshine.disclosure",
    "sunshine.stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sunshine.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sunshine.accounts.middleware.SecurityPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sunshine.core.middleware.StaffNoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sunshine.urls"
WSGI_APPLICATION = "sunshine.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:work_home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sunshine.core.context_processors.sunshine",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sunshine.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if TESTING else 60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so that check-then-act
        # sequences (the audit chain head, document numbers) never interleave between writers.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        # mmap and a 64 MB page cache per connection: reads of a large file (a county's years of
        # cases) come from the OS page cache without a copy per page.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA mmap_size=1073741824; PRAGMA cache_size=-65536;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ---------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL and not TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# GB/T 22239-2019 level 3: sessions end after 30 minutes idle (the cookie is renewed on every request).
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Authentication and the security baseline ----------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend + the demo-password refusal + /admin/ permissions from the role capabilities.
    "sunshine.accounts.backends.SunshineBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sunshine.accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "sunshine.accounts.validators.NotUsernameValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
)
# Five wrong passwords lock the account (by username) for fifteen minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
# The baseline locks the *account* after five failures, whatever address they come from; axes warns
# that username-only lockout can be bypassed by rotating clients, which is exactly the account lock wanted.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_CALLABLE = "sunshine.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The demo password; refused at login whenever DEBUG is off.
DEMO_PASSWORD = "Sunshine@2026"  # noqa: S105 - published demo credential, blocked in production
OTP_TOTP_ISSUER = "Sunshine 阳光执法"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Each app keeps its own catalogue (src/sunshine/<app>/locale); the project-wide one (base templates)
# comes last, so `makemessages` run from the repository root files every string under its own app.
LOCALE_PATHS = [*sorted(p for p in PACKAGE_DIR.glob("*/locale") if p.is_dir()), PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files and evidence --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
EVIDENCE_ROOT = Path(os.environ.get("EVIDENCE_ROOT", VAR_DIR / "evidence"))
if TESTING and "EVIDENCE_ROOT" not in os.environ:  # tests never write into the real store
    EVIDENCE_ROOT = Path(os.environ.get("TMPDIR") or "/tmp") / f"sunshine-test-evidence-{os.getpid()}"  # noqa: S108
# Where evidence files go: "local" (EVIDENCE_ROOT) or "s3" (any S3-compatible store via django-storages,
# which needs boto3); the S3 options are django-storages' S3Storage arguments.
EVIDENCE_STORAGE = os.environ.get("EVIDENCE_STORAGE", "local")
EVIDENCE_S3 = {
    key: value
    for key, value in {
        "bucket_name": os.environ.get("EVIDENCE_S3_BUCKET"),
        "endpoint_url": os.environ.get("EVIDENCE_S3_ENDPOINT"),
        "region_name": os.environ.get("EVIDENCE_S3_REGION"),
        "access_key": os.environ.get("EVIDENCE_S3_ACCESS_KEY"),
        "secret_key": os.environ.get("EVIDENCE_S3_SECRET_KEY"),
    }.items()
    if value
}
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(8 * 1024**3)))  # one item, 8 GiB of video
EVIDENCE_RETENTION_YEARS = int(os.environ.get("EVIDENCE_RETENTION_YEARS", "30"))  # from capture
WHITENOISE_USE_FINDERS = DEBUG or TESTING

# --- REST API -------------------------------------------------------------------------------
# An API token works for this many hours after it is issued (a working shift); then the client asks
# for a new one with the password (and the one-time code). GB/T 22239-2019 8.1.4.1: sessions end.
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", "8"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so a bad token is a 401 and never falls back to the session (accounts/middleware.py).
        "sunshine.accounts.authentication.SunshineTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "sunshine.core.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "sunshine.core.api.Pagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "sunshine.core.api.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + ([] if PRODUCTION else ["rest_framework.renderers.BrowsableAPIRenderer"]),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sunshine 阳光执法 API",
    "DESCRIPTION": "REST API of the Sunshine urban-management enforcement platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per shared choice set (several models use the same values).
    "ENUM_NAME_OVERRIDES": {
        "StaffKindEnum": "sunshine.org.models.Staff.Kind",
        "StaffStatusEnum": "sunshine.org.models.Staff.Status",
        "EquipmentStatusEnum": "sunshine.org.models.BodyCamera.Status",
        "PartyKindEnum": "sunshine.catalog.models.PartyKind",
        "PenaltyKindEnum": "sunshine.catalog.models.PenaltyKind",
    },
}

# --- Background work ------------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
from celery.schedules import crontab  # noqa: E402 - the beat schedule below is its only user

CELERY_BEAT_SCHEDULE = {
    # Sign yesterday's audit checkpoint (and any missed day) ten minutes after midnight, Asia/Shanghai.
    "audit-daily-checkpoint": {
        "task": "sunshine.audit.checkpoint_missing_days",
        "schedule": crontab(hour=0, minute=10),
    },
    # Overdue citizen requests escalate to their squad leader (idempotent).
    "service-escalate-overdue": {
        "task": "sunshine.service.escalate_overdue",
        "schedule": crontab(minute="*/15"),
    },
    # Supervision items: reminders before their deadline, escalation after it.
    "service-supervision-remind": {
        "task": "sunshine.service.supervision_remind",
        "schedule": crontab(hour=8, minute=0),
    },
    # Double-random inspection results published on their deadline (20 working days after the inspection).
    "inspections-publish-due-results": {
        "task": "sunshine.inspections.publish_due_results",
        "schedule": crontab(hour=6, minute=15),
    },
    # Penalty decisions published on their 7-working-day deadline; expired publications taken down.
    "disclosure-publish-due": {
        "task": "sunshine.disclosure.publish_due",
        "schedule": crontab(hour=6, minute=30),
    },
    # Statistics: the fact tables filled incrementally from their high-water marks.
    "stats-fill": {
        "task": "sunshine.stats.fill",
        "schedule": crontab(minute="*/30"),
    },
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = (
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
)

# --- Security headers -----------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Sunshine -------------------------------------------------------------------------------
SUNSHINE = {
    "BUREAU_NAME": os.environ.get("SUNSHINE_BUREAU_NAME", "新城市城市管理局"),
    # The Ed25519 key that signs the audit log's daily checkpoints (generated into var/ when absent).
    "AUDIT_SIGNING_KEY_FILE": Path(os.environ.get("AUDIT_SIGNING_KEY_FILE", VAR_DIR / "audit_ed25519.pem")),
}

SITE_TITLE = _("Sunshine enforcement platform")
