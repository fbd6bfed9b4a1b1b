"""Settings shared by every environment; each integration switches on with its variable."""

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# Everything this installation writes (database, media, secret, caches) lives here, so that
# two installations on one machine never share data.
def _default_data_dir():
    """var/ beside a source checkout; the user's data folder for an installed package."""
    if (BASE_DIR / "pyproject.toml").exists():
        return BASE_DIR / "var"
    return Path(env("XDG_DATA_HOME", str(Path.home() / ".local/share"))) / "manchette"


DATA_DIR = Path(env("MANCHETTE_DATA_DIR") or _default_data_dir()).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key():
    """Return DJANGO_SECRET_KEY, or a key generated once and kept in the data folder."""
    if key := env("DJANGO_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key.txt"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "manchette.core",
    "manchette.sections",
    "manchette.articles",
    "manchette.authors",
    "manchette.comments",
    "manchette.syndication",
    "manchette.search",
    "manchette.readership",
    "manchette.caching",
    "manchette.demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "manchette.core.middleware.save_data_vary_middleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "manchette.core.middleware.kept_site_middleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "manchette.urls"
WSGI_APPLICATION = "manchette.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "manchette.core.context_processors.newsroom",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django turns psycopg's prepared statements off, for connection poolers. Manchette's
    # compiled queries are prepared on their second run on a connection (manchette.core.
    # prepared); Django's others bind on the client, which psycopg never prepares. Behind
    # PgBouncer in transaction mode without max_prepared_statements, set
    # MANCHETTE_PREPARED_STATEMENTS=0.
    if env_bool("MANCHETTE_PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 1
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while the worker or an editor writes; the busy timeout
    # turns a brief write lock into a wait instead of an error. Connections are kept, one per
    # server thread, as on PostgreSQL: a new one reads the schema again and starts with an
    # empty page cache, about 7 ms of every uncached page at 100,000 articles.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Wagtail's API loads Django REST framework, which imports django.contrib.postgres and so
    # the PostgreSQL driver, even on SQLite: 10 MB in every process for nothing.
    sys.modules.setdefault("psycopg", None)
    sys.modules.setdefault("psycopg2", None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["manchette.formats"]
TIME_ZONE = env("MANCHETTE_TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "manchette.core.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3boto3.S3Boto3Storage"}
    AWS_S3_FILE_OVERWRITE = False
WHITENOISE_MAX_AGE = 365 * 24 * 3600

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
    },
}
# Rendered pages for the WSGI page cache (manchette.caching): files nginx can serve from here,
# or, when a "pages" cache is configured (Redis with REDIS_URL), that cache.
MANCHETTE_PAGE_CACHE_DIR = DATA_DIR / "pagecache"
if REDIS_URL := env("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "pages")
    }
# Manchette's slow tasks (image renditions, related articles) wait in the database until
# `manchette worker`, which `manchette run` starts, takes them. Wagtail's own (search and
# reference index) stay on the default backend and run as the publish commits, so a new
# article is searchable the moment it is published.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "worker": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

# Wagtail writes every rendition it hands out to this cache, on every render: on disk that
# was a file written per image per page (about 4 ms each). Pages prefetch their images'
# renditions instead, so there is nothing worth keeping here.
CACHES["renditions"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
# Every cached page is at most this old, and so are the lists it shows (the latest headlines).
MANCHETTE_PAGE_CACHE_SECONDS = int(env("MANCHETTE_PAGE_CACHE_SECONDS", "60"))
# The lists every page shows (navigation, latest headlines, most read) are drawn again at
# most this often; an editor's change forgets them at once. Apart from the page cache, so
# that a site served without it (behind a CDN, or to measure rendering) still keeps them.
MANCHETTE_LISTS_SECONDS = int(env("MANCHETTE_LISTS_SECONDS", "60"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Wagtail's live preview shows the page in a same-origin frame; other origins stay refused.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("MANCHETTE_LOG_LEVEL", "WARNING")},
}

# Wagtail
WAGTAIL_SITE_NAME = env("MANCHETTE_SITE_NAME", "Manchette")
WAGTAILADMIN_BASE_URL = env("MANCHETTE_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_USER_LOGIN_FORM = "manchette.core.forms.NewsroomLoginForm"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILIMAGES_IMAGE_MODEL = "core.NewsImage"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "zip"]
# Manchette indexes already analysed French words: PostgreSQL must not stem them again.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "manchette.search.backend", "SEARCH_CONFIG": "simple"}
}
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]

# How many items the listings show.
MANCHETTE_LATEST_COUNT = 8
MANCHETTE_PAGE_SIZE = 20
MANCHETTE_RELATED_COUNT = 4
# Search scores the newest matches of a query, at most this many: a word found in more
# articles lists the best of its newest ones, and the filters reach past them
# (manchette.search.services, docs/performance.md).
MANCHETTE_SEARCH_WINDOW = int(env("MANCHETTE_SEARCH_WINDOW", "2000"))
if MANCHETTE_SEARCH_WINDOW < 1:
    raise ImproperlyConfigured("MANCHETTE_SEARCH_WINDOW must be a whole number of at least 1.")
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True
TAGGIT_CASE_INSENSITIVE = True
