"""Drive the page cache as the WSGI server does."""

from django.core.handlers.wsgi import WSGIHandler
from django.test import RequestFactory

from manchette.caching.wsgi import PageCacheMiddleware


class Response:
    def __init__(self, status, headers, body):
        self.status = int(status.split()[0])
        self.headers = dict(headers)
        self.raw = body
        self.body = body.decode(errors="replace")


def get(path, method="GET", **headers):
    app = PageCacheMiddleware(WSGIHandler())
    environ = RequestFactory().generic(method, path, **headers).environ
    captured = {}

    def start_response(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers

    body = b"".join(app(environ, start_response))
    return Response(captured["status"], captured["headers"], body)
