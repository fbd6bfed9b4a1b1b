"""Which addresses show a page, so that changing it forgets exactly those."""

from manchette.articles.models import ArticlePage, RelatedArticle, SuggestedRelation

FEEDS = ("rss/", "atom/")
SITEMAPS = [
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-sections.xml",
    "/sitemap-authors.xml",
    "/sitemap-news.xml",
    "/robots.txt",
]


def with_feeds(url):
    return [url, *(url + feed for feed in FEEDS)]


def purge_set(page, *, old_url=None) -> set[str]:
    """The page, its section chain and front page with their feeds, and the sitemaps; for an
    article also its authors, tags, day archive and the articles whose "En relation" shows it."""
    paths = {*SITEMAPS, *with_feeds("/")}
    for url in (page.url, old_url):
        if url:
            paths.add(url)
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        paths.update(with_feeds(ancestor.url))
    if isinstance(page, ArticlePage):
        paths.update(_article_paths(page))
    return paths


def _article_paths(article):
    paths = {article.archive_url}
    for byline in article.bylines.select_related("author"):
        paths.update(with_feeds(byline.author.get_absolute_url()))
    for tag in article.tags.all():
        paths.update(with_feeds(f"/sujets/{tag.slug}/"))
    showing = {link.page_id for link in RelatedArticle.objects.filter(related_page=article)}
    showing |= set(
        SuggestedRelation.objects.filter(related=article).values_list("article_id", flat=True)
    )
    paths.update(page.url for page in ArticlePage.objects.filter(pk__in=showing))
    return paths
