"""The one settings module. Every value that differs between installs comes from the environment.

Embedded default (nothing set): SQLite in ./var, Celery tasks run in-process, e-mail to the console, files on disk.
Production: DATABASE_URL (postgres://…), REDIS_URL (redis://…), SECRET_KEY, DEBUG=0, ALLOWED_HOSTS.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_noop

from core.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if SECRET_KEY is None:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-the-embedded-default"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "drf_spectacular",
    "core",  # the ground floor (app label "noks_portal": core/apps.py)
    "accounts",
    "qualifications",
    "providers",
    "programs",
    "applications",
    "exams",
    "noks_portal",  # the roof (app label "portal"): management commands, demo data
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.input_guard.InputGuardMiddleware",  # control characters in the address: 400 before anything else
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag / 304 for every page that does not set its own
    "csp.middleware.CSPMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SignedInNoStoreMiddleware",  # a signed-in visitor's pages are never stored
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor of this session
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.middleware.DeniedAccessLogMiddleware",
    "accounts.middleware.SecondFactorMiddleware",  # the Office and administrators finish sign-in with a code
    "accounts.middleware.EmailConfirmationMiddleware",  # an unconfirmed address changes nothing
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lock-out page
]

ROOT_URLCONF = "noks_portal.urls"
WSGI_APPLICATION = "noks_portal.wsgi.application"

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
                "noks_portal.context_processors.portal",
                "accounts.context_processors.notices",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}", schemes=("sqlite", "postgres", "postgresql")
)
if DATABASE_URL.startswith("sqlite:"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the portal's queries are short, and a misestimated one (a search of several common words) spent
    # 800 ms compiling for a 6 ms scan at a million programs (docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The role the web and worker processes connect as, given its rights by `manage.py grant_app_role` (run as the
# tables' owner after migrate): everything but UPDATE/DELETE/TRUNCATE of the audit trail (docs/operations.md).
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE")

# --- Redis: Celery broker and results, cache ---------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", None, schemes=("redis", "rediss"))
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None or env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "noks")
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 500, minimum=1)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 400_000, minimum=50_000)  # KiB

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- accounts ----------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# Sign in with the e-mail address or the username (accounts.backends).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailOrUsernameBackend"]
# Login throttling (django-axes, ASVS 2.2.1): 5 failures for one username from one address lock that pair for 15
# minutes; the same username from another address is not locked, so nobody can lock another user out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
# Certificate verification by serial (which also asks for the holder's surname or date of birth): attempts per client
# address and window, so nobody walks a school's serials (exams/verification.py).
CERTIFICATE_VERIFY_LIMIT = env_int("CERTIFICATE_VERIFY_LIMIT", 30, minimum=1)
CERTIFICATE_VERIFY_WINDOW_SECONDS = env_int("CERTIFICATE_VERIFY_WINDOW_SECONDS", 600, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.backends.lockout_username"  # one count per account, address or username
# The client address (core.clientip): behind the TLS proxy, the entry its proxies appended to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", False) else 0, minimum=0,
                              maximum=5)
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
# What the landing page (accounts:dashboard) lists as needing the person's action: gathered on the roof, because it
# reads apps above accounts (applications, exams); accounts names it only by this path.
PORTAL_WORK = "noks_portal.work.work_context"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]  # ASVS 2.1: at least 8 characters, not a common password, no composition rules (so no "not all digits" rule)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14, minimum=1, maximum=90)

# --- e-mail ------------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "NOKS portal <noreply@noks.localhost>")

# --- languages ---------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "sr"
LANGUAGES = [
    ("sr", "Српски (ћирилица)"),
    ("sr-latn", "Srpski (latinica)"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Belgrade"
FORMAT_MODULE_PATH = ["noks_portal.formats"]  # genitive months in Serbian, unambiguous English dates
MODELTRANSLATION_DEFAULT_LANGUAGE = "sr"
MODELTRANSLATION_LANGUAGES = ("sr", "sr-latn", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("sr",), "en": ("sr-latn", "sr"), "sr-latn": ("sr",)}
MODELTRANSLATION_AUTO_POPULATE = False

# --- files -------------------------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing folder on every start
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Without DEBUG the files are collected (collectstatic) and served by WhiteNoise with hashed names.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"  # never served directly: documents go through permission-checked views
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)  # one evidence file
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- the open-data API (api/, /api/v1/) ---------------------------------------------------------------------------
# Read-only and public: JSON only (no browsable API), no authentication (so no session or CSRF interplay).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": gettext_noop("NOKS portal open data API"),  # the schema stays English; the docs page translates
    "VERSION": "1.0.0",
    "DESCRIPTION": gettext_noop(
        "Read-only open data of the NOKS portal (Serbia): the adult-education programs in an accreditation in force, "
        "the NOKS qualification standards and the register of publicly recognized organizers of adult-education "
        "activities (JPOA). JSON, CSV downloads and the programs as JSON-LD in the shape of the European Learning "
        "Model. No authentication; malformed query parameters give HTTP 400 with {\"errors\": {parameter: "
        "[messages]}}."
    ),
    "SERVE_INCLUDE_SCHEMA": False,
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- security ----------------------------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS >= 31536000)  # a year or more: preload-ready
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=300)
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)  # ended after 30 min without activity
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 60 * 60 * 8, minimum=300)  # and 8 h after sign-in
# Two-factor authentication (TOTP, RFC 6238) for the Office and administrators: the name shown in authenticator
# apps. django-otp's throttle is per device, so wrong codes from anyone would lock the owner out: it is off, and
# accounts.services throttles wrong codes per session, per client network and (past a high limit) per account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "NOKS")
OTP_TOTP_THROTTLE_FACTOR = 0
# The admin never shows a device's key or QR code: users enrol themselves, administrators only reset (and django-otp's
# key views answer 403 instead of a server error for an unknown device).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_STATIC_THROTTLE_FACTOR = 0

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"},
                "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},  # ~10 % of a render (bench)
}

# The Office: days within which an application must be decided, years an accreditation is valid, reminders.
DECISION_DEADLINE_DAYS = env_int("DECISION_DEADLINE_DAYS", 60, minimum=1)
ACCREDITATION_YEARS = env_int("ACCREDITATION_YEARS", 5, minimum=1)
ACCREDITATION_REMINDER_DAYS = (90, 30)
# A provider is reminded (inbox and e-mail) this many days before a change request's answer is due.
CHANGE_REQUEST_REMINDER_DAYS = env_int("CHANGE_REQUEST_REMINDER_DAYS", 3, minimum=1)
# The authority that issues the decisions (решења) and status certificates, and what every decision must say under
# the General Administrative Procedure Act (ЗУП, art. 141): texts in Serbian Cyrillic (a Latin copy transliterates).
# Which body issues them has changed over time: set these when it changes again.
AUTHORITY_NAME = env_str("AUTHORITY_NAME", "Канцеларија за дуално образовање и Национални оквир квалификација")
AUTHORITY_ADDRESS = env_str("AUTHORITY_ADDRESS", "Београд")
AUTHORITY_PLACE = env_str("AUTHORITY_PLACE", "Београд")
AUTHORITY_SIGNATORY = env_str("AUTHORITY_SIGNATORY", "")  # empty: the official who decided signs
AUTHORITY_SIGNATORY_TITLE = env_str("AUTHORITY_SIGNATORY_TITLE", "овлашћено службено лице")
AUTHORITY_LEGAL_BASIS = env_str(
    "AUTHORITY_LEGAL_BASIS",
    "члана 17. Закона о образовању одраслих („Службени гласник РС”, бр. 55/13, 88/17 – др. закон, 27/18 – др. "
    "закон и 6/20), Правилника о ближим условима у погледу програма, кадра, простора, опреме и наставних средстава "
    "за стицање статуса јавно признатог организатора активности образовања одраслих („Службени гласник РС”, број "
    "89/15) и члана 136. Закона о општем управном поступку („Службени гласник РС”, бр. 18/16, 95/18 – аутентично "
    "тумачење и 2/23 – одлука УС)",
)
AUTHORITY_REMEDY = env_str(
    "AUTHORITY_REMEDY",
    "Ово решење је коначно у управном поступку. Против овог решења може се покренути управни спор тужбом Управном "
    "суду у Београду у року од 30 дана од дана достављања решења.",
)
# The electronic seal (PAdES) on every official PDF (core/seal.py; docs/operations.md, "Seal"). Nothing set: the demo
# seal that `manage.py make_demo_seal` (run by scripts/start) makes under SEAL_DIR. Production: a PKCS#12 file, or a
# PKCS#11 token (HSM) when SEAL_PKCS11_MODULE is set. SEAL_TSA_URL: an RFC 3161 time-stamping service (off if empty).
SEAL_DIR = Path(env_str("SEAL_DIR", str(VAR_DIR / "seal")))
SEAL_PKCS12_PATH = env_str("SEAL_PKCS12_PATH", "")
SEAL_PKCS12_PASSPHRASE = env_str("SEAL_PKCS12_PASSPHRASE", "")
SEAL_PKCS11_MODULE = env_str("SEAL_PKCS11_MODULE", "")
SEAL_PKCS11_TOKEN_LABEL = env_str("SEAL_PKCS11_TOKEN_LABEL", "")
SEAL_PKCS11_KEY_LABEL = env_str("SEAL_PKCS11_KEY_LABEL", "")
SEAL_PKCS11_CERT_LABEL = env_str("SEAL_PKCS11_CERT_LABEL", "")  # empty: the key label
SEAL_PKCS11_PIN = env_str("SEAL_PKCS11_PIN", "")
SEAL_PKCS11_RAW_ECDSA = env_bool("SEAL_PKCS11_RAW_ECDSA", False)  # tokens without hash-then-sign ECDSA (SoftHSM2)
SEAL_CHAIN_PATH = env_str("SEAL_CHAIN_PATH", "")  # PEM: intermediate and root certificates not in the file/token
SEAL_TSA_URL = env_str("SEAL_TSA_URL", "")
SEAL_TSA_TIMEOUT_SECONDS = env_int("SEAL_TSA_TIMEOUT_SECONDS", 10, minimum=1)
SEAL_UPLOAD_MAX_BYTES = env_int("SEAL_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# The Ed25519 key that signs the certificates' verifiable credentials (exams/credentials.py; docs/credentials.md).
# Nothing set: the key `manage.py make_credential_key` (run by scripts/start) makes under var/keys/. Retired keys
# (comma-separated PEM files) stay published in /.well-known/did.json so credentials signed before a rotation verify.
CREDENTIAL_KEY_FILE = Path(env_str("CREDENTIAL_KEY_FILE", str(VAR_DIR / "keys" / "credential-ed25519.pem")))
CREDENTIAL_RETIRED_KEY_FILES = env_list("CREDENTIAL_RETIRED_KEY_FILES", [])
# Official documents still pending after this many minutes are enqueued again by the sweep.
DOCUMENT_SWEEP_AFTER_MINUTES = env_int("DOCUMENT_SWEEP_AFTER_MINUTES", 5, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "accreditations-expire-and-remind": {"task": "applications.accreditations_daily", "schedule": 6 * 3600.0},
    "official-documents-sweep": {"task": "applications.official_documents_sweep", "schedule": 120.0},
    "change-requests-remind": {"task": "applications.change_requests_remind", "schedule": 6 * 3600.0},
    "certificates-sweep": {"task": "exams.certificates_sweep", "schedule": 120.0},
}

# Content-Security-Policy (django-csp): scripts only from this site, never inline; styles may use the style
# attribute (progress bars, chart bars) but come from this site; nothing from other origins at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
