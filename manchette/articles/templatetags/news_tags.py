from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from manchette.comments.templatetags.comment_tags import comment_count
from manchette.core.kept import kept_markup, page_markup
from manchette.core.models import NewsroomSettings
from manchette.core.templatetags.picture_tags import responsive_picture
from manchette.core.templatetags.time_tags import time_element

from ..models import ArticlePage, headline

register = template.Library()

LATEST = page_markup("latest")
CARD_PICTURE = {"class": "card__image"}


@register.simple_tag(takes_context=True)
def latest_strip(context):
    """The "Dernières nouvelles" headlines shown on every page, newest first."""
    return kept_markup(LATEST, context.get("request"), _latest_strip_markup)


def _latest_strip_markup(request, site):
    articles = (
        ArticlePage.objects.published()
        .newest_first()
        .only("title", "url_path", "first_published_at")[: settings.MANCHETTE_LATEST_COUNT]
    )
    latest = [headline(article, request) for article in articles]
    return render_to_string("components/latest_strip.html", {"latest": latest})


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


@register.simple_tag(takes_context=True)
def article_card(context, article, *, featured=False, show_lede=False, eager=False):
    """An article in a list: its photo, kicker, headline, standfirst if asked, byline, date
    and comment count. Written here rather than by a template of its own (with the kicker's):
    the front page's fifty cards cost 7 % of its instructions more as templates."""
    url = article.get_url(context.get("request"))
    use = "featured_card" if featured else "card"
    picture = responsive_picture(context, article.lead_image, use, eager=eager, **CARD_PICTURE)
    lede = ""
    if article.lede and show_lede:
        lede = format_html(
            '<p class="card__lede">{}</p>', Truncator(article.lede).words(40, truncate=" …")
        )
    count = (
        format_html(" · {}", comment_count(context, article, url)) if article.comment_count else ""
    )
    return format_html(
        '<article class="{}">{}<div class="card__body">{}'
        '<h3 class="card__title"><a href="{}">{}</a></h3>{}'
        '<p class="card__meta">{} · {}{}</p></div></article>',
        "card card--featured" if featured else "card",
        picture,
        kicker(article),
        url,
        article.title,
        lede,
        byline(context, article.authors),
        time_element(article.first_published_at),
        count,
    )


@register.simple_tag
def kicker(article):
    """The type label (Analyse, Opinion…) and the kicker, without saying the same word twice."""
    label = article.type_label
    if not label and not article.kicker:
        return ""
    type_label = format_html('<span class="type-label">{}</span>', label) if label else ""
    text = article.kicker if article.kicker.lower() != str(label).lower() else ""
    return format_html('<p class="kicker">{}{}</p>', type_label, text)
