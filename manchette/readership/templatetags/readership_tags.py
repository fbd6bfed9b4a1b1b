from django import template

from manchette.articles.models import ArticlePage, headline
from manchette.core.kept import kept_for_request, page_list

from ..models import ReadCount

register = template.Library()

# Kept for a while: it follows the readers, and drops an article as soon as it is unpublished.
MOST_READ = page_list("most-read")
MOST_READ_COUNT = 5


@register.inclusion_tag("readership/most_read.html", takes_context=True)
def most_read(context):
    """ "Les plus lus": the most read articles of the last 24 hours."""
    request = context.get("request")
    return {"articles": kept_for_request(MOST_READ, request, most_read_headlines) or []}


def most_read_headlines(request, site):
    ids = ReadCount.objects.most_read(limit=MOST_READ_COUNT)
    articles = (
        ArticlePage.objects.live()
        .filter(pk__in=ids)
        .only("title", "url_path", "first_published_at")
        .in_bulk()
    )
    return [headline(articles[pk], request) for pk in ids if pk in articles]
