from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from pytest_django.asserts import assertContains

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.tests.factories import NewsImageFactory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db

START = datetime(2025, 3, 18, 13, 5, tzinfo=UTC)


@pytest.fixture
def newsroom(home, section):
    economy = SectionPageFactory(parent=home, title="Économie")
    ana = AuthorFactory(name="Ana Diop")
    articles = [
        ArticlePageFactory(
            parent=section,
            title=f"Monde {n}",
            lede=f"Chapô {n}",
            authors=[ana],
            tags=["Climat"],
            first_published_at=START + timedelta(hours=n),
            images=[NewsImageFactory()] if n == 0 else [],
        )
        for n in range(3)
    ]
    ArticlePageFactory(
        parent=economy, title="Le budget", first_published_at=START + timedelta(days=1)
    )
    ArticlePageFactory(parent=section, title="Brouillon", live=False)
    return {"articles": articles, "author": ana}


def parse(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize(
    ("kind", "content_type"), [("rss", "application/rss+xml"), ("atom", "application/atom+xml")]
)
@pytest.mark.parametrize(
    ("url", "titles"),
    [
        ("/", ["Le budget", "Monde 2", "Monde 1", "Monde 0"]),
        ("/international/", ["Monde 2", "Monde 1", "Monde 0"]),
        ("/auteurs/ana-diop/", ["Monde 2", "Monde 1", "Monde 0"]),
        ("/sujets/climat/", ["Monde 2", "Monde 1", "Monde 0"]),
    ],
)
def test_feeds_parse_with_the_right_entries(client, newsroom, url, titles, kind, content_type):
    feed = parse(client, f"{url}{kind}/", content_type)
    assert [entry.title for entry in feed.entries] == titles


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_entry_carries_link_author_date_summary_and_image(client, newsroom, kind):
    feed = parse(client, f"/international/{kind}/", "application/")
    entry = feed.entries[-1]  # Monde 0, the one with a photo

    assert entry.link == "http://testserver/international/monde-0/"
    assert entry.author == "Ana Diop"
    assert entry.summary == "Chapô 0"
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == START
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith("http://testserver/media/images/")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0


def test_rss_dates_carry_the_time_zone(client, newsroom):
    body = client.get("/rss/").content.decode()
    assert "<pubDate>Tue, 18 Mar 2025 14:05:00 +0100</pubDate>" in body


def test_unknown_author_or_tag_feed_is_404(client, home):
    assert client.get("/auteurs/personne/rss/").status_code == 404
    assert client.get("/sujets/inconnu/atom/").status_code == 404


def test_pages_announce_their_feeds(client, newsroom):
    site_links = (
        '<link rel="alternate" type="application/rss+xml" title="Manchette (RSS)" href="/rss/">'
    )
    assertContains(client.get("/"), site_links, html=True)
    assertContains(
        client.get("/international/"),
        '<link rel="alternate" type="application/atom+xml" title="International (Atom)" '
        'href="/international/atom/">',
        html=True,
    )
    assertContains(
        client.get("/auteurs/ana-diop/"),
        '<link rel="alternate" type="application/rss+xml" title="Ana Diop (RSS)" '
        'href="/auteurs/ana-diop/rss/">',
        html=True,
    )
