"""The page cache in front of Django: a hit is answered without entering Django at all."""

import functools
import gzip
import hashlib
import time
from http import HTTPStatus

import brotli
from django.utils.http import http_date, parse_http_date_safe

from .store import Entry, cache_key, lifetime, page_store

CACHEABLE_METHODS = {"GET", "HEAD"}
# Per-visitor or private areas: never stored, never served from the store.
BYPASS_PREFIXES = (
    "/admin/", "/commentaires/", "/lu/", "/recherche/", "/static/", "/media/", "/documents/",
)  # fmt: skip
PERSONAL_COOKIES = ("sessionid", "csrftoken")
NOT_FOUND_SECONDS = 30
# How long a request waits for a page another request is rendering, and how often it looks.
WAIT_SECONDS = 10
WAIT_STEP_SECONDS = 0.02
MIN_COMPRESSED_SIZE = 500
# Quality 5 with a 256 KB window: within 2 % of quality 9's size on our pages, ten times faster
# and 2 MB of encoder memory instead of 15 MB, paid by each rendering while readers wait.
BROTLI = {"quality": 5, "lgwin": 18}
# What of a request shapes the page it gets besides its path (absolute links use the host and
# scheme): kept with the entry, so that the worker's renewal renders the same page.
SHAPING_KEYS = (
    "HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme", "HTTP_X_FORWARDED_PROTO",
)  # fmt: skip
TEXT_TYPES = (
    "text/", "application/xml", "application/rss+xml", "application/atom+xml", "application/json",
)  # fmt: skip


class PageCacheMiddleware:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key = cache_key(environ) if self._is_cacheable_request(environ) else None
        if key is None:
            return self.application(environ, start_response)
        store = page_store()
        entry = store.get(key)
        rendering = environ["REQUEST_METHOD"] == "GET"  # a HEAD answer has no body to keep
        if entry is not None:
            # Near its end, one request renders the next edition; the others keep this one.
            if not (rendering and entry.due_for_refresh() and store.claim(key)):
                return self._answer(environ, start_response, entry, "HIT")
        elif not rendering:
            return self.application(environ, start_response)
        elif not store.claim(key):
            # Another request renders this page right now (a spike after a purge): wait for
            # its result rather than render the same page once per waiting reader.
            entry = self._rendered_elsewhere(store, key)
            if entry is not None:
                return self._answer(environ, start_response, entry, "HIT")
            return self._render(environ, start_response, store, key)
        try:
            return self._render(environ, start_response, store, key)
        finally:
            store.release(key)

    @staticmethod
    def _rendered_elsewhere(store, key):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP_SECONDS)
            entry = store.get(key)
            if entry is not None or not store.claimed(key):
                return entry  # None: its renderer could not share it, so render it here
        return None

    def _render(self, environ, start_response, store, key):
        status, headers, body, entry = self._rendered(environ)
        if entry is None:
            start_response(status, headers)
            return [body]
        store.set(key, entry)
        return self._answer(environ, start_response, entry, "MISS")

    def renew(self, environ, signature) -> bool:
        """Render a page again and store it in place of its file store entry of this signature,
        unless a request is rendering it now or the entry was purged or replaced meanwhile: the
        worker's renewal of the pages nginx serves (renewal.py)."""
        key = cache_key(environ)
        store = page_store()
        if key is None or store.signature(key) != signature or not store.claim(key):
            return False
        try:
            entry = self._rendered(environ)[3]
            # A purge during the rendering: what was rendered may predate the change.
            if entry is None or store.signature(key) != signature:
                return False
            store.set(key, entry)
            return True
        finally:
            store.release(key)

    def _rendered(self, environ):
        """The response Django gives, and what is stored of it (None: not shared)."""
        captured = {"started": time.time()}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        result = self.application(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # Django's request_finished: connections go back
        shaping = {name: environ[name] for name in SHAPING_KEYS if name in environ}
        entry = self._entry(captured, body, shaping)
        return captured["status"], captured["headers"], body, entry

    @staticmethod
    def _is_cacheable_request(environ):
        if environ.get("REQUEST_METHOD") not in CACHEABLE_METHODS:
            return False
        if environ.get("PATH_INFO", "/").startswith(BYPASS_PREFIXES):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        return not any(f"{name}=" in cookies for name in PERSONAL_COOKIES)

    @staticmethod
    def _entry(captured, body, request):
        """What is stored for a response, or None when it must not be shared."""
        status, headers = captured["status"], captured["headers"]
        code = int(status.split()[0])
        seconds = _lifetime(code)
        names = {name.lower(): value for name, value in headers}
        if (
            code not in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
            or "set-cookie" in names
            or seconds <= 0
        ):
            return None
        control = names.get("cache-control", "")
        if any(word in control for word in ("private", "no-store", "no-cache")):
            return None
        dropped = {"date", "vary", "cache-control", "content-length"}
        # Compressed once when stored, so each hit only picks the encoding the reader accepts.
        bodies = {"identity": body}
        if len(body) > MIN_COMPRESSED_SIZE and names.get("content-type", "").startswith(TEXT_TYPES):
            bodies["br"] = brotli.compress(body, **BROTLI)
            bodies["gzip"] = gzip.compress(body, compresslevel=6)
        return Entry(
            status=status,
            headers=[(n, v) for n, v in headers if n.lower() not in dropped],
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            stored=captured["started"],
            seconds=seconds,
            bodies=bodies,
            request=request,
        )

    @staticmethod
    def _answer(environ, start_response, entry, verdict):
        headers = [
            *entry.headers,
            ("ETag", entry.etag),
            ("Cache-Control", f"public, max-age=0, s-maxage={entry.seconds}"),
            ("Vary", "Cookie, Accept-Encoding, Save-Data"),
            ("Age", str(int(time.time() - entry.stored))),
            ("X-Cache", verdict),
        ]
        if "last-modified" not in entry.header_names:
            headers.append(("Last-Modified", _http_date(int(entry.stored))))  # as nginx would
        if _not_modified(environ, entry):
            start_response("304 Not Modified", headers)
            return [b""]
        encoding = _preferred_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""), entry.bodies)
        body = entry.bodies[encoding]
        if encoding != "identity":
            headers.append(("Content-Encoding", encoding))
        headers.append(("Content-Length", str(len(body))))
        start_response(entry.status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]


def _not_modified(environ, entry):
    """The reader's copy is current: same ETag or, without one, not older than this page."""
    if "HTTP_IF_NONE_MATCH" in environ:
        return environ["HTTP_IF_NONE_MATCH"] == entry.etag
    if "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    since = parse_http_date_safe(environ["HTTP_IF_MODIFIED_SINCE"])
    return since is not None and since >= int(entry.stored)


@functools.lru_cache(maxsize=256)
def _http_date(timestamp):
    """The same few dates are sent over and over: one per stored page."""
    return http_date(timestamp)


def _lifetime(code):
    # A "not found" page shows the same lists as any page: never kept longer than one.
    return min(NOT_FOUND_SECONDS, lifetime()) if code == HTTPStatus.NOT_FOUND else lifetime()


def _preferred_encoding(accept_encoding, bodies):
    for encoding in _accepted_compressions(accept_encoding):
        if encoding in bodies:
            return encoding
    return "identity"


@functools.lru_cache(maxsize=64)
def _accepted_compressions(accept_encoding):
    """br, then gzip, as far as the reader accepts them: browsers send a few header values."""
    accepted = {
        part.split(";")[0].strip()
        for part in accept_encoding.lower().replace(" ", "").split(",")
        if not part.endswith(("q=0", "q=0.0"))  # "br;q=0" refuses br
    }
    return tuple(encoding for encoding in ("br", "gzip") if encoding in accepted)
