"""The worker renders again, shortly before the sweep would delete them, the pages nginx served.

nginx answers hits from the files the page cache wrote (deploy/nginx.conf) and never tells the
application, so nothing renews a page there as the application does for the hits it answers
(REFRESH_FROM in store.py): at the end of its lifetime the sweep deletes the file, and the
readers of a busy page wait on the application while one of them renders it again. The worker
renders it first, in place, for the pages someone read since they were stored: a page nobody
reads is left to the sweep.
"""

import functools
import io
import logging
import sys
import time

from manchette.core import jobs

from .store import SWEEP_MARGIN, lifetime, page_store

logger = logging.getLogger(__name__)

# Renewed in the last tick before the sweep would delete a page.
RENEW_MARGIN = SWEEP_MARGIN + jobs.TICK_SECONDS
# Time a tick may start renderings in: the busiest pages first, the rest is swept. It delays
# the sweep by as much and one rendering, which the staleness bound counts (docs/performance.md).
RENEW_SECONDS_PER_TICK = 2


def renew_read_pages() -> int:
    """The worker's job, each tick before the sweep; returns how many pages were renewed."""
    store = page_store()
    deadline = time.monotonic() + RENEW_SECONDS_PER_TICK
    renewed = 0
    for path, request, signature in store.read_since_stored(_renewal_age()):
        if time.monotonic() >= deadline:
            break
        try:
            renewed += _application().renew(_replayed_request(path, request), signature)
        except Exception:  # one failing page must not keep the others from being renewed
            logger.exception("Page cache: %s not renewed", path)
    return renewed


def _renewal_age() -> float:
    # With a short lifetime, not every page read at once: at least half its life first.
    return max(lifetime() - RENEW_MARGIN, lifetime() / 2)


@functools.cache
def _application():
    from django.core.handlers.wsgi import WSGIHandler

    from .wsgi import PageCacheMiddleware

    return PageCacheMiddleware(WSGIHandler())


def _replayed_request(path, request):
    """A reader's plain GET of the page, with the host and scheme it was rendered for."""
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        **request,
    }
