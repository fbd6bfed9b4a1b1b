"""The shared page store: what the WSGI layer reads and the purge rules delete.

Entries live in Django's "pages" cache: files in the data folder by default, Redis when
REDIS_URL is set, so every worker process shares them.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches

HOSTS_KEY = "manchette:page-hosts"
# Readers sending Save-Data: on get lighter pages, stored apart (manchette.core.renditions).
SAVE_DATA_VARIANT = ":save-data"


def page_cache():
    return caches["pages"]


def cache_key(host: str, path: str, query: str = "") -> str:
    raw = f"{host.lower()}|{path}?{query}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def remember_host(host: str) -> None:
    cache = page_cache()
    hosts = cache.get(HOSTS_KEY) or set()
    if host not in hosts:
        cache.set(HOSTS_KEY, hosts | {host}, None)


def purge_paths(paths) -> int:
    """Forget the given paths (without query string) for every host pages were stored for."""
    cache = page_cache()
    hosts = cache.get(HOSTS_KEY) or set()
    keys = [
        cache_key(host, path) + variant
        for host in hosts
        for path in set(paths)
        for variant in ("", SAVE_DATA_VARIANT)
    ]
    cache.delete_many(keys)
    return len(keys)


def purge_all() -> None:
    page_cache().clear()


def lifetime() -> int:
    return settings.MANCHETTE_PAGE_CACHE_SECONDS
