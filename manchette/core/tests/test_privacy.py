import pytest
from pytest_django.asserts import assertContains, assertNotContains
from wagtail.models import PageViewRestriction

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db


def make_private(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def test_article_of_a_private_section_asks_for_the_password(client, home, section):
    private = SectionPageFactory(parent=home, title="Réservé")
    article = ArticlePageFactory(parent=private, title="Article réservé", lede="Le secret")
    make_private(private)

    response = client.get(article.url)

    assertNotContains(response, "Le secret")
    assertContains(response, 'name="password"')


def test_alias_of_a_private_article_is_private_too(client, home, section):
    elsewhere = SectionPageFactory(parent=home, title="Ailleurs")
    article = ArticlePageFactory(parent=elsewhere, lede="Le secret")
    alias = article.create_alias(parent=section, update_slug="alias-public")
    make_private(article)  # after the alias was made, so only the source carries it

    response = client.get(alias.url)

    assertNotContains(response, "Le secret")
    assertContains(response, 'name="password"')


def test_a_section_made_private_leaves_the_lists_at_once(client, home, section):
    private = SectionPageFactory(parent=home, title="Réservé")
    ArticlePageFactory(parent=private, title="Bientôt réservé")
    assertContains(client.get(section.url), "Bientôt réservé")  # the latest headlines

    restriction = make_private(private)
    assertNotContains(client.get(section.url), "Bientôt réservé")

    restriction.delete()
    assertContains(client.get(section.url), "Bientôt réservé")
