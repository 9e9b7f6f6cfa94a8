"""Helix settings: one module, configured from the environment.

DATABASE_URL defaults to an SQLite file under var/; PostgreSQL in production and CI.
"""

import datetime as dt
import importlib.util
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# The fallback key is for the local demo and tests only; production sets SECRET_KEY. With DEBUG off and
# the fallback key, `check --deploy` fails (helix.E001) and helix.wsgi refuses to serve (helix/core/checks.py).
HELIX_DEMO_SECRET_KEY = "helix-local-demo-key-not-for-production-9f8e7d6c5b4a3928170"
SECRET_KEY = os.environ.get("SECRET_KEY") or HELIX_DEMO_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "helix.core.backoffice.TasksConfig",  # django_tasks_db with a Spanish name (issue 12 §7)
    "axes",
    # Two-factor authentication (ops)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "helix.core",
    "helix.accounts",
    "helix.territory",
    "helix.network",
    "helix.events",
    "helix.matching",
    "helix.wheel",
    "helix.academy",
    "helix.certificates",
    "helix.outreach",
    "helix.surveys",
    "helix.impact",
    "helix.home",  # Mi Helix (issue 12 §2)
    "helix.notifications",  # in-app and e-mail notifications (issue 12 §2)
    "helix.demo",
    "helix.apitokens",  # apisec: personal API tokens
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "helix.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # two-factor authentication (ops)
    "django.contrib.messages.middleware.MessageMiddleware",
    "helix.accounts.middleware.StaffTwoFactorMiddleware",  # two-factor authentication (ops)
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # probe (issue 11): Content-Security-Policy and Permissions-Policy on every response
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "helix.core.headers.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "helix.urls"
WSGI_APPLICATION = "helix.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # ninja's templates by path (Swagger UI page), see NINJA_DIR below.
        "DIRS": [BASE_DIR / "helix" / "templates", Path(importlib.util.find_spec("ninja").origin).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'helix.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # Load/fault test (ops): a persistent connection broken by a database restart is replaced, not reused.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout keep the demo usable with a task worker writing alongside.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses locked-out sign-ins before the password is checked (see helix/accounts/lockout.py).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:mine"  # Mi Helix after sign-in (issue 12 §2)
LOGOUT_REDIRECT_URL = "core:home"

# Failed sign-in throttling (django-axes, in the database so it holds across app servers): per (e-mail, IP)
# pair, with a growing cool-off (see helix/accounts/lockout.py).
AXES_FAILURE_LIMIT = int(os.environ.get("HELIX_LOGIN_MAX_FAILURES", "5"))  # per e-mail and IP address pair
HELIX_LOGIN_COOLOFF_BASE = dt.timedelta(minutes=int(os.environ.get("HELIX_LOGIN_WINDOW_MINUTES", "15")))
HELIX_LOGIN_COOLOFF_MAX = dt.timedelta(hours=24)
AXES_COOLOFF_TIME = "helix.accounts.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind N TLS proxies that append to X-Forwarded-For, set this to N (0: the peer address is the client).
HELIX_TRUSTED_PROXY_COUNT = int(os.environ.get("HELIX_TRUSTED_PROXY_COUNT", "0"))
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "helix.accounts.lockout.username_from"
AXES_CLIENT_IP_CALLABLE = "helix.accounts.lockout.client_ip"
AXES_HANDLER = "helix.accounts.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful sign-ins are not logged (personal data Helix does not need).
AXES_DISABLE_ACCESS_LOG = True
# Two-factor authentication (ops): required for staff unless turned off (a local demo may).
HELIX_STAFF_2FA_REQUIRED = env_bool("HELIX_STAFF_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = "Helix"

# No AxesMiddleware: the sign-in forms show the lockout as a form error (helix/accounts/forms.py).
SILENCED_SYSTEM_CHECKS = ["axes.W002"]

LANGUAGE_CODE = "es-cl"
LANGUAGES = [("es-cl", _("Spanish")), ("en", _("English"))]
# The transfer package is part of the network app but keeps its own catalogue.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "helix" / "network" / "transfer" / "locale"]
TIME_ZONE = "America/Santiago"
USE_I18N = True
# Chilean Spanish (issue 12 §7): dates "d-m-Y", thousands with a dot; see helix/formats/es_CL.
FORMAT_MODULE_PATH = ["helix.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "helix" / "static"]
if (BASE_DIR / "node_modules").exists():
    # Front-end packages come from the npm registry at install time (never a CDN).
    STATICFILES_DIRS.append(("vendor", BASE_DIR / "node_modules"))
# plotly's PyPI package ships plotly.min.js: charts work offline.
STATICFILES_DIRS.append(("plotly", Path(importlib.util.find_spec("plotly").origin).parent / "package_data"))
# Swagger UI's files from the installed django-ninja (no CDN), found by path: listing "ninja" in
# INSTALLED_APPS would import all of ninja and pydantic in every process (workers, commands).
NINJA_DIR = Path(importlib.util.find_spec("ninja").origin).parent
STATICFILES_DIRS.append(("ninja", NINJA_DIR / "static" / "ninja"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("HELIX_MANIFEST_STATIC")
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without a collected STATIC_ROOT (the demo, tests), WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not (STATIC_ROOT / "staticfiles.json").exists()
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Without a configured mail server, the demo (DEBUG) keeps every e-mail, from the web and the worker,
# in the local mailbox that staff read at /staff/mailbox/ (issue 12 §5).
_mail_backend = os.environ.get(
    "EMAIL_BACKEND",
    "helix.core.mailbox.MailboxBackend"
    if DEBUG and not os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mail_options = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
    }
if _mail_backend.endswith("filebased.EmailBackend"):  # bench/load.py counts the e-mails in these files (ops)
    _mail_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Helix <no-reply@helix.local>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Printed on certificates whose event or course has no organiser (issue 12 §7: issuer and its RUT).
CERTIFICATE_ISSUER_NAME = os.environ.get("HELIX_CERTIFICATE_ISSUER_NAME", "Helix")
CERTIFICATE_ISSUER_RUT = os.environ.get("HELIX_CERTIFICATE_ISSUER_RUT", "")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("CACHE_URL", "").startswith("db"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "helix_cache"}}
# apisec: API rate limits, counted in a database table shared by every process (helix/apitokens/throttling.py).
# Load (issue 11): Django's DatabaseCache with a one-statement write (helix/apitokens/throttle_cache.py).
CACHES["throttle"] = {"BACKEND": "helix.apitokens.throttle_cache.ThrottleCache", "LOCATION": "helix_throttle"}
NINJA_DEFAULT_THROTTLE_RATES = {
    "token": os.environ.get("HELIX_API_RATE_PER_TOKEN", "600/min"),
    "ip": os.environ.get("HELIX_API_RATE_PER_IP", "120/min"),
}
# How many reverse proxies in front of the app append to X-Forwarded-For (0: use REMOTE_ADDR only).
NINJA_NUM_PROXIES = int(os.environ.get("HELIX_NUM_PROXIES", "0"))

# Load (issue 11): public pages kept a few seconds, per process, for visitors who are not signed in (URL name →
# seconds; helix/core/page_cache.py, the innermost middleware). HELIX_PAGE_CACHE=0 turns it off.
CACHES["pages"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "helix-pages"}
HELIX_PAGE_CACHE = (
    {"network:directory": 30, "events:list": 30, "events:calendar": 60, "events:detail": 10}
    if env_bool("HELIX_PAGE_CACHE", True)
    else {}
)
MIDDLEWARE.append("helix.core.page_cache.AnonymousPageCacheMiddleware")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY") else None
# Production (DEBUG off): secure cookies and HSTS unless HTTPS=0 says there is no TLS at all (HSTS is only
# sent on https requests; browsers keep Secure cookies on http://localhost). The redirect needs HTTPS=1.
if not DEBUG and env_bool("HTTPS", True):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = env_bool("HTTPS", False)

# Content-Security-Policy (issue 11): scripts only from our own origin, never inline (templates use static
# files; charts go through helix.core.charts). Styles may be inline (plotly and htmx set style attributes).
# Blob workers: plotly's map (MapLibre) and qr-scanner start their web workers from blob: URLs.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "worker-src": [CSP.SELF, "blob:"],
    "child-src": [CSP.SELF, "blob:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
HELIX_PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), browsing-topics=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Impact figures: activities (events, cohorts, challenges) a region needs in a period to count as "activated".
HELIX_IMPACT_REGION_THRESHOLD = int(os.environ.get("HELIX_IMPACT_REGION_THRESHOLD", "20"))
