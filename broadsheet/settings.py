"""Django settings, all driven by the environment (see broadsheet/config.py and the README)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from broadsheet import config

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = config.data_dir()
SECRET_KEY = config.secret_key(DATA_DIR)
# Keys signed with before (sessions, mailed links stay valid while the key changes): the old key
# here, the new one in BROADSHEET_SECRET_KEY, on every node.
SECRET_KEY_FALLBACKS = [
    key for key in os.environ.get("BROADSHEET_SECRET_KEY_FALLBACKS", "").split(",") if key
]
DEBUG = os.environ.get("BROADSHEET_DEBUG") == "1"

BASE_URL = os.environ.get("BROADSHEET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The names the instance answers to besides its blogs' mapped hosts (which live in the database,
# so Django's ALLOWED_HOSTS cannot hold them: blogs.middleware.is_served_host checks every
# request's host, before the page cache, and refuses the rest).
INSTANCE_HOSTS = config.instance_hosts(BASE_URL, os.environ.get("BROADSHEET_ALLOWED_HOSTS", ""))
ALLOWED_HOSTS = ["*"]
CSRF_TRUSTED_ORIGINS = [BASE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",  # the sessions page (allauth.usersessions) writes "2 hours ago"
    "django_tasks",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "broadsheet.blogs",
    "broadsheet.publishing",
    "broadsheet.engagement",
    "broadsheet.discovery",
    "broadsheet.jobs",
    "broadsheet.pagecache",
    "broadsheet.dashboard",
    "broadsheet.site",
    "broadsheet.api",
    "broadsheet.migration",
    "broadsheet.fetching",
    "broadsheet.syndication",
    "broadsheet.subscriptions",
    "broadsheet.reader",
    "broadsheet.federation",
    "broadsheet.accounts",
    "broadsheet.notifications",
]

MIDDLEWARE = [
    "broadsheet.blogs.middleware.KnownHostsMiddleware",
    "broadsheet.fetching.services.fetcher.VisitorFetchMiddleware",
    "broadsheet.security.ClientAddressMiddleware",
    "broadsheet.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "broadsheet.validation.StorableInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "broadsheet.api.auth.AppPasswordMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "broadsheet.blogs.middleware.BlogMiddleware",
    "broadsheet.migration.middleware.LegacyLinkMiddleware",
]

ROOT_URLCONF = "broadsheet.urls"
AUTH_USER_MODEL = "blogs.User"
AUTHENTICATION_BACKENDS = ["broadsheet.blogs.services.sign_in.ThrottledBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/dashboard/"

# Accounts (django-allauth; broadsheet.accounts holds our rules: who may join, mail limits,
# the approval queue, invitations). People sign in with their e-mail address or user name.
ACCOUNT_ADAPTER = "broadsheet.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "broadsheet.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A code rather than a link: it works on another device than the one that signs up, and
# passkey sign-up needs it.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
# The bot trap: a field people never see (the sign-up template hides it with the site's CSS).
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "homepage"
ACCOUNT_RATE_LIMITS = {
    "signup": "5/h/ip",
    # Failed sign-ins are counted by blogs.services.sign_in, per name *and* client address
    # (allauth's per-name count would let anyone lock an account for its owner).
    "login_failed": None,
    "confirm_email": "1/10s/key",
    "reset_password": "20/m/ip,3/h/key",
    "request_login_code": "20/m/ip,3/5m/key",
}
ACCOUNT_USER_DISPLAY = "broadsheet.accounts.adapter.display_name"
ACCOUNT_USERNAME_VALIDATORS = "broadsheet.accounts.forms.username_validators"
# Mail domains refused at sign-up besides the known throw-away services (comma-separated).
SIGNUP_REFUSED_DOMAINS = [
    domain
    for domain in os.environ.get("BROADSHEET_SIGNUP_REFUSED_DOMAINS", "").split(",")
    if domain
]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_PASSKEY_SIGNUP_ENABLED = True
MFA_TOTP_ISSUER = "Broadsheet"
USERSESSIONS_TRACK_ACTIVITY = False
# Who may join (open, approval, invite or closed); the admin's Instance page can change it.
SIGNUP_MODE = os.environ.get("BROADSHEET_SIGNUP", "open")
# How many blogs one account may start from the web (0: no limit; administrators have none).
BLOGS_PER_ACCOUNT = int(os.environ.get("BROADSHEET_BLOGS_PER_ACCOUNT", "3"))
# Accounts per client network (an IPv4 /24, an IPv6 /48) a day.
SIGNUPS_PER_NETWORK_PER_DAY = int(os.environ.get("BROADSHEET_SIGNUPS_PER_NETWORK", "10"))
# Mail about an account (codes, resets, invitations) one address receives in an hour.
ACCOUNT_MAILS_PER_RECIPIENT_PER_HOUR = 6

TEMPLATES = [
    {
        # The public blog pages (each app's jinja2/ folder): the hot path.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "broadsheet.jinja2.environment"},
    },
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "broadsheet.notifications.context_processors.bell",
                "broadsheet.accounts.context_processors.signup",
                "broadsheet.dashboard.context_processors.blog_screens",
            ],
            "builtins": ["broadsheet.publishing.templatetags.links"],
        },
    },
]

WSGI_APPLICATION = "broadsheet.wsgi.application"

_database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'broadsheet.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail soft, never stall: a server that does not answer is given up on after seconds (a
    # connection, a hung socket through TCP keepalives, one statement), not left to hold a
    # thread; a connection kept between requests is checked before it is used again.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "connect_timeout": 5,
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "options": "-c statement_timeout={}".format(
            int(float(os.environ.get("BROADSHEET_STATEMENT_TIMEOUT", "30")) * 1000)
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock up front
        # so that concurrent writers wait (busy timeout) instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

CACHES = config.cache_settings(os.environ.get("CACHE_URL"), DATA_DIR)
PAGE_CACHE_ENABLED = os.environ.get("BROADSHEET_PAGE_CACHE", "1") != "0"

for _name, _value in config.email_settings(os.environ.get("EMAIL_URL"), DATA_DIR).items():
    globals()[_name] = _value
DEFAULT_FROM_EMAIL = os.environ.get(
    "BROADSHEET_FROM_EMAIL", f"broadsheet@{urlsplit(BASE_URL).hostname}"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploads go through Django's storage API (the data folder, or S3-compatible object storage that
# every node shares) and are served at /media/ by this site whichever it is.
STORAGES = config.storages(os.environ.get("BROADSHEET_MEDIA_STORAGE"))
# The data folder is the operator's alone (the CLI's umask does the rest): uploads and collected
# static files too, as the server process itself serves them.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600

# Behind TLS and proxies (README, "Running it for real"). BROADSHEET_TRUSTED_PROXIES is how many
# reverse proxies stand in front: the client's address is then read from X-Forwarded-For that
# many hops from the right, and X-Forwarded-Proto says whether the request came over TLS.
TRUSTED_PROXIES = int(os.environ.get("BROADSHEET_TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SERVED_OVER_TLS = BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SERVED_OVER_TLS
# Passkeys on an instance served over plain HTTP (a trial on a laptop; browsers allow
# WebAuthn only on https or localhost).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not SERVED_OVER_TLS
# HSTS is sent on TLS requests only; mapped hosts are other domains, so no includeSubDomains.
SECURE_HSTS_SECONDS = (
    int(os.environ.get("BROADSHEET_HSTS_SECONDS", "31536000")) if SERVED_OVER_TLS else 0
)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The comment form reads the CSRF cookie from script, because cached pages cannot embed a token.
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

# Uploads (PRODUCT.md section 7): size and pixel limits.
MEDIA_MAX_BYTES = int(os.environ.get("BROADSHEET_MEDIA_MAX_BYTES", 10 * 1024 * 1024))
MEDIA_MAX_PIXELS = 40_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = MEDIA_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Hosts the safe fetcher may reach although they are not on the public internet (an intranet
# feed, a test server): "host" or "host:port", comma-separated.
FETCH_ALLOWED_HOSTS = [
    host for host in os.environ.get("BROADSHEET_FETCH_ALLOWED_HOSTS", "").split(",") if host
]

# Resolve host names in outgoing fetches (the test suite turns it off: no lookup leaves the
# machine; IP addresses and allowed hosts still work).
FETCH_RESOLVE_NAMES = True
# Tell the pages a post links to with Webmentions (`broadsheet demo` turns it off).
SEND_WEBMENTIONS = os.environ.get("BROADSHEET_SEND_WEBMENTIONS", "1") != "0"
# Mastodon's "authorized fetch": posts, outboxes and collections go only to signed requests of
# servers that are not blocked (the actor itself stays public, so that keys can be found).
AUTHORIZED_FETCH = os.environ.get("BROADSHEET_AUTHORIZED_FETCH", "0") == "1"

# Background work goes through Django's tasks interface (django-tasks now; django.tasks from
# Django 6.0 by changing nothing but this backend's import) onto the job queue in the database.
TASKS = {"default": {"BACKEND": "broadsheet.jobs.backend.QueueBackend"}}

# How long a running job is held by its worker without a heartbeat (every 20 s) before another
# worker takes it over: the time a killed worker's job waits.
JOB_LEASE_SECONDS = float(os.environ.get("BROADSHEET_JOB_LEASE_SECONDS", "60"))

POSTS_PER_PAGE = 10
LOGIN_ATTEMPTS_PER_WINDOW = 5  # per account name and client address
LOGIN_ATTEMPTS_PER_ADDRESS = 30  # per client address, whatever the names
LOGIN_THROTTLE_WINDOW = 300

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("BROADSHEET_LOG_LEVEL", "WARNING")},
}
CSRF_FAILURE_VIEW = "broadsheet.engagement.views.csrf_failure"
