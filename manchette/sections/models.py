from collections import namedtuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, re_path
from wagtail.models import Orderable, Page

from manchette.articles.models import ArticlePage, published_count_in
from manchette.core.compiled import compiled_queryset, stand_in_path, stand_in_words
from manchette.core.kept import kept_for_request, page_list
from manchette.core.models import BasePage, any_view_restriction, subtree_q, union_of
from manchette.core.pagination import paginate
from manchette.syndication.feeds import FEED, FeedScope, feed_response

LEAD_STORY_COUNT = 5
SECTION_BLOCK_COUNT = 4
# The first sections of the menu get a block on the front page; the navigation lists them all.
FRONT_PAGE_SECTION_COUNT = 12

# What the navigation keeps of a top-level section: enough to link to it and list its articles.
NavSection = namedtuple("NavSection", "pk title url path depth")
NAVIGATION = page_list("navigation")


def top_sections(request):
    """The site's top-level sections in the editors' order, kept: every page shows them."""
    return kept_for_request(NAVIGATION, request, _menu_sections)


def _menu_sections(_request, site):
    # Plain values rather than fifty page objects. A section of the site's root is served
    # under the site's own address (manchette/urls.py serves pages at "/"): its address is its
    # tree path less the root's, as Wagtail's get_url() would find it.
    root = site.root_page.url_path
    fields = ("pk", "title", "url_path", "path", "depth")
    return [
        NavSection(pk, title, "/" + url_path.removeprefix(root), path, depth)
        for pk, title, url_path, path, depth in child_sections(site.root_page)
        .in_menu()
        .values_list(*fields)
    ]


def live_sections():
    # The content type filter lets the database start from the few sections instead of
    # walking every page of the tree in path order (100,000 articles). By its id, which Django
    # keeps once read: through a join on its name, PostgreSQL expected one page and walked
    # them all (50-70 ms at 100,000 articles, against 2 ms).
    section_type = ContentType.objects.get_for_model(SectionPage)
    return SectionPage.objects.live().filter(content_type=section_type)


def child_sections(parent):
    """The live sections right below `parent`, in the tree's order: 0.8 ms at 100,000
    articles, where Wagtail's child_of() reads the path index over all of them (175 ms)."""
    return live_sections().below(parent, directly=True).order_by("path")


def listing(ids):
    """Articles with the given ids, in that order, ready for cards."""
    found = ArticlePage.objects.filter(pk__in=ids).for_listing().in_bulk()
    return [found[pk] for pk in ids if pk in found]


def newest_ids(queryset, limit, exclude=()):
    return list(
        queryset.exclude(pk__in=exclude).newest_first().values_list("pk", flat=True)[:limit]
    )


class HomePage(BasePage):
    """The front page (“la une”)."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sections.SectionPage"]

    content_panels = [
        *BasePage.content_panels,
        InlinePanel(
            "lead_stories",
            label=_("Lead story"),
            heading=_("Lead stories"),
            help_text=_("Picked and ordered by hand; the newest articles fill the empty places."),
            max_num=LEAD_STORY_COUNT,
        ),
    ]

    class Meta:
        verbose_name = _("front page")

    def route(self, request, path_components):
        """Find the page the path names in one query, rather than two per level of the tree.

        Each page found is handed its parent, so breadcrumbs and the related block need no
        more queries. As in Wagtail, a section's own routes (its feeds) come before its
        children, and the last page found routes what is left of the path (a feed, a 404).
        """
        pages = descendants_named(self, path_components)
        page, found = self, 0
        for slug in path_components:
            rest = "/" + "/".join(path_components[found:]) + "/"
            if isinstance(page, RoutablePageMixin) and page.live and resolves(page, rest):
                break
            child = pages.get((page.path, slug))
            if child is None:
                break
            child._cached_parent_obj = page
            page, found = child, found + 1
        if page is self:  # nothing below the front page by that name: Wagtail says 404
            return super().route(request, path_components)
        return page.route(request, path_components[found:])

    def story_ids(self):
        """The lead stories (the editors' picks, the newest filling the empty places), then
        the latest articles after them: two queries."""
        picks = list(
            self.lead_stories.filter(article__live=True)
            .order_by("sort_order")
            .values_list("article_id", flat=True)[:LEAD_STORY_COUNT]
        )
        fill = LEAD_STORY_COUNT - len(picks)
        published = ArticlePage.objects.published()
        newest = newest_ids(published, fill + settings.MANCHETTE_LATEST_COUNT, exclude=picks)
        return picks + newest[:fill], newest[fill:]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lead_ids, latest_ids = self.story_ids()
        sections = (top_sections(request) or [])[:FRONT_PAGE_SECTION_COUNT]
        blocks = newest_by_section(sections, SECTION_BLOCK_COUNT, exclude=lead_ids)
        block_ids = [pk for ids in blocks.values() for pk in ids]
        articles = {
            article.pk: article for article in listing([*lead_ids, *latest_ids, *block_ids])
        }
        context["lead_stories"] = [articles[pk] for pk in lead_ids if pk in articles]
        context["latest_articles"] = [articles[pk] for pk in latest_ids if pk in articles]
        context["section_blocks"] = [
            (section, [articles[pk] for pk in blocks[section.path] if pk in articles])
            for section in sections
            if blocks.get(section.path)
        ]
        return context


# The page types found below the front page, fetched with the tree's own columns.
SPECIFIC_PAGE_TYPES = ("sectionpage", "articlepage")


# The levels of the tree routed in one query. A query is kept compiled for each number of
# components, and a reader chooses how many a URL has: past this depth, Wagtail routes the
# rest level by level, as it does any path.
ROUTED_LEVELS = 8


def descendants_named(home, path_components):
    """The pages below the front page that the path's first components may name, level by
    level, each in its specific type, keyed by parent path and slug: one query, compiled once
    for each number of components."""
    path_components = path_components[:ROUTED_LEVELS]
    if not path_components:
        return {}
    stand_ins = (stand_in_path(len(home.path)), *stand_in_words(len(path_components)))
    values = (home.path, *path_components)
    pages = compiled_queryset(_pages_named, (home.depth,), stand_ins, values)
    return {(page.path[: -page.steplen], page.slug): specific(page) for page in pages}


def _pages_named(home_depth, home_path, *slugs):
    named = Q()
    for depth, slug in enumerate(slugs, start=home_depth + 1):
        named |= Q(depth=depth, slug=slug)
    home = Page(path=home_path, depth=home_depth)
    return (
        Page.objects.filter(named, subtree_q(home))
        .select_related(*SPECIFIC_PAGE_TYPES)
        .annotate(any_view_restriction=any_view_restriction())
    )


def specific(page):
    """The page in its specific type, from the joined columns when it has one of them."""
    for name in SPECIFIC_PAGE_TYPES:
        try:
            found = getattr(page, name)
        except ObjectDoesNotExist:
            continue
        found.any_view_restriction = page.any_view_restriction
        return found
    return page.specific


def resolves(page, path):
    """Whether the path is one of the routable page's own routes."""
    try:
        page.resolve_subpage(path)
    except Http404:
        return False
    return True


def newest_by_section(sections, count, exclude=()):
    """The ids of each top-level section's newest published articles, by section path, in
    one query."""
    if not sections:
        return {}
    published = ArticlePage.objects.published().exclude(pk__in=exclude)
    newest = union_of(published.newest_in(section).values("pk")[:count] for section in sections)
    length = len(sections[0].path)
    blocks = {}
    for pk, path in published.filter(pk__in=newest).newest_first().values_list("pk", "path"):
        blocks.setdefault(path[:length], []).append(pk)
    return blocks


class HomeLeadStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="lead_stories")
    article = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("lead story")


class SectionPage(RoutablePageMixin, BasePage):
    """A section (“rubrique”); sections may nest, e.g. International > Afrique."""

    intro = models.TextField(_("introduction"), blank=True)

    parent_page_types = ["sections.HomePage", "sections.SectionPage"]
    subpage_types = ["sections.SectionPage", "articles.ArticlePage"]
    show_in_menus_default = True

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        published = ArticlePage.objects.published()
        # Counted on the path index, listed down the date index: each the fastest way.
        context["page_obj"] = paginate(
            request,
            published.newest_in(self).for_listing(),
            count=published_count_in(self),
        )
        context["subsections"] = child_sections(self)
        return context

    @re_path(FEED, name="feed")
    def feed(self, request, kind):
        scope = FeedScope(
            title=self.title,
            link=self.get_url(request),
            description=self.intro or self.title,
            articles=ArticlePage.objects.published().in_section(self),
        )
        return feed_response(request, kind, scope)
