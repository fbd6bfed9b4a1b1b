import pytest

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.core.compiled import STAND_IN_PK, compiled_queryset

pytestmark = pytest.mark.django_db


def _titled(pk):
    return ArticlePage.objects.filter(pk=pk).only("title")


def test_compiled_queryset_runs_with_each_calls_values(section):
    first = ArticlePageFactory(parent=section, title="Premier")
    second = ArticlePageFactory(parent=section, title="Second")

    titles = [
        [page.title for page in compiled_queryset(_titled, (), [STAND_IN_PK], [article.pk])]
        for article in (first, second)
    ]

    assert titles == [["Premier"], ["Second"]]


def test_compiled_queryset_refuses_to_be_refined(section):
    article = ArticlePageFactory(parent=section)
    compiled = compiled_queryset(_titled, (), [STAND_IN_PK], [article.pk])

    with pytest.raises(TypeError, match="runs as it is"):
        compiled.filter(title="Autre")


def test_a_query_that_drops_its_stand_in_is_refused():
    with pytest.raises(ValueError, match="stand-in is missing"):
        compiled_queryset(lambda pk: ArticlePage.objects.all(), (), [STAND_IN_PK], [1])
