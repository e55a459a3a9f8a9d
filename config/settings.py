"""Press One settings: every value comes from the environment or a `.env` file.

See `.env.example` for the full list. Bad values stop start-up with a one-line
explanation (manage.py and wsgi.py print it).
"""

import os
import re
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    # Values already in the environment win over the file.
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}


def env_bool(name: str, default: bool) -> bool:
    """A strict boolean: anything but a recognised word is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None
    if not 0 <= value < float("inf"):
        raise ImproperlyConfigured(f"{name}={raw!r} must be zero or more.")
    return value


# pytest sets PYTEST_VERSION; the test suite gets the same development defaults.
TESTING = "PYTEST_VERSION" in os.environ
DEBUG = env_bool("DEBUG", False)
DEV_DEFAULTS = DEBUG or TESTING

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEV_DEFAULTS:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set; it is required when DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "development-only-key-never-use-in-production-0123456789abcdefghij"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEV_DEFAULTS else [],
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is empty; list the site's host names when DEBUG is off."
    )

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlparse(SITE_URL).scheme not in {"http", "https"} or not urlparse(SITE_URL).netloc:
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must be an absolute http(s) URL.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must not be empty.")

CAMPAIGN_NAME = os.environ.get("CAMPAIGN_NAME", "Press One")

INSTALLED_APPS = [
    # Before the admin, whose templates and forms it extends with one field per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_tasks_db",
    "anymail",
    "django_countries",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    # Our apps, lowest layer first (CONTRIBUTING.md; import-linter enforces it):
    # core <- accounts <- legislators <- supporters <- petitions | letters | calls <- mailings
    # <- whip <- campaign.
    "core",
    "accounts",
    "legislators",
    "supporters",
    "petitions",
    "letters",
    "calls",
    "mailings",
    "whip",
    "campaign",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is compressed here (static files are compressed once by whitenoise). Django masks
    # the CSRF token anew in every response and pads gzip output with random bytes, the two
    # BREACH defences; docs/deploy.md weighs it.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Below sessions, above common and the page cache: the page cache keys pages by the
    # language this settles (the /es/ prefix, else English).
    "core.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Right below CSRF, so a cached page gets the visitor's own token and cookie.
    "core.pagecache.PageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaign.context_processors.site",
                "core.context_processors.languages",
                "campaign.context_processors.navigation",
                "campaign.context_processors.site_banner",
            ],
        },
    },
]

# Database: SQLite file under var/ unless DATABASE_URL says otherwise.
_DATABASE_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql", "postgis"}
_database_url = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
if urlparse(_database_url).scheme not in _DATABASE_SCHEMES:
    raise ImproperlyConfigured(
        f"DATABASE_URL has an unsupported scheme {urlparse(_database_url).scheme!r}; "
        "use postgres://user:pass@host:5432/name or sqlite:////absolute/path.db."
    )
try:
    _database = environ.Env.db_url_config(_database_url)
except Exception as error:  # django-environ raises several types on junk
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # WAL plus IMMEDIATE transactions let the web process and the worker share the file.
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    if not _database.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database.")
    _database["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    _database["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _database}
USING_POSTGRES = _database["ENGINE"].startswith("django.db.backends.postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis in production (shared rate limits across app servers), memory by default.
_cache_url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")
if _cache_url:
    _scheme = urlparse(_cache_url).scheme
    if _scheme in {"redis", "rediss"}:
        CACHES = {
            "default": {
                # Django's own backend, reusing its Redis client (config/redis_cache.py).
                "BACKEND": "config.redis_cache.RedisCache",
                "LOCATION": _cache_url,
                "KEY_PREFIX": "pressone",
            }
        }
    else:
        try:
            CACHES = {"default": environ.Env.cache_url_config(_cache_url)}
        except Exception as error:
            raise ImproperlyConfigured(f"CACHE_URL is not a valid cache URL: {error}") from None
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pressone",
        }
    }

# Background work: Django's tasks framework with the database backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}


def env_positive_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = env_int(name, default)
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


# Sending mailings (mailings/sending.py, docs/deploy.md "Sending mailings"):
# messages per second across every worker (0: no limit; shared through the cache, so Redis
# once more than one worker runs), how many workers may share one send, how late a scheduled
# mailing may still start by itself, and when a claimed row counts as left by a dead worker.
MAILING_RATE = env_positive_int("MAILING_RATE", 20)
MAILING_WORKERS = env_positive_int("MAILING_WORKERS", 4, minimum=1)
MAILING_LATE_START_HOURS = env_positive_int("MAILING_LATE_START_HOURS", 6)
MAILING_STALE_SECONDS = env_positive_int("MAILING_STALE_SECONDS", 600, minimum=1)

# Mail through Django's MAILERS, chosen by EMAIL_URL:
#   smtp://user:pass@host:port, smtp+tls://..., smtp+ssl://..., consolemail://,
#   filemail:///absolute/dir, anymail://<esp> (for example anymail://postmark, with
#   ANYMAIL_<SETTING> variables such as ANYMAIL_POSTMARK_SERVER_TOKEN).
MAIL_DIR = VAR_DIR / "mail"
SMTP_TIMEOUT = env_int("SMTP_TIMEOUT", 20)


def _mailer_from_url(url: str) -> dict:
    parsed = urlparse(url)
    if parsed.scheme == "anymail":
        if not parsed.netloc:
            raise ImproperlyConfigured("EMAIL_URL=anymail://<esp> needs a provider name.")
        return {"BACKEND": f"anymail.backends.{parsed.netloc}.EmailBackend"}
    try:
        config = environ.Env.email_url_config(url)
    except Exception as error:
        raise ImproperlyConfigured(f"EMAIL_URL is not a valid email URL: {error}") from None
    backend = config["EMAIL_BACKEND"]
    if backend.endswith("smtp.EmailBackend"):
        if not config.get("EMAIL_HOST"):
            raise ImproperlyConfigured("EMAIL_URL names no SMTP host.")
        options = {
            "host": config["EMAIL_HOST"],
            "port": config.get("EMAIL_PORT") or 25,
            "username": config.get("EMAIL_HOST_USER") or "",
            "password": config.get("EMAIL_HOST_PASSWORD") or "",
            "use_tls": bool(config.get("EMAIL_USE_TLS")),
            "use_ssl": bool(config.get("EMAIL_USE_SSL")),
            "timeout": SMTP_TIMEOUT,
        }
        return {"BACKEND": backend, "OPTIONS": options}
    if backend.endswith("filebased.EmailBackend"):
        path = config.get("EMAIL_FILE_PATH") or str(MAIL_DIR)
        return {"BACKEND": backend, "OPTIONS": {"file_path": "/" + path.lstrip("/")}}
    return {"BACKEND": backend}


# Without EMAIL_URL: files under var/mail/ in development, the local MTA in production.
_email_url = os.environ.get("EMAIL_URL", "" if DEV_DEFAULTS else "smtp://localhost:25")
if _email_url:
    MAILERS = {"default": _mailer_from_url(_email_url)}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(MAIL_DIR)},
        }
    }
# Provider webhooks (delivery and bounce reports) are mounted only for these providers:
# by default the Anymail provider EMAIL_URL names. An unconfigured provider's webhook
# would only answer with configuration errors.
_anymail_esp = (
    MAILERS["default"]["BACKEND"].split(".")[2]
    if MAILERS["default"]["BACKEND"].startswith("anymail.backends.")
    else ""
)
EMAIL_WEBHOOK_PROVIDERS = env.list(
    "EMAIL_WEBHOOK_PROVIDERS", default=[_anymail_esp] if _anymail_esp else []
)
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}
# A temporary delivery failure ("soft bounce") is the mailbox's passing trouble; this many
# within this many days mean the address no longer takes mail, and it is suppressed.
LIST_SOFT_BOUNCE_LIMIT = env_int("LIST_SOFT_BOUNCE_LIMIT", 3)
LIST_SOFT_BOUNCE_WINDOW_DAYS = env_int("LIST_SOFT_BOUNCE_WINDOW_DAYS", 30)
if LIST_SOFT_BOUNCE_LIMIT < 1 or LIST_SOFT_BOUNCE_WINDOW_DAYS < 1:
    raise ImproperlyConfigured(
        "LIST_SOFT_BOUNCE_LIMIT and LIST_SOFT_BOUNCE_WINDOW_DAYS must be at least 1."
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"{CAMPAIGN_NAME} <campaign@example.org>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Mailings to the lists come from an address at our own domain, the one DKIM and SPF are
# set up for (DMARC alignment); replies go to MAILINGS_REPLY_TO when it is set.
MAILINGS_FROM_EMAIL = os.environ.get("MAILINGS_FROM_EMAIL", DEFAULT_FROM_EMAIL)
MAILINGS_REPLY_TO = os.environ.get("MAILINGS_REPLY_TO", "")
for _name, _address in (
    ("MAILINGS_FROM_EMAIL", MAILINGS_FROM_EMAIL),
    ("MAILINGS_REPLY_TO", MAILINGS_REPLY_TO),
):
    if _address and "@" not in parseaddr(_address)[1].strip("@"):
        raise ImproperlyConfigured(f"{_name}={_address!r} is not an email address.")

# django-axes looks at every login first and refuses locked-out ones.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
# Numbers as US Spanish speakers write them (1,234.5), dates in Spanish words: config/formats.
FORMAT_MODULE_PATH = ["config.formats"]
# Content staff translate in the admin (django-modeltranslation): English first, and a
# Spanish page without its own text shows the English one.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEV_DEFAULTS
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEV_DEFAULTS
if DEV_DEFAULTS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

LOGIN_URL = "admin:login"

# Staff accounts. Two-factor login (TOTP, with one-time recovery codes) is required for
# everyone with admin or staff access unless STAFF_2FA_REQUIRED is off; it defaults to
# on whenever DEBUG is off, and to off in development and tests.
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", not DEV_DEFAULTS)
OTP_TOTP_ISSUER = CAMPAIGN_NAME
STAFF_RECOVERY_CODES = 10

# Brute-force protection on the login: after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES
# (0: until `manage.py axes_reset_username <name>`). Failures are kept in the
# database, which every app server shares.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
_axes_cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", 60)
AXES_COOLOFF_TIME = timedelta(minutes=_axes_cooloff_minutes) if _axes_cooloff_minutes > 0 else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Staff logins are not logged one by one: failures are what matter.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Behind a load balancer REMOTE_ADDR is the balancer: TRUSTED_PROXY_COUNT says how many
# proxies append to X-Forwarded-For, so the client is read from the right place.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.abuse.request_ip"

# Retention: personal data that has done its job is removed after this many days
# by `manage.py purge_personal_data` (run daily).
RETENTION_DAYS = env_int("RETENTION_DAYS", 180)
if RETENTION_DAYS < 1:
    raise ImproperlyConfigured(f"RETENTION_DAYS={RETENTION_DAYS} must be at least 1.")
# Where supporters ask for a copy of their data or its deletion (the privacy page).
PRIVACY_EMAIL = os.environ.get("PRIVACY_EMAIL") or parseaddr(DEFAULT_FROM_EMAIL)[1]

# Security headers are sent in development too, so a violation shows up early.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not TESTING)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not TESTING)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not TESTING)
    # No script of ours reads a cookie, so none needs to be readable from JavaScript.
    CSRF_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    LANGUAGE_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"

# A constant-answer view at /bench/ceiling for `make bench` (the framework's ceiling);
# 404 unless switched on.
BENCHMARK_ENDPOINTS = env_bool("BENCHMARK_ENDPOINTS", False)

# The Congress the ZIP lookup and the geocoder answer for. Unset: the one sitting now (the Nth
# Congress begins at noon US/Eastern on January 3 of odd years). Pin one to rehearse a new
# Congress or to hold the old one back.
_congress_raw = os.environ.get("CONGRESS_NUMBER", "").strip()
CONGRESS_NUMBER: int | None = None
if _congress_raw:
    CONGRESS_NUMBER = env_int("CONGRESS_NUMBER", 0)
    # The January 3 rule holds from the 74th Congress (1935); far-future numbers are typos.
    if not 74 <= CONGRESS_NUMBER <= 200:
        raise ImproperlyConfigured(
            f"CONGRESS_NUMBER={_congress_raw!r} must be a Congress from 74 to 200, such as 120."
        )

# States that drew a new House map for the sitting Congress. Unset: the list shipped in
# legislators/congress.py for that Congress; set (even empty) to override it. Until the ZIP
# table has rows for the sitting Congress in such a state, its ZIP codes ask for an address.
_changed_raw = os.environ.get("CHANGED_MAP_STATES")
CHANGED_MAP_STATES: list[str] | None = None
if _changed_raw is not None:
    CHANGED_MAP_STATES = [code.strip().upper() for code in _changed_raw.split(",") if code.strip()]
    _bad_codes = [code for code in CHANGED_MAP_STATES if not re.fullmatch(r"[A-Z]{2}", code)]
    if _bad_codes:
        raise ImproperlyConfigured(
            f"CHANGED_MAP_STATES={_changed_raw!r}: {_bad_codes[0]!r} is not a two-letter "
            "postal code; use a comma-separated list such as AL,CA,FL."
        )

# Third-party HTTP services (stubbed in tests).
CENSUS_GEOCODER_URL = os.environ.get(
    "CENSUS_GEOCODER_URL", "https://geocoding.geo.census.gov/geocoder"
).rstrip("/")
CONGRESS_API_URL = os.environ.get("CONGRESS_API_URL", "https://api.congress.gov/v3").rstrip("/")
CONGRESS_API_KEY = os.environ.get("CONGRESS_API_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Successful staff logins are routine; lockouts and failures still show.
        "axes": {"level": "WARNING"},
    },
}

# Abuse control for public forms (petitions/abuse.py). IPs are stored only as
# HMAC hashes keyed by IP_HASH_SALT (derived from SECRET_KEY when empty).
IP_HASH_SALT = os.environ.get("IP_HASH_SALT", "")


def env_rate(name: str, default: str) -> tuple[int, int]:
    """A rate limit written as "count/seconds", for example "60/600"."""
    raw = os.environ.get(name, default).strip()
    count, _, seconds = raw.partition("/")
    try:
        parsed = (int(count), int(seconds))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a rate like 60/600.") from None
    if parsed[0] < 0 or parsed[1] <= 0:
        raise ImproperlyConfigured(f"{name}={raw!r} needs a count >= 0 and seconds > 0.")
    return parsed


# Per action: attempts allowed per window from one IP and for one email address.
RATE_LIMITS = {
    "sign": {
        "ip": env_rate("RATE_LIMIT_SIGN_IP", "60/600"),
        "email": env_rate("RATE_LIMIT_SIGN_EMAIL", "5/3600"),
    },
    "letter": {
        "ip": env_rate("RATE_LIMIT_LETTER_IP", "30/600"),
        "email": env_rate("RATE_LIMIT_LETTER_EMAIL", "5/3600"),
    },
    # Reported calls (one per office, three offices each) and the optional alerts email.
    "call": {
        "ip": env_rate("RATE_LIMIT_CALL_IP", "60/600"),
        "email": env_rate("RATE_LIMIT_CALL_EMAIL", "5/3600"),
    },
    "event": {
        "ip": env_rate("RATE_LIMIT_EVENT_IP", "60/600"),
        "email": env_rate("RATE_LIMIT_EVENT_EMAIL", "5/3600"),
    },
    "join": {
        "ip": env_rate("RATE_LIMIT_JOIN_IP", "60/600"),
        "email": env_rate("RATE_LIMIT_JOIN_EMAIL", "5/3600"),
    },
    # A street address sent by POST is geocoded by a third party: per IP only.
    "lookup": {
        "ip": env_rate("RATE_LIMIT_LOOKUP_IP", "60/600"),
    },
}

# Petitions: seconds a petition's count is cached between recounts from its counter
# shards, and how long a signature confirmation link works.
PETITION_COUNT_CACHE_SECONDS = env_int("PETITION_COUNT_CACHE_SECONDS", 10)
# Public pages served to visitors without a session are cached this long (campaign/pagecache.py);
# 0 turns it off. Off in tests, which switch it on where they check it.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if TESTING else 60)
# How long each process serves its own copies of cached pages before asking the shared cache
# whether an editor changed something; a change reaches every process within this time.
PAGE_CACHE_LOCAL_SECONDS = env_float("PAGE_CACHE_LOCAL_SECONDS", 0 if TESTING else 1.0)
# How long a process trusts the lookup data version it read before asking the shared cache again;
# an import made by another process (the roster, the ZIP table) shows that much later.
LOOKUP_VERSION_RECHECK_SECONDS = env_float("LOOKUP_VERSION_RECHECK_SECONDS", 0 if TESTING else 1.0)
SIGNATURE_CONFIRM_MAX_AGE = env_int("SIGNATURE_CONFIRM_MAX_AGE", 7 * 24 * 3600)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)

# How long each kind of signed link works, in seconds (core/signing.py); None: forever.
# Unsubscribe links never expire: a message read months later must still let people leave.
SIGNED_LINK_MAX_AGE = {
    "SIGNATURE_CONFIRM": SIGNATURE_CONFIRM_MAX_AGE,
    "LETTER_CONFIRM": env_int("LETTER_CONFIRM_MAX_AGE", 14 * 24 * 3600),
    "LIST_CONFIRM": env_int("LIST_CONFIRM_MAX_AGE", 7 * 24 * 3600),
    "LIST_UNSUBSCRIBE": None,
    # One list's one-click unsubscribe must work as long as the email it came in exists.
    "LIST_ONE_CLICK": None,
    # The preferences link can also join lists, so it ages; an older one still lets its
    # owner leave (see supporters.lists).
    "LIST_PREFERENCES": env_int("LIST_PREFERENCES_MAX_AGE", 180 * 24 * 3600),
    "NEWS_PREVIEW": env_int("NEWS_PREVIEW_MAX_AGE", 14 * 24 * 3600),
    "SIGNER_COOKIE": SESSION_COOKIE_AGE,
    # The call flow's browser token: a report counts once a day per browser and office.
    "CALLER_COOKIE": env_int("CALLER_COOKIE_MAX_AGE", 30 * 24 * 3600),
    # The personal /write/ link in a mailing: it only fills the ZIP code, so it lives long.
    "WRITE_LINK": env_int("WRITE_LINK_MAX_AGE", 90 * 24 * 3600),
    # The personal /call/ link in a mailing: the same, for the call flow.
    "CALL_LINK": env_int("CALL_LINK_MAX_AGE", 90 * 24 * 3600),
}
