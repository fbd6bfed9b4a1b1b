from datetime import UTC, datetime

import pytest
from pytest_django.asserts import assertContains

from manchette.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_day_archive_lists_what_was_published_that_day_in_paris(client, section):
    # 23:30 UTC on the 17th is already the 18th in Paris.
    ArticlePageFactory(
        parent=section,
        title="Tard le soir",
        first_published_at=datetime(2025, 3, 17, 23, 30, tzinfo=UTC),
    )
    ArticlePageFactory(
        parent=section,
        title="En journée",
        first_published_at=datetime(2025, 3, 18, 12, 0, tzinfo=UTC),
    )
    ArticlePageFactory(
        parent=section,
        title="Le lendemain",
        first_published_at=datetime(2025, 3, 19, 12, 0, tzinfo=UTC),
    )

    response = client.get("/archives/2025/3/18/")

    assertContains(response, "<h1>mardi 18 mars 2025</h1>", html=True)
    listing = response.content.decode().split('class="article-list"')[1]
    assert listing.index("En journée") < listing.index("Tard le soir")
    assert "Le lendemain" not in listing


def test_article_date_links_to_its_day(client, section):
    article = ArticlePageFactory(
        parent=section, first_published_at=datetime(2025, 3, 17, 23, 30, tzinfo=UTC)
    )
    assertContains(client.get(article.url), '<a href="/archives/2025/3/18/"><time')


@pytest.mark.parametrize(
    "url", ["/archives/2025/2/30/", "/archives/2025/13/1/", "/archives/0/1/1/"]
)
def test_impossible_dates_are_404(client, home, url):
    assertContains(client.get(url), "Page introuvable", status_code=404)


def test_empty_day_says_so(client, home):
    assertContains(client.get("/archives/2001/1/1/"), "Aucun article n’a encore été publié ici.")
