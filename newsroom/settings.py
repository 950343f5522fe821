"""
Newsroom settings: one module, every value read from the environment.

With no environment at all the site runs as a laptop demo: SQLite in the project
folder, a local-memory cache, e-mail printed to the console and media on disk.
Production sets DEBUG=False, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL
through psycopg 3), CACHE_URL (Redis) and EMAIL_URL.
"""

import os
from datetime import timedelta
from pathlib import Path

import django
import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django_prose_editor.config import html_tags as _prose_html_tags
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file beside manage.py is read when present; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)



def _local_secret_key():
    """
    A laptop install gets a random key of its own, kept in .secret_key (git-ignored), so no key
    that signs cookies and preview links is ever published with the code.
    """
    path = BASE_DIR / ".secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = get_random_secret_key()
        path.write_text(key)
        path.chmod(0o600)
        return key


def _secret(name):
    """
    A secret exactly as it is set. django-environ reads a value beginning with "$" as the name of
    another variable to read instead, and a key Django generates begins with "$" one time in fifty:
    such a key stopped the site from starting, or could have signed with another variable's value.
    """
    return os.environ.get(name, "")


SECRET_KEY = _secret("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        # Every app server behind a load balancer must sign with the same key: it has to come from outside.
        raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")
    SECRET_KEY = _local_secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_ID = 1
SITE_NAME = env.str("SITE_NAME", default="Newsroom")

INSTALLED_APPS = [
    # Django's admin with the newsroom's own site (staff/sites.py): staff sign-in, two-factor, audit.
    "staff.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "django_prose_editor",
    "reversion",
    # Background tasks: Django 6 ships the framework as django.tasks; on 5.2 the backport is an app.
    *(["django_tasks"] if django.VERSION < (6, 0) else []),
    "django_tasks_db",
    "newsroom.apps.NewsroomConfig",
    "authors",
    "sponsors",
    "articles",
    "comments",
    "django.contrib.redirects",
    "django.contrib.flatpages",
    "wpimport",
    "staff",
    # Staff accounts: lockout after failed sign-ins, second factors (authenticator apps, passkeys, recovery codes).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "csp",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer before the host check; every request gets its id.
    "newsroom.operations.OperationsMiddleware",
    # Whole pages for anonymous readers (newsroom/pagecache.py), before anything else is done: a
    # stored copy keeps the headers the middlewares below gave it (security, CSP, Permissions-Policy;
    # public pages carry no nonce), so a hit costs about what a static file does.
    "newsroom.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (newsroom/csp.py) and Permissions-Policy on every response.
    "newsroom.csp.NewsroomCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # The reader's address from the proxy setting, in REMOTE_ADDR for everything after (newsroom/clientip.py).
    "newsroom.clientip.ClientAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Where the request reads from (a replica or the primary); only with DATABASE_REPLICA_URLS.
    *(["newsroom.replicas.ReplicaMiddleware"] if env.list("DATABASE_REPLICA_URLS", default=[]) else []),
    # The language of a page from its address (/zh-hans/...), never from a cookie or Accept-Language.
    "newsroom.i18n.AddressLanguageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body (the CSRF check does): its size, by who sends it (newsroom/limits.py).
    "newsroom.limits.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.user.is_verified(): whether this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    # Staff sessions: the second factor where it is required, expiry after inactivity, the audit's actor.
    "staff.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Old WordPress addresses: /?p=123 style links, then (on a 404) redirects and flat pages.
    "wpimport.middleware.WordPressQueryRedirectMiddleware",
    "wpimport.middleware.PublicRedirectFallbackMiddleware",
    "django.contrib.flatpages.middleware.FlatpageFallbackMiddleware",
    # Last, as django-axes asks: answers a locked-out sign-in with its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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
                "sponsors.context_processors.sponsors",
                "articles.context_processors.navigation",
                "newsroom.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Read replicas (PostgreSQL streaming standbys), comma-separated URLs: public pages read from them
# (newsroom/replicas.py). In the tests a replica is a mirror of the primary's test database.
for _n, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica{_n}"] = {**env.db_url_config(_url), "TEST": {"MIRROR": "default"}}
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
# How long after a write a client keeps reading from the primary, and how long a replica that did
# not answer is left alone.
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=10)
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)

# Connections stay bounded: a gunicorn sync worker serves one request at a time and keeps one
# connection per database open between requests (CONN_MAX_AGE), so the count is the number of
# worker processes. With threads, DATABASE_POOL_SIZE gives each process a psycopg pool of that
# size instead (Django's OPTIONS["pool"]). The sizing rule is in the README ("Deploying").
DATABASE_POOL_SIZE = env.int("DATABASE_POOL_SIZE", default=0)
for _alias, _db in DATABASES.items():
    if DATABASE_POOL_SIZE and _db["ENGINE"] == "django.db.backends.postgresql":
        _db["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": DATABASE_POOL_SIZE,
            # A request waits this long for a free connection, then fails instead of queueing forever.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
        }
    else:
        _db.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    _db["CONN_HEALTH_CHECKS"] = True
    # A replica or primary that stops answering must not hang a worker for minutes.
    if _db["ENGINE"] == "django.db.backends.postgresql":
        _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://newsroom")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's, with one redis client per process instead of one per call (newsroom/cache.py).
    CACHES["default"]["BACKEND"] = "newsroom.cache.NewsroomRedisCache"

# Whole pages for anonymous readers (newsroom/pagecache.py): kept this long in the cache and by front
# caches (s-maxage), refreshed at once by any change to what they show; 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long a reader's browser may keep a page without asking again (it asks with If-None-Match and
# gets a 304): browsers cannot be told of an edit, so this stays short.
PAGE_BROWSER_SECONDS = env.int("PAGE_BROWSER_SECONDS", default=0)
# A front cache may hand out a copy this much older while it fetches a new one, and this long when
# the app servers fail.
PAGE_STALE_SECONDS = env.int("PAGE_STALE_SECONDS", default=30)
PAGE_STALE_IF_ERROR_SECONDS = env.int("PAGE_STALE_IF_ERROR_SECONDS", default=86400)
# Front caches (Varnish with xkey, deploy/varnish/) told to drop the pages a change touches:
# comma-separated base URLs, e.g. http://127.0.0.1:6081/. A purge waits at most FRONT_CACHE_TIMEOUT seconds.
FRONT_CACHES = env.list("FRONT_CACHES", default=[])
FRONT_CACHE_TIMEOUT = env.float("FRONT_CACHE_TIMEOUT", default=2.0)

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Newsroom <newsroom@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Mail goes out from background tasks; a hung mail server must still not hold a worker for long.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=5)

# Background tasks (newsroom/tasks.py). `immediate` runs each task in the process that queues it (the
# laptop demo, the tests); `database` queues it in PostgreSQL for `manage.py db_worker` (production).
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
_TASKS_BACKENDS = {
    "immediate": ("django.tasks" if django.VERSION >= (6, 0) else "django_tasks") + ".backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASKS_BACKENDS)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _TASKS_BACKENDS[TASKS_BACKEND]}}
# A failed task is tried again after a pause (1 min, 5 min, 30 min, 2 h) until it has run this often.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=5)

# Sign-in: django-axes counts failures in the database (shared by every app server) before the
# password is even checked, and locks the account and the address out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
# An account is locked whatever address the guesses come from; an address whatever accounts it tries.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsroom.clientip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/staff/locked_out.html"
AXES_VERBOSE = False

# Two-factor sign-in for staff (staff/twofactor.py). Required for superusers and the groups named
# here when TWO_FACTOR_REQUIRED is on (the default with DEBUG off); anyone who has set up a second
# factor is asked for it at every sign-in.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=not DEBUG)
TWO_FACTOR_REQUIRED_GROUPS = env.list("TWO_FACTOR_REQUIRED_GROUPS", default=["Editor"])
OTP_TOTP_ISSUER = SITE_NAME
# Passkeys are bound to the site's domain (the relying party) and accepted from these origins only.
PASSKEY_DOMAIN = env.str("PASSKEY_DOMAIN", default="localhost")
OTP_WEBAUTHN_RP_ID = PASSKEY_DOMAIN
OTP_WEBAUTHN_RP_NAME = SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list("PASSKEY_ORIGINS", default=[f"http://{PASSKEY_DOMAIN}:8000"])
# Passkeys are a second factor here, after the password (and its lockout), not a way around it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# A staff session ends after this long without a request.
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=60)
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
# Password reset links (e-mailed) work for this long.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3600)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the site's default (its pages have no prefix), and every language articles are written in
# and the public site is shown in (its pages under /<code>/: /zh-hans/). Chinese in Traditional
# characters is there for a newsroom that asks: LANGUAGES=en,zh-hans,zh-hant.
LANGUAGE_NAMES = {"en": "English", "zh-hans": "简体中文", "zh-hant": "繁體中文"}
LANGUAGE_CODE = env.str("SITE_LANGUAGE", default="en")
LANGUAGES = [(code, LANGUAGE_NAMES.get(code, code)) for code in env.list("LANGUAGES", default=["en", "zh-hans"])]
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(f"SITE_LANGUAGE={LANGUAGE_CODE} must be one of LANGUAGES ({', '.join(dict(LANGUAGES))}).")
LOCALE_PATHS = [BASE_DIR / "locale"]
# Formats per language (dates as each language writes them): newsroom/formats/<language>/formats.py.
FORMAT_MODULE_PATH = ["newsroom.formats"]
# Lists (front page, sections, tags, authors, months) in one language's edition show its own stories
# only ("edition"), or every story once, in the edition's language when it has a translation ("all").
LIST_LANGUAGES = env.str("LIST_LANGUAGES", default="all")
if LIST_LANGUAGES not in ("all", "edition"):
    raise ImproperlyConfigured("LIST_LANGUAGES must be 'all' or 'edition'.")
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Media (photos, renditions, author photos, sponsor logos, imported files) go through Django's storage
# API only: local disk by default, S3-compatible object storage (AWS S3, MinIO, Ceph, R2, ...) through
# django-storages when MEDIA_S3_BUCKET is set, so that any app server can serve any upload.
MEDIA_S3_BUCKET = env.str("MEDIA_S3_BUCKET", default="")
if MEDIA_S3_BUCKET:
    _public_url = env.str("MEDIA_S3_PUBLIC_URL", default="")  # a CDN or the bucket's public address
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env.str("MEDIA_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("MEDIA_S3_REGION", default="") or None,
            # Empty: boto3's own chain (AWS_ACCESS_KEY_ID..., an instance role).
            "access_key": env.str("MEDIA_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": _secret("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "location": env.str("MEDIA_S3_PREFIX", default=""),
            # Readers' pages link to the files: plain public addresses that a cache can keep, not
            # signed ones that change on every page view. The bucket (or the CDN) must allow reads.
            "querystring_auth": False,
            "default_acl": env.str("MEDIA_S3_ACL", default="") or None,
            # Two uploads named alike must not overwrite each other (as on disk).
            "file_overwrite": False,
            "object_parameters": {"CacheControl": env.str("MEDIA_S3_CACHE_CONTROL", default="public, max-age=31536000")},
            "addressing_style": env.str("MEDIA_S3_ADDRESSING_STYLE", default="") or None,
        },
    }
    if _public_url:
        _scheme, _, _domain = _public_url.rstrip("/").partition("://")
        _media_storage["OPTIONS"].update(custom_domain=_domain, url_protocol=f"{_scheme}:")
        MEDIA_URL = _public_url.rstrip("/") + "/"
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: a photo desk sends large originals, but nothing unbounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Whole request bodies (newsroom/limits.py; nginx holds the same lines): readers post comments and
# sign-ins, staff upload photos of up to 20 MB.
MAX_ANONYMOUS_REQUEST_BYTES = env.int("MAX_ANONYMOUS_REQUEST_BYTES", default=256 * 1024)
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=25 * 1024 * 1024)

# Security headers; the HTTPS ones only where the site is served over HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
# Only once every subdomain serves HTTPS for good: browsers ship the preload list for months.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Embeds in article bodies (articles/embeds.py): the Mastodon instances whose posts may be embedded
# (no discovery of others), and, for tests, other oEmbed endpoints per provider ({"youtube": "http://..."}).
EMBED_MASTODON_HOSTS = env.list("EMBED_MASTODON_HOSTS", default=["mastodon.social", "mastodon.online", "mstdn.social", "journa.host"])
OEMBED_ENDPOINTS = env.dict("OEMBED_ENDPOINTS", default={})
# The players' hosts, the only frames a page may load (a test keeps this list and the providers' in step).
EMBED_FRAME_HOSTS = [
    "www.youtube-nocookie.com", "player.vimeo.com", "platform.twitter.com", "www.instagram.com", "embed.bsky.app",
    "www.tiktok.com", "www.facebook.com", "open.spotify.com", "w.soundcloud.com", "embed.podcasts.apple.com",
    *EMBED_MASTODON_HOSTS,
]

# The body editor's own nodes (articles/static/articles/admin/body_media.js): a library photo and an
# embed, each a <figure> holding only a reference, which the sanitizer keeps (articles/body_media.py).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/admin/body_media.js")],
        "extensions": {
            "BodyPhoto": _prose_html_tags(["figure"], {"figure": ["data-photo"]}),
            "Embed": _prose_html_tags(["figure"], {"figure": ["data-embed"]}),
            "FigureExit": _prose_html_tags([]),
        },
    }
]

# Content-Security-Policy (newsroom/csp.py says why public pages need no nonce). Pictures come from
# the site and from the media host; CSP_EXTRA_IMG_SRC adds hosts (a CDN, an old site's images).
ADMIN_PATH_PREFIX = "/admin/"
_media_origin = MEDIA_URL.split("/", 3)[:3] if MEDIA_URL.startswith(("https://", "http://", "//")) else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *(["/".join(_media_origin)] if _media_origin else []), *env.list("CSP_EXTRA_IMG_SRC", default=[])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *(["/".join(_media_origin)] if _media_origin else [])],
        # Embeds' players (articles/embeds.py), loaded only when a reader clicks; CSP_FRAME_SRC adds others.
        "frame-src": [*(f"https://{host}" for host in EMBED_FRAME_HOSTS), *env.list("CSP_FRAME_SRC", default=[])] or [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
        "report-to": "csp-endpoint",
        "upgrade-insecure-requests": SECURE_SSL_REDIRECT,
    },
}
# What the site never uses is switched off for every page and anything embedded in it.
PERMISSIONS_POLICY = {
    "accelerometer": [], "ambient-light-sensor": [], "autoplay": [], "browsing-topics": [], "camera": [],
    "display-capture": [], "encrypted-media": [], "geolocation": [], "gyroscope": [], "hid": [],
    "magnetometer": [], "microphone": [], "midi": [], "payment": [], "screen-wake-lock": [], "serial": [],
    "usb": [], "xr-spatial-tracking": [],
    "fullscreen": ["self"],
    # Passkeys for staff sign-in, on this site only.
    "publickey-credentials-create": ["self"], "publickey-credentials-get": ["self"],
}
# A failed CSRF check on the comment form gives the reader their text back.
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"
# How many proxies of our own stand in front of the app; their X-Forwarded-For gives the reader's IP.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

TAGGIT_CASE_INSENSITIVE = True

# Logs go to standard output (gunicorn, systemd and containers collect it), each line with its
# request id; LOG_FORMAT=json writes one JSON object per line for a log pipeline.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}.")
# One line per request (method, path, status, time); runserver prints its own in development.
LOG_REQUESTS = env.bool("LOG_REQUESTS", default=not DEBUG)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "newsroom.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
