"""Settings for the defence relationships map.

One file, read from the environment. Every setting has a safe local default
so that `make run` needs nothing installed; production is switched on by
environment variables (see README, "Production").
"""

import hashlib
import os
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.cache import cache_settings, code_version

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    """Read a boolean environment variable: 1/true/yes/on are true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    """Read a comma-separated environment variable into a list."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# Off unless asked for: a forgotten variable must not leak tracebacks in production.
DEBUG = env_bool("DJANGO_DEBUG", False)

# A fallback secret exists only for local DEBUG runs; production must set its own.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "insecure-local-only-secret-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it (or DJANGO_DEBUG=1 for a local run)."
    )

# Local names by default; production lists its public host names.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

# Production security, switched on with DEBUG off and each overridable by env
# (see README, "Security and reliability"). `make run` and the tests run with DEBUG on.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A year of HSTS in production; preload is a separate commitment, so it is opt-in.
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (never trust it otherwise).
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Host names allowed to post forms (the admin) from another origin, e.g. https://map.example.org.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Headers on every response (Django's defaults, stated so that they are not lost).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "config.apps.ProjectAdminConfig",  # the admin, minus django-leaflet's GeoDjango admin module
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",  # tokens for scripts that write through the API
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "simple_history",
    "import_export",
    "axes",  # locks the admin login after repeated failures
    "csp",
    "relationships",
    "maps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The data versions, read once per request from the database (see relationships.cache).
    "relationships.cache.VersionPerRequestMiddleware",
    "relationships.middleware.BoundariesMiddleware",  # served like a static file, before sessions
    # A database that goes away is a clean 503 with Retry-After, never a traceback.
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.RejectNulMiddleware",
    "config.middleware.ApiBodyLimitMiddleware",  # an oversized body is a JSON 413 under /api/
    "config.middleware.ApiGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change, including rows saved by admin inlines.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its 429 page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks every login against its record of failures first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
            ],
        },
    },
]

# SQLite beside the code by default, so `make run` needs no server; DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        # A server that accepts but never answers is a 503 after this many seconds,
        # not a worker hung until gunicorn kills it (its timeout is 30 s).
        "connect_timeout": int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")),
        # No query may hold a worker longer than this (milliseconds; 0 = no limit);
        # PostgreSQL cancels it and the request is a 503 with Retry-After. Off by default
        # with DEBUG (local runs and the test suite: migrations, flushes on a busy machine).
        # JIT off: compiling the relationships query took 1.7 s of 1.9 s on the
        # benchmark's 20,000 agreements (0.27 s without); these queries never gain from it.
        "options": "-c statement_timeout={} -c jit=off".format(
            int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "0" if DEBUG else "15000"))
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic target for production; whitenoise serves it with far-future cache headers.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Shared by every worker (config.cache): files in CACHE_DIR by default (one machine),
# Redis when REDIS_URL is set (every machine). Either way the data versions live in the
# database, so answers are coherent across processes; a store that fails or hangs is a
# miss (after REDIS_TIMEOUT seconds for Redis), never an error. The default directory is
# one per database, so two sites (or test runs) on one checkout never share answers.
CACHE_DIR = Path(
    os.environ.get("CACHE_DIR")
    or BASE_DIR
    / "var"
    / "cache"
    / hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12]
)
# Answers cached before a deploy that changed the code are never served after it.
CODE_VERSION = code_version(BASE_DIR)
CACHES = cache_settings(os.environ.get("REDIS_URL"), CACHE_DIR, prefix=CODE_VERSION)
# Rate-limit counts must be shared by every worker (a per-worker count multiplies
# the limit): Redis when configured, else a table in the database (made by a migration).
CACHES["throttle"] = (
    {**CACHES["default"], "KEY_PREFIX": "throttle"}
    if os.environ.get("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "api_throttle_counts",
    }
)

REST_FRAMEWORK = {
    # DRF's JSON, written by orjson (`relationships.api.renderers`).
    "DEFAULT_RENDERER_CLASSES": [
        "relationships.api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    # Token first, so an anonymous write is a 401 that names the Token scheme;
    # sessions (the admin's login) still work, with CSRF enforced on writes.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PAGINATION_CLASS": "relationships.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "relationships.api.schema.WriteSchema",
    "EXCEPTION_HANDLER": "relationships.api.errors.exception_handler",
    # JSON nested too deeply to decode is a 400, not a RecursionError.
    "DEFAULT_PARSER_CLASSES": [
        "relationships.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # How many proxies in front of the site append to X-Forwarded-For. 0: the
    # header is ignored and the connection's address identifies the client
    # (anything else lets a client pick its own address to dodge the limits).
    "NUM_PROXIES": int(os.environ.get("DJANGO_NUM_PROXIES", "0")),
    "DEFAULT_THROTTLE_CLASSES": [
        "relationships.api.throttles.AnonThrottle",
        "relationships.api.throttles.WriteThrottle",
    ],
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Defence relationships map API",
    "DESCRIPTION": (
        "Countries, organisations, memberships and agreements, with the derived "
        "relationships between states on any date. Reads are public; writes need a "
        "user with the model permission (token or session with CSRF). "
        "The same data on [the map](/), with [how it is sourced](/about/); each "
        "record also has a citable page (`/agreements/{key}/`, `/organisations/{slug}/`, "
        "`/countries/{iso2}/`)."
    ),
    "VERSION": "1.0.0",
    # Writes are documented as JSON (the README's way); nested parties need it.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Every operation's error answers (400, 401, 403, 404, 409, 429, 503) in the schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "relationships.api.schema.document_errors",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # Docs assets come from drf-spectacular-sidecar: no outside network needed.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One named enum per choice set, shared by every field that uses it.
    "ENUM_NAME_OVERRIDES": {
        "PrecisionEnum": "relationships.models.Precision",
        "ObligationEnum": "relationships.models.Obligation",
        "AgreementKindEnum": "relationships.models.Agreement.Kind",
        "AgreementStatusEnum": "relationships.models.Agreement.Status",
        "OrganisationKindEnum": "relationships.models.Organisation.Kind",
        "MembershipRoleEnum": "relationships.models.Membership.Role",
        "PartyRoleEnum": "relationships.models.AgreementParty.Role",
        "SuccessionEnum": "relationships.vocabularies.Succession",
        "TierEnum": "relationships.ties.TIERS",
    },
}

# Bulk imports run in a transaction: a file with any bad row writes nothing.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Importing needs the add permission, exporting the view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# The map draws our own boundaries; a basemap tile URL is optional (none by default).
MAP_BASEMAP_URL = os.environ.get("MAP_BASEMAP_URL", "")
# The country the map opens on (ISO 3166-1 alpha-2).
MAP_DEFAULT_FOCUS = os.environ.get("MAP_DEFAULT_FOCUS", "GB").upper()

LEAFLET_CONFIG = {
    "TILES": [("Basemap", MAP_BASEMAP_URL, {})] if MAP_BASEMAP_URL else [],
    "DEFAULT_CENTER": (30.0, 10.0),
    "DEFAULT_ZOOM": 2,
    "MIN_ZOOM": 1,
    "MAX_ZOOM": 8,
    "RESET_VIEW": False,
    "ATTRIBUTION_PREFIX": "Boundaries: Natural Earth",
}

# Where the committed data lives.
FIXTURES_DIR = BASE_DIR / "fixtures"
BOUNDARIES_FILE = FIXTURES_DIR / "boundaries" / "countries-50m.json"
COUNTRIES_FILE = FIXTURES_DIR / "countries.csv"
DATASET_DIR = FIXTURES_DIR / "dataset"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Content-Security-Policy (django-csp): no inline script runs unless it carries the
# request's nonce (django-leaflet's map tag does); our own scripts are modules from
# 'self'. Inline styles stay allowed: the admin, Leaflet and Swagger UI set them.
_BASEMAP_ORIGIN = "/".join(MAP_BASEMAP_URL.replace("{s}", "*").split("/")[:3])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        # One inline handler is allowed by its hash: django-import-export's "Select all"
        # on the export page, onchange="onSelectToggleChange(event)". No other runs.
        "script-src-attr": [
            csp.UNSAFE_HASHES,
            "'sha256-wid4zL8fR53ZYy1ljOepzR77Dn6vWUUxuNnnWWBP3I8='",
        ],
        "style-src": [csp.SELF, csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", *([_BASEMAP_ORIGIN] if MAP_BASEMAP_URL else [])],
        "connect-src": [csp.SELF],
        "font-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    }
}

# django-axes: a username or address with AXES_FAILURE_LIMIT failed logins in a row
# is locked out for AXES_COOLOFF_TIME hours; a successful login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_VERBOSE = False
# The same client address as the API's rate limits (DJANGO_NUM_PROXIES above).
AXES_CLIENT_IP_CALLABLE = "relationships.api.throttles.client_address"

# API throttling per client (relationships.api.throttles): anonymous reads by address,
# writes by user. "none" switches a scope off (the test suite does, per test).
API_THROTTLE_RATES = {
    "anon": os.environ.get("API_THROTTLE_ANON", "1000/hour"),
    "write": os.environ.get("API_THROTTLE_WRITE", "300/hour"),
    # Token logins, by address: password guessing is also bounded by the lockout.
    "token": os.environ.get("API_THROTTLE_TOKEN", "20/minute"),
}
