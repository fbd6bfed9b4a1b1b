"""The page cache in front of Django, driven as the WSGI server drives it."""

import gzip

import brotli
import pytest

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.caching.store import purge_paths
from manchette.caching.tests.client import get
from manchette.caching.wsgi import PageCacheMiddleware
from manchette.comments.models import Comment
from manchette.comments.services import comments_moderate
from manchette.comments.tests.factories import CommentFactory
from manchette.core.tests.factories import NewsImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_stores")]


@pytest.fixture
def article(section):
    return ArticlePageFactory(
        parent=section,
        title="Premier article",
        authors=[AuthorFactory(name="Ana Diop")],
        tags=["Climat"],
    )


def test_second_visit_is_served_without_entering_django(article, django_assert_num_queries):
    first = get(article.url)
    with django_assert_num_queries(0):
        second = get(article.url)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("MISS", "HIT")
    assert second.body == first.body and "Premier article" in second.body


def test_cached_pages_carry_cdn_headers_and_answer_304(article):
    page = get(article.url)
    assert "s-maxage=60" in page.headers["Cache-Control"]
    assert "Cookie" in page.headers["Vary"]
    again = get(article.url, HTTP_IF_NONE_MATCH=page.headers["ETag"])
    assert again.status == 304 and again.body == ""


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("POST", "/", {}),
        ("GET", "/admin/", {}),
        ("GET", "/recherche/?q=budget", {}),
        ("GET", "/", {"HTTP_COOKIE": "sessionid=abc"}),
    ],
)
def test_personal_or_unsafe_requests_are_never_cached(home, method, path, headers):
    get(path, method, **headers)
    assert "X-Cache" not in get(path, method, **headers).headers


def test_cached_pages_say_when_they_were_made_and_answer_304_since_then(article):
    page = get(article.url)
    again = get(article.url, HTTP_IF_MODIFIED_SINCE=page.headers["Last-Modified"])
    assert again.status == 304 and again.body == ""
    older = get(article.url, HTTP_IF_MODIFIED_SINCE="Tue, 18 Mar 2025 14:05:00 GMT")
    assert older.status == 200 and "Premier article" in older.body


def test_a_lifetime_of_zero_turns_the_cache_off(article, settings):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 0
    get(article.url)
    again = get(article.url)
    assert "X-Cache" not in again.headers and "Premier article" in again.body


def test_not_found_is_kept_briefly_errors_never(home):
    get("/nulle-part/")
    missing = get("/nulle-part/")
    assert missing.status == 404 and missing.headers["X-Cache"] == "HIT"
    assert "s-maxage=30" in missing.headers["Cache-Control"]


def test_publishing_refreshes_every_page_that_lists_the_article(
    article, section, django_capture_on_commit_callbacks
):
    ana = article.bylines.get().author
    urls = [
        "/",
        section.url,
        "/rss/",
        section.url + "rss/",
        ana.get_absolute_url(),
        "/sujets/climat/",
        "/sitemap-news.xml",
        article.url,
    ]
    for url in urls:
        get(url)
    new = ArticlePageFactory(
        parent=section, title="Dépêche fraîche", live=False, authors=[ana], tags=["Climat"]
    )
    new.first_published_at = None
    with django_capture_on_commit_callbacks(execute=True):
        new.save_revision().publish()

    for url in urls[:-1]:
        page = get(url)
        assert "Dépêche fraîche" in page.body, url
        assert page.headers["X-Cache"] == "MISS", url

    new.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        new.unpublish()
    for url in urls[:-1]:
        assert "Dépêche fraîche" not in get(url).body, url


def test_editing_an_article_refreshes_it_and_leaves_other_pages_alone(
    article, section, django_capture_on_commit_callbacks
):
    other = ArticlePageFactory(parent=section, title="Sans rapport")
    get(article.url)
    get(other.url)
    article.title = "Titre corrigé"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "Titre corrigé" in get(article.url).body
    assert get(other.url).headers["X-Cache"] == "HIT"


def test_approving_a_comment_refreshes_the_article(article, django_capture_on_commit_callbacks):
    comment = CommentFactory(article=article, status=Comment.Status.PENDING, body="Bravo à tous")
    assert "Bravo à tous" not in get(article.url).body
    with django_capture_on_commit_callbacks(execute=True):
        comments_moderate(comments=[comment], status=Comment.Status.APPROVED)
    assert "Bravo à tous" in get(article.url).body


def test_responses_that_set_cookies_or_are_private_are_not_stored():
    def store(status, headers):
        captured = {"status": status, "headers": headers, "started": 0}
        return PageCacheMiddleware._entry(captured, b"x", request={})

    assert store("200 OK", [("Set-Cookie", "a=b")]) is None
    assert store("200 OK", [("Cache-Control", "private")]) is None
    assert store("500 Internal Server Error", []) is None
    assert store("200 OK", [("Content-Type", "text/html")]) is not None


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
        ("", None, bytes),
    ],
)
def test_text_is_served_compressed_as_the_reader_accepts(article, accept, encoding, decode):
    plain = get(article.url).body
    page = get(article.url, HTTP_ACCEPT_ENCODING=accept)
    assert page.headers.get("Content-Encoding") == encoding
    assert int(page.headers["Content-Length"]) == len(page.raw)
    assert decode(page.raw).decode() == plain


def test_readers_saving_data_and_the_others_each_get_their_own_page(
    section, django_capture_on_commit_callbacks
):
    article = ArticlePageFactory(parent=section, images=[NewsImageFactory()])
    full = get(article.url)
    light = get(article.url, HTTP_SAVE_DATA="on")

    assert (full.headers["X-Cache"], light.headers["X-Cache"]) == ("MISS", "MISS")
    assert "1200w" in full.body and "1200w" not in light.body
    assert get(article.url).body == full.body
    assert get(article.url, HTTP_SAVE_DATA="on").body == light.body
    assert "Save-Data" in full.headers["Vary"] and "Save-Data" in light.headers["Vary"]

    article.title = "Titre corrigé"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert "Titre corrigé" in get(article.url, HTTP_SAVE_DATA="on").body


def test_query_strings_are_stored_apart_from_the_page(home):
    assert get("/?page=2").headers["X-Cache"] == "MISS"
    assert get("/?page=2").headers["X-Cache"] == "HIT"
    assert get("/").headers["X-Cache"] == "MISS"


def test_a_purge_forgets_exact_paths_for_every_host(section):
    hosts = ["localhost", "127.0.0.1:8000"]
    for host in hosts:
        get("/", HTTP_HOST=host)
        get(section.url, HTTP_HOST=host)
    purge_paths(["/"])
    for host in hosts:
        assert get("/", HTTP_HOST=host).headers["X-Cache"] == "MISS"
        assert get(section.url, HTTP_HOST=host).headers["X-Cache"] == "HIT"


def test_the_port_is_not_part_of_the_key_nor_case(home):
    get("/", HTTP_HOST="LocalHost:8000")
    assert get("/", HTTP_HOST="localhost").headers["X-Cache"] == "HIT"


def test_not_found_pages_never_outlive_the_page_lifetime(home, settings):
    settings.MANCHETTE_PAGE_CACHE_SECONDS = 20
    get("/nulle-part/")
    assert "s-maxage=20" in get("/nulle-part/").headers["Cache-Control"]
