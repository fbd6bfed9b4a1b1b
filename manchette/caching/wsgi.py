"""The page cache in front of Django: a hit is answered without entering Django at all."""

import hashlib
import time
from http import HTTPStatus

from .store import cache_key, lifetime, page_cache, remember_host

CACHEABLE_METHODS = {"GET", "HEAD"}
# Per-visitor or private areas: never stored, never served from the store.
BYPASS_PREFIXES = (
    "/admin/",
    "/commentaires/",
    "/lu/",
    "/recherche/",
    "/static/",
    "/media/",
    "/documents/",
)
PERSONAL_COOKIES = ("sessionid", "csrftoken")
NOT_FOUND_SECONDS = 30


class PageCacheMiddleware:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not self._is_cacheable_request(environ):
            return self.application(environ, start_response)
        host = environ.get("HTTP_HOST", environ.get("SERVER_NAME", ""))
        key = cache_key(host, environ.get("PATH_INFO", "/"), environ.get("QUERY_STRING", ""))
        entry = page_cache().get(key)
        if entry is not None:
            return self._answer(environ, start_response, entry, "HIT")
        if environ["REQUEST_METHOD"] != "GET":  # a HEAD answer has no body worth keeping
            return self.application(environ, start_response)
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        result = self.application(environ, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()  # Django's request_finished: connections go back
        entry = self._entry(captured["status"], captured["headers"], body)
        if entry is not None:
            seconds = NOT_FOUND_SECONDS if entry["status"].startswith("404") else lifetime()
            page_cache().set(key, entry, seconds)
            remember_host(host)
            return self._answer(environ, start_response, entry, "MISS")
        start_response(captured["status"], captured["headers"])
        return [body]

    @staticmethod
    def _is_cacheable_request(environ):
        if environ.get("REQUEST_METHOD") not in CACHEABLE_METHODS:
            return False
        if environ.get("PATH_INFO", "/").startswith(BYPASS_PREFIXES):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        return not any(f"{name}=" in cookies for name in PERSONAL_COOKIES)

    @staticmethod
    def _entry(status, headers, body):
        code = int(status.split()[0])
        names = {name.lower(): value for name, value in headers}
        if code not in (HTTPStatus.OK, HTTPStatus.NOT_FOUND) or "set-cookie" in names:
            return None
        if any(
            word in names.get("cache-control", "") for word in ("private", "no-store", "no-cache")
        ):
            return None
        headers = [(n, v) for n, v in headers if n.lower() not in {"date", "vary", "cache-control"}]
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        return {
            "status": status,
            "headers": headers,
            "body": body,
            "etag": etag,
            "stored": time.time(),
        }

    @staticmethod
    def _answer(environ, start_response, entry, verdict):
        seconds = NOT_FOUND_SECONDS if entry["status"].startswith("404") else lifetime()
        headers = [
            *entry["headers"],
            ("ETag", entry["etag"]),
            ("Cache-Control", f"public, max-age=0, s-maxage={seconds}"),
            ("Vary", "Cookie, Accept-Encoding"),
            ("Age", str(int(time.time() - entry["stored"]))),
            ("X-Cache", verdict),
        ]
        if environ.get("HTTP_IF_NONE_MATCH") == entry["etag"]:
            start_response(
                "304 Not Modified", [h for h in headers if h[0].lower() != "content-length"]
            )
            return [b""]
        start_response(entry["status"], headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else entry["body"]]
