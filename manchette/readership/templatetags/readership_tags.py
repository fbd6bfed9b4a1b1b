from django import template
from django.template.loader import render_to_string

from manchette.articles.models import ArticlePage, headline
from manchette.core.kept import kept_markup, page_markup

from ..models import ReadCount

register = template.Library()

# Kept for a while: it follows the readers, and drops an article as soon as it is unpublished.
MOST_READ = page_markup("most-read")
MOST_READ_COUNT = 5


@register.simple_tag(takes_context=True)
def most_read(context):
    """ "Les plus lus": the most read articles of the last 24 hours."""
    return kept_markup(MOST_READ, context.get("request"), _most_read_markup)


def _most_read_markup(request, site):
    ids = ReadCount.objects.most_read(limit=MOST_READ_COUNT)
    articles = (
        ArticlePage.objects.live()
        .filter(pk__in=ids)
        .only("title", "url_path", "first_published_at")
        .in_bulk()
    )
    headlines = [headline(articles[pk], request) for pk in ids if pk in articles]
    return render_to_string("readership/most_read.html", {"articles": headlines})
