from django import template
from django.conf import settings

from ..models import ArticlePage

register = template.Library()


@register.inclusion_tag("components/latest_strip.html")
def latest_strip():
    """The "Dernières nouvelles" headlines shown on every page, newest first."""
    latest = (
        ArticlePage.objects.published()
        .newest_first()
        .only("title", "url_path", "first_published_at")[: settings.MANCHETTE_LATEST_COUNT]
    )
    return {"latest": latest}
