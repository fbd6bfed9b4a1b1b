"""The shipped deploy/nginx.conf in front of the real application: hits come from disk."""

import gzip

import brotli
import pytest

from tests.server import BROTLI_MODULE, NGINX, fetch, manchette, running_nginx, running_server

pytestmark = pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed (nginx-light)")

# Headers nginx and the application each send their own of.
OWN = {"age", "etag", "last-modified", "content-length", "date", "x-cache", "accept-ranges"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if not BROTLI_MODULE.exists():
        pytest.fail("deploy/nginx.conf needs libnginx-mod-http-brotli-static: run `make nginx`")
    data_dir = tmp_path_factory.mktemp("data")
    with running_server(data_dir) as app:
        with running_nginx(tmp_path_factory.mktemp("nginx"), data_dir, app) as base:
            yield base, data_dir


def test_a_miss_goes_to_the_application_and_the_next_visit_is_read_from_disk(site):
    base, _ = site
    status, first, body = fetch(base + "/")
    assert (status, first["X-Cache"]) == (200, "MISS")
    status, second, again = fetch(base + "/")
    assert (status, second["X-Cache"]) == (200, "HIT-nginx")
    assert again == body
    assert shared(second) == shared(first)


@pytest.mark.parametrize(
    "path", ["/rss/", "/atom/", "/sitemap.xml", "/sitemap-news.xml", "/robots.txt"]
)
def test_feeds_sitemaps_and_robots_keep_their_type_and_headers(site, path):
    base, _ = site
    _, first, body = fetch(base + path)
    _, second, again = fetch(base + path)
    assert second["X-Cache"] == "HIT-nginx"
    assert again == body
    assert shared(second) == shared(first)


def test_nginx_serves_the_icon_itself_for_a_week(site):
    base, data_dir = site
    status, headers, body = fetch(base + "/favicon.ico")
    assert status == 200
    assert "X-Cache" not in headers  # not through the application
    assert headers["Cache-Control"] == "max-age=604800"
    assert body == (data_dir / "static/manchette/favicon.ico").read_bytes()


@pytest.mark.parametrize(
    ("encoding", "decode"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_nginx_serves_the_precompressed_page(site, encoding, decode):
    base, _ = site
    _, _, plain = fetch(base + "/")
    _, headers, body = fetch(base + "/", {"Accept-Encoding": encoding})
    assert (headers["X-Cache"], headers["Content-Encoding"]) == ("HIT-nginx", encoding)
    assert decode(body) == plain


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("GET", "/", {"Cookie": "sessionid=abc"}),
        ("POST", "/", {}),
        ("GET", "/?page=1", {}),
        ("GET", "/", {"Save-Data": "on"}),  # the lighter page lives apart, app-served
    ],
)
def test_personal_unsafe_or_query_requests_go_to_the_application(site, method, path, headers):
    base, _ = site
    fetch(base + "/")
    status, answer, _ = fetch(base + path, headers, method=method)
    assert answer.get("X-Cache") in (None, "MISS", "HIT")  # the application's own verdicts
    assert status != 405  # nginx's own answer to a POST on a file


def test_after_publishing_nginx_no_longer_serves_the_old_page(site):
    base, data_dir = site
    fetch(base + "/")
    assert fetch(base + "/")[1]["X-Cache"] == "HIT-nginx"
    manchette(
        data_dir,
        "shell",
        "-c",
        "from manchette.articles.tests.factories import ArticlePageFactory as Article; "
        "from manchette.sections.models import HomePage; "
        "article = Article(parent=HomePage.objects.get(), title='Une toute neuve', live=False, "
        "first_published_at=None); article.save_revision().publish()",
    )
    _, headers, body = fetch(base + "/")
    assert headers["X-Cache"] == "MISS"
    assert "Une toute neuve" in body.decode()


def shared(headers):
    return {name.lower(): value for name, value in headers.items() if name.lower() not in OWN}
