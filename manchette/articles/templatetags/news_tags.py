from django import template
from django.conf import settings

from manchette.core.kept import kept_for_request, page_list

from ..models import ArticlePage, headline

register = template.Library()

LATEST = page_list("latest")


@register.inclusion_tag("components/latest_strip.html", takes_context=True)
def latest_strip(context):
    """The "Dernières nouvelles" headlines shown on every page, newest first."""
    return {"latest": kept_for_request(LATEST, context.get("request"), newest_headlines) or []}


def newest_headlines(request, site):
    articles = (
        ArticlePage.objects.published()
        .newest_first()
        .only("title", "url_path", "first_published_at")[: settings.MANCHETTE_LATEST_COUNT]
    )
    return [headline(article, request) for article in articles]
