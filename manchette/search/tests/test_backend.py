import pytest
from django.core.management import call_command
from wagtail.search.models import IndexEntry

from manchette.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def title_norm(page):
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type__model="articlepage")
    return entry.title_norm


def test_a_published_article_gets_its_title_norm_without_rewriting_the_others(section):
    short = ArticlePageFactory(parent=section, title="Crue")
    ArticlePageFactory(parent=section, title="Le conseil municipal vote le budget de la ville")
    before = title_norm(short)

    long = ArticlePageFactory(parent=section, title="Une longue enquête sur les marchés publics")

    # Title norms weigh title matches by the title's length against the average one.
    assert title_norm(long) not in (1.0, None)
    assert title_norm(long) < before
    assert title_norm(short) == before


def test_update_index_recomputes_every_title_norm(section):
    articles = [
        ArticlePageFactory(parent=section, title=title)
        for title in ("Crue", "Le conseil municipal vote le budget", "Grève des transports")
    ]
    IndexEntry.objects.update(title_norm=1.0)

    call_command("update_index", verbosity=0)

    assert all(title_norm(article) != 1.0 for article in articles)


def test_a_republished_article_keeps_a_title_norm(section):
    ArticlePageFactory(parent=section, title="Le conseil municipal vote le budget de la ville")
    article = ArticlePageFactory(parent=section, title="Crue")
    before = title_norm(article)

    article.title = "Crue : la Seine atteint son plus haut niveau depuis dix ans"
    article.save_revision().publish()

    # PostgreSQL's index sets a rewritten entry's norm back to 1.0, as for a new one; a
    # longer title weighs each of its words less.
    assert title_norm(article) not in (1.0, None)
    assert title_norm(article) < before
