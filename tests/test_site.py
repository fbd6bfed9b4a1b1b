"""Site-wide checks: every page type, the error pages, migrations and the French catalogue."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from pytest_django.asserts import assertContains

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.templatetags.stylesheet_tags import critical_stylesheet_text
from manchette.core.tests.factories import NewsImageFactory

CATALOGUE = Path(__file__).resolve().parent.parent / "manchette/locale/fr/LC_MESSAGES/django.po"


@pytest.fixture
def newsroom(section):
    author = AuthorFactory(name="Aminata Sow")
    article = ArticlePageFactory(
        parent=section, authors=[author], tags=["Climat"], images=[NewsImageFactory()]
    )
    return {
        "front page": "/",
        "section": section.url,
        "article": article.url,
        "author": author.get_absolute_url(),
        "tag": "/sujets/climat/",
    }


@pytest.mark.django_db
def test_every_page_type_answers_with_exactly_one_h1(client, newsroom):
    for name, url in newsroom.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert len(re.findall(r"<h1[\s>]", response.content.decode())) == 1, name
        assertContains(response, '<html lang="fr">')
        assertContains(response, "Dernières nouvelles")


@pytest.mark.django_db
def test_unknown_address_gives_a_styled_french_404(client, home):
    response = client.get("/n-existe-pas/")
    assertContains(response, "Page introuvable", status_code=404)
    assertContains(response, "Retour à la une", status_code=404)
    assertContains(response, critical_stylesheet_text()[:100], status_code=404)


@pytest.mark.django_db
def test_server_error_gives_a_french_500_page(client, section, monkeypatch):
    article = ArticlePageFactory(parent=section)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ArticlePage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(article.url)

    assertContains(response, "Erreur du serveur", status_code=500)
    assertContains(response, "Merci de réessayer dans quelques minutes.", status_code=500)


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_french_is_the_default_and_the_catalogue_translates():
    with translation.override("fr"):
        assert translation.gettext("Latest news") == "Dernières nouvelles"
        assert translation.gettext("Related") == "En relation"


def test_french_catalogue_is_complete():
    entries = CATALOGUE.read_text().split("\n\n")[1:]  # the first block is the header
    untranslated = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""\n?$', e, re.M)
        and not re.search(r'^"', e.split("msgstr", 1)[1], re.M)
    ]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert untranslated == []
    assert fuzzy == []
