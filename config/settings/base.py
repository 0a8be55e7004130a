"""Settings shared by every environment. Values come from environment variables
with safe defaults; local/test/production override what differs."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "formtools",
    "viewflow",
    "viewflow.workflow",
    "engine",
    "engine.studio",
    "engine.people",
    "engine.documents",
    "forms",
    "accounts",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "engine.api",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "engine.security.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "engine.portal.context.notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# SQLite file by default; DATABASE_URL (postgres://...) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once with "database is locked".
    # Wait for a writer instead of failing at once with "database is locked",
    # and take the write lock at BEGIN: viewflow's joins need transitions on one
    # case to be serialised, which PostgreSQL gets from SELECT ... FOR UPDATE.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "display_name", "email", "mobile")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.passwords.MobileNumberValidator"},
]

# Log-in throttling (django-axes): 10 failed log-ins for one account, or
# from one address, lock that account or address for 15 minutes (the message
# says so in Chinese, templates/registration/locked_out.html). A success
# resets the account's count. Behind a reverse proxy set AXES_IPWARE_PROXY_COUNT
# (and the proxy's X-Forwarded-For) so the address is the client's, not the proxy's.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "engine.security.lockout.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(env("AXES_IPWARE_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)

# Content Security Policy (django-csp 4): scripts and styles only from this
# site's static files, no inline script or event handler anywhere (pages put
# behaviour in static/js and data- attributes). Images may be data: URIs
# (QR codes); nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Request size limits: a form page posts a few kilobytes; 2 MB of fields (not
# files, which stream to disk) or 2,000 parameters is an attack, answered 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 50

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files and rendered documents live outside the web root and are
# served only through permission-checked views, never by a static handler.
PRIVATE_STORAGE_ROOT = Path(env("PRIVATE_STORAGE_ROOT", str(BASE_DIR / "var" / "private")))
MEDIA_ROOT = PRIVATE_STORAGE_ROOT
MEDIA_URL = "/private-not-served/"

# The process folders (definitions, form specs, document templates).
WORKFLOWS_DIR = Path(env("WORKFLOWS_DIR", str(BASE_DIR / "workflows")))

# Absolute address of the site, printed in documents (verification QR codes).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")
# PKCS#12 file (and its passphrase) of the union's signing certificate; documents
# declared with `sign: true` are signed with it (pyHanko). Empty: left unsigned.
DOCUMENT_SIGNING_PKCS12 = env("DOCUMENT_SIGNING_PKCS12", "")
DOCUMENT_SIGNING_PASSPHRASE = env("DOCUMENT_SIGNING_PASSPHRASE", "")

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "noreply@unionflow.local")

# Text messages (sign-up and password codes): a class with send_messages(),
# see accounts/sms.py and docs/accounts.md. The console backend logs the code.
SMS_BACKEND = env("SMS_BACKEND", "accounts.sms.ConsoleBackend")
SMS_CODE_MINUTES = int(env("SMS_CODE_MINUTES", "10"))
SMS_CODE_ATTEMPTS = 5
SMS_CODE_INTERVAL = 60  # seconds between two codes to one number
SMS_CODES_PER_MOBILE_HOUR = 5
SMS_CODES_PER_ADDRESS_HOUR = 20

# Celery is used only when a broker is configured; otherwise work runs inline.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", "") or None
# A task is acknowledged after it ran, and given back when its worker dies
# (SIGKILL, out of memory); Redis redelivers an unacknowledged task after
# the visibility timeout. Renders are idempotent (engine.documents).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "600"))}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "workflows-tick": {"task": "engine.deadlines_tick", "schedule": 60.0},
    "webhooks-due": {"task": "api.deliver_due", "schedule": 60.0},
    "documents-sweep": {"task": "documents.sweep", "schedule": 60.0},
    # Nightly: verify every audit chain, tell the administrators of a break.
    "audit-verify": {"task": "engine.audit_verify", "schedule": crontab(hour=3, minute=0)},
}
# Without a broker, documents are rendered by `manage.py worker` (started by
# `make run`); with this on, in the same process right after commit (tests).
DOCUMENTS_RENDER_AFTER_COMMIT = env_bool("DOCUMENTS_RENDER_AFTER_COMMIT", False)
# A render not finished within this many seconds is taken by another worker.
DOCUMENT_RENDER_LEASE_SECONDS = int(env("DOCUMENT_RENDER_LEASE_SECONDS", "120"))
# Key of the audit hash chains (HMAC-SHA256). Unset: derived from SECRET_KEY;
# set it in production and keep it (a new key makes old chains unverifiable).
AUDIT_CHAIN_KEY = env("AUDIT_CHAIN_KEY", "")

AUTHENTICATION_BACKENDS = [
    # First: refuses (and counts) log-ins of a locked-out account or address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers viewflow's owner_permission checks ("role:<role>@<unit id>").
    "engine.roles.backends.RoleBackend",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
AUTH_USER_MODEL = "engine.User"

# The REST API (/api/v1/, engine.api). Tokens and API keys first; the site's
# own session (with CSRF) still works for its JavaScript.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "engine.api.authentication.BearerTokenAuthentication",
        "engine.api.authentication.ApiKeyAuthentication",
        "engine.api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["engine.api.throttling.CredentialRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "credential": env("API_RATE", "600/min"),
        "login": env("API_LOGIN_RATE", "20/min"),
    },
    "EXCEPTION_HANDLER": "engine.api.problems.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "UnionFlow API",
    "DESCRIPTION": "工会业务流程与表单引擎的接口。See docs/api.md.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package's static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "engine.api.schema.add_problem_responses",
    ],
}
# Webhook targets inside the server's own network are refused (SSRF) unless
# this is set (development and tests send to 127.0.0.1).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
