import pytest

from manchette.caching.store import page_store

REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/7",
        "KEY_PREFIX": "manchette-tests",
    },
}


@pytest.fixture(autouse=True)
def _requests_keep_the_test_connection(keep_the_test_connection):
    """These tests drive the WSGI application itself, not Django's test client."""


@pytest.fixture(params=["disk", "redis"])
def both_stores(request, settings, tmp_path):
    """The two stores Manchette ships: files in the data folder, and a real Redis server."""
    settings.MANCHETTE_PAGE_CACHE_DIR = tmp_path / "pagecache"
    settings.CACHES = REDIS if request.param == "redis" else {"default": REDIS["default"]}
    page_store().clear()
    yield request.param
    page_store().clear()
