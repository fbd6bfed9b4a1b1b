from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# In memory, but for the renditions cache, kept as in production.
CACHES = {
    **CACHES,  # noqa: F405
    **{
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias}
        for alias in ("default", "pages")
    },
}
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Tasks run as they are enqueued, so tests see their effects at once.
TASKS = {
    alias: {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    for alias in ("default", "worker")
}
