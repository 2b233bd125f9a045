"""Project settings. Everything deployment-specific comes from the environment."""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PARTNERBOOK_DATA_DIR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """Use PARTNERBOOK_SECRET_KEY, or a key generated once and kept under the data folder."""
    from_env = os.environ.get("PARTNERBOOK_SECRET_KEY")
    if from_env:
        return from_env
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = _flag("PARTNERBOOK_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "simple_history",
    "django_countries",
    "django_tasks",
    "django_tasks.backends.database",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "partnerbook.core",
    "partnerbook.accounts",
    "partnerbook.suppliers",
    "partnerbook.segmentation",
    "partnerbook.portfolio",
    "partnerbook.alerts",
    "partnerbook.relationship",
    "partnerbook.actions",
    "partnerbook.coverage",
    "partnerbook.plans",
    "partnerbook.cadence",
    "partnerbook.practices",
    "partnerbook.performance",
    "partnerbook.reviews",
    "partnerbook.documents",
    "partnerbook.sourcing",
    "partnerbook.onboarding",
    "partnerbook.gate",
    "partnerbook.conflicts",
    "partnerbook.risk",
    "partnerbook.economics",
    "partnerbook.recognition",
    "partnerbook.portal",
    "partnerbook.tickets",
    "partnerbook.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "partnerbook.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the signed-in person's own language, else the browser's.
    "partnerbook.accounts.middleware.UserLanguageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "partnerbook.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the lock-out flag the sign-in attempt set on the request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partnerbook.urls"
WSGI_APPLICATION = "partnerbook.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnerbook.core.context_processors.navigation",
            ],
            # {% translate %} and {% blocktranslate %} in every template without a {% load %}.
            # `|translated` for the sentences pure code builds (partnerbook.core.marks.Text).
            "builtins": ["django.templatetags.i18n", "partnerbook.core.templatetags.texts"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'partnerbook.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets readers and one writer work together, as the demo server and a CLI import do.
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username+address before the password is even checked.
    "partnerbook.accounts.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Sign-in throttling (django-axes): failures are counted per user name *and* address, so
# someone guessing one account's password cannot lock its owner out from elsewhere.
AXES_FAILURE_LIMIT = int(os.environ.get("PARTNERBOOK_LOGIN_FAILURE_LIMIT", "5"))
# At least a minute: axes reads a zero cool-off as "locked until an administrator unlocks".
AXES_COOLOFF_TIME = timedelta(
    minutes=max(1, int(os.environ.get("PARTNERBOOK_LOGIN_LOCKOUT_MINUTES", "30")))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "partnerbook.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "partnerbook.accounts.backends.client_ip_address"
AXES_HTTP_RESPONSE_CODE = 429
# Only failures are recorded; successful sign-ins are already in the users' last_login.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no banner on every `partnerbook` command
# Wrong two-factor codes count as failed sign-ins too; the code typed is never stored.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]

# Two-factor sign-in (django-otp): optional for everyone, and with this flag on, required of
# administrators before they can use anything else (API tokens are a separate credential).
PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS = _flag("PARTNERBOOK_REQUIRE_2FA_FOR_ADMINS")
OTP_TOTP_ISSUER = "Partnerbook"

# Single sign-on with OpenID Connect (mozilla-django-oidc; docs/sso.md). Off unless the
# issuer, client id and client secret are all set. The endpoints are read from the
# issuer's discovery document on first use unless given here.
PARTNERBOOK_OIDC_ISSUER = os.environ.get("PARTNERBOOK_OIDC_ISSUER", "").strip().rstrip("/")
PARTNERBOOK_OIDC_CLIENT_ID = os.environ.get("PARTNERBOOK_OIDC_CLIENT_ID", "").strip()
PARTNERBOOK_OIDC_CLIENT_SECRET = os.environ.get("PARTNERBOOK_OIDC_CLIENT_SECRET", "").strip()
PARTNERBOOK_OIDC_AUTHORIZATION_ENDPOINT = os.environ.get(
    "PARTNERBOOK_OIDC_AUTHORIZATION_ENDPOINT", ""
).strip()
PARTNERBOOK_OIDC_TOKEN_ENDPOINT = os.environ.get("PARTNERBOOK_OIDC_TOKEN_ENDPOINT", "").strip()
PARTNERBOOK_OIDC_USERINFO_ENDPOINT = os.environ.get(
    "PARTNERBOOK_OIDC_USERINFO_ENDPOINT", ""
).strip()
PARTNERBOOK_OIDC_JWKS_ENDPOINT = os.environ.get("PARTNERBOOK_OIDC_JWKS_ENDPOINT", "").strip()
PARTNERBOOK_OIDC_SCOPES = os.environ.get("PARTNERBOOK_OIDC_SCOPES", "openid email profile")
PARTNERBOOK_OIDC_NAME = os.environ.get("PARTNERBOOK_OIDC_NAME", "").strip() or "single sign-on"
PARTNERBOOK_OIDC_ROLE_CLAIM = (
    os.environ.get("PARTNERBOOK_OIDC_ROLE_CLAIM", "").strip() or "partnerbook_role"
)
PARTNERBOOK_OIDC_ROLE_MAP = os.environ.get("PARTNERBOOK_OIDC_ROLE_MAP", "")
# Empty: someone whose claim maps to no role is refused.
PARTNERBOOK_OIDC_DEFAULT_ROLE = os.environ.get("PARTNERBOOK_OIDC_DEFAULT_ROLE", "viewer").strip()
# Trust the provider's e-mail address without an email_verified claim (e.g. Entra ID).
PARTNERBOOK_OIDC_TRUST_EMAIL = _flag("PARTNERBOOK_OIDC_TRUST_EMAIL")
PARTNERBOOK_OIDC_ENABLED = bool(
    PARTNERBOOK_OIDC_ISSUER and PARTNERBOOK_OIDC_CLIENT_ID and PARTNERBOOK_OIDC_CLIENT_SECRET
)
if PARTNERBOOK_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("partnerbook.accounts.oidc.SingleSignOnBackend")
# Passwords on the sign-in page: for our own people, and for suppliers' portal users.
PARTNERBOOK_LOCAL_LOGIN = _flag("PARTNERBOOK_LOCAL_LOGIN", default=True)
PARTNERBOOK_PORTAL_PASSWORDS = _flag("PARTNERBOOK_PORTAL_PASSWORDS", default=True)

LANGUAGE_CODE = "en"
# The languages the interface is written in; each person picks one (Account → Language),
# otherwise the browser's preference decides. The API and exports stay in English.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]
# The project-wide catalogue (base page, sign-in, errors); each app keeps its own in <app>/locale.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our English keeps ISO dates (2026-11-27); German and French use their own conventions.
FORMAT_MODULE_PATH = ["partnerbook.formats"]
TIME_ZONE = os.environ.get("PARTNERBOOK_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even when empty
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders so that `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded documents (certificates, agreements) go through Django's storage API: the file
# system under the data folder by default (backed up with the database), or any storage
# backend set in STORAGES["default"] (e.g. an S3-compatible store).
MEDIA_ROOT = Path(os.environ.get("PARTNERBOOK_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through a permission-checked view

# Uploads: imports are read in memory and refused above this size.
PARTNERBOOK_MAX_IMPORT_BYTES = int(os.environ.get("PARTNERBOOK_MAX_IMPORT_BYTES", 5 * 1024 * 1024))
# Files imported with `partnerbook import` come from disk, not through a web upload: an ERP's
# year of delivery lines (the deliveries import streams) may be far larger.
PARTNERBOOK_MAX_CLI_IMPORT_BYTES = int(
    os.environ.get("PARTNERBOOK_MAX_CLI_IMPORT_BYTES", 1024 * 1024 * 1024)
)
DATA_UPLOAD_MAX_MEMORY_SIZE = PARTNERBOOK_MAX_IMPORT_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = PARTNERBOOK_MAX_IMPORT_BYTES + 1024 * 1024

# HTTPS: off for `make run` on http://127.0.0.1:8000, on in production (docs/production.md).
HTTPS = _flag("PARTNERBOOK_HTTPS")
BEHIND_PROXY = _flag("PARTNERBOOK_BEHIND_PROXY")
if BEHIND_PROXY:
    # Only behind a proxy that sets this header itself: a client could send it directly.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
# Load balancers probe the health check over plain HTTP on the inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("PARTNERBOOK_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("PARTNERBOOK_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = _flag("PARTNERBOOK_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS: list[str] = []
if not SECURE_HSTS_PRELOAD:
    # Preloading is a separate, hard-to-undo decision for the whole domain (hstspreload.org);
    # operators opt in with PARTNERBOOK_HSTS_PRELOAD=1 rather than get it by default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

SESSION_COOKIE_AGE = int(os.environ.get("PARTNERBOOK_SESSION_HOURS", "12")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# PARTNERBOOK_SECURE_COOKIES is the older name, kept for TLS set up outside of Partnerbook.
SESSION_COOKIE_SECURE = HTTPS or _flag("PARTNERBOOK_SECURE_COOKIES")
# htmx takes the token from the page (base.html), so no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent on every page by partnerbook.core.middleware. No inline script or style attribute
# anywhere: htmx's own indicator style is turned off in base.html.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _flag("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "partnerbook@localhost")

# Portal invitations: how long a link works, and the address links in e-mails start with
# (empty: taken from the request that sent the e-mail, e.g. https://partnerbook.example.com).
PARTNERBOOK_INVITATION_DAYS = max(1, int(os.environ.get("PARTNERBOOK_INVITATION_DAYS", "7")))
PARTNERBOOK_BASE_URL = os.environ.get("PARTNERBOOK_BASE_URL", "").strip().rstrip("/")
# Password-reset requests allowed per e-mail address and per client address in an hour.
PARTNERBOOK_RESET_LIMIT = max(1, int(os.environ.get("PARTNERBOOK_RESET_LIMIT", "5")))
# Registrations of new suppliers allowed from one client address in an hour.
PARTNERBOOK_REGISTRATION_LIMIT = max(1, int(os.environ.get("PARTNERBOOK_REGISTRATION_LIMIT", "5")))
# Anonymous concerns a supplier's people raise through the portal stay hidden on our side until
# that supplier has at least this many, so that no single one can be traced to its writer
# (0 or 1: shown at once).
PARTNERBOOK_ANONYMOUS_CONCERN_MINIMUM = max(
    0, int(os.environ.get("PARTNERBOOK_ANONYMOUS_CONCERN_MINIMUM", "3"))
)

CACHES = {
    # In the database, so the rate limits of the public forms (password reset, registration,
    # two-factor checks) hold across every process and server, not per process. The table is
    # created by the accounts app's migration 0008.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "partnerbook_cache",
    }
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "PARTNERBOOK_TASKS_BACKEND", "django_tasks.backends.database.DatabaseBackend"
        )
    }
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": os.environ.get("PARTNERBOOK_LOG_LEVEL", "INFO")},
}
