"""Sitemaps for search engines: an index of paginated sitemaps, and a Google News sitemap."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.utils import timezone

from manchette.articles.models import ArticleImage, ArticlePage
from manchette.authors.models import Author
from manchette.sections.models import HomePage, SectionPage

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class ArticleSitemap(Sitemap):
    limit = 50_000

    def items(self):
        photos = Prefetch(
            "gallery_images",
            queryset=ArticleImage.objects.select_related("image").order_by("sort_order"),
        )
        return ArticlePage.objects.published().order_by("pk").prefetch_related(photos)

    def location(self, article):
        return article.url

    def lastmod(self, article):
        return article.last_published_at


class SectionSitemap(Sitemap):
    def items(self):
        return [*HomePage.objects.live(), *SectionPage.objects.live().order_by("path")]

    def location(self, page):
        return page.url

    def lastmod(self, page):
        return page.last_published_at


class AuthorSitemap(Sitemap):
    def items(self):
        return Author.objects.order_by("pk")


SITEMAPS = {"articles": ArticleSitemap, "sections": SectionSitemap, "authors": AuthorSitemap}


def news_articles():
    """What Google News accepts: articles of the last 48 hours, 1,000 at most."""
    since = timezone.now() - NEWS_WINDOW
    return (
        ArticlePage.objects.published()
        .filter(first_published_at__gte=since)
        .newest_first()[:NEWS_LIMIT]
    )
