import json

from django import template
from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from wagtail.models import Site

from manchette.core.models import NewsroomSettings
from manchette.core.renditions import (
    SHARE_SPEC,
    STRUCTURED_DATA_SPECS,
    renditions_of,
)

from .. import jsonld

register = template.Library()


@register.filter
def ld_json(data):
    """A JSON-LD script block; the JSON is escaped so no text can close the script."""
    payload = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


def _absolute(request, url):
    return request.build_absolute_uri(url)


def _publisher(request):
    site = Site.find_for_request(request)
    logo = NewsroomSettings.for_request(request).publisher_logo
    logo_url = _absolute(request, logo.url) if logo else None
    home = _absolute(request, "/")
    return site, jsonld.organization(name=site.site_name, url=home, logo_url=logo_url)


@register.inclusion_tag("syndication/article_meta.html", takes_context=True)
def article_meta(context, article):
    """Canonical URL, OpenGraph, Twitter card and JSON-LD for an article page."""
    request = context["request"]
    site, publisher = _publisher(request)
    url = _absolute(request, article.get_url(request))
    image = article.lead_image
    found = renditions_of(image, [*STRUCTURED_DATA_SPECS, SHARE_SPEC]) if image else {}
    images = [_absolute(request, found[spec].url) for spec in STRUCTURED_DATA_SPECS if found]
    share_image = _absolute(request, found[SHARE_SPEC].url) if found else None
    ancestors = article.breadcrumbs
    crumbs = [(page.title, _absolute(request, page.get_url(request))) for page in ancestors]
    crumbs.append((article.title, url))
    article_data = jsonld.news_article(
        article_type=article.article_type,
        headline=article.title,
        description=article.lede,
        url=url,
        image_urls=images,
        published=article.first_published_at,
        modified=article.last_published_at or article.first_published_at,
        authors=[(a.name, _absolute(request, a.get_absolute_url())) for a in article.authors],
        publisher=publisher,
        section=ancestors[-1].title if len(ancestors) > 1 else None,
    )
    return {
        "article": article,
        "url": url,
        "site_name": site.site_name,
        "share_image": share_image,
        "structured_data": [article_data, jsonld.breadcrumb_list(crumbs)],
    }


@register.inclusion_tag("syndication/home_meta.html", takes_context=True)
def home_meta(context):
    """Organization and WebSite structured data for the front page."""
    request = context["request"]
    site, publisher = _publisher(request)
    return {
        "structured_data": [
            {"@context": "https://schema.org", **publisher},
            jsonld.website(
                name=site.site_name,
                url=publisher["url"],
                search_url=_absolute(request, reverse("search:search")),
            ),
        ],
        "url": publisher["url"],
    }
