"""manchette.wsgi, the application the server runs."""

import gc

import pytest
from django.test import RequestFactory

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


@pytest.fixture
def collector_left_alone():
    """Python collects no garbage on its own during the test: what is collected, we did."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def serve(path):
    """The body of `path` as the server gets it, its response closed as the server does."""
    environ = RequestFactory().get(path, HTTP_ACCEPT_LANGUAGE="fr").environ
    result = wsgi.application(environ, lambda status, headers, exc_info=None: None)
    try:
        return b"".join(result).decode()
    finally:
        if hasattr(result, "close"):
            result.close()


def full_collections():
    return gc.get_stats()[2]["collections"]


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_the_test_connection")
def test_an_admin_page_leaves_no_garbage_in_the_worker(collector_left_alone):
    page = serve("/admin/login/")
    left_behind = gc.collect()
    assert "Mot de passe" in page
    assert left_behind == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("keep_the_test_connection")
def test_a_readers_page_waits_for_no_collection(collector_left_alone):
    before = full_collections()
    page = serve("/robots.txt")
    assert "Sitemap:" in page
    assert full_collections() == before
