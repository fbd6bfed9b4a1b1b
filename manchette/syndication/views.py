import functools

from django.contrib.sitemaps.views import x_robots_tag
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import Site

from manchette.articles.models import ArticlePage
from manchette.authors.models import Author

from .feeds import FeedScope, feed_response
from .sitemaps import news_articles


def site_feed(request, kind):
    site = Site.find_for_request(request)
    scope = FeedScope(
        title=site.site_name,
        link="/",
        description=_("The latest articles of %(name)s") % {"name": site.site_name},
        articles=ArticlePage.objects.published().descendant_of(site.root_page),
    )
    return feed_response(request, kind, scope)


def author_feed(request, slug, kind):
    author = get_object_or_404(Author, slug=slug)
    scope = FeedScope(
        title=author.name,
        link=author.get_absolute_url(),
        description=_("The latest articles by %(name)s") % {"name": author.name},
        articles=ArticlePage.objects.published().by_author(author),
    )
    return feed_response(request, kind, scope)


def tag_feed(request, slug, kind):
    tag = get_object_or_404(Tag, slug=slug)
    scope = FeedScope(
        title=tag.name,
        link=f"/sujets/{tag.slug}/",
        description=_("The latest articles about %(tag)s") % {"tag": tag.name},
        articles=ArticlePage.objects.published().tagged(tag),
    )
    return feed_response(request, kind, scope)


@x_robots_tag  # like the other sitemaps
def news_sitemap(request):
    site = Site.find_for_request(request)
    return render(
        request,
        "syndication/sitemap_news.xml",
        {"articles": news_articles(), "publication": site.site_name},
        content_type="application/xml",
    )


def robots_txt(request):
    return render(request, "syndication/robots.txt", content_type="text/plain; charset=utf-8")


def favicon(request):
    """The icon browsers, feed readers and crawlers ask every site for at /favicon.ico."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@functools.cache
def _favicon_bytes():
    with open(finders.find("manchette/favicon.ico"), "rb") as icon:
        return icon.read()
