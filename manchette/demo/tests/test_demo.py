from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from pytest_django.asserts import assertContains
from taggit.models import Tag

from manchette.articles.models import (
    ArticleImage,
    ArticlePage,
    RelatedArticle,
    SuggestedRelation,
)
from manchette.authors.models import Author
from manchette.comments.models import Comment
from manchette.core.models import NewsImage
from manchette.readership.models import ReadCount
from manchette.sections.models import SectionPage

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo_data", no_progress=True, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_output(home, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return load_demo()


def counts():
    return (
        SectionPage.objects.count(),
        Author.objects.count(),
        ArticlePage.objects.count(),
        ArticleImage.objects.count(),
        RelatedArticle.objects.count(),
        Tag.objects.count(),
    )


def test_demo_builds_a_whole_newsroom_once(demo_output, settings):
    articles = ArticlePage.objects.live()
    dates = list(articles.values_list("first_published_at", flat=True))

    assert SectionPage.objects.count() >= 5
    assert SectionPage.objects.filter(depth=4).exists()  # a nested section
    assert Author.objects.count() == 9
    assert Author.objects.filter(name="La Rédaction").exists()
    assert articles.count() == 60
    assert timezone.now() - min(dates) <= timedelta(days=30)
    assert max(dates) < timezone.now()
    assert set(articles.values_list("article_type", flat=True)) == set(
        ArticlePage.ArticleType.values
    )
    assert ArticleImage.objects.values("page").distinct().count() >= 50
    assert RelatedArticle.objects.exists()
    assert Tag.objects.count() >= 20
    assert articles.filter(bylines__isnull=True).exists()
    assert Comment.objects.approved().filter(parent__isnull=False).exists()  # threads
    assert Comment.objects.pending().exists()
    assert Comment.objects.filter(status=Comment.Status.SPAM).exists()
    assert len(ReadCount.objects.most_read()) == 5
    assert SuggestedRelation.objects.values("article").distinct().count() == 60
    assert min(NewsImage.objects.exclude(title="Logo").values_list("width", flat=True)) >= 2400

    # Run again: nothing is duplicated, the same generated password is shown.
    before = counts()
    again = load_demo()
    password = (settings.DATA_DIR / "admin-password.txt").read_text()
    assert counts() == before
    assert len(password) >= 12
    for output in (demo_output, again):
        assert "http://testserver/admin/" in output
        assert f"Mot de passe : {password}" in output


def test_demo_front_page_and_articles_read_well(demo_output, client):
    home = client.get("/")
    assertContains(home, "Le Courrier du Fleuve")
    article = ArticlePage.objects.filter(
        gallery_images__isnull=False, bylines__isnull=False
    ).first()
    page = client.get(article.url)
    assertContains(page, article.title.replace("'", "&#x27;"))
    assertContains(page, 'class="figure__credit"')
    assertContains(page, "En relation")
    assertContains(home, "Les plus lus")
