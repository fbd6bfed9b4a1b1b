"""A reader on a small phone, in real headless Chromium, with JavaScript off."""

import pytest

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.tests.factories import NewsImageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def article(section):
    return ArticlePageFactory(
        parent=section,
        title="Sénégal : l’Assemblée adopte le budget 2026 après une très longue nuit de débats",
        kicker="Dakar",
        lede="Les députés ont voté le texte après trois jours de débats.",
        authors=[AuthorFactory(name="Aminata Sow")],
        images=[NewsImageFactory(credit="Awa Ndiaye / Manchette")],
    )


def test_reader_on_a_phone_reads_an_article_without_javascript(live_server, phone, article):
    phone.goto(live_server.url + article.url)

    assert phone.locator("h1").inner_text().startswith("Sénégal : l’Assemblée")
    assert phone.locator(".article__lede").is_visible()
    assert "Aminata Sow" in phone.locator(".article__meta").inner_text()
    assert phone.locator(".figure__credit").text_content() == "Awa Ndiaye / Manchette"
    assert phone.get_by_role("heading", name="Dernières nouvelles").count() == 1
    # Nothing wider than the screen: no sideways scrolling on a 360 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_reader_follows_the_byline_to_the_author_page(live_server, phone, article):
    phone.goto(live_server.url + article.url)
    phone.get_by_role("link", name="Aminata Sow").click()

    assert phone.url == live_server.url + "/auteurs/aminata-sow/"
    assert phone.locator("h1").inner_text() == "Aminata Sow"
    assert article.title in phone.locator(".article-list").inner_text()
