import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

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
def _keep_the_test_connection():
    # Like Django's test client: a finished request must not close the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["disk", "redis"])
def both_stores(request, settings, tmp_path):
    """The two stores Manchette ships: files in the data folder, and a real Redis server."""
    settings.MANCHETTE_PAGE_CACHE_DIR = tmp_path / "pagecache"
    settings.CACHES = REDIS if request.param == "redis" else {"default": REDIS["default"]}
    page_store().clear()
    yield request.param
    page_store().clear()
