from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from manchette.core.kept import kept_for_request, page_list
from manchette.core.models import NewsroomSettings

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


@register.simple_tag(takes_context=True)
def byline(context, authors):
    """ "Par Ana Diallo et Marc Petit", each name linking to its author's page; an unsigned
    article carries the newsroom's collective byline. Written here rather than by a template
    of its own, which cost 85 µs a card: 2.5 ms of an uncached front page."""
    links = [
        format_html('<a href="{}" rel="author">{}</a>', author.get_absolute_url(), author.name)
        for author in authors
    ]
    if not links:
        names = NewsroomSettings.for_request(context["request"]).byline_for_unsigned
    elif len(links) == 1:
        names = links[0]
    else:
        first = mark_safe(", ".join(links[:-1]))  # noqa: S308 (each link is escaped above)
        names = format_html("{} {} {}", first, _("and"), links[-1])
    return format_html('<span class="byline">{} {}</span>', _("By"), names)
