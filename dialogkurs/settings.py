"""Settings for dialogkurs: one module, read from the environment.

Production differs from development only by environment variables (see README). A bad value
fails loudly at start-up rather than being silently replaced by a default.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import environ
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dialogkurs.ratelimits import parse_rate, per_second

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("DIALOGKURS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _rate(name: str, default: str, *, at_least: str | None = None) -> str:
    """A rate setting such as "30/h" (django-ratelimit syntax), checked at start-up. A cap on
    all posts (``at_least``) must let through at least as many as the accepted limit it bounds."""
    value = env.str(name, default=default)
    parse_rate(name, value)
    if at_least and per_second(value) < per_second(globals()[at_least]):
        raise ImproperlyConfigured(f"{name} ({value}) must allow at least as many posts as {at_least}.")
    return value


# Demo mode loads demo accounts with printed passwords; never on in production.
DEMO_MODE = env.bool("DJANGO_DEMO", default=False)
# Benchmark mode (`make bench`): adds the floor page /bench/floor/ and allows `seed_scale`.
BENCH_MODE = env.bool("DJANGO_BENCH", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (set DJANGO_DEBUG=1 for development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"  # noqa: S105

# --- Encryption at rest (dialogkurs/encryption.py) ----------------------------------------------
# Comma-separated Fernet keys: the first encrypts, every one decrypts (rotation: put a new key
# first, run `manage.py rotate_encryption_keys`, then drop the old one). Development makes one
# key under var/ once; production refuses to start without keys.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off (comma-separated Fernet keys, see README)."
        )
    _key_file = VAR_DIR / "field-encryption.key"
    if not _key_file.exists():
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        _key_file.write_bytes(Fernet.generate_key())
        _key_file.chmod(0o600)
    FIELD_ENCRYPTION_KEYS = [_key_file.read_text().strip()]
for _number, _key in enumerate(FIELD_ENCRYPTION_KEYS, start=1):
    try:
        Fernet(_key.encode())
    except ValueError:
        raise ImproperlyConfigured(
            f"FIELD_ENCRYPTION_KEYS: key {_number} is not a Fernet key (32 url-safe base64-encoded bytes)."
        ) from None

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "dialogkurs.apps.AdminConfig",  # django.contrib.admin with the project's AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "audit",
    "accounts",
    "reminders",
    "sessions_app",
    "participants",
    "workshops",
    "evaluations",
    "enquiries",
    "network",
    "privacy",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login (accounts/two_factor.py): who has passed the second step, and nothing but
    # that step for network clinicians and administrators until they have.
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    # Who made each change, for the audit log (audit/log.py).
    "audit.middleware.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.sessions.SessionActivityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes must be last: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

if BENCH_MODE:
    MIDDLEWARE.insert(0, "dialogkurs.bench.QueryCountMiddleware")

ROOT_URLCONF = "dialogkurs.urls"
# Every form field names its help text and errors in aria-describedby (dialogkurs/forms.py).
FORM_RENDERER = "dialogkurs.forms.FormRenderer"
WSGI_APPLICATION = "dialogkurs.wsgi.application"

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
                "dialogkurs.context_processors.navigation",
                "accounts.context_processors.session_timeout",
            ],
            "builtins": ["dialogkurs.template_builtins"],
            # dialogkurs/ is not an app: its tags for the admin's templates are named here.
            "libraries": {"quick_admin_list": "dialogkurs.admin_list"},
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# The embedded default is SQLite in WAL mode under var/, so `make run` needs no server.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'dialogkurs.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with ids of more than 64 bits from outside matching no row as on
    # PostgreSQL instead of failing (dialogkurs/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "dialogkurs.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server and the Celery worker read while the other writes;
        # IMMEDIATE takes the write lock at BEGIN so two writers queue instead of deadlocking;
        # a writer waits up to 20 s for its turn (the web server's threads, the worker and beat
        # under a work group's burst) rather than failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
    }
    # The outbox's covering indexes (INCLUDE) are PostgreSQL's; SQLite builds them without the
    # included columns, which is all the embedded default needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
else:
    # Persistent connections (one per gunicorn thread or Celery worker), checked before reuse so
    # a connection dropped by PostgreSQL or a proxy costs a reconnect, not an error page.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=600))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if not env.bool("DATABASE_JIT", default=False):
        # PostgreSQL's JIT compiler pays off for long analytical queries; for the app's short
        # ones it only adds compile time (3.1 s of a 3.7 s course list in issue 13's EXPLAIN).
        _options = DATABASES["default"].setdefault("OPTIONS", {})
        _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (Redis when REDIS_URL is set; rate limits need it shared across processes) ----------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "dialogkurs.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="dialogkurs"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery --------------------------------------------------------------------------------
# Default: kombu's filesystem transport under var/, so a worker and beat run without a server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # kombu's default is ./control in the cwd
        "store_processed": False,
        # How long a worker sleeps when it finds the folder empty, or its one prefetched task
        # still running (kombu's default 1 s): a worker took one task a second, so the demo's 40
        # confirmations trickled out over 40 s. An empty folder listed 10 times a second is
        # nothing to the machine.
        "polling_interval": 0.1,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the message to be redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
_sweep_every = env.float("REMINDERS_SWEEP_INTERVAL_SECONDS", default=60.0)
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox sweep (reminders/): due rows are claimed and handed to workers. An old sweep
    # left in the queue while the workers were down is dropped, the next one does its work.
    "reminders-sweep": {
        "task": "reminders.sweep",
        "schedule": _sweep_every,
        "options": {"expires": _sweep_every * 0.9},
    },
}

# --- E-mail ----------------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dialogkurs <no-reply@dialogkurs.localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)

# --- The facilitator pool: fees and travel (sessions_app/fees.py, README "Facilitator pool") ----
# Amounts in the region's kronor (SEK or NOK): a fee per half-day that counts, and a travel
# allowance per km. A training cancelled fewer than LATE_CANCELLATION_DAYS before a half-day
# still pays that half-day's fee (regions differ: a setting).
FACILITATOR_FEE_PER_HALF_DAY = env.float("FACILITATOR_FEE_PER_HALF_DAY", default=1500.0)
FACILITATOR_FEE_PER_KM = env.float("FACILITATOR_FEE_PER_KM", default=2.5)
LATE_CANCELLATION_DAYS = env.int("LATE_CANCELLATION_DAYS", default=7)
if FACILITATOR_FEE_PER_HALF_DAY < 0 or FACILITATOR_FEE_PER_KM < 0 or LATE_CANCELLATION_DAYS < 0:
    raise ImproperlyConfigured("Facilitator fees and LATE_CANCELLATION_DAYS cannot be negative.")

# --- Reminders (reminders/): the outbox and the default plan, see README "Reminders" ----------
# Offsets of the default plan. Planners apply day offsets in local wall-clock time
# (reminders.planning.local_offset), so "1 day before" keeps its hour across a DST change.
REMINDERS_HALFDAY_OFFSETS = [
    timedelta(days=d) for d in env.list("REMINDERS_HALFDAY_OFFSET_DAYS", cast=int, default=[7, 1])
]
REMINDERS_T14_ALERT = timedelta(days=env.int("REMINDERS_T14_ALERT_DAYS", default=14))
REMINDERS_T14_MIN_CONFIRMED = env.int("REMINDERS_T14_MIN_CONFIRMED", default=15)
REMINDERS_EVALUATION_DELAY = timedelta(days=env.int("REMINDERS_EVALUATION_DELAY_DAYS", default=1))
REMINDERS_FOLLOWUP_MONTHS = env.list("REMINDERS_FOLLOWUP_MONTHS", cast=int, default=[3, 6])
REMINDERS_FOLLOWUP_OFFSET = timedelta(days=env.int("REMINDERS_FOLLOWUP_OFFSET_DAYS", default=7))
# One reminder this many days after the evaluation request to those who have not answered.
REMINDERS_EVALUATION_NUDGE = timedelta(days=env.int("REMINDERS_EVALUATION_NUDGE_DAYS", default=7))
# Every calendar event (.ics attachments and feeds) carries a display alarm this long before it.
ICS_ALARMS = [timedelta(minutes=m) for m in env.list("ICS_ALARM_MINUTES", cast=int, default=[24 * 60, 60])]
# Theme material uploads: at most this size, and only these kinds of file.
THEME_MATERIAL_MAX_BYTES = env.int("THEME_MATERIAL_MAX_MB", default=20) * 1024 * 1024
THEME_MATERIAL_EXTENSIONS = env.list(
    "THEME_MATERIAL_EXTENSIONS", default=["pdf", "pptx", "docx", "xlsx", "odp", "odt", "ods", "txt", "png", "jpg"]
)
# The organiser named on certificates of participation.
CERTIFICATE_ORGANISER = env.str("CERTIFICATE_ORGANISER", default="dialogkurs")
REMINDERS_NETWORK_MEETING_OFFSETS = [
    timedelta(days=d) for d in env.list("REMINDERS_NETWORK_MEETING_OFFSET_DAYS", cast=int, default=[1])
]
# The engine. A message due longer ago than MAX_LATENESS is marked missed, never sent late by
# surprise; a planned time further in the past than PLAN_GRACE is not planned at all.
REMINDERS_MAX_LATENESS = timedelta(minutes=env.int("REMINDERS_MAX_LATENESS_MINUTES", default=6 * 60))
REMINDERS_PLAN_GRACE = timedelta(minutes=env.int("REMINDERS_PLAN_GRACE_MINUTES", default=5))
# Transient (SMTP, network) errors: retry after BACKOFF, doubling up to BACKOFF_MAX, at most
# MAX_ATTEMPTS sends in all, then failed.
REMINDERS_RETRY_BACKOFF = timedelta(seconds=env.int("REMINDERS_RETRY_BACKOFF_SECONDS", default=60))
REMINDERS_RETRY_BACKOFF_MAX = timedelta(seconds=env.int("REMINDERS_RETRY_BACKOFF_MAX_SECONDS", default=3600))
REMINDERS_MAX_ATTEMPTS = env.int("REMINDERS_MAX_ATTEMPTS", default=5)
# A row claimed (queued or sending) longer than this was lost with its task or worker: the sweep
# takes it back. Keep it well above EMAIL_TIMEOUT.
REMINDERS_CLAIM_TIMEOUT = timedelta(seconds=env.int("REMINDERS_CLAIM_TIMEOUT_SECONDS", default=600))
REMINDERS_SWEEP_BATCH = env.int("REMINDERS_SWEEP_BATCH", default=500)
# Due messages go to the workers in chunks of this many, each chunk over one mail connection.
REMINDERS_SEND_CHUNK = env.int("REMINDERS_SEND_CHUNK", default=25)
if REMINDERS_SEND_CHUNK < 1:
    raise ImproperlyConfigured("REMINDERS_SEND_CHUNK must be at least 1.")
# Outbox rows about objects of these apps are shown to administrators only (no case data for
# coordinators).
REMINDERS_HIDDEN_FROM_COORDINATORS = env.list("REMINDERS_HIDDEN_FROM_COORDINATORS", default=["network"])

# --- Accounts and login protection ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Two thresholds (accounts/lockout.py): failures per account and address lock that pair (an
# attacker cannot lock a colleague out from elsewhere); failures per address across accounts
# lock the address, high enough for an office behind one address. Both within the cool-off.
AXES_HANDLER = "accounts.lockout.LoginFailureHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The login form's field is "username" (it holds the e-mail); count any case of it as one account.
AXES_USERNAME_CALLABLE = "accounts.permissions.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# A session ends this long after the user's last request (sliding; accounts/sessions.py), with a
# warning SESSION_WARNING before the end that lets her stay logged in (WCAG 2.2.1).
SESSION_IDLE_TIMEOUT = timedelta(minutes=env.int("SESSION_IDLE_MINUTES", default=120))
SESSION_WARNING = timedelta(minutes=env.int("SESSION_WARNING_MINUTES", default=5))
if not timedelta(minutes=1) <= SESSION_WARNING < SESSION_IDLE_TIMEOUT:
    raise ImproperlyConfigured("SESSION_WARNING_MINUTES must be at least 1 and less than SESSION_IDLE_MINUTES.")
SESSION_REFRESH_INTERVAL = timedelta(minutes=1)  # the expiry is moved (a session write) at most this often
SESSION_COOKIE_AGE = int(SESSION_IDLE_TIMEOUT.total_seconds())
# Marks which account last logged in on this browser, so a form posted after the session ended
# is resent only to that account (accounts/sessions.py).
ACCOUNT_COOKIE_NAME = "dialogkurs_account"
# Two-factor login: the name authenticator apps show for the account.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="dialogkurs")

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sv", _("Swedish")), ("nb", _("Norwegian Bokmål"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Stockholm")
USE_TZ = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files --------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the npm package installed by `make` (package.json), never a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STATIC_MANIFEST = env.bool("DJANGO_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Theme material (slides, exercises): never served as static or media files, only through
    # a view that checks who asks. Local under var/ by default; on several machines point
    # THEME_MATERIAL_STORAGE at a shared storage backend (e.g. an S3-compatible one).
    "theme_material": {
        "BACKEND": env.str("THEME_MATERIAL_STORAGE", default="django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {"location": env.str("THEME_MATERIAL_DIR", default=str(VAR_DIR / "theme-material"))},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_https = env.bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=_https)
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
LANGUAGE_COOKIE_SECURE = _https
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if _https else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=_https)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=_https)
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# No inline script or style anywhere: the policy can stay strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": sys.stderr}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Enquiries (enquiries/) -------------------------------------------------------------------
# Closed enquiries are anonymised this many months after closing (a daily Celery beat task).
ENQUIRY_RETENTION_MONTHS = env.int("ENQUIRY_RETENTION_MONTHS", default=12)
if ENQUIRY_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("ENQUIRY_RETENTION_MONTHS must be at least 1.")
# Rate limits of the public forms, per client address (dialogkurs/ratelimits.py; README
# "Rate limits"). *_RATE_LIMIT counts accepted submissions only, so typos never lock out a
# region or a work group behind one address; *_POST_RATE_LIMIT bounds every post, higher.
ENQUIRY_RATE_LIMIT = _rate("ENQUIRY_RATE_LIMIT", "10/h")
ENQUIRY_POST_RATE_LIMIT = _rate("ENQUIRY_POST_RATE_LIMIT", "60/h", at_least="ENQUIRY_RATE_LIMIT")
# Behind a proxy, the header that holds the client's address (e.g. HTTP_X_REAL_IP); else REMOTE_ADDR.
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="") or None
ENQUIRY_SLA_REMIND_WORKING_DAYS = 2  # the assignee is reminded if not contacted by then
ENQUIRY_SLA_ALERT_WORKING_DAYS = 3  # the coordinators are alerted
# The reminder and the alert (to every coordinator) are planned this long before the contact
# deadline, by the outbox sweep (enquiries/planners.py), not on arrival: a row per coordinator
# for every enquiry, days ahead, was nearly always cancelled unsent.
_sla_plan_ahead_hours = env.int("ENQUIRY_SLA_PLAN_AHEAD_HOURS", default=24)
if _sla_plan_ahead_hours < 0:
    raise ImproperlyConfigured("ENQUIRY_SLA_PLAN_AHEAD_HOURS cannot be negative.")
ENQUIRY_SLA_PLAN_AHEAD = timedelta(hours=_sla_plan_ahead_hours)
ENQUIRY_MEETING_REMINDER_DAYS = 1  # both sides are reminded the day before, at the meeting's local time
# The site's public address (https://dialogkurs.example.org), for links in e-mails sent by the
# workers, which have no request to take it from. Without it, e-mails name instead of link.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
CELERY_BEAT_SCHEDULE["enquiries-anonymise-expired"] = {
    "task": "enquiries.tasks.anonymise_expired_enquiries",
    "schedule": timedelta(days=1),
}

# --- Dialogue trainings (sessions_app/) ------------------------------------------------------
# Half-day 2 lies at most this many days after half-day 1 (DESIGN §2.1), so a work group keeps
# what it learnt between the two.
MAX_DAYS_BETWEEN_HALF_DAYS = env.int("MAX_DAYS_BETWEEN_HALF_DAYS", default=42)
if MAX_DAYS_BETWEEN_HALF_DAYS < 1:
    raise ImproperlyConfigured("MAX_DAYS_BETWEEN_HALF_DAYS must be at least 1.")

# --- Participants (participants/) --------------------------------------------------------------
# The waitlist holds at most this many; beyond it a course refuses new registrations (every path).
WAITLIST_MAX = env.int("WAITLIST_MAX", default=20)
if WAITLIST_MAX < 0:
    raise ImproperlyConfigured("WAITLIST_MAX must be 0 or more.")
# Accepted sign-ups through a course's link per client address (counted in the database under
# the course's lock), and a higher cap on every post to the link (counted in the cache).
SIGNUP_RATE_LIMIT = _rate("SIGNUP_RATE_LIMIT", "30/h")
SIGNUP_POST_RATE_LIMIT = _rate("SIGNUP_POST_RATE_LIMIT", "120/h", at_least="SIGNUP_RATE_LIMIT")
# When more than this many people hold a place signed up from one internet connection, the
# course's coordinator is told (once per connection and course).
SIGNUP_ADDRESS_ALERT = env.int("SIGNUP_ADDRESS_ALERT", default=10)

# --- Network meetings (network/) -----------------------------------------------------------------
# Open Dialogue's "immediate help": the first meeting within NETWORK_FIRST_MEETING_HOURS of the
# first contact (later cases are flagged and counted); a case with no meeting booked
# NETWORK_FIRST_MEETING_ALERT_HOURS after the first contact alerts its team by e-mail.
NETWORK_FIRST_MEETING_HOURS = env.int("NETWORK_FIRST_MEETING_HOURS", default=24)
NETWORK_FIRST_MEETING_ALERT_HOURS = env.int("NETWORK_FIRST_MEETING_ALERT_HOURS", default=12)
if not 0 < NETWORK_FIRST_MEETING_ALERT_HOURS <= NETWORK_FIRST_MEETING_HOURS:
    raise ImproperlyConfigured("NETWORK_FIRST_MEETING_ALERT_HOURS must lie between 1 and NETWORK_FIRST_MEETING_HOURS.")
# Closed cases are deleted this many years after closing (a daily Celery beat task).
NETWORK_RETENTION_YEARS = env.int("NETWORK_RETENTION_YEARS", default=10)
if NETWORK_RETENTION_YEARS < 1:
    raise ImproperlyConfigured("NETWORK_RETENTION_YEARS must be at least 1.")
# How long an emergency access (sv nödåtkomst, nb nødtilgang) to a case lasts.
NETWORK_EMERGENCY_ACCESS_MINUTES = env.int("NETWORK_EMERGENCY_ACCESS_MINUTES", default=60)
CELERY_BEAT_SCHEDULE["network-delete-expired-cases"] = {
    "task": "network.tasks.delete_expired_cases",
    "schedule": timedelta(days=1),
}

# --- Privacy (privacy/): retention periods, see README "Privacy" -------------------------------
# Each is also shown on the record of processing (privacy/processing.py), generated from here.
PARTICIPANT_RETENTION_MONTHS = env.int("PARTICIPANT_RETENTION_MONTHS", default=24)
FACILITATOR_RETENTION_MONTHS = env.int("FACILITATOR_RETENTION_MONTHS", default=PARTICIPANT_RETENTION_MONTHS)
PROPOSAL_OWNER_RETENTION_DAYS = env.int("PROPOSAL_OWNER_RETENTION_DAYS", default=30)
MESSAGE_RETENTION_DAYS = env.int("MESSAGE_RETENTION_DAYS", default=90)
LOGIN_RECORD_RETENTION_DAYS = env.int("LOGIN_RECORD_RETENTION_DAYS", default=90)
for _name in (
    "PARTICIPANT_RETENTION_MONTHS",
    "FACILITATOR_RETENTION_MONTHS",
    "MESSAGE_RETENTION_DAYS",
    "LOGIN_RECORD_RETENTION_DAYS",
):
    if vars()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1.")
if PROPOSAL_OWNER_RETENTION_DAYS < 0:
    raise ImproperlyConfigured("PROPOSAL_OWNER_RETENTION_DAYS must be 0 or more.")
CELERY_BEAT_SCHEDULE["privacy-retention"] = {
    "task": "privacy.tasks.apply_retention",
    "schedule": timedelta(days=1),
}
