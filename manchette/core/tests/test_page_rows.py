"""Pages read from the database are the pages Django's own from_db() makes."""

import pytest

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.core.models import BasePage

pytestmark = pytest.mark.django_db


def djangos_from_db(model, names, values):
    return super(BasePage, model).from_db("default", names, values)


@pytest.mark.parametrize("loaded", [None, ("id", "page_ptr_id", "title", "url_path")])
def test_a_page_row_makes_the_page_django_makes(section, loaded):
    stored = ArticlePageFactory(parent=section, title="Municipales à Lyon", lede="Le chapô.")
    fields = ArticlePage._meta.concrete_fields
    names = [field.attname for field in fields if loaded is None or field.attname in loaded]
    values = [getattr(stored, name) for name in names]

    page = ArticlePage.from_db("default", names, values)
    expected = djangos_from_db(ArticlePage, names, values)

    assert {k: v for k, v in vars(page).items() if k != "_state"} == {
        k: v for k, v in vars(expected).items() if k != "_state"
    }
    assert (page._state.adding, page._state.db) == (False, "default")
    assert page.get_deferred_fields() == expected.get_deferred_fields()
    assert page.lede == "Le chapô."  # read from the database if it was deferred


def test_pages_read_by_a_query_keep_their_children(section):
    author = AuthorFactory(name="Ana Diallo")
    stored = ArticlePageFactory(parent=section, title="Municipales à Lyon", authors=[author])

    page = ArticlePage.objects.only("title").get(pk=stored.pk)

    assert page.title == "Municipales à Lyon"
    assert page.get_parent().specific == section
    assert [byline.author for byline in page.bylines.all()] == [author]
