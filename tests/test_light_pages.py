"""Issue #5's byte budgets: an article reaches a slow phone in its first round trip."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from manchette.articles.tests.factories import ArticlePageFactory
from manchette.authors.tests.factories import AuthorFactory
from manchette.comments.tests.factories import CommentFactory
from manchette.core.templatetags.stylesheet_tags import critical_stylesheet_text
from manchette.core.tests.factories import NewsImageFactory
from manchette.demo import content

pytestmark = pytest.mark.django_db

FIRST_ROUND_TRIP = 14 * 1024
REST_OF_CSS = 10 * 1024
STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="/static/([^"]+)"')


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))  # the level the page cache stores


@pytest.fixture
def long_article(section):
    """A long reportage as the newsroom writes them: every block the page can show."""
    photos = [NewsImageFactory() for _ in range(3)]
    story = content.ARTICLES[0]
    related = [ArticlePageFactory(parent=section, authors=[AuthorFactory()]) for _ in range(5)]
    article = ArticlePageFactory(
        parent=section,
        title=story["title"],
        lede=story["lede"],
        body=[("paragraph", f"<p>{text}</p>") for text in story["body"] * 3],
        authors=[AuthorFactory(), AuthorFactory()],
        tags=story["tags"],
        images=photos,
        related=related,
    )
    CommentFactory.create_batch(10, article=article)
    return article


def test_article_html_with_its_critical_css_fits_the_first_round_trip(client, long_article):
    html = client.get(long_article.url).content
    assert critical_stylesheet_text()[:200].encode() in html
    assert gzipped_size(html) <= FIRST_ROUND_TRIP


def test_the_rest_of_the_css_stays_small_and_no_script_or_font_is_needed(client, long_article):
    html = client.get(long_article.url).content.decode()
    linked = STYLESHEET_LINK.findall(html)
    assert linked == ["manchette/css/comments.css"]  # below the fold, never render-blocking
    rest = b"".join(Path(finders.find(path)).read_bytes() for path in linked)
    assert gzipped_size(rest) <= REST_OF_CSS
    scripts = re.findall(r"<script[^>]*>", html)
    assert all('type="application/ld+json"' in tag for tag in scripts)
    assert "@font-face" not in critical_stylesheet_text()
