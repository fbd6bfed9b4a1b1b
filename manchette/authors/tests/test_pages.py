from datetime import UTC, datetime, timedelta

import pytest
from pytest_django.asserts import assertContains

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.models import AuthorLink
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.tests.factories import NewsImageFactory

pytestmark = pytest.mark.django_db


def test_author_page_shows_photo_role_bio_links_and_articles(client, section):
    author = AuthorFactory(
        name="Aminata Sow",
        role="Correspondante à Dakar",
        bio="Elle couvre l’Afrique de l’Ouest.",
        photo=NewsImageFactory(description="Portrait d’Aminata Sow"),
    )
    AuthorLink.objects.create(
        author=author, label="Mastodon", url="https://social.example.org/@sow"
    )
    ArticlePageFactory(parent=section, title="Signé par Aminata", authors=[author])
    ArticlePageFactory(parent=section, title="Signé par un autre", authors=[AuthorFactory()])

    response = client.get("/auteurs/aminata-sow/")

    assertContains(response, "<h1>Aminata Sow</h1>", html=True)
    assertContains(response, "Correspondante à Dakar")
    assertContains(response, "Elle couvre l’Afrique de l’Ouest.")
    assertContains(response, 'alt="Portrait d’Aminata Sow"')
    assertContains(
        response, '<a href="https://social.example.org/@sow" rel="me noopener">Mastodon</a>'
    )
    listing = response.content.decode().split('class="article-list"')[1]
    assert "Signé par Aminata" in listing
    assert "Signé par un autre" not in listing


def test_author_page_paginates_newest_first(client, section, settings):
    settings.MANCHETTE_PAGE_SIZE = 2
    author = AuthorFactory(name="Paul Mendy")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    for day in range(3):
        ArticlePageFactory(
            parent=section,
            title=f"Chronique {day}",
            authors=[author],
            first_published_at=start + timedelta(days=day),
        )

    first_page = (
        client.get(author.get_absolute_url()).content.decode().split('class="article-list"')[1]
    )
    last_page = client.get(author.get_absolute_url(), {"page": "abc9"})

    assert first_page.index("Chronique 2") < first_page.index("Chronique 1")
    assert "Chronique 0" not in first_page
    assertContains(last_page, "Page 1 sur 2")


def test_author_slug_is_folded_from_the_name():
    assert AuthorFactory(name="Zoé N’Diaye-Œstrup").slug == "zoe-n-diaye-oestrup"


def test_unknown_author_gives_the_french_404(client, home):
    response = client.get("/auteurs/personne/")
    assert response.status_code == 404
    assertContains(response, "Page introuvable", status_code=404)
