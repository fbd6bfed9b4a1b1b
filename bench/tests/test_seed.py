"""The bench's bulk path must build the same newsroom the admin would: browsable, searchable."""

import pytest
from django.db import connection
from django.utils.html import escape
from wagtail.models import Page

from bench.seed import Scale, bench_newsroom_seed
from manchette.articles.models import ArticlePage
from manchette.authors.models import Author
from manchette.comments.models import Comment
from manchette.sections.models import SectionPage

pytestmark = pytest.mark.django_db

SMALL = Scale(articles=150, authors=20, sections=10, comments=300)


@pytest.fixture
def seeded(home):
    bench_newsroom_seed(SMALL)


def count_rows():
    return (
        ArticlePage.objects.count(),
        Author.objects.count(),
        SectionPage.objects.count(),
        Comment.objects.count(),
    )


def test_seed_reaches_the_scale_once_and_keeps_the_page_tree_sound(seeded):
    assert count_rows() == (150, 20, 10, 300)
    assert Page.find_problems() == ([], [], [], [], [])
    bench_newsroom_seed(SMALL)
    assert count_rows() == (150, 20, 10, 300)


def test_seeded_articles_are_served_and_found_like_written_ones(seeded, client):
    article = ArticlePage.objects.order_by("-pk").first()
    page = client.get(article.url).content.decode()
    assert escape(article.title) in page
    assert article.authors[0].name in page
    found = client.get("/recherche/", {"q": f'"{article.title}"'}).content.decode()
    assert article.url in found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_on_postgresql_the_seeded_tables_are_analysed_for_the_planner(seeded):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [["articles_articlepage", "comments_comment", "wagtailsearch_indexentry"]],
        )
        estimates = dict(cursor.fetchall())

    # A table never analysed counts -1 rows; analysed, about the rows it holds.
    assert estimates["articles_articlepage"] == pytest.approx(150, abs=10)
    assert estimates["comments_comment"] == pytest.approx(300, abs=30)
    assert estimates["wagtailsearch_indexentry"] > 150
