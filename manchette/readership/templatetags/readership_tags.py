from django import template

from manchette.articles.models import ArticlePage

from ..models import ReadCount

register = template.Library()


@register.inclusion_tag("readership/most_read.html")
def most_read(limit=5):
    """ "Les plus lus": the most read articles of the last 24 hours."""
    ids = ReadCount.objects.most_read(limit=limit)
    articles = ArticlePage.objects.live().filter(pk__in=ids).only("title", "url_path").in_bulk()
    return {"articles": [articles[pk] for pk in ids if pk in articles]}
