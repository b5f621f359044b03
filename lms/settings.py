"""Capacita's settings: one module, every value from the environment.

Defaults are for a developer's machine (SQLite, console e-mail, Celery tasks run in-process)
and are safe: debug is off unless ``DJANGO_DEBUG`` turns it on, and with debug off the app
refuses to start without ``DJANGO_SECRET_KEY``. ``.env.example`` lists every variable.
"""

import json
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env_str(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production needs a long random secret key "
            "(see .env.example); for local development set DJANGO_DEBUG=true or use `make run`."
        )
    # Only ever used with debug on, on a developer's machine.
    SECRET_KEY = "django-insecure-development-only-key-capacita"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# The address people use to reach the site: links in e-mails, QR codes, the Wagtail admin.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

INSTALLED_APPS = [
    # Project apps first so their templates override allauth's and Wagtail's.
    "lms",
    "home",
    "courses",
    "enrollments",
    "certificates",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "lms.apps.CapacitaWagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every public response (below).
    "csp.middleware.CSPMiddleware",
    "lms.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lms.request_guards.NulByteGuardMiddleware",  # 400 before a NUL byte reaches PostgreSQL
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff sessions end sooner; staff see others' data only with an authenticator app and
    # from a session that gave its code (below, under Accounts).
    "lms.middleware.StaffSessionMiddleware",
    "lms.middleware.MFARequiredMiddleware",
    "lms.errors.ErrorPageMiddleware",  # a view's bare 400/403/404/405: the site's own page
    "lms.wagtail_admin.WagtailAdminGuardMiddleware",  # where Wagtail's admin trusts a request
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, the open data's table, an import's progress) -------------------------
# Several web processes must share one cache for allauth's rate limits to hold: Redis in
# production. Without REDIS_URL each process keeps its own in memory (fine for one process).
# What is kept belongs to one release of the code: each deploy sets CAPACITA_RELEASE (the
# commit it deploys) and starts on an empty cache, so nothing pickled by older code is read.

RELEASE = env_str("CAPACITA_RELEASE", "development")
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down is an empty cache, not an error page (lms/cache.py).
            "BACKEND": "lms.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "capacita"),
            "VERSION": RELEASE,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# --- Accounts ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "lms.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "lms.adapters.AccountAdapter"
# Close self-service sign-up (e.g. when every servant must come through SSO or HR import).
ACCOUNT_ALLOW_SIGNUP = env_bool("ACCOUNT_ALLOW_SIGNUP", default=True)
SOCIALACCOUNT_ADAPTER = "lms.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_FORMS = {"signup": "lms.forms.SignupForm"}  # with the full name
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# The column holds 254 characters (RFC 5321's limit for a path); longer is refused politely.
ACCOUNT_EMAIL_MAX_LENGTH = 254
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Capacita] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# allauth's defaults already limit log-in failures, sign-ups, resets and confirmations; they
# are stated here so an operator sees them and can tighten them.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Wrong passwords (lms.adapters.AccountAdapter.pre_authenticate). Per IP address and
    # account ("key"), more and more slowly: 5 in 5 minutes, 10 in an hour, 20 in a day; the
    # owner, from another address, is not held back by someone guessing. Per account from
    # everywhere, a ceiling against guessing from many addresses (which then holds the owner
    # back too, until the hour is over or they reset their password: a reset clears both).
    "login_failed_from_address": "10/m/ip,5/5m/key,10/h/key,20/d/key",
    "login_failed_for_account": "100/h/key",
    # Wrong codes after the password (allauth.mfa, per account: whoever types them already
    # knows the password), at reauthentication and at activation.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_email": "1/m/user",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
    # Codes e-mailed before an authenticator app is added (lms.mfa.mfa_email_code_send).
    "mfa_email_code": "3/15m/user",
}

# Two-factor authentication (allauth.mfa, under /conta/2fa/): an authenticator app (TOTP) and
# recovery codes. Anyone may turn it on from their profile, with their password and a code
# sent to their confirmed e-mail address (lms.mfa_views); whoever has it is asked for a
# code after their password. Wrong codes count as failed log-ins: "login_failed" above, keyed
# per account (5 in 5 minutes), holds for codes at log-in, reauthentication and activation.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("SITE_NAME", "Capacita")
# The code of the 30 seconds before or after is accepted too (a phone's clock drifts); each
# code still works only once.
MFA_TOTP_TOLERANCE = 1
# Managers, administrators and superusers must have an authenticator app before they open the
# admin, the trainer area or certificate downloads, where other people's data is
# (lms.mfa.mfa_required; lms.middleware.MFARequiredMiddleware).
CAPACITA_MFA_REQUIRED = env_bool("CAPACITA_MFA_REQUIRED", default=True)

# Sessions. Learners and trainers stay logged in for two weeks; those who see and export
# other people's data (managers, administrators, superusers) are logged out after this long
# without a request, and after this long at most (lms.middleware.StaffSessionMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
CAPACITA_STAFF_SESSION_IDLE_MINUTES = env_int("CAPACITA_STAFF_SESSION_IDLE_MINUTES", 30)
CAPACITA_STAFF_SESSION_MAX_HOURS = env_int("CAPACITA_STAFF_SESSION_MAX_HOURS", 8)


def oidc_providers_from_env(environ: dict[str, str]) -> dict:
    """The city's identity provider (OpenID Connect), entirely from environment variables.

    No row in the database is needed: allauth reads the app from settings. Without
    ``OIDC_SERVER_URL`` and ``OIDC_CLIENT_ID`` there is no provider and no button.
    """
    server_url = environ.get("OIDC_SERVER_URL", "").strip()
    client_id = environ.get("OIDC_CLIENT_ID", "").strip()
    if not (server_url and client_id):
        return {}
    scopes = environ.get("OIDC_SCOPES", "openid email profile").split()
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "SCOPE": scopes,
            "APPS": [
                {
                    "provider_id": environ.get("OIDC_PROVIDER_ID", "cidade").strip() or "cidade",
                    "name": environ.get("OIDC_NAME", "").strip() or "Login único da Prefeitura",
                    "client_id": client_id,
                    "secret": environ.get("OIDC_CLIENT_SECRET", "").strip(),
                    "settings": {
                        "server_url": server_url,
                        "token_auth_method": environ.get(
                            "OIDC_TOKEN_AUTH_METHOD", "client_secret_basic"
                        ).strip(),
                        "oauth_pkce_enabled": True,
                    },
                }
            ],
        }
    }


SOCIALACCOUNT_PROVIDERS = oidc_providers_from_env(dict(os.environ))
SOCIALACCOUNT_EMAIL_AUTHENTICATION = env_bool("OIDC_EMAIL_AUTHENTICATION", default=False)
SOCIALACCOUNT_LOGIN_ON_GET = False

# --- Language and time --------------------------------------------------------------------------

LANGUAGE_CODE = "pt-br"
# Offered in the switcher; a language appears here once its catalogue is complete.
LANGUAGES = [
    ("pt-br", "Português (Brasil)"),
    ("en", "English"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "capacita_language"
LANGUAGE_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True
WAGTAIL_CONTENT_LANGUAGES = [("pt-br", "Português (Brasil)")]

# --- Static and media files -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Certificate PDFs and ZIPs carry people's names: they live outside MEDIA_ROOT, are never
# served by the web server or the proxy, and reach people only through views that check who
# is asking.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {
        "BACKEND": env_str("DJANGO_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(env_str("DJANGO_MEDIA_STORAGE_OPTIONS", "{}")),
    },
    "private": {
        "BACKEND": env_str("DJANGO_PRIVATE_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(
            env_str(
                "DJANGO_PRIVATE_STORAGE_OPTIONS",
                json.dumps({"location": str(PRIVATE_MEDIA_ROOT)}),
            )
        ),
    },
    "staticfiles": {
        "BACKEND": env_str(
            "DJANGO_STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- E-mail -------------------------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Capacita <nao-responda@capacita.localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work (Celery) -----------------------------------------------------------------
# No broker configured: tasks run in-process, so a new user needs neither Redis nor a worker.

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A web request that queues work must not hang on a dead broker: fail fast, log, and let the
# periodic sweepers pick the work up (nothing is lost, it is only later).
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Redis sockets: without these a black-holed broker would hold a request for minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3, "socket_timeout": 5}
CERTIFICATE_SWEEP_SECONDS = env_int("CERTIFICATE_SWEEP_SECONDS", 120)
CELERY_BEAT_SCHEDULE: dict = {
    "certificates-sweep": {
        "task": "certificates.tasks.sweep_certificates",
        "schedule": CERTIFICATE_SWEEP_SECONDS,
        # Sweeps left in a queue while workers were down are dropped, not run back to back.
        "options": {"expires": CERTIFICATE_SWEEP_SECONDS},
    },
    # Last month's indicator figures, kept for reports; daily so a missed 1st catches up.
    "indicators-monthly-snapshot": {
        "task": "enrollments.tasks.snapshot_indicators",
        "schedule": crontab(hour=2, minute=15),
        "options": {"expires": 6 * 3600},
    },
}

# --- Certificates -------------------------------------------------------------------------------

# A completion still without a certificate this long after it happened is issued by the sweep,
# which looks back this many days (older gaps: `manage.py issue_missing_certificates`).
CERTIFICATE_SWEEP_GRACE_SECONDS = env_int("CERTIFICATE_SWEEP_GRACE_SECONDS", 180)
CERTIFICATE_SWEEP_WINDOW_DAYS = env_int("CERTIFICATE_SWEEP_WINDOW_DAYS", 7)
# Learners are e-mailed about certificates of completions this recent (not about a backfill).
CERTIFICATE_NOTIFY_WITHIN_DAYS = env_int("CERTIFICATE_NOTIFY_WITHIN_DAYS", 7)
# A ZIP holds at most this many certificates, and is deleted this many days after it was made.
CERTIFICATE_ARCHIVE_MAX = env_int("CERTIFICATE_ARCHIVE_MAX", 5000)
CERTIFICATE_ARCHIVE_RETENTION_DAYS = env_int("CERTIFICATE_ARCHIVE_RETENTION_DAYS", 7)
# Public verification, per client IP: enough for a person or an HR check, not for guessing.
CERTIFICATE_VERIFY_RATE_LIMIT = env_str("CERTIFICATE_VERIFY_RATE_LIMIT", "30/m")

# --- Security (deployment) ----------------------------------------------------------------------

# How many proxies in front of the app append to X-Forwarded-For: rate limits (log-in,
# certificate verification) must count people, not the proxy's address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_TLS_PROXY") else None
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Cookies travel over HTTPS only, unless a local benchmark over plain HTTP turns that off.
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "lms.errors.csrf_failure"  # the site's page, in the person's language
X_FRAME_OPTIONS = "DENY"
# The public site runs no inline script and loads nothing from elsewhere: scripts, styles,
# fonts and images from this origin only (images also as data: URIs, and from the media
# storage's origin when it is another one). Wagtail's admin, which needs inline scripts,
# keeps its own rules; the error pages (no script at all) style themselves inline.
_MEDIA_ORIGIN = env_str("CSP_MEDIA_ORIGIN")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", *([_MEDIA_ORIGIN] if _MEDIA_ORIGIN else [])],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
# Browser features no page of the platform uses, turned off for every page and any frame.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()"
SILENCED_SYSTEM_CHECKS = env_list("DJANGO_SILENCED_SYSTEM_CHECKS")

# `make bench` only: serves /_bench/baseline/, the bare view every page is compared with.
BENCH_BASELINE = env_bool("CAPACITA_BENCH_BASELINE", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading is a one-way door an operator opts into; not preloading is a choice.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- Wagtail ------------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = env_str("SITE_NAME", "Capacita")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Uploads are checked for what they are, not only their name: documents' first bytes must
# match their extension (lms.uploads); images are opened by Willow, which refuses a renamed
# file. No SVG (it may carry scripts), and no image big enough to exhaust memory when resized.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "lms.uploads.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from Gravatar: it would send a hash of every servant's e-mail to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One way in: the admin uses the site's log-in (allauth: rate limits, verified e-mail).
WAGTAILADMIN_LOGIN_URL = "staff_login"
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True  # "saúde" → "saude" in catalogue filter links

# --- Logging --------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"database_outage": {"()": "lms.log_filters.DatabaseOutageFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # An outage's 503s: one line each, not a traceback each (lms.log_filters).
        "django.request": {"filters": ["database_outage"]},
        "django.db.backends": {"level": "WARNING"},
        # Page publishing and background-task chatter: useful when debugging, noise otherwise.
        "wagtail": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
        "django_tasks": {"level": env_str("WAGTAIL_LOG_LEVEL", "WARNING")},
        "celery": {"level": env_str("CELERY_LOG_LEVEL", "WARNING")},
        # Eager tasks (no broker) make kombu warn about a missing host on every call; with a
        # broker its warnings matter.
        "kombu.connection": {"level": "ERROR" if CELERY_TASK_ALWAYS_EAGER else "WARNING"},
    },
}
