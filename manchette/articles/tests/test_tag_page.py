import pytest
from pytest_django.asserts import assertContains

from manchette.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_tag_page_lists_tagged_articles(client, section):
    ArticlePageFactory(parent=section, title="Sur le climat", tags=["Climat"])
    ArticlePageFactory(parent=section, title="Sur le budget", tags=["Budget"])

    response = client.get("/sujets/climat/")

    assertContains(response, "<h1>Climat</h1>", html=True)
    listing = response.content.decode().split('class="article-list"')[1]
    assert "Sur le climat" in listing and "Sur le budget" not in listing
    assertContains(client.get("/sujets/inconnu/"), "Page introuvable", status_code=404)


def test_accented_tag_gets_an_ascii_address(client, section):
    ArticlePageFactory(parent=section, title="Le scrutin", tags=["Élections"])
    assertContains(client.get("/sujets/elections/"), "<h1>Élections</h1>", html=True)
