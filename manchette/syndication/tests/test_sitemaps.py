from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.utils import timezone

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.tests.factories import NewsImageFactory
from manchette.syndication.sitemaps import ArticleSitemap

pytestmark = pytest.mark.django_db

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def test_sitemap_index_lists_paginated_sitemaps_with_lastmod_and_images(
    client, section, monkeypatch
):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    now = timezone.now()
    for n in range(3):
        ArticlePageFactory(
            parent=section,
            title=f"Article {n}",
            images=[NewsImageFactory()],
            first_published_at=now - timedelta(days=n),
        )
    ArticlePageFactory(parent=section, title="Brouillon", live=False)
    AuthorFactory(name="Ana Diop")

    index = xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    assert "http://testserver/sitemap-articles.xml" in locations
    assert "http://testserver/sitemap-articles.xml?p=2" in locations
    assert "http://testserver/sitemap-sections.xml" in locations

    urls = [
        *xml(client, "/sitemap-articles.xml").findall("sm:url", NS),
        *xml(client, "/sitemap-articles.xml?p=2").findall("sm:url", NS),
    ]
    assert len(urls) == 3
    for url in urls:
        assert url.find("sm:loc", NS).text.startswith("http://testserver/international/article-")
        assert url.find("sm:lastmod", NS).text
        assert url.find("image:image/image:loc", NS).text.startswith("http://testserver/media/")
    authors = xml(client, "/sitemap-authors.xml")
    assert authors.find("sm:url/sm:loc", NS).text == "http://testserver/auteurs/ana-diop/"


def test_news_sitemap_holds_only_the_last_48_hours(client, section):
    now = timezone.now()
    ArticlePageFactory(
        parent=section, title="Tout frais", first_published_at=now - timedelta(hours=2)
    )
    ArticlePageFactory(
        parent=section, title="Trop vieux", first_published_at=now - timedelta(hours=49)
    )

    news = xml(client, "/sitemap-news.xml")
    entries = news.findall("sm:url", NS)
    assert len(entries) == 1
    item = entries[0].find("news:news", NS)
    assert item.find("news:title", NS).text == "Tout frais"
    assert item.find("news:publication/news:name", NS).text == "Manchette"
    assert item.find("news:publication/news:language", NS).text == "fr"
    assert item.find("news:publication_date", NS).text.startswith(str(now.astimezone().year))


def test_robots_points_at_both_sitemaps(client, home):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Sitemap: http://testserver/sitemap-news.xml" in body
    assert "Disallow: /admin/" in body


def test_the_site_answers_the_icon_browsers_ask_for(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO file's header
    assert response.content == (settings.PACKAGE_DIR / "static/manchette/favicon.ico").read_bytes()
