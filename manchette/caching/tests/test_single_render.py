"""A spike on one page renders it once: the other readers wait for that rendering, or keep
the copy still in the store while it is renewed."""

import threading
import time
from dataclasses import replace

import pytest
from django.test import RequestFactory

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.caching.store import Entry, cache_key, page_store
from manchette.caching.tests.client import get

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_stores")]


@pytest.fixture
def article(section):
    return ArticlePageFactory(parent=section, title="La crue atteint le centre-ville")


def key_of(url):
    return cache_key(RequestFactory().get(url).environ)


def edition(text, stored=None):
    return Entry(
        status="200 OK",
        headers=[("Content-Type", "text/html; charset=utf-8")],
        etag=f'"{len(text)}"',
        stored=time.time() if stored is None else stored,
        seconds=60,
        bodies={"identity": text.encode()},
    )


def later(seconds, action):
    thread = threading.Timer(seconds, action)
    thread.start()
    return thread


def test_a_reader_arriving_during_a_rendering_gets_that_rendering(
    article, django_assert_num_queries
):
    store, key = page_store(), key_of(article.url)
    assert store.claim(key)  # another worker is rendering the page
    other = later(0.2, lambda: store.set(key, edition("<p>rendu ailleurs</p>")))
    with django_assert_num_queries(0):
        page = get(article.url)
    other.join()
    assert (page.headers["X-Cache"], page.body) == ("HIT", "<p>rendu ailleurs</p>")


def test_when_the_other_rendering_is_not_kept_the_reader_renders_the_page(article):
    store, key = page_store(), key_of(article.url)
    assert store.claim(key)
    other = later(0.2, lambda: store.release(key))  # e.g. its answer set a cookie
    page = get(article.url)
    other.join()
    assert page.headers["X-Cache"] == "MISS" and "La crue atteint" in page.body


def test_a_page_near_its_end_is_renewed_by_one_reader_while_the_others_keep_it(article):
    store, key = page_store(), key_of(article.url)
    get(article.url)
    old = replace(edition("<p>ancienne édition</p>"), stored=time.time() - 50)
    store.set(key, old)
    assert store.claim(key)  # one reader is renewing it
    kept = get(article.url)
    assert (kept.headers["X-Cache"], kept.body) == ("HIT", "<p>ancienne édition</p>")
    store.release(key)
    renewed = get(article.url)
    assert renewed.headers["X-Cache"] == "MISS" and "La crue atteint" in renewed.body
    assert get(article.url).headers["X-Cache"] == "HIT"
