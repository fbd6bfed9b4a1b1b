import base64

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from manchette.articles.models import ArticlePage

from .services import is_bot, read_record

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


@never_cache
def read_beacon(request, article_id):
    """The 1×1 image an article page loads: counted even when the page came from the cache."""
    if not is_bot(request.headers.get("User-Agent", "")) and (
        ArticlePage.objects.live().filter(pk=article_id).exists()
    ):
        read_record(article_id=article_id)
    return HttpResponse(PIXEL, content_type="image/gif")
