"""RSS 2.0 and Atom feeds of the newest articles of the site, a section, an author or a tag."""

import mimetypes
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _

from manchette.core import renditions

FEED = r"(?P<kind>rss|atom)/$"  # the end of every feed's address
FEED_LENGTH = 30


@dataclass
class FeedScope:
    title: str
    link: str
    description: str
    articles: QuerySet


class ArticleFeed(Feed):
    """One feed class for every scope; the scope comes from the view that calls it."""

    def __init__(self, feed_type):
        super().__init__()
        self.feed_type = feed_type

    def get_object(self, request, scope):
        self.request = request
        return scope

    def title(self, scope):
        return scope.title

    def link(self, scope):
        return scope.link

    def description(self, scope):
        return scope.description

    def items(self, scope):
        return scope.articles.newest_first().for_listing()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lede

    def item_link(self, article):
        return article.get_url(self.request)

    def item_author_name(self, article):
        names = [author.name for author in article.authors]
        return ", ".join(names) or _("The newsroom")

    # Dates in the newsroom's time zone, with its offset, as readers expect them.
    def item_pubdate(self, article):
        return timezone.localtime(article.first_published_at)

    def item_updateddate(self, article):
        return timezone.localtime(article.last_published_at)

    def item_enclosures(self, article):
        image = article.lead_image
        if image is None:
            return []
        rendition = renditions.rendition_of(image, renditions.FEED_SPEC)
        url = self.request.build_absolute_uri(rendition.url)
        mime_type = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        return [Enclosure(url, str(rendition.file.size), mime_type)]


FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}


def feed_response(request, kind, scope):
    # A feed object per request: it keeps the request for absolute URLs.
    return ArticleFeed(FEED_TYPES[kind])(request, scope=scope)
