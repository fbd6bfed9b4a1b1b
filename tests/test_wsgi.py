"""manchette.wsgi, the application the server runs."""

import pytest

from manchette import wsgi


@pytest.mark.parametrize(
    ("client", "seen"), [("127.0.0.1", "203.0.113.5"), ("198.51.100.7", "198.51.100.7")]
)
def test_the_reader_address_is_taken_from_a_local_proxy_only(monkeypatch, client, seen):
    environs = []
    monkeypatch.setattr(
        wsgi.PageCacheMiddleware, "__call__", lambda self, environ, start: environs.append(environ)
    )
    wsgi.application({"REMOTE_ADDR": client, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}, None)
    assert environs[0]["REMOTE_ADDR"] == seen


def test_a_request_without_forwarded_header_keeps_its_address(monkeypatch):
    environs = []
    monkeypatch.setattr(
        wsgi.PageCacheMiddleware, "__call__", lambda self, environ, start: environs.append(environ)
    )
    wsgi.application({"REMOTE_ADDR": "127.0.0.1"}, None)
    assert environs[0]["REMOTE_ADDR"] == "127.0.0.1"
