"""Every page type asks a small number of queries, whatever the size of the newsroom."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StreamValue
from wagtail.models import Site

from manchette.articles.models import ArticlePage
from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.comments.tests.factories import CommentFactory
from manchette.core.tests.factories import NewsImageFactory
from manchette.sections.tests.factories import SectionPageFactory

pytestmark = pytest.mark.django_db

# The site and its front page are kept (kept.kept_site): no page asks for them.
# The front page's view restrictions; lead picks, lead fill and latest, section blocks; the
# cards: articles, bylines, photos, renditions.
FRONT_PAGE = 8
# Route, view restrictions, count, page, subsections; the cards (4).
SECTION_PAGE = 7
# Author, links, count, page; the cards (4) with the portrait's renditions.
AUTHOR_PAGE = 8
# Tag, count; the cards (4).
TAG_PAGE = 6
# Count; the cards (4).
ARCHIVE_PAGE = 5


def newsroom(home, size):
    """`size` sections of `size` articles, each signed by `size` authors, with a photo, the
    same tag, and `size` comments each answered once."""
    authors = [AuthorFactory(photo=NewsImageFactory()) for _ in range(size)]
    photo = NewsImageFactory()
    for number in range(size):
        section = SectionPageFactory(parent=home, title=f"Rubrique {size}-{number}")
        SectionPageFactory(parent=section, title=f"Sous-rubrique {size}-{number}")
        for _ in range(size):
            article = ArticlePageFactory(
                parent=section, authors=authors, images=[photo], tags=["Commun"]
            )
            for _ in range(size):
                comment = CommentFactory(article=article)
                CommentFactory(article=article, parent=comment)
    return {
        "front": "/",
        "section": section.url,
        "author": authors[0].get_absolute_url(),
        "tag": "/sujets/commun/",
        "archive": article.archive_url,
    }


def count_queries(client, url):
    client.get(url)  # the first visit keeps the site-wide lists and makes the renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("page", "budget"),
    [
        ("front", FRONT_PAGE),
        ("section", SECTION_PAGE),
        ("author", AUTHOR_PAGE),
        ("tag", TAG_PAGE),
        ("archive", ARCHIVE_PAGE),
    ],
)
def test_page_queries_are_few_and_do_not_grow_with_the_newsroom(client, home, page, budget):
    small = count_queries(client, newsroom(home, 1)[page])
    large = count_queries(client, newsroom(home, 4)[page])
    assert small == large
    assert large <= budget


def count_site_list_reads(client, url, monkeypatch):
    client.get(url)
    reads = []
    read = Site.get_site_root_paths
    with monkeypatch.context() as patched:
        patched.setattr(Site, "get_site_root_paths", lambda: reads.append(url) or read())
        response = client.get(url)
    assert "comment-count" in response.content.decode()
    return len(reads)


@pytest.mark.parametrize("page", ["front", "section", "author", "tag", "archive"])
def test_the_site_list_is_not_read_again_for_each_card(client, home, page, monkeypatch):
    """Wagtail keeps the site list on the request; a link made without the request reads it
    from the cache again (a file in the default setup), once per card."""
    small = count_site_list_reads(client, newsroom(home, 1)[page], monkeypatch)
    large = count_site_list_reads(client, newsroom(home, 4)[page], monkeypatch)
    assert small == large <= 2


def bodies_loaded(client, url, monkeypatch):
    """How many article bodies the second visit of `url` reads from the database."""
    client.get(url)
    # What each body read goes through: the query's converters, found once per compiled
    # query, hold the field's from_db_value(), which gives to_python() the stored blocks
    # (to_python() is given the StreamValue it made again when it is set on the page).
    field = ArticlePage._meta.get_field("body")
    loaded = []
    parse = field.to_python

    def counted(value):
        if value is not None and not isinstance(value, StreamValue):  # None: a section's row
            loaded.append(value)
        return parse(value)

    monkeypatch.setattr(field, "to_python", counted)
    response = client.get(url)
    assert response.status_code == 200
    return len(loaded)


@pytest.mark.parametrize("page", ["front", "section", "author", "tag", "archive"])
def test_lists_of_articles_never_read_their_bodies(client, home, page, monkeypatch):
    """Cards and feeds show no body: a front page of fifty cards would read and parse some
    300 KB of them for nothing."""
    urls = newsroom(home, 2)
    assert bodies_loaded(client, urls[page], monkeypatch) == 0
    assert bodies_loaded(client, "/rss/", monkeypatch) == 0


def test_an_article_page_reads_its_own_body_only(client, home, monkeypatch):
    section = SectionPageFactory(parent=home)
    related = [ArticlePageFactory(parent=section) for _ in range(3)]
    article = ArticlePageFactory(parent=section)
    response = client.get(article.url)
    assert all(other.title in response.content.decode() for other in related)
    assert bodies_loaded(client, article.url, monkeypatch) == 1
